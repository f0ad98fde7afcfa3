"""The MCP surface's costs: an in-process tool call against REST, a list at scale, and REST beside the mount."""

from __future__ import annotations

import asyncio
import statistics
import time

import requests
from mcp import Client

from mockscaling import get_store
from mockscaling.mcp.server import build_server
from mockscaling.web.server import ThreadedServer

from .bench_http import BODY, CLIENTS, ROUNDS, load_seconds
from .support import AUTH, BOB, app_with, frozen_app

ARGS = {"title": "Benchmark", "severity": "low", "ownerId": BOB}
ROUNDS_INPROCESS, ROUND_CALLS = 11, 100


def _client(app):
    """An SDK client on `app`'s store as its admin (in-process: the SDK's direct dispatch, no socket)."""
    store = get_store(app)
    access, _ = store.issue_mcp_tokens("user_ada")
    return Client(build_server(store, token_source=lambda ctx: access.token))


def test_inprocess_tool_call_ratio(figures):
    """An in-process create_incident tool call costs at most 2x an in-process REST POST /v1/incidents.

    Alternating rounds of ROUND_CALLS calls each, CPU time of this process; the median per-round ratio counts.
    """
    rest = frozen_app().test_client()
    app = frozen_app()

    async def run() -> list[float]:
        ratios = []
        async with _client(app) as client:
            await client.call_tool("create_incident", ARGS)  # warm-up (tools/list for the output schema)
            for _ in range(ROUNDS_INPROCESS):
                start = time.process_time()
                for _ in range(ROUND_CALLS):
                    rest.post("/v1/incidents", json=BODY, headers=AUTH)
                rest_seconds = time.process_time() - start
                start = time.process_time()
                for _ in range(ROUND_CALLS):
                    await client.call_tool("create_incident", ARGS)
                ratios.append((time.process_time() - start) / rest_seconds)
                figures.medians["inprocess rest post"] = rest_seconds / ROUND_CALLS
        return ratios

    ratios = asyncio.run(run())
    figures.absolute("In-process create_incident tool call / REST POST", statistics.median(ratios), 2.0, "x",
                     "median of rounds " + " ".join(f"{r:.2f}" for r in ratios))


def test_list_incidents_tool_at_scale(figures):
    """list_incidents (first page of 20) at 100,000 incidents costs at most 1.5x the same at 100.

    Alternating rounds of ROUND_CALLS calls on each store (CPU time); the median per-round ratio counts.
    """
    apps = {count: app_with(count) for count in (100, 100_000)}

    async def run() -> list[float]:
        ratios = []
        async with _client(apps[100]) as small, _client(apps[100_000]) as big:
            for client in (small, big):
                result = await client.call_tool("list_incidents", {})
                assert len(result.structured_content["incidents"]) == 20
            for _ in range(ROUNDS_INPROCESS):
                seconds = []
                for client in (small, big):
                    start = time.process_time()
                    for _ in range(ROUND_CALLS):
                        await client.call_tool("list_incidents", {})
                    seconds.append(time.process_time() - start)
                ratios.append(seconds[1] / seconds[0])
        return ratios

    ratios = asyncio.run(run())
    figures.absolute("MCP list_incidents: 100,000 / 100 incidents", statistics.median(ratios), 1.5, "x",
                     "median of rounds " + " ".join(f"{r:.2f}" for r in ratios))


def test_live_rest_beside_the_mount(figures):
    """REST's live throughput (GET list, 16 keep-alive clients, `ab` when installed) with /mcp mounted is at least 0.9x without
    it; the mount is warm (one MCP request made), rounds alternate, the median round counts."""
    ratios = []
    with ThreadedServer(frozen_app(mcp=False)) as plain, ThreadedServer(frozen_app()) as mounted:
        requests.post(mounted.url + "/mcp", json={}, timeout=10)  # the SDK app and its loop exist now
        sessions = {name: [requests.Session() for _ in range(CLIENTS)] for name in ("plain", "mounted")}
        for name, server in (("plain", plain), ("mounted", mounted)):
            load_seconds(server.url + "/v1/incidents", "GET", sessions[name])
        for _ in range(ROUNDS):
            plain_seconds = load_seconds(plain.url + "/v1/incidents", "GET", sessions["plain"])
            mounted_seconds = load_seconds(mounted.url + "/v1/incidents", "GET", sessions["mounted"])
            ratios.append(plain_seconds / mounted_seconds)
        for group in sessions.values():
            for session in group:
                session.close()
    figures.at_least("Live REST GET list with the MCP mount / without", statistics.median(ratios), 0.9, "x",
                     "median round; rounds " + " ".join(f"{r:.2f}" for r in ratios))
