"""The guard in front of every surface `serve` and `proxy` expose: Host check, JSON-only control writes, Origin
check and the control token (the rules are in chosen/, the why in docs/security.md)."""

from __future__ import annotations

import hmac
import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import Flask, request

from .. import chosen
from ..domain import errors
from ..domain.record import FrozenRecord

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})  # DELETE always needs a CORS preflight anyway
CONTROL_PREFIX = "/_mock"
# The token's WSGI environ key (X-Mockscaling-Token as WSGI names it).
TOKEN_ENVIRON_KEY = "HTTP_" + chosen.CONTROL_TOKEN_HEADER.upper().replace("-", "_")


def is_ip_literal(name: str) -> bool:
    """True for "127.0.0.1", "::1" or "[::1]"."""
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def is_loopback_host(name: str) -> bool:
    """True for localhost, *.localhost and loopback addresses (127.0.0.0/8, ::1).

    Example::

        is_loopback_host("127.0.0.1")    # True
        is_loopback_host("0.0.0.0")      # False
    """
    name = name.strip("[]").lower().rstrip(".")
    if name in chosen.LOOPBACK_HOST_NAMES or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _host_name(host_header: str) -> str:
    """The name part of a Host header value ("[::1]:5050" -> "[::1]", "a.test:80" -> "a.test")."""
    if host_header.startswith("["):
        return host_header.split("]", 1)[0] + "]"
    return host_header.rsplit(":", 1)[0] if host_header.count(":") == 1 else host_header


def host_allowed(host_header: str, allowed: Iterable[str]) -> bool:
    """Whether a Host header value may reach the fake (chosen/: loopback names, IP literals, `allowed`)."""
    allowed = [name.lower() for name in allowed]
    if "*" in allowed:
        return True
    name = _host_name(host_header.strip()).lower().rstrip(".")
    if not name:
        return False
    return is_loopback_host(name) or is_ip_literal(name) or name in allowed


def _origin_allowed(origin: str, cors_origins: object) -> bool:
    """Whether the CORS settings allow `origin` (same reading as flask-cors: "*", exact origins, regexes)."""
    if cors_origins is None:
        return False
    if isinstance(cors_origins, str):
        cors_origins = [cors_origins]
    for allowed in cors_origins:  # type: ignore[union-attr]
        if allowed == "*" or allowed == origin:
            return True
        if any(char in allowed for char in "*\\]?$^[]()") and re.match(allowed, origin):
            return True
    return False


@dataclass(frozen=True, repr=False, eq=False)  # FrozenRecord's ==, repr() and hash: none generated (domain/record.py)
class GuardSettings(FrozenRecord):
    """What the guard checks, whatever the surface (the fake's app, the proxy, the MCP endpoint).

    Example::

        settings = GuardSettings(allowed_hosts=("mock.lan",), control_token="s3cret")
        check_request(settings, environ)      # raises a ScalingError (400/401/403/415) or returns None
    """

    guarded: bool = True
    allowed_hosts: tuple[str, ...] = ()
    control_token: str | None = None
    cors_origins: object = chosen.DEFAULT_CORS_ORIGINS

    @classmethod
    def from_config(cls, config: Any) -> GuardSettings | None:
        """The settings a Flask app's config holds (None when the guard is off: the in-process default)."""
        token = config.get("MOCKSCALING_CONTROL_TOKEN")
        guarded = bool(config.get("MOCKSCALING_GUARD"))
        if not (guarded or token):
            return None
        return cls(guarded, tuple(config.get("MOCKSCALING_ALLOWED_HOSTS") or ()), token, config.get("MOCKSCALING_CORS_ORIGINS"))


def needs_token(path: str) -> bool:
    """Whether `path` belongs to a surface behind the control token: /_mock, the console at / and /mcp."""
    if path == "/":
        return True
    return any(path == prefix or path.startswith(prefix + "/") for prefix in chosen.TOKEN_PATH_PREFIXES)


def _query_token(query_string: str) -> str | None:
    """The console's token sent as `?token=` (a browser cannot add a header to a page it navigates to)."""
    if chosen.CONTROL_TOKEN_QUERY + "=" not in query_string:
        return None
    from urllib.parse import parse_qs

    values = parse_qs(query_string).get(chosen.CONTROL_TOKEN_QUERY)
    return values[0] if values else None


def check_request(settings: GuardSettings, environ: dict[str, Any]) -> None:
    """Raise the guard's refusal of one WSGI request, or return None when it may go on.

    Host on every path; on the token paths (`needs_token`): JSON-only writes, the Origin check and the
    control token (header, or `?token=` on GET/HEAD so the console page can be opened in a browser).

    Example::

        check_request(GuardSettings(control_token="t"), environ)   # errors.InvalidControlToken without it
    """
    path = environ.get("PATH_INFO", "")
    method = environ.get("REQUEST_METHOD", "GET")
    token_path = needs_token(path)
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    if settings.guarded:
        if not host_allowed(host, settings.allowed_hosts):
            raise errors.InvalidHost()
        if token_path and method in WRITE_METHODS:
            mimetype = environ.get("CONTENT_TYPE", "").split(";", 1)[0].strip().lower()
            if mimetype != "application/json":
                raise errors.UnsupportedMediaType()
            origin = environ.get("HTTP_ORIGIN")
            own = f"{environ.get('wsgi.url_scheme', 'http')}://{host}"
            if origin is not None and origin != own and not _origin_allowed(origin, settings.cors_origins):
                raise errors.OriginNotAllowed()
    token = settings.control_token
    if token and token_path and method != "OPTIONS":
        sent = environ.get(TOKEN_ENVIRON_KEY)
        if sent is None and method in ("GET", "HEAD"):
            sent = _query_token(environ.get("QUERY_STRING", ""))
        if not hmac.compare_digest((sent or "").encode("utf-8", "replace"), token.encode("utf-8")):
            raise errors.InvalidControlToken()


def install_guard(app: Flask) -> None:
    """Refuse what a hostile web page or network neighbour could send; on when config MOCKSCALING_GUARD is true.

    Config keys: MOCKSCALING_GUARD (bool), MOCKSCALING_ALLOWED_HOSTS (names), MOCKSCALING_CONTROL_TOKEN
    (str or None), MOCKSCALING_CORS_ORIGINS (set by create_app from `cors_origins`). Register it right after
    the request-id hook, so its refusals carry a request id and no fault or handler runs first.

    Example::

        app = create_app(config={"MOCKSCALING_GUARD": True, "MOCKSCALING_ALLOWED_HOSTS": ["mock.lan"]})
    """

    @app.before_request
    def _guard() -> None:
        config = app.config  # the app this hook belongs to (no context lookup)
        if not (config.get("MOCKSCALING_GUARD") or config.get("MOCKSCALING_CONTROL_TOKEN")):
            return  # off (the pytest default): nothing to check on this request
        settings = GuardSettings.from_config(config)
        assert settings is not None
        check_request(settings, request.environ)


def serve_guard(
    host: str, allowed_hosts: Iterable[str] = (), control_token: str | None = None, no_control_token: bool = False
) -> tuple[dict[str, object], list[str]]:
    """The guard's app config for `mockscaling serve --host HOST`, and the lines to print at start.

    On a loopback address the guard needs no token; on any other address (0.0.0.0 included) /_mock gets a
    token, random unless `control_token` is given, unless `no_control_token` turns it off.

    Example::

        config, notes = serve_guard("0.0.0.0")
        config["MOCKSCALING_CONTROL_TOKEN"]   # 32 random characters
    """
    import secrets

    config: dict[str, object] = {"MOCKSCALING_GUARD": True, "MOCKSCALING_ALLOWED_HOSTS": list(allowed_hosts)}
    notes: list[str] = []
    exposed = not is_loopback_host(host)
    if exposed:
        notes.append(
            f"WARNING: listening on {host}, which other machines can reach: anyone there can use the seeded API keys"
            " and read every status page. See docs/security.md."
        )
    if no_control_token:
        if exposed:
            notes.append("WARNING: --no-control-token: anyone who can reach this port can reset, load or read the whole fake (/_mock).")
    elif control_token or exposed:
        token = control_token or secrets.token_urlsafe(chosen.CONTROL_TOKEN_BYTES)
        config["MOCKSCALING_CONTROL_TOKEN"] = token
        notes.append(f"  Control token: send '{chosen.CONTROL_TOKEN_HEADER}: {token}' with every request"
                     " to /_mock, the console and /mcp.")
    return config, notes
