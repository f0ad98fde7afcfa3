"""The per-test cost of the `mockscaling` fixture against one in-process request, timed in the same run.

- fixture: what the fixture does per test (take the session's app for the seed and reset its store to
  the seed: data, id counters, clock), without and with a frozen time (`now`);
- request: one GET /v1/incidents with the admin key through Flask's test client (no socket).
Target: a fresh seeded fake costs at most one request.
"""

from __future__ import annotations

import pytest

from mockscaling.harness.testing import MockScalingPool


@pytest.fixture(scope="module")
def pool():
    """A pool whose session app for the default seed is already built (as after a session's first test)."""
    pool = MockScalingPool()
    pool.fake("default")
    yield pool
    pool.close()


def test_one_request(benchmark, figures, pool):
    """The yardstick: one in-process GET /v1/incidents."""
    client = pool.fake("default").client()
    assert client.get("/v1/incidents").status_code == 200
    benchmark(client.get, "/v1/incidents")
    figures.record("request", benchmark)


@pytest.mark.parametrize("now", [None, "2026-04-07T10:00:00Z"], ids=["real-time", "frozen"])
def test_fixture_per_test(benchmark, figures, pool, now):
    """Setup + teardown of the `mockscaling` fixture costs at most one request."""
    benchmark(pool.fake, "default", now=now) if now else benchmark(pool.fake, "default")
    key = f"fixture {'frozen' if now else 'real-time'}"
    figures.record(key, benchmark)
    figures.ratio(f"mockscaling fixture ({'now=' if now else 'real time'}) / one request", key, "request", 1.0)
