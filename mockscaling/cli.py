"""The `mockscaling` command: serve the fake (and, as they arrive, the other tools)."""

from __future__ import annotations

import click

from . import __version__
from .app import create_app, get_store
from .seed import SeedError


@click.group()
@click.version_option(__version__, prog_name="mockscaling")
def main() -> None:
    """mockscaling: an in-memory fake of the Scaling incident-management API."""


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5050, show_default=True, type=click.IntRange(0, 65535), help="Port (0 picks a free one).")
@click.option("--seed", default="default", show_default=True, help="default, empty, or the path of a seed JSON file.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256), help="Worker threads.")
def serve(host: str, port: int, seed: str, threads: int) -> None:
    """Start the fake on a multi-threaded WSGI server (waitress).

    Example: mockscaling serve --port 5050 --seed default
    """
    from .server import serve_forever

    try:
        app = create_app(seed=seed)
    except SeedError as exc:
        raise click.ClickException(str(exc)) from exc
    store = get_store(app)
    base = f"http://{host}:{port}"
    click.echo(f"mockscaling {__version__} serving the fake Scaling API at {base}/v1 (control plane: {base}/_mock)")
    for key in sorted(store.api_keys.values(), key=lambda k: (k.org_id, k.user_id)):
        member = store.members.get(key.user_id)
        role = member.role if member else "?"
        click.echo(f"  API key {key.key}  {key.user_id} ({role}, {key.org_id})")
    click.echo("Press Ctrl-C to stop.")
    serve_forever(app, host, port, threads=threads)
    click.echo("mockscaling stopped.")
