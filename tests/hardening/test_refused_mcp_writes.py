"""A refused MCP write changes nothing (tokens, connections, OAuth clients, codes, idempotent tool calls), and an
MCP read is never refused because a save fails."""

from __future__ import annotations

import base64
import hashlib
import json
import uuid
from urllib.parse import parse_qs, urlparse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("mcp")

from mockscaling.domain import errors  # noqa: E402
from mockscaling.worlds.persistence import StateFile  # noqa: E402

from ..support import assert_error  # noqa: E402
from .test_refused_writes import FULL, Disk
from .test_refused_writes import fake as rest_fake  # noqa: F401  (an app on a state file whose disk can fill)

REDIRECT = "http://127.0.0.1:1/cb"
VERIFIER = "v" * 50
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).decode().rstrip("=")
MCP_HEADERS = {"Accept": "application/json, text/event-stream"}


@pytest.fixture
def fake(rest_fake):
    """The app, its store, a client for un-prefixed paths (/mcp, /register, /token) and the disk."""
    app, store, client, disk = rest_fake
    client.prefix = ""
    return app, store, client, disk


def _register(client):
    reply = client.post("/register", key=None, json={"client_name": "agent", "redirect_uris": [REDIRECT],
                                                     "grant_types": ["authorization_code", "refresh_token"]})
    return reply


def _authorize(client, registered):
    return client.get("/oauth/authorize", key=None, params={
        "response_type": "code", "client_id": registered["client_id"], "redirect_uri": REDIRECT,
        "code_challenge": CHALLENGE, "code_challenge_method": "S256", "state": "s", "login_hint": "user_bob",
    })


def _code(client, registered):
    reply = _authorize(client, registered)
    assert reply.status == 302, reply.text
    return parse_qs(urlparse(reply.headers["Location"]).query)["code"][0]


def _token(client, registered, form):
    form = {"client_id": registered["client_id"], **form}
    if registered.get("client_secret"):
        form["client_secret"] = registered["client_secret"]
    return client.post("/token", key=None, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})


def _exchange(client, registered, code):
    return _token(client, registered, {"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT,
                                       "code_verifier": VERIFIER})


def _refresh(client, registered, refresh_token):
    return _token(client, registered, {"grant_type": "refresh_token", "refresh_token": refresh_token})


def _tool(client, token, name, arguments):
    """One tools/call over HTTP (the app's /mcp, in-process): the CallToolResult as JSON."""
    message = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": name, "arguments": arguments}}
    reply = client.post("/mcp", key=token, json=message, headers=MCP_HEADERS)
    assert reply.status == 200, reply.text
    return reply.body["result"]


def _assert_tool_refused(result, status, code):
    """A tool error holding the REST envelope (statusCode, type, code, requestId)."""
    assert result["isError"] is True, result
    body = result["structuredContent"]
    assert (body["statusCode"], body["type"], body["code"]) == (status, "internal_error", code), body
    uuid.UUID(body["requestId"])
    assert json.loads(result["content"][0]["text"]) == body


def _mcp_side(store):
    """MCP state outside the dump: the idempotency records."""
    return dict(store._idempotency), list(store._idempotency_order)


def test_a_refused_control_plane_token_leaves_no_token_or_connection(fake):
    app, store, client, disk = fake
    state = store.dump_state()
    disk.full = True
    assert_error(client.post("/_mock/mcp/tokens", key=None, json={"userId": "user_bob"}), 503, "internal_error", FULL)
    assert store.dump_state() == state and store.list_mcp_connections() == []
    disk.full = False
    made = client.post("/_mock/mcp/tokens", key=None, json={"userId": "user_bob"})
    assert made.status == 201
    assert [c["userId"] for c in client.get("/_mock/mcp/connections", key=None).data["connections"]] == ["user_bob"]


def test_a_refused_revocation_keeps_the_connection_and_its_token(fake):
    app, store, client, disk = fake
    made = client.post("/_mock/mcp/tokens", key=None, json={"userId": "user_bob"}).data
    state = store.dump_state()
    disk.full = True
    assert_error(client.delete(f"/_mock/mcp/connections/{made['clientId']}", key=None), 503, "internal_error", FULL)
    assert store.dump_state() == state
    assert "incidents" in _tool(client, made["accessToken"], "list_incidents", {})["structuredContent"]
    disk.full = False
    assert client.delete(f"/_mock/mcp/connections/{made['clientId']}", key=None).status == 204
    assert client.post("/mcp", key=made["accessToken"], json={}, headers=MCP_HEADERS).status == 401


def test_a_refused_registration_registers_nothing(fake):
    app, store, client, disk = fake
    state = store.dump_state()
    disk.full = True
    assert_error(_register(client), 503, "internal_error", FULL)
    assert store.dump_state() == state
    disk.full = False
    assert _register(client).status == 201


def test_a_refused_authorization_code_is_an_oauth_error_and_no_code(fake):
    app, store, client, disk = fake
    registered = _register(client).body
    state = store.dump_state()
    disk.full = True
    reply = _authorize(client, registered)
    assert reply.status == 302
    query = parse_qs(urlparse(reply.headers["Location"]).query)
    assert query["error"] == ["temporarily_unavailable"] and "code" not in query
    assert store.dump_state() == state
    disk.full = False
    assert _exchange(client, registered, _code(client, registered)).status == 200


def test_a_refused_code_exchange_keeps_the_code_and_issues_nothing(fake):
    app, store, client, disk = fake
    registered = _register(client).body
    code = _code(client, registered)
    state = store.dump_state()
    disk.full = True
    assert_error(_exchange(client, registered, code), 503, "internal_error", FULL)
    assert store.dump_state() == state and store.list_mcp_connections() == []
    disk.full = False
    tokens = _exchange(client, registered, code)  # the same code: it was not used up
    assert tokens.status == 200, tokens.text
    assert "incidents" in _tool(client, tokens.body["access_token"], "list_incidents", {})["structuredContent"]


def test_a_refused_refresh_keeps_the_old_refresh_token(fake):
    app, store, client, disk = fake
    registered = _register(client).body
    tokens = _exchange(client, registered, _code(client, registered)).body
    state = store.dump_state()
    disk.full = True
    assert_error(_refresh(client, registered, tokens["refresh_token"]), 503, "internal_error", FULL)
    assert store.dump_state() == state
    disk.full = False
    fresh = _refresh(client, registered, tokens["refresh_token"])  # still live: the rotation was undone whole
    assert fresh.status == 200, fresh.text
    assert (_refresh(client, registered, tokens["refresh_token"]).body["error"]) == "invalid_grant"  # spent now


@pytest.mark.parametrize("tool", ["create_incident", "post_incident_update"])
def test_a_refused_idempotent_tool_call_writes_nothing_and_keeps_no_key(fake, tool):
    app, store, client, disk = fake
    token = client.post("/_mock/mcp/tokens", key=None, json={"userId": "user_bob"}).data["accessToken"]
    number = _tool(client, token, "create_incident", {"title": "first", "severity": "high", "ownerId": "user_bob"})["structuredContent"]["sequentialId"]
    arguments = ({"title": "retried", "severity": "high", "ownerId": "user_bob", "idempotencyKey": "k1"} if tool == "create_incident"
                 else {"sequentialId": number, "visibility": "internal", "body": "note", "idempotencyKey": "k1"})
    state, side = store.dump_state(), _mcp_side(store)
    disk.full = True
    _assert_tool_refused(_tool(client, token, tool, arguments), 503, FULL)
    assert store.dump_state() == state and _mcp_side(store) == side
    disk.full = False
    first = _tool(client, token, tool, arguments)
    assert not first.get("isError"), first
    replay = _tool(client, token, tool, arguments)
    assert replay["structuredContent"] == first["structuredContent"]
    incidents = store.dump_state()["incidents"]
    if tool == "create_incident":
        assert [i["title"] for i in incidents].count("retried") == 1
    else:
        updates = [u for i in incidents if i["sequential_id"] == number for u in i["updates"]]
        assert [u["body"] for u in updates].count("note") == 1


def test_reads_are_served_on_a_full_disk_and_the_last_use_is_saved_with_the_next_write(fake, tmp_path):
    app, store, client, disk = fake
    made = client.post("/_mock/mcp/tokens", key=None, json={"userId": "user_bob"}).data
    number = _tool(client, made["accessToken"], "create_incident", {"title": "seen", "severity": "low", "ownerId": "user_bob"})["structuredContent"]["sequentialId"]
    client.post("/_mock/tenants", key=None, json={})  # a write: the stamp so far is saved
    before = client.get("/_mock/mcp/connections", key=None).data["connections"][0]["lastUsedAt"]
    store.set_clock(advance=60)
    state = store.dump_state()
    disk.full = True
    listed = _tool(client, made["accessToken"], "list_incidents", {})
    got = _tool(client, made["accessToken"], "get_incident", {"sequentialId": number})
    assert not listed.get("isError") and not got.get("isError"), (listed, got)
    assert store.dump_state() == state  # nothing was written: the stamp waits in memory
    stamp = client.get("/_mock/mcp/connections", key=None).data["connections"][0]["lastUsedAt"]
    assert stamp is not None and before is not None and stamp > before  # shown at once
    assert_error(client.post("/_mock/tenants", key=None, json={}), 503, "internal_error", FULL)
    assert store.dump_state() == state  # the refused write took the stamp back with it ...
    assert client.get("/_mock/mcp/connections", key=None).data["connections"][0]["lastUsedAt"] == stamp  # ... not lost
    disk.full = False
    assert client.post("/_mock/tenants", key=None, json={}).status == 201  # any write carries the stamp
    disk.state.close()

    from mockscaling import Store

    reopened, again = Store(), StateFile(disk.state.path)
    assert again.attach(reopened) is True
    assert [c["lastUsedAt"] for c in reopened.list_mcp_connections()] == [stamp]
    again.close()


def test_a_refused_reset_keeps_idempotency_records_and_last_use_stamps(fake):
    app, store, client, disk = fake
    made = client.post("/_mock/mcp/tokens", key=None, json={"userId": "user_bob"}).data
    arguments = {"title": "once", "severity": "high", "ownerId": "user_bob", "idempotencyKey": "k1"}
    first = _tool(client, made["accessToken"], "create_incident", arguments)["structuredContent"]
    store.set_clock(advance=60)
    _tool(client, made["accessToken"], "list_incidents", {})  # a stamp waiting in memory
    connections, side, state = client.get("/_mock/mcp/connections", key=None).data, _mcp_side(store), store.dump_state()
    disk.full = True
    assert_error(client.post("/_mock/reset", key=None, json={}), 503, "internal_error", FULL)
    assert store.dump_state() == state and _mcp_side(store) == side
    assert client.get("/_mock/mcp/connections", key=None).data == connections
    disk.full = False
    assert _tool(client, made["accessToken"], "create_incident", arguments)["structuredContent"] == first  # a replay


# ---- every MCP store write, with the disk failing at random ---------------------------------------------------------

def _canonical(document):
    """A document with each collection as a sorted list: a state file's rows need not come back in the order
    memory holds them."""
    return {name: sorted(json.dumps(item, sort_keys=True) for item in items) if isinstance(items, list) else items
            for name, items in document.items()}


OPERATIONS = st.lists(st.tuples(
    st.sampled_from(["token", "register", "code", "exchange", "refresh", "revoke", "revoke_token", "use"]),
    st.sampled_from(["user_bob", "user_ada"]), st.booleans()), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(OPERATIONS)
def test_every_mcp_write_is_saved_whole_or_changes_nothing(tmp_path_factory, operations):
    from mockscaling import Store

    store, state = Store(), StateFile(tmp_path_factory.mktemp("mcp") / "state.sqlite")
    state.attach(store)
    disk = Disk(state)
    made = {"clients": [], "codes": [], "access": [], "refresh": []}

    def run(operation, user):
        pick = (lambda kind: made[kind][-1] if made[kind] else "none")
        if operation == "token":
            access, refresh = store.issue_mcp_tokens(user)
            made["access"].append(access.token), made["refresh"].append(refresh.token)
        elif operation == "register":
            made["clients"].append(store.register_mcp_client({"client_name": "c", "redirect_uris": [REDIRECT]}).client_id)
        elif operation == "code" and made["clients"]:
            made["codes"].append((pick("clients"), store.create_mcp_code(pick("clients"), store.mcp_sign_in(user), {"resource": None})))
        elif operation == "exchange" and made["codes"]:
            client_id, code = made["codes"][-1]
            access, refresh = store.issue_mcp_tokens(user, client_id, code=code)
            made["access"].append(access.token), made["refresh"].append(refresh.token)
        elif operation == "refresh":
            access, refresh = store.rotate_mcp_refresh_token(pick("refresh"))
            made["access"].append(access.token), made["refresh"].append(refresh.token)
        elif operation == "revoke" and made["access"]:
            found = store.mcp_tokens.get(pick("access"))
            store.revoke_mcp_connection(found.client_id if found is not None else "none")
        elif operation == "revoke_token":
            store.revoke_mcp_token(pick("access"))
        elif operation == "use":
            store.authenticate_mcp(pick("access"))

    try:
        for operation, user, full in operations:
            before = store.dump_state()
            disk.full = full
            try:
                run(operation, user)
            except errors.ServiceUnavailable:
                assert full and store.dump_state() == before, operation  # refused: nothing changed, order included
            except errors.ScalingError:
                assert store.dump_state() == before, operation  # refused by a rule: nothing changed either
            disk.full = False
            assert _canonical(state.read()) == _canonical(store.dump_state()), operation  # memory is what is saved
    finally:
        state.close()


def test_a_refused_oauth_revocation_keeps_the_token(fake):
    app, store, client, disk = fake
    registered = _register(client).body
    tokens = _exchange(client, registered, _code(client, registered)).body
    form = {"token": tokens["access_token"], "client_id": registered["client_id"]}
    if registered.get("client_secret"):
        form["client_secret"] = registered["client_secret"]
    state = store.dump_state()
    disk.full = True
    refused = client.post("/revoke", key=None, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert_error(refused, 503, "internal_error", FULL)
    assert store.dump_state() == state  # the token is back, in its place
    disk.full = False
    assert "incidents" in _tool(client, tokens["access_token"], "list_incidents", {})["structuredContent"]
    assert client.post("/revoke", key=None, data=form, headers={"Content-Type": "application/x-www-form-urlencoded"}).status == 200
    assert client.post("/mcp", key=tokens["access_token"], json={}, headers=MCP_HEADERS).status == 401
