"""waitress's front door: its own refusals in the error envelope, deadlines for slow requests, and no lock-out
at the connection limit (the oldest connection without a complete request makes room for a new one)."""

from __future__ import annotations

import types
from typing import Any

from waitress.server import BaseWSGIServer, MultiSocketServer
from waitress.task import ErrorTask

from .. import chosen
from ..domain import errors
from ..domain.clock import real_seconds
from ..domain.ids import IdSource
from .errors import envelope_parts, generic_error
from .dropping import DroppingChannel

_IDS = IdSource()  # request ids for answers the app never sees (random, like every request id)
ACCEPT_BATCH = 128  # connections taken from the listen queue in one turn of the loop


def refusal(status: int, reason: str, detail: str = "") -> errors.ScalingError:
    """The envelope error for a refusal waitress makes before the app runs (400, 413, 431, 501...).

    Example::

        refusal(431, "Request Header Fields Too Large").code   # "request_header_fields_too_large"
    """
    if status == 500:
        return errors.InternalError()
    detail = detail.strip().rstrip(".")
    message = f"{reason}: {detail}." if detail else f"{reason}."
    return generic_error(status, reason, message)


def raw_response(error: errors.ScalingError) -> bytes:
    """A whole HTTP/1.1 answer (status line, headers, envelope) that closes the connection."""
    status, headers, body = envelope_parts(error, _IDS.request_id())
    head = "".join(f"{name}: {value}\r\n" for name, value in [*headers, ("Connection", "close")])
    return f"HTTP/1.1 {status}\r\n{head}\r\n".encode("latin-1") + body


class EnvelopeErrorTask(ErrorTask):
    """waitress's answer to a request it could not parse (NUL in a header, a huge header, a bad target, a body
    over the cap), in the contract's error envelope instead of plain text."""

    def execute(self) -> None:
        """Write the envelope and close the connection, as waitress's own error task does."""
        error = self.request.error
        detail = str(getattr(error, "body", "") or "")
        status, headers, body = envelope_parts(refusal(error.code, error.reason, detail), _IDS.request_id())
        self.status = status
        self.response_headers.extend(header for header in headers if header[0] != "Content-Length")
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class FrontChannel(DroppingChannel):
    """A connection that notes when its current request began (for the deadlines) and answers parse errors
    in the envelope."""

    error_task_class = EnvelopeErrorTask
    request_started = 0.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.request_started = real_seconds()  # an idle connection counts from its opening
        super().__init__(*args, **kwargs)

    def received(self, data: bytes) -> bool:
        """Note the first byte of a new request, then parse as waitress does."""
        if self.request is None and data:
            self.request_started = real_seconds()
        return super().received(data)


def _waiting(channel: Any) -> bool:
    """True for a connection holding a slot without a request being served or answered."""
    return not (channel.requests or channel.total_outbufs_len or channel.will_close or channel.close_when_flushed)


def close_late_requests(server: Any, now: float, head_deadline: float, request_deadline: float) -> int:
    """Answer 408 and close every connection whose request head (or whole request) is past its deadline.

    Example::

        close_late_requests(server, real_seconds(), 10, 30)   # from the server's maintenance
    """
    closed = 0
    for channel in list(server.active_channels.values()):
        request = channel.request
        if request is None or not _waiting(channel):
            continue
        deadline = request_deadline if request.headers_finished else head_deadline
        if now - channel.request_started > deadline:
            what = "the request" if request.headers_finished else "the request head"
            late = generic_error(408, "Request Timeout", f"Request Timeout: {what} did not arrive within {deadline:g} seconds.")
            try:
                channel.write_soon(raw_response(late))
                channel.close_when_flushed = True
            except Exception:  # noqa: BLE001 - the client is already gone: just close
                channel.will_close = True
            closed += 1
    return closed


def make_room(server: Any) -> bool:
    """At the connection limit, close the connection that has waited longest without a complete request.

    Returns True when one was closed (or is already closing), so a waiting client can be accepted next.
    """
    oldest = None
    for channel in server.active_channels.values():
        if channel.will_close:
            return True  # one closes on the next turn of the loop: room comes then
        if _waiting(channel) and (oldest is None or channel.request_started < oldest.request_started):
            oldest = channel
    if oldest is None:
        return False
    oldest.will_close = True  # closed by the loop on its next turn (it becomes writable)
    return True


def _install_on_listener(server: Any, head_deadline: float, request_deadline: float) -> None:
    server.channel_class = FrontChannel
    waitress_maintenance = server.maintenance
    waitress_readable = server.readable

    def maintenance(self: Any, now: float) -> None:
        waitress_maintenance(now)
        close_late_requests(self, real_seconds(), head_deadline, request_deadline)

    def readable(self: Any) -> bool:
        if self.accepting and len(self._map) >= self.adj.connection_limit:
            make_room(self)
        return waitress_readable()

    waitress_accept = server.handle_accept

    def handle_accept(self: Any) -> None:
        # waitress takes one connection per turn of its loop, and each turn visits every open connection:
        # a thousand waiting connections took a second to let in. Take what is waiting, up to the limit.
        for _ in range(ACCEPT_BATCH):
            before = len(self._map)
            waitress_accept()
            if len(self._map) == before or len(self._map) >= self.adj.connection_limit:
                break

    server.maintenance = types.MethodType(maintenance, server)
    server.readable = types.MethodType(readable, server)
    server.handle_accept = types.MethodType(handle_accept, server)


def install_front(server: Any, head_deadline: float = chosen.SERVE_HEAD_DEADLINE,
                  request_deadline: float = chosen.SERVE_REQUEST_DEADLINE) -> Any:
    """Put the front door on a waitress server from `create_server` (every listener of it); returns it.

    Example::

        server = install_front(create_server(app, host="127.0.0.1", port=0), head_deadline=10)
    """
    if isinstance(server, MultiSocketServer):  # one listener per address (e.g. a name with several addresses)
        for listener in list(server.map.values()):
            if isinstance(listener, BaseWSGIServer):
                _install_on_listener(listener, head_deadline, request_deadline)
    else:
        _install_on_listener(server, head_deadline, request_deadline)
    return server
