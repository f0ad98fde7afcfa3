"""The guard `mockscaling serve` puts in front of the fake: Host check, JSON-only control writes, Origin
check and the control-plane token (issue 12; the rules are in chosen/, the why in docs/security.md)."""

from __future__ import annotations

import hmac
import ipaddress
import re
from collections.abc import Iterable

from flask import Flask, request

from .. import chosen
from ..domain import errors

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH"})  # DELETE always needs a CORS preflight anyway
CONTROL_PREFIX = "/_mock"


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
        token = config.get("MOCKSCALING_CONTROL_TOKEN")
        guarded = config.get("MOCKSCALING_GUARD")
        if not (guarded or token):  # off (the pytest default): nothing to check on this request
            return
        control = request.path == CONTROL_PREFIX or request.path.startswith(CONTROL_PREFIX + "/")
        if guarded:
            if not host_allowed(request.host, config.get("MOCKSCALING_ALLOWED_HOSTS") or ()):
                raise errors.InvalidHost()
            if control and request.method in WRITE_METHODS:
                if request.mimetype != "application/json":
                    raise errors.UnsupportedMediaType()
                origin = request.headers.get("Origin")
                own = f"{request.scheme}://{request.host}"
                if origin is not None and origin != own and not _origin_allowed(origin, config.get("MOCKSCALING_CORS_ORIGINS")):
                    raise errors.OriginNotAllowed()
        if token and control and request.method != "OPTIONS":
            sent = request.headers.get(chosen.CONTROL_TOKEN_HEADER, "")
            if not hmac.compare_digest(sent.encode("utf-8", "replace"), token.encode("utf-8")):
                raise errors.InvalidControlToken()


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
        notes.append(f"  Control plane token: send '{chosen.CONTROL_TOKEN_HEADER}: {token}' with every /_mock request.")
    return config, notes
