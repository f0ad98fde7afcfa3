"""What waitress refuses before the app sees it is answered in the envelope (F10), and slow or idle clients cannot
hold the door (F7): deadlines for a trickling request, and room made at the connection limit."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid

import pytest
import requests

from mockscaling import create_app
from mockscaling.web.server import ThreadedServer

from ..support import ADMIN_KEY

pytestmark = pytest.mark.socket
AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}


def exchange(port: int, raw: bytes) -> bytes:
    """Send `raw` on a fresh connection and read the answer until the server closes it."""
    answer = b""

    def send() -> None:
        try:
            sock.sendall(raw)
        except OSError:  # the server answered and hung up before taking it all (a 1 MiB header)
            pass

    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sender = threading.Thread(target=send)  # read the answer while sending, before any reset can drop it
        sender.start()
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            pass
        sender.join()
    return answer


def check_envelope(answer: bytes, status: int, type_: str, code: str) -> dict:
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.split(b" ", 2)[1] == str(status).encode(), head
    headers = dict(line.split(": ", 1) for line in head.decode("latin-1").split("\r\n")[1:])
    assert headers["Content-Type"] == "application/json"
    document = json.loads(body)
    assert set(document) == {"statusCode", "type", "code", "requestId", "message"}
    assert (document["statusCode"], document["type"], document["code"]) == (status, type_, code), document
    assert uuid.UUID(document["requestId"]) and headers["X-Request-Id"] == document["requestId"]
    return document


REFUSED_BY_WAITRESS = [
    ("nul-in-header", b"GET /v1/incidents HTTP/1.1\r\nHost: a\r\nX-A: a\x00b\r\n\r\n", 400, "bad_request"),
    ("huge-header", b"GET /v1/incidents HTTP/1.1\r\nHost: a\r\nX-A: " + b"a" * (1 << 20) + b"\r\n\r\n", 431,
     "request_header_fields_too_large"),
    ("non-utf8-target", b"GET /v1/\xff\xfe HTTP/1.1\r\nHost: a\r\n\r\n", 400, "bad_request"),
    ("body-over-cap", b"POST /_mock/state HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999\r\n\r\n", 413,
     "request_entity_too_large"),
]


@pytest.mark.parametrize("raw, status, code", [case[1:] for case in REFUSED_BY_WAITRESS],
                         ids=[case[0] for case in REFUSED_BY_WAITRESS])
def test_refusals_before_the_app_are_in_the_envelope(raw, status, code):
    with ThreadedServer(create_app()) as server:
        document = check_envelope(exchange(server.port, raw), status, "invalid_request_error", code)
        assert "waitress" not in document["message"]


def test_an_unsupported_transfer_encoding_is_in_the_envelope():
    with ThreadedServer(create_app()) as server:
        raw = b"POST /v1/incidents HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n"
        check_envelope(exchange(server.port, raw), 501, "internal_error", "not_implemented")


def _trickle(sock: socket.socket, stop: threading.Event, every: float) -> None:
    """Send a request head one header line at a time, never finishing it."""
    try:
        sock.sendall(b"GET /v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.wait(every):
            sock.sendall(b"X-Slow: 1\r\n")
    except OSError:
        pass  # the server closed it


def test_a_trickling_head_is_answered_408_after_the_head_deadline():
    with ThreadedServer(create_app(), head_deadline=1, cleanup_interval=1, idle_timeout=60) as server:
        sock = socket.create_connection((server.host, server.port), timeout=10)
        stop = threading.Event()
        started = time.monotonic()
        sender = threading.Thread(target=_trickle, args=(sock, stop, 0.2))
        sender.start()
        try:
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        finally:
            stop.set()
            sender.join()
            sock.close()
        waited = time.monotonic() - started
    check_envelope(answer, 408, "invalid_request_error", "request_timeout")
    assert 1 <= waited < 5, waited  # the idle timeout (60 s) never came into it


def test_new_clients_are_served_within_a_second_while_tricklers_fill_every_slot():
    """F7 at a small scale: more trickling connections than the limit (the full scale is
    benchmarks/trickle_clients.py)."""
    stop = threading.Event()
    senders = []
    with ThreadedServer(create_app(), connection_limit=40, idle_timeout=60) as server:
        try:
            for _ in range(60):
                sock = socket.create_connection((server.host, server.port), timeout=10)
                sender = threading.Thread(target=_trickle, args=(sock, stop, 0.3), daemon=True)
                sender.start()
                senders.append((sock, sender))
            time.sleep(0.5)
            for _ in range(3):
                started = time.monotonic()
                reply = requests.get(server.url + "/v1/incidents", headers=AUTH, timeout=10)
                waited = time.monotonic() - started
                assert reply.status_code == 200 and waited < 1, waited
        finally:
            stop.set()
            for sock, sender in senders:
                sender.join()
                sock.close()
