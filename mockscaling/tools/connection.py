"""One line for a failed connection (verify, proxy, snapshot): the URL and the root cause, not requests' exception chain."""

from __future__ import annotations

import socket
import ssl

import requests


def connection_failure(url: str, exc: BaseException) -> str:
    """`cannot reach URL: <cause>` for a requests/urllib3 failure, the cause dug out of the exception chain.

    Example::

        connection_failure("http://127.0.0.1:9", error)   # 'cannot reach http://127.0.0.1:9: connection refused'
    """
    return f"cannot reach {url}: {connection_cause(exc)}"


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and what caused it, outermost first (urllib3 keeps the cause in `.reason` too)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        reason = getattr(current, "reason", None)
        current = reason if isinstance(reason, BaseException) else (current.__cause__ or current.__context__)
    return seen


def connection_cause(exc: BaseException) -> str:
    """The root cause of a requests/urllib3/socket failure in a few words (`connection refused (...)`)."""
    chain = _chain(exc)
    if any(isinstance(e, (requests.Timeout, socket.timeout, TimeoutError)) for e in chain):
        return "no answer in time (timed out)"
    for error in chain:
        if isinstance(error, socket.gaierror):
            return f"the host name does not resolve ({error.strerror or error})"
        if isinstance(error, ssl.SSLError):
            return f"TLS failed ({getattr(error, 'reason', None) or error})"
        if isinstance(error, ConnectionRefusedError):
            return "connection refused (is the server running on that port?)"
        if isinstance(error, OSError) and error.strerror:
            return error.strerror[0].lower() + error.strerror[1:]
    text = str(chain[-1]) or type(chain[-1]).__name__
    if "Name or service not known" in text or "nodename nor servname" in text or "Failed to resolve" in text:
        return "the host name does not resolve"
    if "Connection refused" in text:
        return "connection refused (is the server running on that port?)"
    return text.splitlines()[0][:200]
