"""`python -m mockscaling` runs the mockscaling command."""

from .cli import main

if __name__ == "__main__":
    main()
