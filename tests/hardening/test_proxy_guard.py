"""`mockscaling proxy` behind the same guard and limits as `serve` (N1, N3, N4, N6)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import pytest
import requests

from mockscaling import chosen, create_app
from mockscaling.tools.proxy import ValidatingProxy
from mockscaling.web.guard import GuardSettings
from mockscaling.web.server import ThreadedServer, free_port

from ..support import ADMIN_KEY, BOB, Reply, assert_error
from ..test_cli import ENV, ROOT

pytestmark = pytest.mark.socket
AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}
TOKEN = "proxy-t0ken"
HEADER = chosen.CONTROL_TOKEN_HEADER


def reply_of(response: requests.Response) -> Reply:
    return Reply(response.status_code, response.headers, response.json() if response.content else None, response.text)


@pytest.fixture
def upstream():
    with ThreadedServer(create_app()) as server:
        yield server


def _journal(server) -> list[dict]:
    return requests.get(server.url + "/_mock/requests", timeout=5).json()["data"]["requests"]


def _proxy(upstream_url: str, **options):
    return ThreadedServer(ValidatingProxy(upstream_url, echo=lambda line: None, **options))


def test_a_rebound_host_name_is_refused_before_anything_is_forwarded(upstream):
    with _proxy(upstream.url, guard=GuardSettings()) as proxy:
        evil = {"Host": "rebound.evil.example", "Content-Type": "application/json"}
        assert_error(reply_of(requests.get(proxy.url + "/_mock/state", headers=evil, timeout=5)), 400,
                     "invalid_request_error", "invalid_host")
        created = requests.post(proxy.url + "/v1/incidents", headers={**AUTH, **evil}, timeout=5,
                                json={"title": "rebound", "severity": "low", "ownerId": BOB})
        assert_error(reply_of(created), 400, "invalid_request_error", "invalid_host")
        ok = requests.get(proxy.url + "/v1/incidents", headers=AUTH, timeout=5)
        assert ok.status_code == 200
    assert not any(entry["path"] == "/v1/incidents" and entry["method"] == "POST" for entry in _journal(upstream))


def test_a_token_guards_the_control_plane_and_the_console_through_the_proxy(upstream):
    with _proxy(upstream.url, guard=GuardSettings(control_token=TOKEN)) as proxy:
        for path in ("/_mock/state", "/"):
            refused = requests.get(proxy.url + path, timeout=5)
            assert_error(reply_of(refused), 401, "not_authorized_error", "invalid_control_token")
        assert requests.get(proxy.url + "/_mock/clock", headers={HEADER: TOKEN}, timeout=5).status_code == 200
        plain = requests.post(proxy.url + "/_mock/reset", headers={HEADER: TOKEN, "Content-Type": "text/plain"}, data="{}",
                              timeout=5)
        assert_error(reply_of(plain), 415, "invalid_request_error", "unsupported_media_type")


def test_a_request_target_naming_another_host_is_refused(upstream):
    with ThreadedServer(create_app()) as other, _proxy(upstream.url) as proxy:
        with socket.create_connection((proxy.host, proxy.port), timeout=5) as sock:
            sock.sendall(f"GET @127.0.0.1:{other.port}/v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                         f"Cookie: session=secret\r\nAuthorization: Bearer {ADMIN_KEY}\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := sock.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 400"), head
        assert json.loads(body)["code"] == "bad_request"
        assert _journal(other) == []  # nothing reached the other host


def test_an_encoded_path_stays_a_path_upstream(upstream):
    with _proxy(upstream.url) as proxy:
        with socket.create_connection((proxy.host, proxy.port), timeout=5) as sock:
            sock.sendall(b"GET /v1/incidents/a%3Fb%23c?limit=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            while sock.recv(65536):
                pass
    (entry,) = [e for e in _journal(upstream) if e["path"].startswith("/v1/incidents/")]
    assert entry["path"] == "/v1/incidents/a?b#c" and entry["query"] == {"limit": "1"}


def test_cookies_are_not_forwarded_unless_asked(upstream):
    for forward, expected in ((False, None), (True, "****cret")):  # the journal masks it
        with _proxy(upstream.url, forward_cookies=forward) as proxy:
            requests.get(proxy.url + "/v1/incidents", headers={**AUTH, "Cookie": "session=secret"}, timeout=5)
        sent = [entry for entry in _journal(upstream) if entry["path"] == "/v1/incidents"][-1]["headers"]
        assert {k.lower(): v for k, v in sent.items()}.get("cookie") == expected


def test_a_body_over_the_cap_is_refused_unread(upstream):
    with _proxy(upstream.url, max_body_bytes=64 * 1024) as proxy:
        with socket.create_connection((proxy.host, proxy.port), timeout=5) as sock:
            sock.sendall(b"POST /v1/incidents HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                         b"Content-Length: 314572800\r\n\r\n")  # announces 300 MiB
            sock.settimeout(5)
            head = b""
            try:
                while chunk := sock.recv(65536):
                    head += chunk
            except ConnectionResetError:  # the server hung up on the rest of the body
                pass
        assert head.startswith(b"HTTP/1.1 413"), head
        assert b'"request_entity_too_large"' in head


def test_recordings_mask_every_secret(upstream, tmp_path):
    record = tmp_path / "exchanges.jsonl"
    with _proxy(upstream.url, record_path=str(record), masked=["X-Session", "password"]) as proxy:
        requests.post(proxy.url + "/v1/incidents", timeout=5, json={"title": "t", "severity": "low", "ownerId": BOB,
                                                                  "password": "hunter2-hunter2"},
                      headers={**AUTH, "Cookie": "sid=cookie-secret-1234", "X-Api-Key": "apikey-secret-5678",
                               "X-Session": "session-secret-9012"})
        requests.get(proxy.url + "/_mock/clock", params={"token": "query-secret-3456"}, timeout=5)
    text = record.read_text()
    for secret in (ADMIN_KEY, "cookie-secret", "apikey-secret", "session-secret", "hunter2-hunter2", "query-secret"):
        assert secret not in text, secret
    entry = json.loads(text.splitlines()[0])
    assert entry["requestHeaders"]["cookie"].endswith("1234") and entry["requestBody"]["password"].startswith("****")


def test_the_proxy_command_has_serve_s_guard_and_limits(tmp_path):
    port = free_port()
    upstream_port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mockscaling", "proxy", "--upstream", f"http://127.0.0.1:{upstream_port}", "--port", str(port),
         "--host", "0.0.0.0", "--control-token", TOKEN, "--max-body-bytes", "2048", "--max-state-bytes", "4096",
         "--json", str(tmp_path / "r.json"), "--junit-xml", str(tmp_path / "r.xml")],
        cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                first = requests.get(url + "/_mock/state", timeout=1)
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.05)
        assert_error(reply_of(first), 401, "not_authorized_error", "invalid_control_token")
        evil = requests.get(url + "/v1/incidents", headers={"Host": "rebound.evil.example"}, timeout=5)
        assert_error(reply_of(evil), 400, "invalid_request_error", "invalid_host")
        big = requests.post(url + "/v1/incidents", headers=AUTH, data=b"x" * 3000, timeout=5)
        assert_error(reply_of(big), 413, "invalid_request_error", "request_entity_too_large")
        state = requests.post(url + "/_mock/state", headers={HEADER: TOKEN, "Content-Type": "application/json"},
                              data=b"x" * 3000, timeout=5)  # under the state cap: forwarded (and the upstream is down)
        assert_error(reply_of(state), 502, chosen.BAD_GATEWAY_TYPE, chosen.BAD_GATEWAY_CODE)
        bigger = requests.post(url + "/_mock/state", headers={HEADER: TOKEN, "Content-Type": "application/json"},
                               data=b"x" * 5000, timeout=5)
        assert_error(reply_of(bigger), 413, "invalid_request_error", "request_entity_too_large")
        gone = requests.get(url + "/v1/incidents", headers=AUTH, timeout=5)  # upstream not running
        assert_error(reply_of(gone), 502, chosen.BAD_GATEWAY_TYPE, chosen.BAD_GATEWAY_CODE)
        idle = [socket.create_connection(("127.0.0.1", port), timeout=5) for _ in range(150)]  # waitress's limit: 100
        try:
            assert requests.get(url + "/v1/incidents", headers=AUTH, timeout=5).status_code == 502
        finally:
            for sock in idle:
                sock.close()
    finally:
        process.terminate()
        out, _ = process.communicate(timeout=15)
    assert "WARNING" in out and TOKEN in out


def test_the_journal_masks_the_same_secrets(upstream):
    requests.get(upstream.url + "/v1/incidents", timeout=5,
                 headers={**AUTH, "Cookie": "sid=cookie-secret-1234", "X-Api-Key": "apikey-secret-5678"})
    entry = [e for e in _journal(upstream) if e["path"] == "/v1/incidents"][-1]
    headers = {k.lower(): v for k, v in entry["headers"].items()}
    assert headers["cookie"] == "****1234" and headers["x-api-key"] == "****5678"
    assert ADMIN_KEY not in json.dumps(entry)
