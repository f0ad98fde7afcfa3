"""App-wide behaviour for browsers and frontend work: CORS headers and the fault-injection hook."""

from __future__ import annotations

import time
from collections.abc import Iterable

from flask import Flask, request
from flask_cors import CORS

from .. import chosen
from .context import current_store


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


def install_faults(app: Flask) -> None:
    """Apply the store's fault plans to every request but /_mock ones and OPTIONS (CORS preflights).

    Register it after the request-id hook, so a faulted response still carries its request id.

    Example::

        install_faults(app)
        get_store(app).add_fault("/v1/incidents*", status=503, count=1)
    """

    @app.before_request
    def _apply_fault():
        if request.method == "OPTIONS" or request.path == "/_mock" or request.path.startswith("/_mock/"):
            return None
        plan = current_store().take_fault(request.method, request.path)
        if plan is None:
            return None
        if plan.latency_ms:
            time.sleep(plan.latency_ms / 1000)  # sleeping is not a clock read; the store lock is not held
        error = plan.error()
        if error is not None:
            raise error
        return None
