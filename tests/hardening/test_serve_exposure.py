"""Issue 12 §2: `serve` on a network address warns, and protects /_mock with a token unless told not to."""

from __future__ import annotations

import re

import pytest
import requests

from mockscaling import chosen
from mockscaling.web.server import free_port
from mockscaling.web.guard import serve_guard

from ..test_cli import _start, _stop, _wait_until_up

HEADER = chosen.CONTROL_TOKEN_HEADER


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_a_loopback_bind_needs_no_token_and_prints_no_warning(host):
    config, notes = serve_guard(host)
    assert config["MOCKSCALING_GUARD"] is True
    assert "MOCKSCALING_CONTROL_TOKEN" not in config and notes == []


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "mock.lan"])
def test_a_network_bind_warns_and_gets_a_random_token(host):
    config, notes = serve_guard(host)
    token = config["MOCKSCALING_CONTROL_TOKEN"]
    assert len(token) >= 32 and token != serve_guard(host)[0]["MOCKSCALING_CONTROL_TOKEN"]
    assert notes[0].startswith("WARNING") and host in notes[0]
    assert any(token in note for note in notes)


def test_a_given_token_is_used_even_on_loopback():
    config, notes = serve_guard("127.0.0.1", control_token="abc")
    assert config["MOCKSCALING_CONTROL_TOKEN"] == "abc" and "abc" in notes[-1]


def test_the_token_can_be_turned_off_explicitly_with_a_warning():
    config, notes = serve_guard("0.0.0.0", no_control_token=True)
    assert "MOCKSCALING_CONTROL_TOKEN" not in config
    assert len(notes) == 2 and "--no-control-token" in notes[1]


@pytest.mark.socket
def test_serve_on_all_interfaces_prints_the_token_and_enforces_it():
    port = free_port()
    process = _start("--host", "0.0.0.0", "--port", str(port))
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        assert requests.get(url + "/_mock/state", timeout=5).status_code == 401
        evil = requests.get(url + "/v1/incidents", headers={"Host": "rebound.evil.example"}, timeout=5)
        assert evil.status_code == 400 and evil.json()["code"] == "invalid_host"
    finally:
        code, out, err = _stop(process)
    token = re.search(rf"{HEADER}: (\S+)'", out)
    assert "WARNING" in out and token, out
    del code, err


@pytest.mark.socket
def test_serve_with_a_known_token_accepts_it_and_requires_json_writes():
    port = free_port()
    process = _start("--host", "0.0.0.0", "--port", str(port), "--control-token", "s3cret-token")
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        headers = {HEADER: "s3cret-token"}
        assert requests.get(url + "/_mock/state", headers=headers, timeout=5).status_code == 200
        plain = requests.post(url + "/_mock/reset", headers={**headers, "Content-Type": "text/plain"}, data="{}", timeout=5)
        assert plain.status_code == 415
        assert requests.post(url + "/_mock/reset", headers=headers, json={}, timeout=5).status_code == 200
    finally:
        _stop(process)
