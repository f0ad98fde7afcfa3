"""`mockscaling serve` explains itself: one-line startup errors, the bound port, IPv6 URLs, a line per request."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from mockscaling.tools import cli
from mockscaling import create_app
from mockscaling.web.request_log import install_request_log

from .support import ADMIN_KEY

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONUNBUFFERED="1")
ORIGIN = "http://localhost:5173"


def serve(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    """Run `mockscaling serve ARGS` to its end (for startup errors)."""
    return subprocess.run([sys.executable, "-m", "mockscaling", "serve", *args], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=timeout)


BANNERS: dict[int, str] = {}


def start(*args: str) -> tuple[subprocess.Popen, str]:
    """Start `mockscaling serve ARGS`; returns the process and the base URL read from its banner."""
    process = subprocess.Popen([sys.executable, "-m", "mockscaling", "serve", *args], cwd=ROOT, env=ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    banner = ""
    while "Press Ctrl-C" not in banner:
        line = process.stdout.readline()
        assert line, (banner, process.poll())
        banner += line
    BANNERS[process.pid] = banner
    match = re.search(r"at (http://\S+)/v1 ", banner)
    assert match, banner
    return process, match.group(1)


def stop(process: subprocess.Popen) -> tuple[str, str]:
    """Ctrl-C; returns everything it printed (banner included) and its stderr."""
    process.send_signal(signal.SIGINT)
    rest = process.stdout.read()  # the same buffered reader that read the banner
    err = process.stderr.read()
    process.wait(timeout=15)
    return BANNERS.pop(process.pid) + rest, err


def assert_one_line_error(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 1, result
    assert result.stdout == "", result.stdout  # no banner first
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def test_a_port_in_use_is_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert_one_line_error(serve("--port", str(port)), str(port), "in use")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--host", "no-such-host.invalid"], ["no-such-host.invalid"]),
        (["--cors-origin", "^http://(unclosed"], ["--cors-origin", "regular expression"]),
        (["--cors-header", "bad header"], ["--cors-header", "bad header"]),
    ],
    ids=["bad-host", "bad-regex", "bad-header"],
)
def test_bad_options_are_one_line(args, words):
    assert_one_line_error(serve("--port", "0", *args), *words)


def test_port_zero_prints_the_bound_port_and_logs_requests():
    process, base = start("--port", "0")
    try:
        port = int(base.rsplit(":", 1)[1])
        assert port > 0
        reply = requests.get(base + "/v1/incidents?limit=5", headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=5)
        assert reply.status_code == 200
        assert requests.get(base + "/v1/incidents", timeout=5).status_code == 401
    finally:
        out, err = stop(process)
    lines = [line for line in out.splitlines() if " /v1/incidents" in line]
    assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3} GET /v1/incidents\?limit=5 200 \d+\.\d ms user_ada", lines[0]), lines
    assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d{3} GET /v1/incidents 401 \d+\.\d ms -", lines[1]), lines
    assert f"{base}/status/acme" in out and "Traceback" not in err


def test_quiet_silences_the_request_lines():
    process, base = start("--port", "0", "--quiet")
    try:
        assert requests.get(base + "/_mock/clock", timeout=5).status_code == 200
    finally:
        out, _ = stop(process)
    assert "/_mock/clock" not in out and "API key" in out


def test_ipv6_urls_are_bracketed():
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("::1 is not available here")
    process, base = start("--host", "::1", "--port", "0", "--quiet")
    try:
        assert re.fullmatch(r"http://\[::1\]:\d+", base), base
        assert requests.get(base + "/_mock/clock", timeout=5).status_code == 200
    finally:
        stop(process)


def test_the_log_line_of_a_dropped_connection():
    app = create_app()
    lines: list[str] = []
    install_request_log(app, lines.append)
    app.test_client().get("/v1/components", headers={"Authorization": f"Bearer {ADMIN_KEY}"})
    from mockscaling import ConnectionDropped, get_store

    get_store(app).add_fault("/v1/*", network="close")
    with pytest.raises(ConnectionDropped):
        app.test_client().get("/v1/components")
    assert re.fullmatch(r"\S+ GET /v1/components 200 \d+\.\d ms user_ada", lines[0])
    assert re.fullmatch(r"\S+ GET /v1/components dropped \d+\.\d ms -", lines[1])


def served_app(monkeypatch, *args: str):
    captured = {}
    monkeypatch.setattr("mockscaling.web.server.run_bound", lambda server: captured.setdefault("app", server.mockscaling_app))
    result = CliRunner().invoke(cli.main, ["serve", "--port", "0", "--quiet", *args])
    assert result.exit_code == 0, result.output
    return captured["app"]


def test_cors_header_allows_more_request_headers(monkeypatch):
    app = served_app(monkeypatch, "--cors-header", "sentry-trace", "--cors-header", "traceparent")
    reply = app.test_client().options("/v1/incidents", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization, sentry-trace, traceparent",
    })
    allowed = {name.strip().lower() for name in reply.headers["Access-Control-Allow-Headers"].split(",")}
    assert {"authorization", "sentry-trace", "traceparent"} <= allowed
    plain = served_app(monkeypatch).test_client().options("/v1/incidents", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "GET", "Access-Control-Request-Headers": "sentry-trace"})
    assert "sentry-trace" not in plain.headers.get("Access-Control-Allow-Headers", "").lower()


def test_openapi_json_answers_cors(monkeypatch):
    app = served_app(monkeypatch)
    reply = app.test_client().get("/openapi.json", headers={"Origin": ORIGIN})
    assert reply.status_code == 200 and reply.headers["Access-Control-Allow-Origin"] == ORIGIN
