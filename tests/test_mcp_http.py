"""The MCP surface on a socket (contract §7.1): auth answers, OAuth with the SDK's own client, bad HTTP input."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
from urllib.parse import parse_qs, urlparse

import httpx2
import pytest
import requests
from mcp import Client
from mcp.client.auth import OAuthClientProvider
from mcp.client.streamable_http import streamable_http_client
from mockscaling.domain.errors import InvalidHost
from mcp.shared.auth import AuthorizationCodeResult, OAuthClientInformationFull, OAuthClientMetadata, OAuthToken

INITIALIZE = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
    "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}
MCP_HEADERS = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def bearer(token: str) -> dict[str, str]:
    return {**MCP_HEADERS, "Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("authorization", [None, "Bearer mcp_at_unknown", "Bearer " + "scl_live_" + "a" * 32])
def test_no_valid_token_is_401_with_resource_metadata(mockscaling_server, authorization):
    headers = dict(MCP_HEADERS) | ({"Authorization": authorization} if authorization else {})
    reply = requests.post(mockscaling_server.url + "/mcp", json=INITIALIZE, headers=headers, timeout=10)
    assert reply.status_code == 401
    challenge = reply.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer ") and 'resource_metadata="' in challenge
    metadata_url = challenge.split('resource_metadata="', 1)[1].split('"', 1)[0]
    metadata = requests.get(metadata_url, timeout=10).json()
    assert metadata["resource"] == mockscaling_server.url + "/mcp"


def test_expired_and_revoked_tokens_are_401(mockscaling_server):
    fake = mockscaling_server
    access, _ = fake.store.issue_mcp_tokens("user_bob")
    assert requests.post(fake.url + "/mcp", json=INITIALIZE, headers=bearer(access.token), timeout=10).status_code == 200
    fake.store.revoke_mcp_connection(access.client_id)
    assert requests.post(fake.url + "/mcp", json=INITIALIZE, headers=bearer(access.token), timeout=10).status_code == 401
    later, _ = fake.store.issue_mcp_tokens("user_bob")
    fake.clock.advance(seconds=3601)
    assert requests.post(fake.url + "/mcp", json=INITIALIZE, headers=bearer(later.token), timeout=10).status_code == 401


def test_metadata_documents(mockscaling_server):
    url = mockscaling_server.url
    server = requests.get(url + "/.well-known/oauth-authorization-server", timeout=10).json()
    assert server["code_challenge_methods_supported"] == ["S256"]
    assert {"authorization_code", "refresh_token"} <= set(server["grant_types_supported"])
    assert server["registration_endpoint"] == url + "/register"
    resource = requests.get(url + "/.well-known/oauth-protected-resource", timeout=10).json()
    assert resource["resource"] == url + "/mcp" and resource["authorization_servers"][0].rstrip("/") == url


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400),
    (b"[" + b",".join([b'{"jsonrpc":"2.0","id":%d,"method":"tools/list"}' % n for n in range(1000)]) + b"]", 400),
    (b'{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_incidents","arguments":[]}}', 200),
    (b"x" * (1024 * 1024 + 1), 413),
])
def test_bad_http_bodies_get_clear_errors(mockscaling_server, body, status):
    fake = mockscaling_server
    access, _ = fake.store.issue_mcp_tokens("user_ada")
    reply = requests.post(fake.url + "/mcp", data=body, headers=bearer(access.token), timeout=30)
    assert reply.status_code == status
    answer = reply.json()
    if status == 200:  # a JSON-RPC error inside a 200: arguments must be an object
        assert answer["error"]["code"] == -32602
    if status == 413:  # the REST envelope, as REST's own 413
        assert (answer["statusCode"], answer["type"], answer["code"]) == (413, "invalid_request_error", "request_entity_too_large")
        assert len(answer["requestId"]) == 36
    assert fake.state()["incidents"] == []


def test_no_stream_is_left_open(mockscaling_server):
    fake = mockscaling_server
    access, _ = fake.store.issue_mcp_tokens("user_ada")
    reply = requests.get(fake.url + "/mcp", headers={**bearer(access.token), "Accept": "text/event-stream"}, timeout=10)
    assert reply.status_code == 405
    assert requests.get(fake.url + "/v1/incidents", headers=fake.headers(), timeout=10).status_code == 200


class MemoryStorage:
    """The SDK client's token storage, in memory."""

    def __init__(self) -> None:
        self.tokens: OAuthToken | None = None
        self.client: OAuthClientInformationFull | None = None

    async def get_tokens(self) -> OAuthToken | None:
        return self.tokens

    async def set_tokens(self, tokens: OAuthToken) -> None:
        self.tokens = tokens

    async def get_client_info(self) -> OAuthClientInformationFull | None:
        return self.client

    async def set_client_info(self, client_info: OAuthClientInformationFull) -> None:
        self.client = client_info


def headless_oauth(url: str, login_hint: str, storage: MemoryStorage) -> OAuthClientProvider:
    """The SDK's client OAuth provider, with the browser step done in code: follow /authorize's redirect."""
    redirect: dict[str, str] = {}

    async def follow(authorization_url: str) -> None:
        reply = requests.get(authorization_url + "&login_hint=" + login_hint, allow_redirects=False, timeout=10)
        assert reply.status_code == 302, reply.text
        redirect["location"] = reply.headers["Location"]

    async def callback() -> AuthorizationCodeResult:
        query = parse_qs(urlparse(redirect["location"]).query)
        return AuthorizationCodeResult(code=query["code"][0], state=query.get("state", [None])[0])

    metadata = OAuthClientMetadata(client_name="Agent under test", redirect_uris=["http://127.0.0.1:1/callback"],
                                   grant_types=["authorization_code", "refresh_token"], response_types=["code"])
    return OAuthClientProvider(url + "/mcp", metadata, storage, redirect_handler=follow, callback_handler=callback)


@pytest.mark.anyio
async def test_the_sdk_oauth_client_completes_the_whole_flow(mockscaling_server):
    fake = mockscaling_server
    fake.given.incident(title="Seen through OAuth")
    storage = MemoryStorage()
    async with httpx2.AsyncClient(auth=headless_oauth(fake.url, "bob@acme.test", storage)) as http:
        async with Client(streamable_http_client(fake.url + "/mcp", http_client=http)) as client:
            result = await client.call_tool("list_incidents", {})
            assert result.structured_content["incidents"][0]["title"] == "Seen through OAuth"
            await client.call_tool("acknowledge_incident", {"sequentialId": 1})
    assert fake.assert_tool_called("acknowledge_incident", times=1)[0].user_id == "user_bob"
    connections = fake.store.list_mcp_connections()
    assert [(c["clientName"], c["userId"], c["orgId"]) for c in connections] == [("Agent under test", "user_bob", "org_acme")]
    assert connections[0]["lastUsedAt"] is not None

    # Refresh: a new pair; the used refresh token is spent.
    client_info = storage.client
    form = {"grant_type": "refresh_token", "refresh_token": storage.tokens.refresh_token, "client_id": client_info.client_id}
    if client_info.client_secret:
        form["client_secret"] = client_info.client_secret
    fresh = requests.post(fake.url + "/token", data=form, timeout=10)
    assert fresh.status_code == 200 and fresh.json()["access_token"] != storage.tokens.access_token
    again = requests.post(fake.url + "/token", data=form, timeout=10)
    assert (again.status_code, again.json()["error"]) == (400, "invalid_grant")
    reply = requests.post(fake.url + "/mcp", json=INITIALIZE, headers=bearer(fresh.json()["access_token"]), timeout=10)
    assert reply.status_code == 200


def _register(url: str) -> dict:
    reply = requests.post(url + "/register", json={"client_name": "pkce", "redirect_uris": ["http://127.0.0.1:1/cb"],
                                                   "grant_types": ["authorization_code", "refresh_token"]}, timeout=10)
    assert reply.status_code == 201, reply.text
    return reply.json()


def _authorize(url: str, client: dict, challenge: str, method: str = "S256", hint: str = "user_bob") -> requests.Response:
    return requests.get(url + "/oauth/authorize", params={
        "response_type": "code", "client_id": client["client_id"], "redirect_uri": "http://127.0.0.1:1/cb",
        "code_challenge": challenge, "code_challenge_method": method, "state": "s", "login_hint": hint,
    }, allow_redirects=False, timeout=10)


def _challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def _exchange(url: str, client: dict, code: str, verifier: str) -> requests.Response:
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": "http://127.0.0.1:1/cb",
            "client_id": client["client_id"], "code_verifier": verifier}
    if client.get("client_secret"):
        form["client_secret"] = client["client_secret"]
    return requests.post(url + "/token", data=form, timeout=10)


def test_pkce_plain_and_wrong_verifier_are_refused(mockscaling_server):
    url = mockscaling_server.url
    client = _register(url)
    verifier = "v" * 50
    plain = _authorize(url, client, verifier, method="plain")
    assert plain.status_code in (302, 400) and "code=" not in plain.headers.get("Location", "")
    good = _authorize(url, client, _challenge(verifier))
    code = parse_qs(urlparse(good.headers["Location"]).query)["code"][0]
    wrong = _exchange(url, client, code, "w" * 50)
    assert (wrong.status_code, wrong.json()["error"]) == (400, "invalid_grant")
    right = _exchange(url, client, code, verifier)
    assert right.status_code == 200 and right.json()["token_type"] == "Bearer"


def test_sign_in_hints(mockscaling_server):
    fake = mockscaling_server
    client = _register(fake.url)
    unknown = _authorize(fake.url, client, _challenge("v" * 50), hint="nobody@nowhere.test")
    assert unknown.status_code in (302, 400) and "code=" not in unknown.headers.get("Location", "")
    assert "error=access_denied" in unknown.headers.get("Location", "error=access_denied")
    gil = fake.store.members["user_gil"]
    fake.store.members["user_gil"] = dataclasses.replace(gil, email="ada@acme.test")  # Ada is in two organizations
    refused = _authorize(fake.url, client, _challenge("v" * 50), hint="ada@acme.test")
    assert refused.status_code == 403
    body = refused.json()
    assert (body["statusCode"], body["type"], body["code"]) == (403, "forbidden_error", "org_selection_required")
    assert len(body["requestId"]) == 36


def test_mcp_off_leaves_rest_alone():
    from mockscaling import create_app

    app = create_app(mcp=False)
    assert app.config["MOCKSCALING_MCP"] is False
    assert app.test_client().post("/mcp", json=INITIALIZE).status_code == 404


def test_control_plane_tokens_connections_and_revoke(mockscaling_server):
    fake = mockscaling_server
    made = requests.post(fake.url + "/_mock/mcp/tokens", json={"userId": "user_bob"}, timeout=10)
    assert made.status_code == 201
    token = made.json()["data"]["accessToken"]
    assert requests.post(fake.url + "/mcp", json=INITIALIZE, headers=bearer(token), timeout=10).status_code == 200
    listed = requests.get(fake.url + "/_mock/mcp/connections", timeout=10).json()["data"]["connections"]
    assert [(c["userId"], c["orgId"]) for c in listed] == [("user_bob", "org_acme")] and listed[0]["lastUsedAt"]
    client_id = listed[0]["clientId"]
    assert requests.delete(f"{fake.url}/_mock/mcp/connections/{client_id}", timeout=10).status_code == 204
    assert requests.post(fake.url + "/mcp", json=INITIALIZE, headers=bearer(token), timeout=10).status_code == 401
    assert requests.get(fake.url + "/_mock/mcp/connections", timeout=10).json()["data"]["connections"] == []
    gone = requests.delete(f"{fake.url}/_mock/mcp/connections/{client_id}", timeout=10)
    assert (gone.status_code, gone.json()["code"]) == (404, "not_found")
    unknown = requests.post(fake.url + "/_mock/mcp/tokens", json={"userId": "user_nobody"}, timeout=10)
    assert (unknown.status_code, unknown.json()["code"]) == (404, "not_found")
    missing = requests.post(fake.url + "/_mock/mcp/tokens", json={}, timeout=10)
    assert (missing.status_code, missing.json()["code"]) == (422, "invalid_body")
    requests.post(fake.url + "/_mock/reset", json={}, timeout=10)
    again = requests.post(fake.url + "/_mock/mcp/tokens", json={"userId": "user_bob"}, timeout=10).json()["data"]
    requests.post(fake.url + "/_mock/reset", json={}, timeout=10)
    assert requests.post(fake.url + "/mcp", json=INITIALIZE, headers=bearer(again["accessToken"]), timeout=10).status_code == 401


def test_a_tool_fault_plan_fails_the_http_request(mockscaling_server):
    fake = mockscaling_server
    made = requests.post(fake.url + "/_mock/faults", json={"tool": "create_incident", "status": 503, "count": 1}, timeout=10)
    assert made.status_code == 201 and made.json()["data"]["tool"] == "create_incident"
    access, _ = fake.store.issue_mcp_tokens("user_ada")
    message = {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {
        "name": "create_incident", "arguments": {"title": "t", "severity": "low", "ownerId": "user_bob"}}}
    failed = requests.post(fake.url + "/mcp", json=message, headers=bearer(access.token), timeout=10)
    assert (failed.status_code, failed.json()["statusCode"], failed.json()["code"]) == (503, 503, "service_unavailable")
    assert fake.state()["incidents"] == []
    passed = requests.post(fake.url + "/mcp", json=message, headers=bearer(access.token), timeout=10)
    assert passed.status_code == 200 and passed.json()["result"]["structuredContent"]["title"] == "t"
    neither = requests.post(fake.url + "/_mock/faults", json={"status": 503}, timeout=10)
    assert (neither.status_code, neither.json()["message"]) == (422, "path: Missing data for required field.")


def test_tokens_survive_a_state_file_and_reset_clears_them(tmp_path):
    from mockscaling import Store
    from mockscaling.worlds.persistence import StateFile

    path = tmp_path / "dev.sqlite"
    first, file = Store(), StateFile(path)
    file.attach(first)
    access, refresh = first.issue_mcp_tokens("user_bob")
    first.authenticate_mcp(access.token)
    file.close()

    second, again = Store(), StateFile(path)
    assert again.attach(second) is True
    assert second.authenticate_mcp(access.token).user_id == "user_bob"
    assert second.mcp_token(refresh.token, kind="refresh") is not None
    assert [c["userId"] for c in second.list_mcp_connections()] == ["user_bob"]
    second.revoke_mcp_connection(access.client_id)
    again.close()

    third, last = Store(), StateFile(path)
    last.attach(third)
    assert third.mcp_token(access.token) is None  # the revocation was saved too
    third.issue_mcp_tokens("user_ada")
    third.reset()
    assert third.list_mcp_connections() == [] and third.dump_state()["mcpTokens"] == []
    last.close()


def test_dns_rebinding_hosts_are_refused_on_mcp_as_on_the_control_plane():
    from mockscaling import create_app

    app = create_app(config={"MOCKSCALING_GUARD": True, "MOCKSCALING_ALLOWED_HOSTS": ["mock.lan"]})
    client = app.test_client()
    for path in ("/mcp", "/.well-known/oauth-authorization-server", "/oauth/authorize"):
        refused = client.post(path, json=INITIALIZE, headers={"Host": "evil.test"})
        body = refused.get_json()
        assert (refused.status_code, body["code"]) == (InvalidHost.status, InvalidHost.code), path
        assert body["statusCode"] == InvalidHost.status and len(body["requestId"]) == 36
    assert client.post("/mcp", json=INITIALIZE, headers={"Host": "mock.lan"}).status_code == 401
    assert client.post("/mcp", json=INITIALIZE, headers={"Host": "127.0.0.1:5050"}).status_code == 401


def test_without_the_mcp_extra_serve_still_starts_rest_only(monkeypatch):
    import importlib.util

    from mockscaling import create_app
    from mockscaling.mcp.mount import banner

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name in ("mcp", "a2wsgi") else real(name, *a))
    app = create_app()
    assert app.config["MOCKSCALING_MCP"] is False
    client = app.test_client()
    assert client.post("/mcp", json=INITIALIZE).status_code == 404
    assert client.get("/v1/incidents", headers={"Authorization": "Bearer " + "scl_live_" + "a" * 32}).status_code == 200
    line = banner("http://127.0.0.1:5050", False)
    assert line.count("\n") == 0 and 'pip install "mockscaling[mcp]"' in line
    assert '"url": "http://127.0.0.1:5050/mcp"' in banner("http://127.0.0.1:5050", True)


@pytest.mark.anyio
@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_both_protocol_eras_over_http(mockscaling_server, mode):
    """The initialize handshake (legacy) and the SDK's newer per-request era (auto: discover first) both work."""
    fake = mockscaling_server
    fake.given.incident(title="Either era")
    access, _ = fake.store.issue_mcp_tokens("user_ada")
    async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {access.token}"}) as http:
        async with Client(streamable_http_client(fake.url + "/mcp", http_client=http), mode=mode) as client:
            result = await client.call_tool("list_incidents", {})
    assert result.structured_content["incidents"][0]["title"] == "Either era"


def test_an_is_error_tool_plan_answers_a_tool_error_over_http(mockscaling_server):
    fake = mockscaling_server
    made = requests.post(fake.url + "/_mock/faults", json={"tool": "*", "status": 429, "isError": True, "count": 1}, timeout=10)
    assert made.status_code == 201 and made.json()["data"]["isError"] is True
    access, _ = fake.store.issue_mcp_tokens("user_ada")
    message = {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "list_incidents", "arguments": {}}}
    reply = requests.post(fake.url + "/mcp", json=message, headers=bearer(access.token), timeout=10)
    assert reply.status_code == 200
    result = reply.json()["result"]
    assert result["isError"] is True and (result["structuredContent"]["statusCode"], result["structuredContent"]["code"]) == (429, "rate_limited")
    again = requests.post(fake.url + "/mcp", json=message, headers=bearer(access.token), timeout=10).json()["result"]
    assert not again.get("isError") and again["structuredContent"] == {"incidents": []}
    for bad in ({"tool": "x", "isError": True, "latencyMs": 5}, {"path": "/v1/*", "status": 503, "isError": True}):
        refused = requests.post(fake.url + "/_mock/faults", json=bad, timeout=10)
        assert (refused.status_code, refused.json()["message"]) == (422, "isError: Only for a tool plan with a status.")


def test_off_loopback_mcp_needs_the_control_token_as_the_control_plane_does():
    """On a non-loopback bind `serve` sets a control token: /mcp asks for it before any OAuth bearer."""
    from mockscaling import create_app
    from mockscaling.chosen import CONTROL_TOKEN_HEADER

    app = create_app(config={"MOCKSCALING_GUARD": True, "MOCKSCALING_ALLOWED_HOSTS": ["mock.lan"],
                             "MOCKSCALING_CONTROL_TOKEN": "t0ken"})
    client = app.test_client()
    refused = client.post("/mcp", json=INITIALIZE, headers={"Host": "mock.lan"})
    body = refused.get_json()
    assert (refused.status_code, body["type"], body["code"]) == (401, "not_authorized_error", "invalid_control_token")
    assert body["statusCode"] == 401 and len(body["requestId"]) == 36
    form = client.post("/mcp", data="{}", headers={"Host": "mock.lan", CONTROL_TOKEN_HEADER: "t0ken", "Content-Type": "text/plain"})
    assert form.get_json()["code"] == "unsupported_media_type"
    # with the token, the request reaches the MCP endpoint, which then asks for its own OAuth bearer
    through = client.post("/mcp", json=INITIALIZE, headers={"Host": "mock.lan", CONTROL_TOKEN_HEADER: "t0ken"})
    assert through.status_code == 401 and "resource_metadata=" in through.headers["WWW-Authenticate"]
