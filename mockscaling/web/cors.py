"""CORS for browsers: which origins may call the API, the control plane and the status pages."""

from __future__ import annotations

import re
from collections.abc import Iterable

from flask import Flask
from .. import chosen


# A header name is an HTTP token (RFC 9110 §5.6.2).
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
# What flask-cors takes for a regular expression rather than an exact origin.
REGEX_MARKERS = frozenset("*\\]?$^[]()")


def check_cors_origins(origins: Iterable[str]) -> list[str]:
    """The origins, or ValueError naming the first regular expression that does not compile.

    Example::

        check_cors_origins([r"^https://.*\\.example\\.test\\Z"])
    """
    origins = list(origins)
    for origin in origins:
        if origin != "*" and any(char in REGEX_MARKERS for char in origin):
            try:
                re.compile(origin)
            except re.error as exc:
                raise ValueError(f"--cors-origin {origin!r} is not a valid regular expression: {exc}") from None
    return origins


def check_cors_headers(names: Iterable[str]) -> list[str]:
    """The header names, or ValueError naming the first that is not a valid HTTP header name.

    Example::

        check_cors_headers(["sentry-trace", "baggage", "traceparent"])
    """
    names = list(names)
    for name in names:
        if not HEADER_NAME.fullmatch(name):
            raise ValueError(f"--cors-header {name!r} is not a valid HTTP header name")
    return names


def install_cors(app: Flask, origins: str | Iterable[str] | None, extra_headers: Iterable[str] = ()) -> None:
    """Answer CORS for `origins` on the API, control plane and status pages.

    `origins` is "*", or a list whose items are exact origins ("http://localhost:3000") or regular
    expressions (a string with any of ``*\\]?$^[]()``, matched from the start, so anchor the end with ``\\Z``).

    With `origins=None` nothing is installed, so responses carry no CORS headers at all. `extra_headers`
    are request headers browsers may send besides chosen.CORS_ALLOW_HEADERS.

    Example::

        install_cors(app, ["http://localhost:3000"])
        install_cors(app, chosen.DEFAULT_CORS_ORIGINS)   # what `mockscaling serve` does by default
    """
    if origins is None:
        return
    from flask_cors import CORS  # imported only by an app that answers CORS (not the fixture's, not create_app())

    allowed = "*" if origins == "*" or (not isinstance(origins, str) and "*" in list(origins)) else origins
    if isinstance(allowed, str) and allowed != "*":
        allowed = [allowed]
    CORS(
        app,
        resources={path: {} for path in chosen.CORS_PATHS},
        origins=list(allowed) if allowed != "*" else "*",
        methods=list(chosen.CORS_METHODS),
        allow_headers=[*chosen.CORS_ALLOW_HEADERS, *extra_headers],
        expose_headers=list(chosen.CORS_EXPOSE_HEADERS),
        max_age=chosen.CORS_MAX_AGE,
        supports_credentials=False,
        send_wildcard=allowed == "*",  # answer a literal "*" rather than echoing every origin
    )
