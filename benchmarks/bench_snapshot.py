"""`mockscaling snapshot` of 10,000 incidents from a local fake (a `mockscaling serve` of its own) in at most 60 s."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from mockscaling import get_store
from mockscaling.tools.snapshot.run import Options, take_snapshot

from .support import ADMIN_KEY, AUTH, fill, frozen_app

INCIDENTS = 10_000
WORKERS = 4


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A `mockscaling serve` (another process, as a user runs it) holding 10,000 incidents, some with updates."""
    folder = tmp_path_factory.mktemp("snapshot-bench")
    store = get_store(frozen_app())
    principal = store.authenticate(f"Bearer {ADMIN_KEY}")
    for n, incident in enumerate(fill(store, INCIDENTS)):
        if n % 5 == 0:
            store.create_update(principal, incident.id, visibility="internal", body=f"Looking at it ({n})")
    (folder / "state.json").write_text(json.dumps(store.dump_state()))
    process = subprocess.Popen(
        [sys.executable, "-m", "mockscaling", "serve", "--seed", str(folder / "state.json"), "--port", "0", "--quiet"],
        stdout=subprocess.PIPE, text=True, env={**os.environ},
    )
    try:
        url = None
        for line in process.stdout:
            match = re.search(r"at (http://\S+)/v1", line)
            if match:
                url = match.group(1)
                break
        assert url, "the server did not start"
        yield url, folder
    finally:
        process.terminate()
        process.wait(timeout=30)


def bare_reads(url: str) -> int:
    """The yardstick: the GETs no snapshot can do without (every list page, then each incident once, with the
    same number of workers and keep-alive sessions), with plain requests and nothing else."""
    session = requests.Session()
    ids, cursor = [], None
    while True:
        params = {"limit": 100, **({"cursor": cursor} if cursor else {})}
        data = session.get(f"{url}/v1/incidents", params=params, headers=AUTH, timeout=30).json()["data"]
        ids += [item["id"] for item in data["incidents"]]
        cursor = data["nextCursor"]
        if cursor is None:
            break
    local = threading.local()

    def one(incident_id: str) -> None:
        if not hasattr(local, "session"):
            local.session = requests.Session()
        local.session.get(f"{url}/v1/incidents/{incident_id}", headers=AUTH, timeout=30).json()

    with ThreadPoolExecutor(WORKERS) as pool:
        list(pool.map(one, ids))
    return len(ids)


def test_snapshot_of_10000_incidents(benchmark, figures, served):
    """The whole command (read with body checks, convert, validate, write) against bare reads of the same GETs."""
    url, folder = served
    start = time.perf_counter()
    assert bare_reads(url) == INCIDENTS
    bare = time.perf_counter() - start

    def run() -> None:
        result = take_snapshot(Options(url, ADMIN_KEY, output=str(folder / "seed.json"), incidents=None, workers=WORKERS))
        assert len(result.converted.document["organizations"][0]["incidents"]) == INCIDENTS

    benchmark.pedantic(run, rounds=1, iterations=1)
    seconds = benchmark.stats.stats.median
    figures.absolute("snapshot of 10,000 incidents (wall)", seconds, 60, "s",
                     f"bare reads of each incident once {bare:.1f} s ({seconds / bare:.2f}x)")
