"""Benchmark: the per-test cost of the `mockscaling` fixture against one in-process request, in the same run.

Run: python benchmarks/bench_fixture.py [--through-pytest]

Figures (best of several timeit repeats, in microseconds):
- fixture: what the `mockscaling` fixture does per test, setup and teardown: take the session's app for
  the seed and reset its store to the seed (data, id counters, clock). Teardown has nothing to undo,
  because the next test's setup resets. Measured with and without a frozen time (`now`).
- request: one GET /v1/incidents with the admin key through Flask's test client (no socket).
- with --through-pytest: also the extra wall time per test of a pytest run whose tests use the
  fixture over one whose tests do not (includes pytest's own fixture bookkeeping; noisier).

Exits with status 1 when the fixture costs more than one request.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import sys
import tempfile
import textwrap
import time
import timeit
from collections.abc import Callable
from pathlib import Path

from mockscaling.testing import MockScalingPool


def best_per_call(function: Callable[[], object], repeat: int = 7) -> float:
    """Seconds per call: timeit's autorange picks the loop count, the best of `repeat` runs is kept."""
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    return min(timer.repeat(repeat=repeat, number=number)) / number


def through_pytest(tests: int = 400) -> float:
    """Extra seconds per test when each test takes the `mockscaling` fixture (in-process pytest runs)."""
    import pytest

    runs = iter(range(1000))

    def run(source: str) -> float:
        with tempfile.TemporaryDirectory() as folder:
            # A new module name per run: pytest refuses to import a second test_generated.py in one process.
            path = Path(folder) / f"test_generated_{next(runs)}.py"
            path.write_text(textwrap.dedent(source))
            start = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                code = pytest.main([str(path), "-q", "-p", "no:cacheprovider", "-o", "addopts="])
            elapsed = time.perf_counter() - start
            if code != 0:
                raise SystemExit(f"generated pytest run failed with {code}")
            return elapsed

    body = "import pytest\n@pytest.mark.parametrize('i', range({n}))\ndef test_x(i{extra}):\n    assert i >= 0\n"
    # Warm-up (imports, the session app) so neither measured run pays one-off costs.
    run(body.format(n=10, extra=", mockscaling"))
    plain = min(run(body.format(n=tests, extra="")) for _ in range(3))
    with_fixture = min(run(body.format(n=tests, extra=", mockscaling")) for _ in range(3))
    return (with_fixture - plain) / tests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--through-pytest", action="store_true", help="also measure through real pytest runs")
    args = parser.parse_args()

    pool = MockScalingPool()
    fake = pool.fake("default")  # builds the session app once, as the first test of a session would
    client = fake.client()
    assert client.get("/v1/incidents").status_code == 200

    fixture = best_per_call(lambda: pool.fake("default"))
    fixture_frozen = best_per_call(lambda: pool.fake("default", now="2026-04-07T10:00:00Z"))
    request = best_per_call(lambda: client.get("/v1/incidents"))
    pool.close()

    worst = max(fixture, fixture_frozen)
    print(f"mockscaling fixture per test (setup + teardown): {fixture * 1e6:8.1f} us")
    print(f"  ... with @pytest.mark.mockscaling(now=...):    {fixture_frozen * 1e6:8.1f} us")
    print(f"one in-process request (GET /v1/incidents):      {request * 1e6:8.1f} us")
    print(f"ratio fixture / request:                          {worst / request:8.2f}")
    if args.through_pytest:
        extra = through_pytest()
        print(f"extra wall time per pytest test using it:        {extra * 1e6:8.1f} us "
              f"(ratio {extra / request:.2f}; includes pytest's fixture bookkeeping)")
    if worst > request:
        print("FAIL: a fresh fake costs more than one request", file=sys.stderr)
        return 1
    print("OK: a fresh seeded fake costs less than one request")
    return 0


if __name__ == "__main__":
    sys.exit(main())
