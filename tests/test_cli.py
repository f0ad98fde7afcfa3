"""`mockscaling serve` as a real process: banner, answers, clean Ctrl-C, seeds and a clear error for a bad seed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from mockscaling.web.server import free_port

from .support import ADMIN_KEY, GLOBEX_KEY, MEMBER_KEY

ROOT = Path(__file__).resolve().parents[1]
ENV = dict(os.environ, PYTHONUNBUFFERED="1")


def _start(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "mockscaling", "serve", *args],
        cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            requests.get(url + "/_mock/clock", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.05)
    raise AssertionError("the server did not come up")


def _stop(process: subprocess.Popen) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=15)
    return process.returncode, out, err


@pytest.fixture
def running():
    """Start `mockscaling serve` with the given arguments; always stopped at the end."""
    started: list[subprocess.Popen] = []

    def start(*args: str) -> tuple[subprocess.Popen, str]:
        port = free_port()
        process = _start("--port", str(port), *args)
        started.append(process)
        url = f"http://127.0.0.1:{port}"
        _wait_until_up(url, process)
        return process, url

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_serve_default_seed(running):
    process, url = running("--seed", "default")
    reply = requests.get(url + "/v1/incidents", headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=5)
    assert reply.status_code == 200 and reply.json() == {"data": {"incidents": [], "nextCursor": None}}
    code, out, err = _stop(process)
    assert code == 0, err
    assert url in out
    for key in (ADMIN_KEY, MEMBER_KEY, GLOBEX_KEY):
        assert key in out
    assert "Traceback" not in err


def test_serve_empty_seed(running):
    process, url = running("--seed", "empty")
    reply = requests.get(url + "/v1/incidents", headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=5)
    assert reply.status_code == 401 and reply.json()["code"] == "invalid_api_key"
    code, out, _ = _stop(process)
    assert code == 0 and "scl_live_" not in out


def test_serve_seed_file(running, tmp_path):
    key = "scl_live_" + "f" * 32
    seed = {
        "organizations": [{
            "id": "org_file", "name": "From a file",
            "members": [{"id": "user_fi", "email": "fi@file.test", "firstName": "Fi", "lastName": "Le", "role": "org:admin", "apiKey": key}],
            "components": [{"name": "Only component"}],
        }]
    }
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed))
    process, url = running("--seed", str(path))
    reply = requests.get(url + "/v1/components", headers={"Authorization": f"Bearer {key}"}, timeout=5)
    assert reply.status_code == 200 and [c["name"] for c in reply.json()["data"]["components"]] == ["Only component"]
    code, out, _ = _stop(process)
    assert code == 0 and key in out and ADMIN_KEY not in out


@pytest.mark.parametrize(
    "content",
    [None, "{not json", "[1, 2]", json.dumps({"organizations": [{"id": "org_x"}]}), b"\xff\xfe{}",
     (ROOT / "mockscaling/worlds/seeds/default.json").read_text("utf-8").replace('"Web app"', '"Web \\ud800 app"')],
    ids=["missing", "not-json", "not-object", "wrong-shape", "not-utf8", "lone-surrogate"],
)
def test_bad_seed_is_a_clear_error(tmp_path, content):
    path = tmp_path / "seed.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content)
    result = subprocess.run(
        [sys.executable, "-m", "mockscaling", "serve", "--port", str(free_port()), "--seed", str(path)],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=30,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "seed" in result.stderr.lower() and "Error" in result.stderr
