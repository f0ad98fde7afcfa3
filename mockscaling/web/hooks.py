"""App-wide request hooks: fault injection and the request journal."""

from __future__ import annotations

import functools
import re
import time
from typing import Any

from flask import Flask, Request, Response, current_app, request
from werkzeug.datastructures import EnvironHeaders, MultiDict

from .. import chosen
from ..domain import errors
from ..store.faults import fault_error
from ..store.journal import TOO_BIG
from .console import CONSOLE_PATH
from .context import EXTENSION_KEY, PRINCIPAL_KEY, REQUEST_ID_KEY
from .network_faults import DROPPING, ENVIRON_KEY, UNARMED_KEY, NetworkFaults
from .parsing import RAW_BODY_KEY
from .spec import doc_of

# `Prefer: code=503` (as Prism reads it), among other comma- or semicolon-separated preferences.
PREFER_CODE = re.compile(r"(?:^|[\s,;])code=(\d{3})\b")

QUERY_CODE = chosen.QUERY_CODE_PARAM + "="

# Reading the journal is not journaled, so polling it does not push out the requests a test looks for.
JOURNAL_PATH = "/_mock/requests"
# The WSGI environ keys request headers come from (werkzeug's EnvironHeaders reads the same ones). The
# journal copies just these: the environ itself holds the input stream, which it must not keep open.
HEADER_KEYS = ("HTTP_", "CONTENT_TYPE", "CONTENT_LENGTH")
# Keys a request's environ holds that are not headers (WSGI's, CGI's, werkzeug's, waitress's and the fake's own):
# a shortcut past the prefix check above, which still decides for any other key.
NOT_HEADER_KEYS = frozenset({
    "REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "REQUEST_URI", "RAW_URI", "SERVER_NAME",
    "SERVER_PORT", "SERVER_PROTOCOL", "SERVER_SOFTWARE", "REMOTE_ADDR", "REMOTE_PORT", "REMOTE_HOST",
    "GATEWAY_INTERFACE", "wsgi.version", "wsgi.url_scheme", "wsgi.input", "wsgi.errors", "wsgi.multithread",
    "wsgi.multiprocess", "wsgi.run_once", "wsgi.input_terminated", "wsgi.file_wrapper", "werkzeug.request",
    "werkzeug.debug.preserve_context", "werkzeug.socket", "waitress.client_disconnected", REQUEST_ID_KEY,
    PRINCIPAL_KEY, RAW_BODY_KEY, UNARMED_KEY, ENVIRON_KEY,
})


def install_faults(app: Flask) -> None:
    """Apply `Prefer: code=` headers and the store's fault plans to every request but /_mock ones and OPTIONS.

    A faulted response still carries its request id (security.StandardHeaders adds it below Flask). Network
    faults are carried out below Flask by the NetworkFaults middleware this installs.

    Example::

        install_faults(app)
        get_store(app).add_fault("/v1/incidents*", status=503, count=1)
    """
    store = app.extensions[EXTENSION_KEY]  # the app's for life (its fault list is replaced, so read it each time)
    app.wsgi_app = NetworkFaults(app.wsgi_app, armed=lambda: bool(store.faults))  # type: ignore[method-assign]

    @app.before_request
    def _apply_fault():
        environ = request._get_current_object().environ  # an attribute read through the proxy costs more
        prefer = environ.get("HTTP_PREFER")
        # The usual request: nothing to apply. No plan, or none when the request started (NetworkFaults
        # then let it through unwatched, so a plan added meanwhile must wait for the next request).
        if prefer is None and (not store.faults or UNARMED_KEY in environ) and QUERY_CODE not in environ.get("QUERY_STRING", ""):
            return None
        method, path = request.method, request.path
        if method == "OPTIONS" or path in ("/_mock", CONSOLE_PATH) or path.startswith("/_mock/"):
            return None
        preferred = preferred_code(prefer)
        if preferred is not None:
            if not 200 <= preferred < 300:
                raise fault_error(preferred)
            check_success_code(preferred)
            return None
        authorization = environ.get("HTTP_AUTHORIZATION", "").strip()
        api_key = authorization[len("Bearer "):].strip() if authorization.startswith("Bearer ") else None
        plan = None if UNARMED_KEY in environ else store.take_fault(method, path, api_key=api_key)
        if plan is None:
            return None
        if plan.network is not None:
            request.environ[ENVIRON_KEY] = plan
            if plan.network in DROPPING:  # a hang's latencyMs is its hang time, spent in the middleware
                return Response(b"", 200)  # never sent: the middleware drops the connection instead
        if plan.latency_ms:
            time.sleep(plan.latency_ms / 1000)  # sleeping is not a clock read; the store lock is not held
        error = plan.error()
        if error is not None:
            raise error
        return None


def preferred_code(prefer: str | None) -> int | None:
    """The status asked for by `Prefer: code=NNN`, else by `?__code=NNN` (see chosen QUERY_CODE_PARAM), else None."""
    found = PREFER_CODE.search(prefer or "")
    if found:
        return int(found.group(1))
    value = request.args.get(chosen.QUERY_CODE_PARAM)
    if value is None:
        return None
    if not (len(value) == 3 and value.isdigit()):
        raise errors.UnsupportedPreferCode(f"{chosen.QUERY_CODE_PARAM}={value} must be a three-digit status, e.g. 503.")
    return int(value)


def check_success_code(status: int) -> None:
    """Refuse (400) a 2xx the matched operation does not answer on success, naming the one it does."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None:
        return  # no route: the request answers its 404 as usual
    doc = doc_of(view)
    success = doc.status if doc is not None else 200
    if status != success:
        raise errors.UnsupportedPreferCode(
            f"code={status} cannot be given here: {request.method} {request.path} answers {success} when it succeeds; "
            f"ask for code={success}, or for an error status ({', '.join(map(str, chosen.FAULT_STATUSES))})."
        )


def install_journal(app: Flask) -> None:
    """Record every answered request in the store's request journal (GET /_mock/requests).

    Example::

        install_journal(app)
    """

    unjournaled = {CONSOLE_PATH, JOURNAL_PATH} if chosen.JOURNAL_SKIPS_ITSELF else {CONSOLE_PATH}
    store = app.extensions[EXTENSION_KEY]

    @app.after_request
    def _record(response: Response) -> Response:
        # Every answer passes here: one context lookup, and only references and small copies are taken
        # (the journal works the entry out when it is first read).
        req = request._get_current_object()
        path = req.path
        if path in unjournaled:
            return response
        environ = req.environ
        principal = environ.get(PRINCIPAL_KEY)  # the caller (context.caller), read inline on every answer
        if principal is None and "HTTP_AUTHORIZATION" in environ:  # answered before authentication (a fault)
            principal = _sender(store, environ["HTTP_AUTHORIZATION"])
        body = environ.get(RAW_BODY_KEY)  # the body json_body() parsed, if it parsed one
        answer = response.response
        fault = environ.get(ENVIRON_KEY)
        store.record_request(
            req.method,
            path,
            None if fault is not None and fault.network in DROPPING else response.status_code,
            environ.get(REQUEST_ID_KEY, ""),
            principal.user_id if principal is not None else None,
            _query(req.args) if environ.get("QUERY_STRING") else None,
            org_id=principal.org_id if principal is not None else None,
            headers=functools.partial(_header_items, _header_environ(environ)),
            body=body if body is not None else _request_bytes(req, environ),
            # A single bytes chunk (what Flask's own answers hold) is kept as a copy of its bytes; a stream is not read.
            response=_compact(answer[0]) if type(answer) is list and len(answer) == 1 and type(answer[0]) is bytes
            else None if response.is_streamed else response.get_data(),
        )
        return response


def _compact(chunk: bytes) -> bytes:
    """A copy of `chunk` holding just its bytes.

    orjson writes an answer into a buffer of several kilobytes and leaves it that size: kept as it is, the
    journal's thousand answers held megabytes, and every answer took fresh memory until the journal was
    full. The copy costs less than that growth (the buffer is freed with the response, and reused).
    """
    return bytes(memoryview(chunk))


def _sender(store: Any, authorization: str) -> Any:
    """The principal of a request's key when it was answered without authenticating (faulted), else None."""
    try:
        return store.authenticate(authorization)
    except errors.ScalingError:
        return None


def _query(args: MultiDict[str, str]) -> dict[str, str | list[str]]:
    """The query string as the journal shows it: one value as itself, a repeated parameter as a list."""
    return {name: values[0] if len(values) == 1 else values for name, values in args.lists()}


def _header_environ(environ: dict[str, Any]) -> dict[str, Any]:
    """The environ's request headers (the keys werkzeug reads them from), without the rest of the environ.

    The keys every request's environ holds besides its headers are passed over with a set lookup: calling
    `startswith` on each key was the largest part of the journal's cost per request.
    """
    return {name: environ[name] for name in environ if name not in NOT_HEADER_KEYS and name.startswith(HEADER_KEYS)}


def _header_items(header_environ: dict[str, Any]) -> list[tuple[str, str]]:
    """The request headers, named as werkzeug names them, worked out when the journal is first read."""
    return list(EnvironHeaders(header_environ).items())


def _request_bytes(req: Request, environ: dict[str, Any]) -> bytes | None:
    """The request body for the journal, without reading one that is too big to keep (or to accept)."""
    if "wsgi.input_terminated" not in environ and not environ.get("CONTENT_LENGTH") and "HTTP_TRANSFER_ENCODING" not in environ:
        # No body announced (a GET): what get_data would read (werkzeug's empty fallback stream), found
        # without building the request's headers or its stream.
        return b""
    length = req.content_length
    if length is None and "wsgi.input_terminated" not in environ:
        return b""  # what get_data reads then (werkzeug's empty fallback stream), without making the stream
    if length is not None and length > chosen.JOURNAL_BODY_BYTES:
        return TOO_BIG
    try:
        return req.get_data(cache=True)
    except Exception:  # noqa: BLE001 - a body the server refused (413, broken stream) is simply not kept
        return None
