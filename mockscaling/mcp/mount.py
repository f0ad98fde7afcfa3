"""One port for both surfaces: a WSGI dispatcher sends the MCP and OAuth paths to the SDK's ASGI app (through
the a2wsgi adapter, on one event-loop thread) and everything else to the Flask app, untouched."""

from __future__ import annotations

import io
import json
import threading
from http import HTTPStatus
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs


from .. import chosen
from ..domain import errors
from ..web.errors import envelope_body
from ..web.guard import GuardSettings, check_request
from ..worlds.world import Store

if TYPE_CHECKING:  # asyncio is imported on the first MCP request (about 15 ms of start-up otherwise)
    import asyncio

# Paths the SDK's app answers; /oauth/<x> is the same as /<x> (the contract names /oauth/authorize).
MCP_PATHS = frozenset({chosen.MCP_PATH, "/authorize", "/token", "/register", "/revoke"})
WELL_KNOWN = "/.well-known/oauth-"
OAUTH_PREFIX = "/oauth"
RESOURCE_METADATA = "/.well-known/oauth-protected-resource"
HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailers",
                        "transfer-encoding", "upgrade"})
# How every path the SDK answers starts (is_mcp_path decides among them).
_MCP_STARTS = (*MCP_PATHS, OAUTH_PREFIX + "/", WELL_KNOWN)
MAX_HOSTS = 16  # one SDK app per Host the fake is reached by (its OAuth issuer URL); more reuse the first

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def is_mcp_path(path: str) -> bool:
    """Whether the SDK's app answers `path` (MCP, OAuth endpoints and their metadata documents)."""
    if path.startswith(OAUTH_PREFIX + "/"):
        path = path[len(OAUTH_PREFIX):]
    return path in MCP_PATHS or path.startswith(WELL_KNOWN)


def _json(start_response: Callable[..., Any], status: int, body: dict[str, Any], headers: list[tuple[str, str]] = ()) -> list[bytes]:
    data = json.dumps(body).encode()
    start_response(f"{status} {HTTPStatus(status).phrase}",
                   [("Content-Type", "application/json"), ("Content-Length", str(len(data))), *headers])
    return [data]


class _LoginHint:
    """ASGI middleware: hands the authorize request's `login_hint` to the provider, and refuses a user of
    several organizations with 403 org_selection_required before the SDK redirects anywhere."""

    def __init__(self, app: Any, store: Store) -> None:
        self.app, self.store = app, store

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        from .auth import LOGIN_HINT

        if scope.get("type") != "http" or scope.get("path") != "/authorize":
            return await self.app(scope, receive, send)
        hint = (parse_qs(scope.get("query_string", b"").decode("latin-1")).get("login_hint") or [None])[0]
        try:
            self.store.mcp_sign_in(hint)
        except errors.OrgSelectionRequired as error:
            body = json.dumps(envelope_body(error, self.store.ids.request_id())).encode()
            await send({"type": "http.response.start", "status": error.status,
                        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return None
        except errors.ScalingError:
            pass  # an unknown user: the provider refuses it as an OAuth error (access_denied)
        token = LOGIN_HINT.set(hint)
        try:
            await self.app(scope, receive, send)
        finally:
            LOGIN_HINT.reset(token)


class McpMount:
    """WSGI middleware in front of the Flask app: MCP paths go to the SDK, the rest to `app` unchanged.

    The SDK's app is built on the first MCP request (a REST-only run never starts the event loop), one per
    Host it is reached by, so its OAuth metadata names the URL the client used.

    Example::

        flask_app.wsgi_app = McpMount(flask_app.wsgi_app, store, flask_app.config)
    """

    def __init__(self, app: WsgiApp, store: Store, config: dict[str, Any]) -> None:
        self.app, self.store, self.config = app, store, config
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._apps: dict[str, Any] = {}

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(_MCP_STARTS) or not is_mcp_path(path):  # one C call turns away a REST request
            return self.app(environ, start_response)
        return self._mcp(environ, start_response, path)

    def _mcp(self, environ: dict[str, Any], start_response: Callable[..., Any], path: str) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', '127.0.0.1')}:{environ.get('SERVER_PORT', '80')}"
        settings = GuardSettings.from_config(self.config)
        if settings is not None:
            try:  # the guard /_mock has: Host everywhere; on /mcp also JSON-only writes, Origin and the control token
                check_request(settings, environ)
            except errors.ScalingError as refused:
                return _json(start_response, refused.status, envelope_body(refused, self.store.ids.request_id()))
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = -1
        if length < 0 or length > chosen.MCP_MAX_BODY_BYTES:
            error = errors.RequestTooLarge(f"The request body must be at most {chosen.MCP_MAX_BODY_BYTES} bytes.")
            return _json(start_response, error.status, envelope_body(error, self.store.ids.request_id()))
        if path == chosen.MCP_PATH and environ.get("REQUEST_METHOD") == "GET":
            # Stateless: no server-to-client stream to offer, and one left open would hold a server thread.
            # The transport spec's answer for that is 405.
            error = errors.MethodNotAllowed("This MCP server offers no SSE stream: POST JSON-RPC messages to /mcp.")
            return _json(start_response, 405, envelope_body(error, self.store.ids.request_id()), [("Allow", "POST, DELETE")])
        if path == chosen.MCP_PATH and self.store.faults and environ.get("REQUEST_METHOD") == "POST":
            environ, failed = self._tool_fault(environ, length, start_response)
            if failed is not None:
                return failed
        if path.startswith(OAUTH_PREFIX + "/"):
            environ = {**environ, "PATH_INFO": path[len(OAUTH_PREFIX):]}
        elif path == RESOURCE_METADATA:  # the SDK serves it under the resource's path too (RFC 9728)
            environ = {**environ, "PATH_INFO": RESOURCE_METADATA + chosen.MCP_PATH}

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            # WSGI servers refuse hop-by-hop headers (PEP 3333), which the SDK sets on some answers (405).
            return start_response(status, [(n, v) for n, v in headers if n.lower() not in HOP_BY_HOP], exc_info)

        return self._asgi(environ, host)(environ, start)

    def _tool_fault(self, environ: dict[str, Any], length: int, start_response: Callable[..., Any]) -> tuple[dict[str, Any], Any]:
        """A fault plan for the tool this POST calls fails the whole HTTP request, as an outage would (the
        body is read here and handed on unchanged)."""
        raw = environ["wsgi.input"].read(length) if length else b""
        environ = {**environ, "wsgi.input": io.BytesIO(raw)}
        try:
            message = json.loads(raw)
            name = message["params"]["name"] if message.get("method") == "tools/call" else None
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            name = None
        if not isinstance(name, str):
            return environ, None
        authorization = environ.get("HTTP_AUTHORIZATION", "")
        token = self.store.mcp_token(authorization[len("Bearer "):]) if authorization.startswith("Bearer ") else None
        plan = self.store.take_tool_fault(name, token.org_id if token is not None else None, http=True)
        error = plan.error() if plan is not None else None
        if error is None:
            return environ, None
        return environ, _json(start_response, error.status, envelope_body(error, self.store.ids.request_id()),
                              list(error.headers.items()))

    async def _refusal(self, request: Any, error: Exception) -> Any:
        from starlette.responses import JSONResponse

        assert isinstance(error, errors.ScalingError)
        request_id = self.store.ids.request_id()
        return JSONResponse(envelope_body(error, request_id), status_code=error.status,
                            headers={**error.headers, "X-Request-Id": request_id})

    def _asgi(self, environ: dict[str, Any], host: str) -> Any:
        found = self._apps.get(host)
        if found is not None:
            return found
        with self._lock:
            if host in self._apps:
                return self._apps[host]
            if len(self._apps) >= MAX_HOSTS:
                return next(iter(self._apps.values()))
            if self._loop is None:
                import asyncio

                self._loop = asyncio.new_event_loop()
                threading.Thread(target=self._loop.run_forever, name="mockscaling-mcp", daemon=True).start()
            base = f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
            built = self._build(base)
            self._apps[host] = built
            return built

    def _build(self, base: str) -> Any:
        # The SDK is imported here, on the first MCP request: a REST-only app never pays for it.
        import asyncio

        from a2wsgi import ASGIMiddleware
        from mcp.server.auth.settings import AuthSettings, ClientRegistrationOptions, RevocationOptions
        from mcp.server.transport_security import TransportSecuritySettings

        from .auth import StoreOAuthProvider
        from .server import build_server

        server = build_server(self.store)
        provider = StoreOAuthProvider(self.store)

        def starlette_app(oauth: bool) -> Any:
            return server.streamable_http_app(
                streamable_http_path=chosen.MCP_PATH,
                stateless_http=chosen.MCP_STATELESS,
                json_response=chosen.MCP_JSON_RESPONSE,
                max_request_body_size=chosen.MCP_MAX_BODY_BYTES,
                # The Host check is the fake's own guard (above, as on /_mock); the SDK's would pin one port.
                transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
                auth=AuthSettings(
                    issuer_url=base, resource_server_url=base + chosen.MCP_PATH, validate_token_resource=False,
                    client_registration_options=ClientRegistrationOptions(enabled=True),
                    revocation_options=RevocationOptions(enabled=True), required_scopes=[],
                ),
                token_verifier=provider,
                auth_server_provider=provider if oauth else None,
            )

        try:
            starlette = starlette_app(oauth=True)
        except ValueError:
            # The SDK's authorization server wants an https issuer off loopback (a LAN name over http): there
            # /mcp takes tokens from POST /_mock/mcp/tokens only.
            starlette = starlette_app(oauth=False)
        # A store refusal the SDK's handlers let through (a registration or token exchange that could not be
        # saved: 503) is answered in the REST envelope, as on every other path.
        starlette.add_exception_handler(errors.ScalingError, self._refusal)
        ready = threading.Event()

        async def lifespan() -> None:
            async with server.session_manager.run():
                ready.set()
                await asyncio.Event().wait()  # for the life of the process (the loop thread is a daemon)

        assert self._loop is not None
        asyncio.run_coroutine_threadsafe(lifespan(), self._loop)
        ready.wait(10)
        return ASGIMiddleware(_LoginHint(starlette, self.store), loop=self._loop)


def install_mcp(app: Any, store: Store) -> None:
    """Put the MCP surface in front of a Flask app (same port, same store).

    Example::

        install_mcp(flask_app, get_store(flask_app))
    """
    app.wsgi_app = McpMount(app.wsgi_app, store, app.config)


def banner(base: str, enabled: bool) -> str:
    """The `serve` banner's MCP line: the URL and a ready config entry for an MCP host, or how to turn it on.

    Example::

        banner("http://127.0.0.1:5050", True)
        # '  MCP http://127.0.0.1:5050/mcp   MCP host config: {"mcpServers": {"scaling": {"type": "http", ...}}}'
    """
    if not enabled:
        return '  MCP off: pip install "mockscaling[mcp]" to serve Scaling\'s MCP tools at /mcp.'
    url = base + chosen.MCP_PATH
    config = json.dumps({"mcpServers": {"scaling": {"type": "http", "url": url}}})
    return f"  MCP {url}   MCP host config: {config}"
