"""CORS for browsers: which origins may call the API, the control plane and the status pages."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_cors import CORS

from .. import chosen


def install_cors(app: Flask, origins: str | Iterable[str] | None) -> None:
    """Answer CORS for `origins` on the API, control plane and status pages.

    `origins` is "*", or a list whose items are exact origins ("http://localhost:3000") or regular
    expressions (a string with any of ``*\\]?$^[]()``, matched from the start, so anchor the end with ``\\Z``).

    With `origins=None` nothing is installed, so responses carry no CORS headers at all.

    Example::

        install_cors(app, ["http://localhost:3000"])
        install_cors(app, chosen.DEFAULT_CORS_ORIGINS)   # what `mockscaling serve` does by default
    """
    if origins is None:
        return
    allowed = "*" if origins == "*" or (not isinstance(origins, str) and "*" in list(origins)) else origins
    if isinstance(allowed, str) and allowed != "*":
        allowed = [allowed]
    CORS(
        app,
        resources={path: {} for path in chosen.CORS_PATHS},
        origins=list(allowed) if allowed != "*" else "*",
        methods=list(chosen.CORS_METHODS),
        allow_headers=list(chosen.CORS_ALLOW_HEADERS),
        expose_headers=list(chosen.CORS_EXPOSE_HEADERS),
        max_age=chosen.CORS_MAX_AGE,
        supports_credentials=False,
        send_wildcard=allowed == "*",  # answer a literal "*" rather than echoing every origin
    )
