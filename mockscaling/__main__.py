"""`python -m mockscaling` runs the mockscaling command."""

from .tools.cli import main

if __name__ == "__main__":
    main()
