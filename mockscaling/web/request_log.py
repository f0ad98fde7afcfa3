"""One line per request for `mockscaling serve`: time, method, path, status, duration and the key's user."""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask, Response, g, request

from ..domain.clock import utc_now
from .console import CONSOLE_PATH
from .context import caller
from .network_faults import DROPPING, ENVIRON_KEY


def format_line(method: str, path: str, status: int | None, duration_ms: float, user_id: str | None, at: str) -> str:
    """`10:04:05.120 POST /v1/incidents 201 3.1 ms user_ada` (status "dropped" when no answer was sent).

    Example::

        format_line("GET", "/v1/incidents", 200, 1.25, None, "10:04:05.120")
    """
    return f"{at} {method} {path} {status if status is not None else 'dropped'} {duration_ms:.1f} ms {user_id or '-'}"


def install_request_log(app: Flask, write: Callable[[str], None]) -> None:
    """Call `write` with one line per answered request (the wall-clock time, not the fake's clock).

    Example::

        install_request_log(app, click.echo)
    """

    @app.before_request
    def _start_timer() -> None:
        g.request_log_started = time.perf_counter()

    @app.after_request
    def _log(response: Response) -> Response:
        if request.path == CONSOLE_PATH:  # the console refreshes itself every few seconds
            return response
        started = g.pop("request_log_started", None)
        duration_ms = (time.perf_counter() - started) * 1000 if started is not None else 0.0
        principal = caller(request.environ)
        dropped = getattr(request.environ.get(ENVIRON_KEY), "network", None) in DROPPING
        path = request.path + (f"?{request.query_string.decode('latin-1')}" if request.query_string else "")
        write(format_line(
            request.method, path, None if dropped else response.status_code, duration_ms,
            principal.user_id if principal is not None else None, utc_now().strftime("%H:%M:%S.%f")[:-3],
        ))
        return response
