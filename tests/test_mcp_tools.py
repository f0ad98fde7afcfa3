"""The MCP surface's ten tools (contract §7.2), in-process and over a socket: answers, refusals, idempotency, tenancy."""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from typing import Any

import httpx2
import jsonschema
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

from mockscaling.domain.errors import ServiceUnavailable

pytestmark = pytest.mark.anyio

TOOL_NAMES = ["list_incidents", "get_incident", "get_incident_timeline", "list_schedules", "who_is_on_call",
              "create_incident", "post_incident_update", "acknowledge_incident", "transition_incident_status",
              "resolve_incident"]
ENVELOPE_KEYS = {"statusCode", "type", "code", "requestId", "message"}


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(params=["in_process", "socket"])
def connect(request, mockscaling_server):
    """`connect(user)`: an async context manager giving an SDK client signed in as `user`, in-process or over HTTP."""
    fake = mockscaling_server

    @asynccontextmanager
    async def opened(user: str = "user_ada"):
        if request.param == "in_process":
            async with fake.mcp_session(user=user) as client:
                yield client
            return
        access, _ = fake.store.issue_mcp_tokens(user)
        async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {access.token}"}) as http:
            async with Client(streamable_http_client(fake.url + "/mcp", http_client=http)) as client:
                yield client

    return opened


async def call(client: Client, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """A successful tool call's structuredContent (its text item holds the same JSON)."""
    result = await client.call_tool(name, arguments)
    assert not result.is_error, result.structured_content
    assert json.loads(result.content[0].text) == result.structured_content
    return result.structured_content


async def refused(client: Client, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """A refused tool call's error envelope (isError, structuredContent = the REST envelope)."""
    result = await client.call_tool(name, arguments)
    assert result.is_error
    body = result.structured_content
    assert set(body) == ENVELOPE_KEYS and json.loads(result.content[0].text) == body
    assert len(body["requestId"]) == 36 and body["requestId"].count("-") == 4
    return body


async def bad_arguments(client: Client, name: str, arguments: Any) -> str:
    """The message of the JSON-RPC -32602 error for arguments the input schema refuses."""
    with pytest.raises(MCPError) as caught:
        await client.call_tool(name, arguments)
    assert caught.value.code == -32602
    return caught.value.message


async def test_tools_list_declares_ten_tools_with_both_schemas(connect):
    async with connect() as client:
        tools = (await client.list_tools()).tools
    assert [tool.name for tool in tools] == TOOL_NAMES
    for tool in tools:
        for schema in (tool.input_schema, tool.output_schema):
            jsonschema.Draft202012Validator.check_schema(schema)
            assert schema["type"] == "object"
        assert tool.input_schema["additionalProperties"] is False
        answer, error = tool.output_schema["anyOf"]  # the answer, or the error envelope of a refused call
        assert answer["additionalProperties"] is False and error == {"$ref": "#/$defs/ErrorOut"}
    schemas = {tool.name: tool.input_schema for tool in tools}
    assert set(schemas["post_incident_update"]["required"]) == {"sequentialId", "body", "visibility"}
    assert schemas["post_incident_update"]["properties"]["body"]["maxLength"] == 10_000


async def test_each_tool_answers_over_the_same_store(connect, mockscaling_server):
    fake = mockscaling_server
    async with connect() as client:
        components = fake.client().get("/v1/components").get_json()["data"]["components"]
        api_id = next(item["id"] for item in components if item["name"] == "API")
        created = await call(client, "create_incident", {"title": "API down", "severity": "critical", "ownerId": "user_bob",
                                                         "componentIds": [api_id]})
        assert [item["name"] for item in created["affectedComponents"]] == ["API"]
        number = created["sequentialId"]
        rest = fake.client().get(f"/v1/incidents/{created['id']}").get_json()["data"]
        assert rest["title"] == "API down" and rest["status"] == "investigating"

        listed = await call(client, "list_incidents", {"status": "investigating", "limit": 5})
        assert [item["id"] for item in listed["incidents"]] == [created["id"]]
        detail = await call(client, "get_incident", {"sequentialId": number})
        assert detail["statusHistory"][0]["status"] == "investigating" and detail["id"] == created["id"]

        body = "Looking <b>now</b> & \"more\""
        update = await call(client, "post_incident_update", {"sequentialId": number, "body": body, "visibility": "internal"})
        assert (update["body"], update["visibility"], update["incidentId"]) == (body, "internal", created["id"])  # verbatim
        acked = await call(client, "acknowledge_incident", {"sequentialId": number})
        assert acked["acknowledgedBy"] == "user_ada"
        assert (await call(client, "acknowledge_incident", {"sequentialId": number}))["acknowledgedAt"] == acked["acknowledgedAt"]
        moved = await call(client, "transition_incident_status", {"sequentialId": number, "status": "identified"})
        assert moved["status"] == "identified"
        resolved = await call(client, "resolve_incident", {"sequentialId": number, "resolutionNote": "Rolled back"})
        assert resolved["status"] == "resolved"
        history = fake.client().get(f"/v1/incidents/{created['id']}").get_json()["data"]["statusHistory"]
        assert [entry["status"] for entry in history] == ["investigating", "identified", "monitoring", "resolved"]
        assert history[-1]["resolutionNote"] == "Rolled back"

        timeline = (await call(client, "get_incident_timeline", {"sequentialId": number}))["timeline"]
        kinds = [entry["type"] for entry in timeline]
        assert kinds[0] == "incident_created" and kinds.count("status_changed") == 3
        assert "update_posted" not in kinds
        assert [entry["occurredAt"] for entry in timeline] == sorted(entry["occurredAt"] for entry in timeline)

        schedules = (await call(client, "list_schedules", {}))["schedules"]
        assert [item["name"] for item in schedules] == ["Primary on-call"]
        on_call = (await call(client, "who_is_on_call", {}))["onCall"]
        assert on_call and on_call[0]["scheduleName"] == "Primary on-call" and on_call[0]["userId"] in {"user_bob", "user_cy"}
        assert on_call[0]["until"] > fake.clock.now().isoformat()[:19]
        one = (await call(client, "who_is_on_call", {"scheduleId": schedules[0]["id"]}))["onCall"]
        assert one == on_call


async def test_rest_arrangements_are_visible_to_tools_and_back(connect, mockscaling_server):
    fake = mockscaling_server
    incident = fake.given.incident(title="<b>Disk</b> & co", severity="high")
    async with connect("user_bob") as client:
        listed = (await call(client, "list_incidents", {}))["incidents"]
        assert listed[0]["title"] == "<b>Disk</b> & co"  # verbatim, never escaped
        await call(client, "acknowledge_incident", {"sequentialId": listed[0]["sequentialId"]})
    rest = fake.client().get(f"/v1/incidents/{incident['id']}").get_json()["data"]
    assert rest["acknowledgedBy"] == "user_bob"


@pytest.mark.parametrize(("name", "arguments", "status", "code"), [
    ("get_incident", {"sequentialId": 999}, 404, "not_found"),
    ("get_incident_timeline", {"sequentialId": 999}, 404, "not_found"),
    ("acknowledge_incident", {"sequentialId": 999}, 404, "not_found"),
    ("who_is_on_call", {"scheduleId": "not-a-schedule"}, 404, "not_found"),
    ("create_incident", {"title": "t", "severity": "low"}, 400, "owner_required"),
    ("create_incident", {"title": "t", "severity": "low", "ownerId": "user_nobody"}, 400, "invalid_owner_id"),
    ("transition_incident_status", {"sequentialId": 1, "status": "resolved"}, 400, "invalid_status_transition"),
    ("post_incident_update", {"sequentialId": 1, "body": "Hello", "visibility": "public"}, 400, "no_public_surface"),
])
async def test_rule_refusals_are_tool_errors_with_the_rest_envelope(connect, mockscaling_server, name, arguments, status, code):
    fake = mockscaling_server
    fake.given.incident(title="no components", severity="low")
    before = fake.state()["incidents"]
    async with connect() as client:
        body = await refused(client, name, arguments)
    assert (body["statusCode"], body["code"]) == (status, code)
    assert body["type"] == "invalid_request_error" and len(body["requestId"]) == 36 and body["message"]
    assert fake.state()["incidents"] == before  # a refused write changes nothing


async def test_resolved_incident_refuses_updates_and_more_transitions(connect, mockscaling_server):
    fake = mockscaling_server
    incident = fake.given.incident(status="resolved")
    async with connect() as client:
        body = await refused(client, "post_incident_update", {"sequentialId": incident["sequentialId"], "body": "x", "visibility": "internal"})
        assert body["code"] == "incident_resolved"
        assert (await refused(client, "resolve_incident", {"sequentialId": incident["sequentialId"]}))["code"] == "invalid_status_transition"
        assert (await call(client, "acknowledge_incident", {"sequentialId": incident["sequentialId"]}))["acknowledgedAt"] is None


@pytest.mark.parametrize(("name", "arguments", "message"), [
    ("get_incident", {}, "sequentialId: Missing data for required field."),
    ("get_incident", {"sequentialId": "1"}, "sequentialId: Not a valid integer."),
    ("get_incident", {"sequentialId": True}, "sequentialId: Not a valid integer."),
    ("get_incident", {"sequentialId": 1.5}, "sequentialId: Not a valid integer."),
    ("get_incident", {"sequentialId": 0}, "sequentialId: Must be greater than or equal to 1."),
    ("get_incident", {"sequentialId": 1, "extra": 1}, "extra: Unknown field."),
    ("post_incident_update", {"sequentialId": 1, "body": "x" * 10_001, "visibility": "internal"},
     "body: Must be between 1 and 10000 characters."),
    ("post_incident_update", {"sequentialId": 1, "body": "x"}, "visibility: Missing data for required field."),
    ("post_incident_update", {"sequentialId": 1, "body": "x", "visibility": "secret"}, "visibility: Must be one of: internal, public."),
    ("create_incident", {"title": "", "severity": "low", "ownerId": "user_bob"}, "title: Must be between 1 and 100 characters."),
    ("create_incident", {"title": "t", "severity": "urgent", "ownerId": "user_bob"}, "severity: Must be one of: critical, high, medium, low."),
    ("create_incident", {"title": "t", "severity": "low", "ownerId": "user_bob", "idempotencyKey": "k" * 256},
     "idempotencyKey: Must be between 1 and 255 characters."),
    ("list_incidents", {"limit": 101}, "limit: Must be between 1 and 100."),
    ("list_incidents", {"status": "open"}, "status: Must be one of: investigating, identified, monitoring, resolved."),
    ("no_such_tool", {}, "Unknown tool: no_such_tool"),
])
async def test_arguments_the_schema_refuses_are_json_rpc_invalid_params(connect, mockscaling_server, name, arguments, message):
    fake = mockscaling_server
    fake.given.incident()
    before = fake.state()["incidents"]
    async with connect() as client:
        assert await bad_arguments(client, name, arguments) == message
    assert fake.state()["incidents"] == before


async def test_idempotency_key_replays_the_first_answer_and_refuses_other_arguments(connect, mockscaling_server):
    fake = mockscaling_server
    arguments = {"title": "API down", "severity": "high", "ownerId": "user_bob", "idempotencyKey": "retry-1"}
    async with connect() as client:
        first = await call(client, "create_incident", arguments)
        again = await call(client, "create_incident", {**arguments, "description": None})  # null = not given
        assert again == first and len(fake.state()["incidents"]) == 1
        body = await refused(client, "create_incident", {**arguments, "severity": "low"})
        assert (body["statusCode"], body["type"], body["code"]) == (409, "invalid_request_error", "idempotency_key_reused")
        update = {"sequentialId": first["sequentialId"], "body": "b", "visibility": "internal", "idempotencyKey": "u1"}
        posted = await call(client, "post_incident_update", update)
        assert await call(client, "post_incident_update", update) == posted
        assert len(fake.client().get(f"/v1/incidents/{first['id']}/updates").get_json()["data"]["updates"]) == 1
    fake.clock.advance(hours=24)  # the window has passed (and the access token expired: a new session)
    async with connect() as client:
        later = await call(client, "create_incident", arguments)
        assert later["id"] != first["id"] and len(fake.state()["incidents"]) == 2


async def test_another_organizations_number_is_not_found(connect, mockscaling_server):
    fake = mockscaling_server
    theirs = fake.store.authenticate(f"Bearer {fake.keys['user_gil']}")
    for title in ("Globex one", "Globex two"):
        fake.store.create_incident(theirs, title=title, severity="high", owner_id="user_gil")
    fake.given.incident(title="Acme one")
    async with connect("user_ada") as client:
        assert (await call(client, "get_incident", {"sequentialId": 1}))["title"] == "Acme one"
        body = await refused(client, "get_incident", {"sequentialId": 2})
        assert body["code"] == "not_found" and "Globex" not in json.dumps(body)
        assert await refused(client, "acknowledge_incident", {"sequentialId": 2})
        titles = [item["title"] for item in (await call(client, "list_incidents", {"limit": 100}))["incidents"]]
        assert titles == ["Acme one"]
    async with connect("user_gil") as client:
        assert (await call(client, "get_incident", {"sequentialId": 2}))["title"] == "Globex two"


async def test_tool_calls_are_journaled_and_assertable(connect, mockscaling_server):
    fake = mockscaling_server
    async with connect() as client:
        await call(client, "list_incidents", {})
        await call(client, "create_incident", {"title": "t", "severity": "low", "ownerId": "user_bob"})
        with pytest.raises(MCPError):
            await client.call_tool("get_incident", {"sequentialId": 0})
    calls = fake.assert_tool_called("create_incident", arguments={"severity": "low"}, times=1)
    assert calls[0].response["title"] == "t" and calls[0].user_id == "user_ada" and calls[0].status == 200
    assert fake.assert_tool_called("get_incident", times=1)[0].status == 422
    with pytest.raises(AssertionError, match="expected TOOL /mcp/tools/resolve_incident"):
        fake.assert_tool_called("resolve_incident")
    entries = fake.client().get("/_mock/requests").get_json()["data"]["requests"]
    assert [entry["path"] for entry in entries if entry["method"] == "TOOL"][:2] == ["/mcp/tools/list_incidents", "/mcp/tools/create_incident"]


async def test_in_process_a_tool_fault_plan_answers_a_tool_error(mockscaling):
    """In-process there is no HTTP request to fail (over a socket: tests/test_mcp_http.py)."""
    fake = mockscaling
    fake.store.add_fault(tool="create_incident", status=503, count=1)
    async with fake.mcp_session() as client:
        body = await refused(client, "create_incident", {"title": "t", "severity": "low", "ownerId": "user_bob"})
        assert (body["statusCode"], body["type"], body["code"]) == (503, ServiceUnavailable.type, ServiceUnavailable.code)
        await call(client, "create_incident", {"title": "t", "severity": "low", "ownerId": "user_bob"})
    assert len(fake.state()["incidents"]) == 1


async def test_the_console_shows_tool_calls_as_their_own_rows_escaped(mockscaling):
    fake = mockscaling
    fake.store.add_fault(tool="resolve_incident", status=503)
    async with fake.mcp_session() as client:
        await call(client, "create_incident", {"title": "<script>alert(1)</script>", "severity": "low", "ownerId": "user_bob"})
    html = fake.client().get("/").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    row = html.split('class="tool-call"', 1)[1].split("</tr>", 1)[0]
    assert "<td>TOOL</td>" in row and "/mcp/tools/create_incident" in row and '<td class="status-2">200</td>' in row
    assert "MCP tool resolve_incident" in html
