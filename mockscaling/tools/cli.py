"""The `mockscaling` command: serve the fake (and, as they arrive, the other tools)."""

from __future__ import annotations

from typing import Any

import click

from .. import __version__
from ..app import create_app, get_store
from ..worlds.seed import SeedError


@click.group()
@click.version_option(__version__, prog_name="mockscaling")
def main() -> None:
    """mockscaling: an in-memory fake of the Scaling incident-management API."""


def hardening_options(command: Any) -> Any:
    """`serve`'s connection, body-size and guard options (issue 12; defaults in chosen/, why in docs/security.md)."""
    from .. import chosen

    options = [
        click.option("--connection-limit", default=chosen.SERVE_CONNECTION_LIMIT, show_default=True,
                     type=click.IntRange(10, 100_000), help="Open connections at most (idle ones included)."),
        click.option("--idle-timeout", default=chosen.SERVE_IDLE_TIMEOUT, show_default=True, type=click.IntRange(1, 3600),
                     help="Close a connection idle for this many seconds."),
        click.option("--max-body-bytes", default=chosen.MAX_BODY_BYTES, show_default=True, type=click.IntRange(1024),
                     help="Largest request body (413 beyond)."),
        click.option("--max-state-bytes", default=chosen.MAX_STATE_BODY_BYTES, show_default=True, type=click.IntRange(1024),
                     help="Largest POST /_mock/state body."),
        click.option("--allowed-host", "allowed_hosts", multiple=True, metavar="NAME",
                     help="Also answer requests whose Host header is NAME (repeatable; '*' for any). "
                          "Loopback names and IP addresses are always allowed."),
        click.option("--control-token", default=None, metavar="TOKEN",
                     help="Require header X-Mockscaling-Token: TOKEN on /_mock, the console and /mcp "
                          "(default: a random one when --host is not loopback)."),
        click.option("--no-control-token", is_flag=True,
                     help="Leave /_mock, the console and /mcp open even on a non-loopback --host."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


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
    "--cors-header", "cors_headers", multiple=True, metavar="NAME",
    help="Also allow this request header from browsers (repeatable), e.g. sentry-trace or traceparent.",
)
@click.option(
    "--state-file", type=click.Path(dir_okay=False), default=None,
    help="Keep the state in this SQLite file: loaded at start, every change committed (default: in memory only).",
)
@click.option(
    "--import-state", type=click.Path(dir_okay=False, exists=True), default=None, metavar="JSON_FILE",
    help="With --state-file: replace its content with this JSON state document (GET /_mock/state, an older JSON state file).",
)
@click.option("--quiet", is_flag=True, help="Do not print a line per request.")
@click.option(
    "--documented-only", is_flag=True,
    help="Serve only what Scaling documents: chosen paths answer 404, chosen response fields are left out, "
         "chosen request fields are refused (422).",
)
@hardening_options
def serve(
    host: str, port: int, seed: str, threads: int, cors_origins: tuple[str, ...], cors_headers: tuple[str, ...],
    state_file: str | None, import_state: str | None = None, quiet: bool = False, documented_only: bool = False,
    **hardening: Any,
) -> None:
    """Start the fake on a multi-threaded WSGI server (waitress).

    Every startup problem is one line on stderr and exit status 1, before anything else is printed.

    Example: mockscaling serve --port 5050 --seed default
    """
    from .. import chosen
    from ..worlds.persistence import StateFile, StateFileError, read_json_document
    from ..web.server import base_url, bind, run_bound
    from ..web.cors import check_cors_headers, check_cors_origins
    from ..web.guard import serve_guard
    from ..web.request_log import install_request_log

    try:
        origins = check_cors_origins(list(cors_origins) or list(chosen.DEFAULT_CORS_ORIGINS))
        headers = check_cors_headers(cors_headers)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    guard_config, guard_notes = serve_guard(
        host, hardening["allowed_hosts"], hardening["control_token"], hardening["no_control_token"]
    )
    guard_config.update(MAX_CONTENT_LENGTH=hardening["max_body_bytes"], MOCKSCALING_MAX_STATE_BYTES=hardening["max_state_bytes"])
    try:
        app = create_app(
            seed=seed, cors_origins=origins, cors_headers=headers, config=guard_config, documented_only=documented_only
        )
    except SeedError as exc:
        raise click.ClickException(str(exc)) from exc
    store = get_store(app)
    if import_state is not None and state_file is None:
        raise click.UsageError("--import-state needs --state-file (the SQLite file to import into)")
    state = None
    state_message = None
    if state_file is not None:
        try:
            document = read_json_document(import_state) if import_state is not None else None
            state = StateFile(state_file)
            loaded = state.attach(store, import_document=document)
        except StateFileError as exc:
            raise click.ClickException(str(exc)) from exc
        origin = f"imported from {import_state}" if import_state else "loaded" if loaded else "created from the seed"
        state_message = f"State file {state_file}: {origin}; every change is saved."
    if not quiet:
        install_request_log(app, click.echo)
    try:
        server = bind(app, host, port, threads=threads,
                      connection_limit=hardening["connection_limit"], idle_timeout=hardening["idle_timeout"])
    except (OSError, ValueError) as exc:  # waitress turns an unresolvable host into ValueError
        if state is not None:
            state.close()  # releases the file's lock
        reason = exc.__context__ if isinstance(exc, ValueError) and isinstance(exc.__context__, OSError) else exc
        reason_text = getattr(reason, "strerror", None) or str(reason)
        raise click.ClickException(f"cannot listen on {host} port {port}: {reason_text}") from exc
    if state_message:
        click.echo(state_message)
    base = base_url(server)
    click.echo(f"mockscaling {__version__} serving the fake Scaling API at {base}/v1 (control plane: {base}/_mock)")
    click.echo(f"  Console {base}/   OpenAPI {base}/openapi.json")
    from ..mcp.mount import banner

    click.echo(banner(base, bool(app.config.get("MOCKSCALING_MCP"))))
    active = (k for k in store.api_keys.values() if not k.revoked)  # a state file may hold revoked keys
    for key in sorted(active, key=lambda k: (k.org_id, k.user_id)):
        member = store.members.get(key.user_id)
        role = member.role if member else "?"
        click.echo(f"  API key {key.key}  {key.user_id} ({role}, {key.org_id})")
    for page in store.list_status_pages():
        if page.published:
            click.echo(f"  Status page {base}/status/{page.slug}  ({base}/status/{page.slug}.json)")
    for note in guard_notes:
        click.echo(note)
    if guard_config.get("MOCKSCALING_CONTROL_TOKEN"):  # the console is behind the token too: open it with it
        click.echo(f"  Console with the token: {base}/?{chosen.CONTROL_TOKEN_QUERY}={guard_config['MOCKSCALING_CONTROL_TOKEN']}")
    click.echo("Press Ctrl-C to stop." + ("" if quiet else " One line per request follows (--quiet to silence)."))
    try:
        run_bound(server)
    finally:
        if state is not None:
            state.close()  # releases the file's lock
    click.echo("mockscaling stopped.")


@main.command()
@click.option("--format", "output_format", type=click.Choice(["json", "yaml"]), default="json", show_default=True)
@click.option("--documented-only", is_flag=True, help="Only what documented-only mode serves (no chosen paths or fields).")
def openapi(output_format: str, documented_only: bool) -> None:
    """Print the OpenAPI 3.1 document of the contract the fake enforces (the same as GET /openapi.json).

    Example: mockscaling openapi --format yaml > scaling-openapi.yaml
    """
    import json

    from ..web.openapi import build_spec

    document = build_spec(create_app(seed=None, documented_only=documented_only))
    if output_format == "yaml":
        import yaml

        click.echo(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), nl=False)
    else:
        click.echo(json.dumps(document, indent=2))


@main.command()
@click.option("--base-url", required=True, help="The server to check, e.g. http://127.0.0.1:5050 (without /v1).")
@click.option("--api-key", default=None, help="An API key of that server (an admin key runs the team rules too).")
@click.option("--owner-id", default=None, help="ownerId for the incidents the suite creates (default: the first of GET /v1/users).")
@click.option("--rule", "rules", multiple=True, help="Run only this rule (repeatable).")
@click.option("--read-only", is_flag=True, help="Run only the rules that send nothing but GET requests (safe on production).")
@click.option("--member-key", default=None, help="A plain member's key of the same organization (team rules).")
@click.option("--other-key", default=None, help="A key of another organization (tenancy rules).")
@click.option("--status-url", default=None, help="A published status page, e.g. http://127.0.0.1:5050/status/acme.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), default=None, help="Write a JSON report here.")
@click.option("--junit-xml", "junit_path", type=click.Path(dir_okay=False), default=None, help="Write JUnit XML here.")
@click.option("--i-understand-this-writes", "allow_remote", is_flag=True,
              help="Allow a non-loopback host: the suite creates (and then removes or resolves) resources there.")
@click.option("--mcp", "mcp_mode", is_flag=True, help="Check the MCP server instead of the REST API (needs --mcp-token).")
@click.option("--mcp-url", default=None, help="The MCP endpoint (default: --base-url + /mcp).")
@click.option("--mcp-token", default=None, help="An MCP access token (the fake: POST /_mock/mcp/tokens).")
def verify(base_url: str, api_key: str | None, owner_id: str | None, rules: tuple[str, ...], read_only: bool,
           member_key: str | None, other_key: str | None, status_url: str | None, json_path: str | None,
           junit_path: str | None, allow_remote: bool, mcp_mode: bool = False, mcp_url: str | None = None,
           mcp_token: str | None = None) -> None:
    """Run the portable contract suite against a Scaling-compatible server; exit 0 only when no rule fails.

    Example: mockscaling verify --base-url http://127.0.0.1:5050 --api-key scl_live_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    """
    from .verify.reports import json_report, summary, write_json, write_junit
    from .verify.rules import RULES
    from .verify.runner import SetupError, is_loopback, run_suite

    if not is_loopback(base_url) and not allow_remote and not read_only:
        raise click.UsageError(
            f"{base_url} is not a loopback address; the suite creates incidents there. "
            "Pass --read-only to only read, or --i-understand-this-writes to run it anyway."
        )
    if mcp_mode:
        results, cleanup = _verify_mcp(mcp_url or base_url.rstrip("/") + "/mcp", mcp_token, read_only, rules), ""
    elif api_key is None:
        raise click.UsageError("Missing option '--api-key' (or check the MCP server with --mcp --mcp-token TOKEN).")
    unknown = [] if mcp_mode else sorted(set(rules) - {r.name for r in RULES})
    if unknown:
        raise click.UsageError(f"unknown rule(s): {', '.join(unknown)}; known: {', '.join(r.name for r in RULES)}")
    try:
        if not mcp_mode:
                results, cleanup = run_suite(base_url, api_key, owner_id=owner_id, echo=click.echo, only=list(rules) or None,
                                         read_only=read_only, member_key=member_key, other_key=other_key, status_url=status_url)
    except SetupError as exc:
        raise click.ClickException(str(exc)) from exc
    if json_path:
        write_json(json_path, json_report(results, base_url, read_only, cleanup))
    if junit_path:
        write_junit(junit_path, results)
    counts = summary(results)
    failed = [result.name for result in results if result.outcome == "failed"]
    click.echo(f"{counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped"
               + (f": {', '.join(failed)}" if failed else ""))
    if failed:
        raise SystemExit(1)


def _verify_mcp(url: str, token: str | None, read_only: bool, rules: tuple[str, ...]) -> list:
    """The MCP rules of `verify --mcp` (tools/verify/mcp_rules.py), or a usage error saying what is missing."""
    if not token:
        raise click.UsageError("--mcp needs --mcp-token TOKEN (against the fake: POST /_mock/mcp/tokens {\"userId\": ...})")
    try:
        from .verify.mcp_rules import MCP_RULES, run_mcp_suite
    except ImportError as exc:
        raise click.ClickException('verify --mcp needs the mcp extra: pip install "mockscaling[mcp]"') from exc
    unknown = sorted(set(rules) - {name for name, *_ in MCP_RULES})
    if unknown:
        raise click.UsageError(f"unknown MCP rule(s): {', '.join(unknown)}; known: {', '.join(n for n, *_ in MCP_RULES)}")
    return run_mcp_suite(url, token, echo=click.echo, read_only=read_only, only=list(rules) or None)


@main.command()
@click.option("--upstream", required=True, help="Where to forward every request, e.g. https://api.scaling.cloud.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=5051, show_default=True, type=click.IntRange(0, 65535), help="Port (0 picks a free one).")
@click.option("--record", "record_path", type=click.Path(dir_okay=False), default=None,
              help="Append every exchange (secrets masked) to this file as JSON lines.")
@click.option("--json", "json_path", type=click.Path(dir_okay=False), default="mockscaling-proxy.json", show_default=True,
              help="JSON report written at exit.")
@click.option("--junit-xml", "junit_path", type=click.Path(dir_okay=False), default="mockscaling-proxy.xml",
              show_default=True, help="JUnit XML report written at exit.")
@click.option("--forward-cookies", is_flag=True, help="Forward the client's Cookie header to the upstream (dropped by default).")
@click.option("--mask", "masked", multiple=True, metavar="NAME",
              help="Also mask this header or JSON field in recordings (repeatable); Authorization, Cookie, "
                   "Set-Cookie and X-Api-Key always are.")
@hardening_options
def proxy(upstream: str, host: str, port: int, record_path: str | None, json_path: str, junit_path: str,
          forward_cookies: bool = False, masked: tuple[str, ...] = (), **hardening: Any) -> None:
    """Forward every request to --upstream and check each exchange against the contract; report at exit.

    It sits behind the same guard as `serve` (Host check; a control token on /_mock and / when --host is
    not loopback) and has the same body cap, connection limit and idle timeout.

    Example: mockscaling proxy --upstream http://127.0.0.1:5050 --port 5051 --record exchanges.jsonl
    """
    import signal

    from .. import chosen
    from .proxy import ValidatingProxy
    from ..web.guard import GuardSettings, serve_guard
    from ..web.server import bind, run_bound

    if not upstream.startswith(("http://", "https://")):
        raise click.UsageError(f"--upstream must be an http(s) URL such as https://api.scaling.cloud, not {upstream!r}")
    guard_config, guard_notes = serve_guard(
        host, hardening["allowed_hosts"], hardening["control_token"], hardening["no_control_token"]
    )
    guard_config["MOCKSCALING_CORS_ORIGINS"] = chosen.DEFAULT_CORS_ORIGINS  # as serve's default --cors-origin
    app = ValidatingProxy(upstream, echo=click.echo, record_path=record_path, guard=GuardSettings.from_config(guard_config),
                          forward_cookies=forward_cookies, masked=masked,
                          max_body_bytes=hardening["max_body_bytes"], max_state_bytes=hardening["max_state_bytes"])
    try:
        server = bind(app, host, port, connection_limit=hardening["connection_limit"], idle_timeout=hardening["idle_timeout"])
    except (OSError, ValueError) as exc:  # waitress turns an unresolvable host into ValueError
        app.close()
        raise click.ClickException(f"cannot listen on {host} port {port}: {getattr(exc, 'strerror', None) or exc}") from exc
    for note in guard_notes:
        click.echo(note)

    def stop(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    click.echo(f"mockscaling proxy on http://{host}:{server.effective_port} -> {upstream} (Ctrl-C writes the reports)")
    try:
        run_bound(server)  # until Ctrl-C or SIGTERM, then the listener is closed
    finally:
        app.write_reports(json_path=json_path, junit_path=junit_path)
        app.close()
        report = app.report()
        click.echo(f"{report['exchanges']} exchanges, {report['withViolations']} with violations; "
                   f"reports: {json_path}, {junit_path}")


@main.command()
@click.option("--write", "write_files", is_flag=True, help="Write docs/chosen.md and the README block.")
@click.option("--check", is_flag=True, help="Exit 1 when docs/chosen.md or the README block is stale.")
@click.option("--audit", "audit_tags", is_flag=True,
              help="Check every x-scaling-source tag of the OpenAPI document against its evidence (fixtures/ under --root).")
@click.option("--root", type=click.Path(file_okay=False), default=".", show_default=True, help="The project checkout.")
def chosen(write_files: bool, check: bool, audit_tags: bool, root: str) -> None:
    """Print (or --write, or --check) the "Chosen behaviours" table generated from mockscaling/chosen/.

    Example: mockscaling chosen --write; mockscaling chosen --audit (counts per source, untagged, unverifiable)
    """
    from pathlib import Path

    from ..chosen import table as chosen_table

    if audit_tags:
        from ..web.openapi import build_spec
        from .provenance_audit import audit

        try:
            result = audit(build_spec(create_app(seed=None)), root)
        except FileNotFoundError as exc:
            raise click.ClickException(f"{exc.filename} not found: run in a project checkout or give --root") from exc
        click.echo(result.report())
        if result.untagged or result.unverifiable:
            raise SystemExit(1)
    elif write_files:
        for path in chosen_table.write(Path(root)):
            click.echo(f"wrote {path}")
    elif check:
        stale = chosen_table.stale_files(Path(root))
        if stale:
            click.echo("stale (run `mockscaling chosen --write`): " + ", ".join(stale))
            raise SystemExit(1)
        click.echo("docs/chosen.md and README.md are current")
    else:
        click.echo(chosen_table.render_page(chosen_table.parse()), nl=False)


@main.command()
@click.option("--from", "source", required=True, metavar="URL",
              help="The Scaling API, e.g. https://api.scaling.cloud (or a local fake).")
@click.option("--api-key", required=True, envvar="SCALING_API_KEY",
              help="A key of the organization (an admin's sees the team). Env: SCALING_API_KEY.")
@click.option("-o", "--output", default="seed.json", show_default=True, type=click.Path(dir_okay=False),
              help="The seed file to write.")
@click.option("--incidents", type=click.IntRange(0), default=None,
              help="Read at most this many incidents, newest first [default: 500, none with --since].")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only incidents created on or after this date (YYYY-MM-DD).")
@click.option("--anonymize", is_flag=True, help="Replace names, emails and free text with stable fakes of the same length.")
@click.option("--max-bytes", type=click.IntRange(1024), default=None, help="Refuse to write a larger seed [default: 100 MiB].")
@click.option("--workers", type=click.IntRange(1, 32), default=None, help="Incidents read at a time [default: 4].")
@click.option("--status-page", "status_pages", multiple=True, metavar="SLUG|URL",
              help="Also read this public status page (repeatable).")
def snapshot(source: str, api_key: str, output: str, incidents: int | None, since: Any, anonymize: bool,
             max_bytes: int | None, workers: int | None, status_pages: tuple[str, ...]) -> None:
    """Read an organization through the Scaling API (GET only) into a seed file that `serve --seed` loads.

    Example: mockscaling snapshot --from https://api.scaling.cloud --api-key $KEY -o acme.json --anonymize
    """
    from .. import chosen
    from .snapshot.reader import SnapshotError
    from .snapshot.run import Options, summary_lines, take_snapshot, terminal_progress

    options = Options(source=source, api_key=api_key, output=output, anonymize=anonymize,
                      incidents=incidents if incidents is not None or since is not None else chosen.SNAPSHOT_INCIDENTS,
                      since=since.date() if since is not None else None,
                      max_bytes=max_bytes or chosen.SNAPSHOT_MAX_BYTES, workers=workers or chosen.SNAPSHOT_WORKERS,
                      status_pages=status_pages)
    try:
        with terminal_progress() as progress:
            result = take_snapshot(options, progress)
    except SnapshotError as exc:
        raise click.ClickException(str(exc)) from None
    except KeyboardInterrupt:
        raise click.ClickException(f"interrupted: nothing written to {output}") from None
    for line in summary_lines(result, output):
        click.echo(line)
