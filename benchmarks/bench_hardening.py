"""Issue 12: the worst attack bodies answer a 4xx in under a second with under 50 MiB of memory growth.

Run: python -m pytest benchmarks/bench_hardening.py   (pytest-benchmark; outside the default test run)

Baseline, measured in the same run: one ordinary POST /v1/incidents through Flask's test client. Figures:
- a body just under the 1 MiB limit whose componentIds holds ~520,000 zeros (the attack's list; before
  issue 12 marshmallow built one error per item) -> 422, median seconds and ratio to the baseline;
- the attack's own 28 MiB body (15 million zeros) -> 413, median seconds;
- the peak memory growth of each (tracemalloc, one call), which must stay under 50 MiB.
Bodies are built and wrapped in a stream before the measurement, so only the fake's own work counts.
"""

from __future__ import annotations

import io
import tracemalloc
from collections.abc import Callable

import pytest

from mockscaling import chosen, create_app

AUTH = {"Authorization": "Bearer scl_live_" + "a" * 32, "Content-Type": "application/json"}
ORDINARY = b'{"title":"Benchmark","severity":"low","ownerId":"user_bob"}'
SECONDS_LIMIT = 1.0
MEMORY_LIMIT_MIB = 50


def zeros_body(total_bytes: int) -> bytes:
    """`{"title":..., "componentIds":[0,0,...]}` of about `total_bytes` bytes."""
    head = b'{"title":"t","severity":"high","ownerId":"user_bob","componentIds":['
    count = max(1, (total_bytes - len(head) - 2) // 2)
    return head + b",".join([b"0"] * count) + b"]}"


UNDER_LIMIT = zeros_body(chosen.MAX_BODY_BYTES - 64)
ATTACK = zeros_body(28 * 1024 * 1024)


def poster(body: bytes) -> Callable[[], int]:
    """A call that POSTs `body` to /v1/incidents in-process and returns the status."""
    client = create_app().test_client()

    def post() -> int:
        # The stream wraps the same bytes object: no copy of the body inside the measurement.
        return client.post("/v1/incidents", input_stream=io.BytesIO(body), content_length=len(body), headers=AUTH).status_code

    return post


def peak_growth_mib(call: Callable[[], int]) -> float:
    """Peak memory allocated while `call` runs once, in MiB (tracemalloc)."""
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return (peak - before) / (1024 * 1024)


RESULTS: dict[str, float] = {}


def test_baseline_ordinary_post(benchmark):
    call = poster(ORDINARY)
    assert call() == 201
    benchmark(call)
    RESULTS["baseline"] = benchmark.stats.stats.median


@pytest.mark.parametrize(
    "name, body, status",
    [("list of zeros under the body limit", UNDER_LIMIT, 422), ("the attack's 28 MiB body", ATTACK, 413)],
)
def test_attack_body_answers_4xx_quickly_and_small(benchmark, name, body, status):
    call = poster(body)
    assert call() == status
    benchmark.pedantic(call, rounds=5, iterations=1)
    median = benchmark.stats.stats.median
    growth = peak_growth_mib(call)
    baseline = RESULTS.get("baseline")
    ratio = f", {median / baseline:.0f}x an ordinary POST" if baseline else ""
    print(f"\n{name}: {status} in {median * 1000:.1f} ms{ratio}; peak memory growth {growth:.1f} MiB")
    benchmark.extra_info.update(status=status, peak_growth_mib=round(growth, 2))
    assert median < SECONDS_LIMIT, f"{name}: {median:.3f} s (target < {SECONDS_LIMIT} s)"
    assert growth < MEMORY_LIMIT_MIB, f"{name}: {growth:.1f} MiB (target < {MEMORY_LIMIT_MIB} MiB)"
