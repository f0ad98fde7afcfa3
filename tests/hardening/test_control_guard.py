"""Issue 12 §2: no web page can drive the control plane; DNS rebinding and the network are kept out."""

from __future__ import annotations

import pytest

from mockscaling import chosen, create_app, get_store

from ..support import ADMIN_KEY, FlaskApiClient, assert_error

TOKEN = "t0ken-for-tests"


def guarded(**config):
    """An app as `serve` builds it (guard on, serve's default CORS origins), plus `config`."""
    app = create_app(config={"MOCKSCALING_GUARD": True, **config}, cors_origins=list(chosen.DEFAULT_CORS_ORIGINS))
    return app, FlaskApiClient(app)


def _incidents(app) -> int:
    return len(get_store(app).incidents)


def test_in_process_apps_are_unaffected_text_plain_reset_still_works(inproc):
    reply = inproc.request("POST", "/_mock/reset", key=None, data="{}", headers={"Content-Type": "text/plain"})
    assert reply.status == 200
    reply = inproc.get("/v1/incidents", headers={"Host": "api.scaling.cloud", "Origin": "https://evil.example"})
    assert reply.status == 200


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
@pytest.mark.parametrize("path", ["/_mock/reset", "/_mock/state", "/_mock/faults", "/_mock/status-pages"])
def test_control_writes_without_json_content_type_are_415_and_change_nothing(path, content_type):
    app, client = guarded()
    client.new_incident()
    headers = {"Content-Type": content_type} if content_type else {}
    reply = client.request("POST", path, key=None, data='{"path": "/v1/*", "status": 500}', headers=headers)
    assert_error(reply, 415, "invalid_request_error", "unsupported_media_type")
    assert _incidents(app) == 1 and not get_store(app).list_faults() if hasattr(get_store(app), "list_faults") else True


def test_control_writes_with_json_work_without_a_body():
    app, client = guarded()
    client.new_incident()
    reply = client.request("POST", "/_mock/reset", key=None, headers={"Content-Type": "application/json"})
    assert reply.status == 200, reply.text
    assert _incidents(app) == 0


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://localhost.evil.example", "http://127.0.0.1.evil.example"])
def test_a_foreign_origin_cannot_write_to_the_control_plane(origin):
    app, client = guarded()
    client.new_incident()
    reply = client.post("/_mock/reset", key=None, json={}, headers={"Origin": origin})
    assert_error(reply, 403, "forbidden_error", "origin_not_allowed")
    assert _incidents(app) == 1


@pytest.mark.parametrize("origin", ["http://localhost:3000", "http://127.0.0.1:5173"])
def test_origins_the_cors_settings_allow_can_write(origin):
    _, client = guarded()
    assert client.post("/_mock/reset", key=None, json={}, headers={"Origin": origin}).status == 200


def test_the_servers_own_origin_can_write_so_the_console_works():
    """A same-origin fetch sends Origin too; a page served by the fake itself must keep working."""
    _, client = guarded(MOCKSCALING_ALLOWED_HOSTS=["mock.lan"])
    headers = {"Host": "mock.lan:5050", "Origin": "http://mock.lan:5050"}
    assert client.post("/_mock/clock", key=None, json={"advance": 1}, headers=headers).status == 200
    headers = {"Host": "192.168.1.5:5050", "Origin": "http://192.168.1.5:5050"}
    assert client.post("/_mock/clock", key=None, json={"advance": 1}, headers=headers).status == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:5050", "attacker.rebind.test:80", "localhost.evil.example"])
@pytest.mark.parametrize("path", ["/v1/incidents", "/_mock/state", "/status/acme.json", "/openapi.json"])
def test_a_host_name_that_is_not_loopback_is_refused_dns_rebinding(host, path):
    _, client = guarded()
    reply = client.get(path, headers={"Host": host})
    assert_error(reply, 400, "invalid_request_error", "invalid_host")


@pytest.mark.parametrize("host", ["localhost", "localhost:5050", "127.0.0.1:5050", "[::1]:5050", "app.localhost", "10.0.0.7:5050"])
def test_loopback_names_and_ip_literals_are_accepted(host):
    _, client = guarded()
    assert client.get("/v1/incidents", headers={"Host": host}).status == 200


def test_allowed_host_names_another_name():
    _, client = guarded(MOCKSCALING_ALLOWED_HOSTS=["mock.lan"])
    assert client.get("/v1/incidents", headers={"Host": "mock.lan:5050"}).status == 200
    assert client.get("/v1/incidents", headers={"Host": "other.lan"}).status == 400


def test_a_control_token_protects_every_control_request_but_not_the_api():
    _, client = guarded(MOCKSCALING_CONTROL_TOKEN=TOKEN)
    assert_error(client.get("/_mock/state", key=None), 401, "not_authorized_error", "invalid_control_token")
    reply = client.get("/_mock/state", key=None, headers={chosen.CONTROL_TOKEN_HEADER: "wrong"})
    assert_error(reply, 401, "not_authorized_error", "invalid_control_token")
    assert client.get("/_mock/state", key=None, headers={chosen.CONTROL_TOKEN_HEADER: TOKEN}).status == 200
    assert client.get("/v1/incidents", key=ADMIN_KEY).status == 200


def test_a_cors_preflight_to_the_control_plane_needs_no_token():
    _, client = guarded(MOCKSCALING_CONTROL_TOKEN=TOKEN)
    reply = client.request("OPTIONS", "/_mock/reset", key=None, headers={
        "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, x-mockscaling-token"})
    assert reply.status == 200
    assert "x-mockscaling-token" in reply.headers.get("Access-Control-Allow-Headers", "").lower()
