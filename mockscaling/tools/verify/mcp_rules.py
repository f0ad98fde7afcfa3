"""`mockscaling verify --mcp`: the MCP surface's rules (contract §7), run with the SDK's own client against any
MCP endpoint (the fake's /mcp, or Scaling's with a real token). Needs the `mcp` extra."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import mcp  # noqa: F401 - the `mcp` extra: importing this module without it is an ImportError
import requests

from .client import RuleFailed, check
from .runner import RuleResult

TOOLS = ("list_incidents", "get_incident", "get_incident_timeline", "list_schedules", "who_is_on_call",
         "create_incident", "post_incident_update", "acknowledge_incident", "transition_incident_status",
         "resolve_incident")
MISSING_NUMBER = 2_000_000_000
INITIALIZE_SOURCE = "[docs] §7.1 Streamable HTTP, initialize"  # a sequentialId no organization reaches


@dataclass
class McpCheck:
    """What the MCP rules share: the connected SDK client and the incident they walk through the lifecycle."""

    url: str
    token: str
    client: Any = None
    owner_id: str | None = None
    number: int | None = None  # the sequentialId of the incident the run created
    created: list[int] = field(default_factory=list)

    async def ok(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """A tool call that must succeed; its structuredContent."""
        result = await self.client.call_tool(name, arguments)
        check(not result.is_error, f"{name} answered a tool error: {result.structured_content}")
        check(isinstance(result.structured_content, dict), f"{name} answered no structuredContent")
        check(any(getattr(item, "type", None) == "text" for item in result.content), f"{name} answered no text item")
        return result.structured_content

    async def refused(self, name: str, arguments: dict[str, Any], code: str) -> dict[str, Any]:
        """A tool call that must answer isError with the REST envelope and `code`."""
        result = await self.client.call_tool(name, arguments)
        body = result.structured_content or {}
        check(result.is_error, f"{name} did not refuse: {body}")
        check({"statusCode", "type", "code", "requestId", "message"} <= set(body), f"{name}: not the error envelope: {body}")
        check(body["code"] == code, f"{name}: expected code {code}, got {body.get('code')}")
        return body

    async def invalid_params(self, name: str, arguments: dict[str, Any]) -> None:
        """A tool call whose arguments the schema must refuse with JSON-RPC -32602."""
        from mcp.shared.exceptions import MCPError

        try:
            result = await self.client.call_tool(name, arguments)
        except MCPError as error:
            check(error.code == -32602, f"{name}: expected -32602, got {error.code} {error.message}")
            return
        raise RuleFailed(f"{name} accepted {list(arguments)}: is_error={result.is_error} {result.structured_content}")

    def needs_incident(self) -> int:
        if self.number is None:
            raise RuleFailed("no incident: mcp.create_incident did not pass")
        return self.number


McpRuleFunction = Callable[[McpCheck], Awaitable[None]]
MCP_RULES: list[tuple[str, str, bool, McpRuleFunction]] = []


def mcp_rule(name: str, source: str, *, read_only: bool = False) -> Callable[[McpRuleFunction], McpRuleFunction]:
    """Register an MCP rule (definition order is run order)."""

    def register(function: McpRuleFunction) -> McpRuleFunction:
        MCP_RULES.append((name, source, read_only, function))
        return function

    return register


@mcp_rule("mcp.unauthorized", "[docs] §7.1 401 with resource_metadata", read_only=True)
async def unauthorized(run: McpCheck) -> None:
    """POST /mcp without a token: 401 and `WWW-Authenticate: Bearer ... resource_metadata=`."""
    reply = await asyncio.to_thread(requests.post, run.url, json={"jsonrpc": "2.0", "id": 1, "method": "ping"},
                                    headers={"Accept": "application/json, text/event-stream"}, timeout=10)
    check(reply.status_code == 401, f"expected 401, got {reply.status_code}")
    challenge = reply.headers.get("WWW-Authenticate", "")
    check(challenge.startswith("Bearer") and "resource_metadata=" in challenge, f"WWW-Authenticate is {challenge!r}")


@mcp_rule("mcp.tools_list", "[docs] §7.2 the ten tools, with input and output schemas", read_only=True)
async def tools_list(run: McpCheck) -> None:
    """tools/list names the ten tools, each with an object input schema and an object output schema."""
    tools = {tool.name: tool for tool in (await run.client.list_tools()).tools}
    missing = [name for name in TOOLS if name not in tools]
    check(not missing, f"tools/list lacks {missing}")
    for name in TOOLS:
        check((tools[name].input_schema or {}).get("type") == "object", f"{name}: no object input schema")
        check((tools[name].output_schema or {}).get("type") == "object", f"{name}: no object output schema")


@mcp_rule("mcp.list_incidents", "[docs] §7.2 list_incidents", read_only=True)
async def list_incidents(run: McpCheck) -> None:
    """list_incidents answers `{"incidents": [...]}`, newest first, at most `limit`."""
    listed = (await run.ok("list_incidents", {"limit": 5}))["incidents"]
    check(len(listed) <= 5, f"limit 5 answered {len(listed)}")
    numbers = [item["sequentialId"] for item in listed]
    check(numbers == sorted(numbers, reverse=True), f"not newest first: {numbers}")
    if listed and run.owner_id is None:
        run.owner_id = listed[0].get("ownerId") or listed[0].get("createdBy")


@mcp_rule("mcp.list_schedules", "[docs] §7.2 list_schedules and who_is_on_call", read_only=True)
async def schedules(run: McpCheck) -> None:
    """list_schedules answers `{"schedules": [...]}`; who_is_on_call answers `{"onCall": [...]}`."""
    listed = (await run.ok("list_schedules", {}))["schedules"]
    check(isinstance(listed, list), "schedules is not a list")
    on_call = (await run.ok("who_is_on_call", {}))["onCall"]
    check(isinstance(on_call, list), "onCall is not a list")
    if on_call and run.owner_id is None:
        run.owner_id = on_call[0]["userId"]


@mcp_rule("mcp.not_found", "[docs] §7.2 unknown sequentialId (tenancy: never a leak)", read_only=True)
async def not_found(run: McpCheck) -> None:
    """An unknown sequentialId is a tool error with code not_found."""
    await run.refused("get_incident", {"sequentialId": MISSING_NUMBER}, "not_found")


@mcp_rule("mcp.schema_refusals", "[chosen] §7.2 schema failures are -32602", read_only=True)
async def schema_refusals(run: McpCheck) -> None:
    """sequentialId 0, a 10,001-character body and a missing visibility are JSON-RPC -32602."""
    await run.invalid_params("get_incident", {"sequentialId": 0})
    await run.invalid_params("post_incident_update", {"sequentialId": 1, "body": "x" * 10_001, "visibility": "internal"})
    await run.invalid_params("post_incident_update", {"sequentialId": 1, "body": "hello"})


@mcp_rule("mcp.create_incident", "[docs] §7.2 create_incident (REST creation rules)")
async def create_incident(run: McpCheck) -> None:
    """create_incident opens an investigating incident; without an owner it is owner_required."""
    await run.refused("create_incident", {"title": "mockscaling verify: no owner", "severity": "low"}, "owner_required")
    check(run.owner_id is not None, "no owner known: the list and on-call rules found nobody")
    made = await run.ok("create_incident", {"title": "mockscaling verify (MCP)", "severity": "low", "ownerId": run.owner_id})
    check(made["status"] == "investigating", f"status is {made['status']}")
    run.number = made["sequentialId"]
    run.created.append(made["sequentialId"])
    detail = await run.ok("get_incident", {"sequentialId": run.number})
    check(detail["id"] == made["id"] and detail["statusHistory"], "get_incident does not answer the created incident")
    timeline = (await run.ok("get_incident_timeline", {"sequentialId": run.number}))["timeline"]
    check(isinstance(timeline, list) and timeline, "the timeline is empty")


@mcp_rule("mcp.idempotency", "[chosen] §7.2 idempotencyKey")
async def idempotency(run: McpCheck) -> None:
    """The same idempotencyKey replays the first answer; with other arguments it is idempotency_key_reused."""
    number = run.needs_incident()
    key = f"mockscaling-verify-{time.time_ns()}"
    arguments = {"sequentialId": number, "body": "verify: idempotent", "visibility": "internal", "idempotencyKey": key}
    first = await run.ok("post_incident_update", arguments)
    check((await run.ok("post_incident_update", arguments))["id"] == first["id"], "a replay posted a second update")
    await run.refused("post_incident_update", {**arguments, "body": "other"}, "idempotency_key_reused")


@mcp_rule("mcp.lifecycle", "[docs] §7.2 acknowledge, transition, resolve")
async def lifecycle(run: McpCheck) -> None:
    """Acknowledge (idempotent), one step forward only, then resolve through every remaining status."""
    number = run.needs_incident()
    acked = await run.ok("acknowledge_incident", {"sequentialId": number})
    again = await run.ok("acknowledge_incident", {"sequentialId": number})
    check(again.get("acknowledgedAt") == acked.get("acknowledgedAt"), "a second acknowledge changed acknowledgedAt")
    await run.refused("transition_incident_status", {"sequentialId": number, "status": "monitoring"}, "invalid_status_transition")
    moved = await run.ok("transition_incident_status", {"sequentialId": number, "status": "identified"})
    check(moved["status"] == "identified", f"status is {moved['status']}")
    resolved = await run.ok("resolve_incident", {"sequentialId": number, "resolutionNote": "mockscaling verify"})
    check(resolved["status"] == "resolved", f"status is {resolved['status']}")
    await run.refused("post_incident_update", {"sequentialId": number, "body": "late", "visibility": "internal"}, "incident_resolved")


def run_mcp_suite(url: str, token: str, echo: Callable[[str], None] = print, read_only: bool = False,
                  only: Sequence[str] | None = None) -> list[RuleResult]:
    """Run the MCP rules against `url` (e.g. http://127.0.0.1:5050/mcp) with an MCP access token.

    Example::

        results = run_mcp_suite("http://127.0.0.1:5050/mcp", token)
        ok = all(result.passed for result in results)
    """
    return asyncio.run(_run(url, token, echo, read_only, only))


async def _run(url: str, token: str, echo: Callable[[str], None], read_only: bool, only: Sequence[str] | None) -> list[RuleResult]:
    import httpx2
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client

    run = McpCheck(url, token)
    results: list[RuleResult] = []

    def report(result: RuleResult) -> None:
        results.append(result)
        echo(result.line())

    try:
        async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=30) as http:
            async with Client(streamable_http_client(url, http_client=http), mode="legacy") as client:
                report(RuleResult("mcp.initialize", True, source=INITIALIZE_SOURCE))
                run.client = client
                await _rules(run, read_only, only, report)
    except Exception as exc:  # noqa: BLE001 - the connection itself failed: one failed rule says why
        if not results:
            report(RuleResult("mcp.initialize", False, f"cannot connect: {type(exc).__name__}: {exc}", INITIALIZE_SOURCE))
        else:
            raise
    return results


async def _rules(run: McpCheck, read_only: bool, only: Sequence[str] | None, report: Callable[[RuleResult], None]) -> None:
    from mcp.shared.exceptions import MCPError

    for name, source, rule_read_only, function in MCP_RULES:
        if (only and name not in only) or (read_only and not rule_read_only):
            continue
        started = time.perf_counter()
        try:
            await function(run)
            outcome: dict[str, Any] = {"passed": True}
        except RuleFailed as exc:
            outcome = {"passed": False, "reason": str(exc)}
        except (MCPError, KeyError, TypeError, ValueError, AttributeError, requests.RequestException) as exc:
            outcome = {"passed": False, "reason": f"unexpected answer: {type(exc).__name__}: {exc}"}
        report(RuleResult(name, source=source, seconds=time.perf_counter() - started, **outcome))
