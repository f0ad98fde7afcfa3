"""MCP tools as properties (contract §7.2): each idempotency key writes at most once; no arguments cause a 5xx."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import Store
from mockscaling.domain import errors
from mockscaling.mcp.server import ToolCaller
from mockscaling.mcp.tools import TOOLS, create_incident

KEYS = st.sampled_from(["k1", "k2", "k3", None])
TITLES = st.sampled_from(["A", "B"])
STEPS = st.lists(st.one_of(st.tuples(st.just("call"), KEYS, TITLES), st.tuples(st.just("advance"), st.sampled_from([3600, 86400]))),
                 max_size=25)


@settings(max_examples=60, deadline=None)
@given(steps=STEPS)
def test_each_key_writes_once_per_window_and_refuses_other_arguments(steps):
    store = Store()
    principal = store.authenticate("Bearer " + "scl_live_" + "a" * 32)
    first: dict[str, tuple[str, dict, float]] = {}  # key -> (title, answer, at)
    elapsed = 0.0
    writes = 0
    for step in steps:
        if step[0] == "advance":
            store.set_clock(advance=step[1])
            elapsed += step[1]
            continue
        _, key, title = step
        args = {"title": title, "severity": "low", "description": None, "owner_id": "user_bob", "owner_schedule_id": None,
                "component_ids": None, "idempotency_key": key}
        known = first.get(key) if key is not None else None
        if known is not None and elapsed - known[2] >= 86400:
            known = None  # the window has passed: the key is fresh again
        try:
            answer = create_incident(store, principal, args)
        except errors.IdempotencyKeyReused:
            assert known is not None and known[0] != title
            continue
        if known is not None:
            assert known[0] == title and answer == known[1]  # a replay: the first answer, nothing written
            continue
        writes += 1
        if key is not None:
            first[key] = (title, answer, elapsed)
    assert len(store.incidents) == writes


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=8)
NAMES = st.sampled_from(["sequentialId", "title", "severity", "ownerId", "body", "visibility", "status", "limit",
                         "scheduleId", "idempotencyKey", "componentIds", "resolutionNote", "description"])


@settings(max_examples=150, deadline=None)
@given(tool=st.sampled_from(sorted(TOOLS)), arguments=st.dictionaries(NAMES, JSON, max_size=5))
def test_no_arguments_make_a_tool_fail_unexpectedly(tool, arguments):
    from mcp.shared.exceptions import MCPError

    store = Store()
    access, _ = store.issue_mcp_tokens("user_ada")
    before = store.dump_state()["incidents"]
    try:
        result = ToolCaller(store).call(access.token, tool, arguments)
    except MCPError as error:
        assert error.code == -32602 and error.message
        assert store.dump_state()["incidents"] == before  # a refused call writes nothing
        return
    if result.is_error:
        assert result.structured_content["statusCode"] < 500
        assert store.dump_state()["incidents"] == before
