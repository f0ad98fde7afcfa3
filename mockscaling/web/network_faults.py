"""Network faults ("close", "hang", "malformed_json", "truncate"): what the socket, or the caller, sees.

The fault hook (web/hooks.py) decides which plan fires and leaves it in the WSGI environ; this WSGI
middleware then acts below Flask, where the connection is: it drops the answer (raising
ConnectionDropped, which the waitress task of web/dropping.py turns into a closed connection with no answer and which
an in-process caller receives as an exception) or corrupts the answer's body. See chosen.NETWORK_FAULTS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# The environ key under which the fault hook leaves the network-fault plan that fired.
ENVIRON_KEY = "mockscaling.network_fault"
DROPPING = ("close", "hang")
# Set by NetworkFaults on a request it let through unwatched (no fault plan existed when it started).
UNARMED_KEY = "mockscaling.faults_unarmed"


class ConnectionDropped(ConnectionError):
    """The fake closed the connection without answering (a "close" or "hang" network fault).

    In-process (the Flask test client) this exception is what the call raises.

    Example::

        with pytest.raises(ConnectionDropped):
            fake.client().get("/v1/incidents")
    """


class NetworkFaults:
    """WSGI middleware applying the network fault the request's plan asks for.

    With `armed` given, a request that starts while it answers False (no fault plan exists) passes straight
    through, and is marked so the fault hook takes no plan for it (one added meanwhile waits for the next).

    Example::

        app.wsgi_app = NetworkFaults(app.wsgi_app, armed=lambda: bool(store.faults))
    """

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], armed: Callable[[], bool] | None = None) -> None:
        self.wsgi_app = wsgi_app
        self.armed = armed

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        if self.armed is not None and not self.armed():
            environ[UNARMED_KEY] = True
            return self.wsgi_app(environ, start_response)
        held: list[Any] = []

        def hold_if_faulted(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if environ.get(ENVIRON_KEY) is None:
                return start_response(status, headers, exc_info)
            held[:] = [status, headers]
            return lambda data: None  # the legacy write() callable; Flask never uses it

        answer = self.wsgi_app(environ, hold_if_faulted)
        plan = environ.get(ENVIRON_KEY)
        if plan is None:
            return answer
        try:
            body = b"".join(answer)
        finally:
            if hasattr(answer, "close"):
                answer.close()
        if plan.network in DROPPING:
            if plan.network == "hang":
                plan.hang()  # bounded; the store lock is not held here
            raise ConnectionDropped(f"mockscaling fault plan {plan.id}: connection closed without an answer ({plan.network})")
        status, headers = held
        headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
        if plan.network == "malformed_json":
            cut = body[: len(body) // 2] if body else b"{"
            start_response(status, [*headers, ("Content-Length", str(len(cut)))])
            return [cut]
        # truncate: promise the whole body, send half; waitress then closes the connection.
        start_response(status, [*headers, ("Content-Length", str(len(body)))])
        return [body[: len(body) // 2]]

