"""One guard for every surface: the console at / sits behind the same Host check and token as /_mock (N2)."""

from __future__ import annotations

import pytest

from mockscaling import chosen, create_app, get_store
from mockscaling.web.guard import GuardSettings, check_request, needs_token

from ..support import ADMIN_KEY, FlaskApiClient, assert_error

TOKEN = "console-t0ken"
HEADER = chosen.CONTROL_TOKEN_HEADER


def exposed():
    """An app as `serve --host 0.0.0.0 --control-token TOKEN` builds it."""
    app = create_app(config={"MOCKSCALING_GUARD": True, "MOCKSCALING_CONTROL_TOKEN": TOKEN},
                     cors_origins=list(chosen.DEFAULT_CORS_ORIGINS))
    client = FlaskApiClient(app)
    client.new_incident()
    get_store(app).add_fault("/v1/*", status=500, api_key=ADMIN_KEY)
    return app, client


def console(client, headers=None, params=None):
    """GET / as sent (the API client would put /v1 in front of it)."""
    return client._send("GET", "/", None, headers or {}, params)


def test_the_console_without_the_token_is_401_and_shows_nothing():
    _, client = exposed()
    reply = console(client)
    assert_error(reply, 401, "not_authorized_error", "invalid_control_token")
    assert ADMIN_KEY not in reply.text


@pytest.mark.parametrize("how", ["header", "query"])
def test_the_console_with_the_token_carries_it_for_its_own_calls(how):
    _, client = exposed()
    reply = console(client, **({"headers": {HEADER: TOKEN}} if how == "header" else {"params": {"token": TOKEN}}))
    assert reply.status == 200
    assert f'<meta name="mockscaling-token" content="{TOKEN}">' in reply.text
    assert HEADER in reply.text  # the script sends the header on its refresh and control calls
    # its incident links carry the token too, so following one is not a 401
    assert f"?token={TOKEN}" in reply.text


def test_the_console_query_token_is_not_accepted_for_writes():
    _, client = exposed()
    reply = client.request("POST", "/_mock/reset", key=None, json={}, params={"token": TOKEN})
    assert_error(reply, 401, "not_authorized_error", "invalid_control_token")
    assert client.request("POST", "/_mock/reset", key=None, json={}, headers={HEADER: TOKEN}).status == 200


def test_the_console_refuses_a_rebound_host_name():
    _, client = exposed()
    reply = console(client, headers={HEADER: TOKEN, "Host": "rebound.evil.example"})
    assert_error(reply, 400, "invalid_request_error", "invalid_host")


def test_a_loopback_console_without_a_token_still_opens():
    app = create_app(config={"MOCKSCALING_GUARD": True})
    reply = console(FlaskApiClient(app))
    assert reply.status == 200 and 'content=""' in reply.text


@pytest.mark.parametrize("path, guarded", [("/", True), ("/_mock", True), ("/_mock/state", True), ("/mcp", True),
                                           ("/mcp/x", True), ("/v1/incidents", False), ("/_mockery", False),
                                           ("/status/acme", False), ("/openapi.json", False)])
def test_the_token_paths(path, guarded):
    assert needs_token(path) is guarded
    environ = {"PATH_INFO": path, "REQUEST_METHOD": "GET", "HTTP_HOST": "127.0.0.1:5050"}
    settings = GuardSettings(control_token=TOKEN)
    if guarded:
        with pytest.raises(Exception) as refused:
            check_request(settings, environ)
        assert refused.value.code == "invalid_control_token"
    else:
        assert check_request(settings, environ) is None


@pytest.mark.socket
def test_serve_on_the_network_prints_the_console_address_with_its_token():
    import requests

    from mockscaling.web.server import free_port

    from ..test_cli import _start, _stop, _wait_until_up

    port = free_port()
    process = _start("--host", "0.0.0.0", "--port", str(port), "--control-token", TOKEN, "--quiet")
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process)
        assert requests.get(url + "/", timeout=5).status_code == 401
        page = requests.get(url + "/", params={"token": TOKEN}, timeout=5)
        assert page.status_code == 200 and TOKEN in page.text
    finally:
        _, out, _ = _stop(process)
    assert f"/?token={TOKEN}" in out
