"""Fault injection (contract §5): count, seeded probability, 429/500/503 envelopes, latency, reset; both transports."""

from __future__ import annotations

import random
import time

import pytest

from .support import assert_error


def add_fault(api, **plan):
    reply = api.post("/_mock/faults", json=plan)
    assert reply.status == 201, reply.text
    return reply.data


def test_count_limits_a_plan_to_the_next_n_matching_requests(api):
    plan = add_fault(api, path="/v1/incidents*", method="post", status=500, count=2)
    assert plan["method"] == "POST" and plan["remaining"] == 2
    assert api.get("/incidents").status == 200  # other method: untouched
    for _ in range(2):
        assert_error(api.create_incident(), 500, "internal_error", "server_error")
    assert api.create_incident().status == 201
    (listed,) = api.get("/_mock/faults").data
    assert (listed["remaining"], listed["fired"]) == (0, 2)


def test_503_and_429_carry_the_envelope_and_retry_after(api):
    add_fault(api, path="/v1/components", status=503, retryAfter=7, count=1, message="Down for a moment.")
    add_fault(api, path="/v1/components", status=429, count=1)
    unavailable = api.get("/components")
    body = assert_error(unavailable, 503, "internal_error", "service_unavailable")
    assert body["message"] == "Down for a moment." and unavailable.headers["Retry-After"] == "7"
    limited = api.get("/components")
    assert_error(limited, 429, "rate_limit_error", "rate_limited")
    assert limited.headers["Retry-After"] == "1"
    assert api.get("/components").status == 200


def test_probability_is_reproducible_with_a_seed(api):
    plan = {"path": "/v1/components", "method": "GET", "status": 500, "probability": 0.5, "seed": 42}

    def run() -> list[int]:
        api.delete("/_mock/faults")
        add_fault(api, **plan)
        return [api.get("/components").status for _ in range(16)]

    first, second = run(), run()
    draws = random.Random(42)
    assert first == second == [500 if draws.random() < 0.5 else 200 for _ in range(16)]
    assert {200, 500} <= set(first)


def test_latency_delays_without_failing(api):
    add_fault(api, path="/v1/components", latencyMs=300, count=1)
    started = time.perf_counter()
    assert api.get("/components").status == 200
    assert time.perf_counter() - started >= 0.3
    started = time.perf_counter()
    assert api.get("/components").status == 200
    assert time.perf_counter() - started < 0.3


def test_never_on_the_control_plane_nor_on_preflights_but_on_status_pages(api):
    add_fault(api, path="*", status=503)
    assert api.get("/_mock/faults").status == 200
    assert api.request("OPTIONS", "/incidents", key=None).status == 200
    assert_error(api.get("/status/acme.json", key=None), 503, "internal_error", "service_unavailable")
    assert_error(api.get("/v1/nothing-here"), 503, "internal_error", "service_unavailable")


def test_reset_and_delete_clear_faults(api):
    first = add_fault(api, path="/v1/*", status=500)
    second = add_fault(api, path="/api/*", status=500)
    assert api.delete(f"/_mock/faults/{first['id']}").data == {"removed": first["id"]}
    assert [p["id"] for p in api.get("/_mock/faults").data] == [second["id"]]
    assert api.post("/_mock/reset").status == 200
    assert api.get("/_mock/faults").data == []
    assert api.get("/components").status == 200
    add_fault(api, path="/v1/*", status=500)
    assert api.delete("/_mock/faults").data == {"cleared": 1}
    assert_error(api.delete("/_mock/faults/fault_99"), 404, "invalid_request_error", "not_found")


@pytest.mark.parametrize(
    "plan",
    [
        {"path": "/v1/*", "status": 418},
        {"path": "/v1/*"},
        {"path": "/v1/*", "status": 500, "retryAfter": 3},
        {"path": "/v1/*", "status": 500, "probability": 1.5},
        {"path": "/v1/*", "status": 500, "method": "BREW"},
        {"path": "/v1/*", "status": 500, "count": 0},
        {"path": "/v1/*", "status": "500"},
        {"path": "/v1/*", "status": 500, "latencyMs": 10**9},
        {"path": "/v1/*", "status": 500, "surprise": True},
        {"status": 500},
    ],
)
def test_bad_plans_are_422(inproc, plan):
    assert_error(inproc.post("/_mock/faults", json=plan), 422, "validation_error", "invalid_body")


def test_python_methods_match_the_http_ones(store, inproc):
    plan = store.add_fault("/v1/incidents/*", method="GET", status=503, count=1)
    assert [p["id"] for p in store.list_faults()] == [plan.id]
    assert_error(inproc.get("/incidents/016f5e66-e800-7000-8000-000000000001"), 503, "internal_error", "service_unavailable")
    assert inproc.get("/incidents").status == 200  # "/v1/incidents" does not match "/v1/incidents/*"
    store.add_fault("/v1/*", latency_ms=1)
    assert store.clear_faults() == 2 and store.list_faults() == []
