"""What the request journal costs: time per request with and without it, and its memory at the cap.

Run from the repository root: `python benchmarks/bench_journal.py`. Both timings come from the same run
(best of 7 timeit repeats), so the ratio holds on a busy machine too.
"""

from __future__ import annotations

import time
import timeit
import tracemalloc
import uuid

from mockscaling import chosen, create_app, get_store

KEY = {"Authorization": "Bearer scl_live_" + "a" * 32}
BODY = {"title": "Checkout is down", "severity": "high", "ownerId": "user_bob"}


def per_request_us(app, number: int = 300) -> float:
    client = app.test_client()
    store = get_store(app)

    def one() -> None:
        client.post("/v1/incidents", json=BODY, headers=KEY)

    def run() -> None:
        store.reset()
        for _ in range(number):
            one()

    # CPU time of this process: on a shared machine wall time mostly measures the neighbours.
    return min(timeit.repeat(run, number=1, repeat=7, timer=time.process_time)) / number * 1e6


def main() -> None:
    with_journal = create_app()
    without_journal = create_app()
    # The journal hook is the last after_request function install_journal added: drop it for the baseline.
    hooks = without_journal.after_request_funcs[None]
    hooks[:] = [hook for hook in hooks if hook.__name__ != "_record"]
    # Interleaved, best of each: both see the same machine.
    base = min(per_request_us(without_journal) for _ in range(3) for __ in [per_request_us(with_journal)])
    full = min(per_request_us(with_journal) for _ in range(3))
    print(f"POST /v1/incidents in-process: {base:.0f} µs without the journal, {full:.0f} µs with it "
          f"(ratio {full / base:.2f})")

    store = get_store(create_app())
    big = b"x" * chosen.JOURNAL_BODY_BYTES
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    for n in range(chosen.JOURNAL_SIZE * 2):
        store.record_request("POST", f"/v1/x/{n}", 201, str(uuid.uuid4()), body=big[:-8] + n.to_bytes(8, "big"), response=big[:-8] + n.to_bytes(8, "big"),
                             headers={"Authorization": "Bearer " + "a" * 40})
    after = tracemalloc.take_snapshot()
    grown = sum(stat.size_diff for stat in after.compare_to(before, "filename"))
    print(f"journal at the cap ({chosen.JOURNAL_SIZE} entries, both bodies at {chosen.JOURNAL_BODY_BYTES} bytes): "
          f"{grown / 2**20:.1f} MiB; bound {2 * chosen.JOURNAL_SIZE * chosen.JOURNAL_BODY_BYTES / 2**20:.0f} MiB + overhead")


if __name__ == "__main__":
    main()
