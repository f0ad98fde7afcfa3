"""The per-test cost of the `mockscaling` fixture against one in-process request, timed in the same run.

- fixture: what the fixture does per test (take the session's app for the seed and reset its store to
  the seed: data, id counters, clock), without and with a frozen time (`now`);
- request: one GET /v1/incidents with the admin key through Flask's test client (no socket).
Target: a fresh seeded fake costs at most one request; on `busy-org` at most twice the default seed.
"""

from __future__ import annotations

import statistics

import pytest

from mockscaling.harness.testing import MockScalingPool

from .support import alternate, quick, round_ratio


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


def test_reset_with_a_busy_seed(benchmark, figures, pool):
    """The fixture on `busy-org` (500 incidents) costs at most 2x the fixture on the default seed.

    Both are timed in alternating rounds (CPU time); with a running clock a world older than
    chosen.SEED_WORLD_REUSE is loaded again, and that reload is inside the rounds too.
    """
    pool.fake("busy-org")  # the first use loads the world (once per process)
    seconds = alternate({"default": lambda: pool.fake("default"), "busy-org": lambda: pool.fake("busy-org")},
                        rounds=5 if quick() else 11, per_round=50)
    benchmark(pool.fake, "busy-org")
    ratio = round_ratio(seconds, "busy-org", "default")
    per = {name: statistics.mean(values) * 1e6 for name, values in seconds.items()}
    figures.absolute("mockscaling fixture: busy-org / default seed", ratio, 2.0, "x",
                     f"median of alternating rounds (CPU); mean {per['busy-org']:.0f} us / {per['default']:.0f} us")
