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
@click.option("--seed", default="default", show_default=True, help="default, empty, a scenario (major-outage, quiet-week, busy-org, follow-the-sun) or the path of a seed JSON file.")
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 256), help="Worker threads.")
@click.option(
    "--cors-origin", "cors_origins", multiple=True, metavar="ORIGIN",
    help="Allow this browser origin (repeatable; '*' for any). Default: http://localhost:* and http://127.0.0.1:*.",
)
@click.option(
    "--state-file", type=click.Path(dir_okay=False), default=None,
    help="Keep the state in this SQLite file: loaded at start, every change committed (default: in memory only).",
)
@click.option(
    "--import-state", type=click.Path(dir_okay=False, exists=True), default=None, metavar="JSON_FILE",
    help="With --state-file: replace its content with this JSON state document (GET /_mock/state, an older JSON state file).",
)
def serve(
    host: str, port: int, seed: str, threads: int, cors_origins: tuple[str, ...], state_file: str | None,
    import_state: str | None = None,
) -> None:
    """Start the fake on a multi-threaded WSGI server (waitress).

    Example: mockscaling serve --port 5050 --seed default
    """
    from .server import serve_forever

    from . import chosen
    from .persistence import StateFile, StateFileError, read_json_document

    try:
        app = create_app(seed=seed, cors_origins=list(cors_origins) or list(chosen.DEFAULT_CORS_ORIGINS))
    except SeedError as exc:
        raise click.ClickException(str(exc)) from exc
    store = get_store(app)
    if import_state is not None and state_file is None:
        raise click.UsageError("--import-state needs --state-file (the SQLite file to import into)")
    state = None
    if state_file is not None:
        try:
            document = read_json_document(import_state) if import_state is not None else None
            state = StateFile(state_file)
            loaded = state.attach(store, import_document=document)
        except StateFileError as exc:
            raise click.ClickException(str(exc)) from exc
        origin = f"imported from {import_state}" if import_state else "loaded" if loaded else "created from the seed"
        click.echo(f"State file {state_file}: {origin}; every change is saved.")
    base = f"http://{host}:{port}"
    click.echo(f"mockscaling {__version__} serving the fake Scaling API at {base}/v1 (control plane: {base}/_mock)")
    active = (k for k in store.api_keys.values() if not k.revoked)  # a state file may hold revoked keys
    for key in sorted(active, key=lambda k: (k.org_id, k.user_id)):
        member = store.members.get(key.user_id)
        role = member.role if member else "?"
        click.echo(f"  API key {key.key}  {key.user_id} ({role}, {key.org_id})")
    for page in store.list_status_pages():
        if page.published:
            click.echo(f"  Status page {base}/status/{page.slug}  ({base}/status/{page.slug}.json)")
    click.echo("Press Ctrl-C to stop.")
    try:
        serve_forever(app, host, port, threads=threads)
    finally:
        if state is not None:
            state.close()  # releases the file's lock
    click.echo("mockscaling stopped.")


@main.command()
@click.option("--format", "output_format", type=click.Choice(["json", "yaml"]), default="json", show_default=True)
def openapi(output_format: str) -> None:
    """Print the OpenAPI 3.1 document of the contract the fake enforces (the same as GET /openapi.json).

    Example: mockscaling openapi --format yaml > scaling-openapi.yaml
    """
    import json

    from .web.openapi import build_spec

    document = build_spec(create_app(seed=None))
    if output_format == "yaml":
        import yaml

        click.echo(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), nl=False)
    else:
        click.echo(json.dumps(document, indent=2))


@main.command()
@click.option("--base-url", required=True, help="The server to check, e.g. http://127.0.0.1:5050 (without /v1).")
@click.option("--api-key", required=True, help="An API key of that server (an admin key of a test organization).")
@click.option("--owner-id", default=None, help="ownerId for the incidents the suite creates (default: the first of GET /v1/users).")
@click.option("--rule", "rules", multiple=True, help="Run only this rule (repeatable).")
@click.option("--i-understand-this-writes", "allow_remote", is_flag=True,
              help="Allow a non-loopback host: the suite creates (and then resolves) incidents there.")
def verify(base_url: str, api_key: str, owner_id: str | None, rules: tuple[str, ...], allow_remote: bool) -> None:
    """Run the portable contract suite against a Scaling-compatible server; exit 0 only when every rule passes.

    Example: mockscaling verify --base-url http://127.0.0.1:5050 --api-key scl_live_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    """
    from .verify.rules import RULES
    from .verify.runner import SetupError, is_loopback, run_suite

    if not is_loopback(base_url) and not allow_remote:
        raise click.UsageError(
            f"{base_url} is not a loopback address; the suite creates incidents there. "
            "Pass --i-understand-this-writes to run it anyway."
        )
    unknown = sorted(set(rules) - {name for name, _ in RULES})
    if unknown:
        raise click.UsageError(f"unknown rule(s): {', '.join(unknown)}; known: {', '.join(name for name, _ in RULES)}")
    try:
        results = run_suite(base_url, api_key, owner_id=owner_id, echo=click.echo, only=list(rules) or None)
    except SetupError as exc:
        raise click.ClickException(str(exc)) from exc
    failed = [result.name for result in results if not result.passed]
    click.echo(f"{len(results) - len(failed)} passed, {len(failed)} failed" + (f": {', '.join(failed)}" if failed else ""))
    if failed:
        raise SystemExit(1)
