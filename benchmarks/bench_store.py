"""Cost flat in the data size: lists, GET by id under pending escalations, clock jumps, dump/load, memory."""

from __future__ import annotations

import gc
import tracemalloc

import pytest

from mockscaling import get_store
from mockscaling import Store
from mockscaling.store.incidents import encode_cursor

from .conftest import CpuTimed
from .support import AUTH, DEFAULT_POLICY, app_with, fill, frozen_app

SMALL, BIG = 100, 100_000
LISTS = {
    "first page": lambda count, app: ("/v1/incidents", AUTH),
    "filtered (severity=high)": lambda count, app: ("/v1/incidents?severity=high", AUTH),
    "filtered (status=identified)": lambda count, app: ("/v1/incidents?status=identified", AUTH),
    "cursor page (middle)": lambda count, app: (f"/v1/incidents?cursor={encode_cursor(count // 2)}", AUTH),
    "empty tenant": lambda count, app: ("/v1/incidents", {"Authorization": f"Bearer {app.config['EMPTY_TENANT_KEY']}"}),
}


@pytest.mark.parametrize("form", list(LISTS))
@pytest.mark.parametrize("count", [SMALL, BIG])
def test_list(benchmark, figures, form, count):
    """Every list form at 100,000 incidents costs at most 3x the same at 100."""
    app = app_with(count)
    path, headers = LISTS[form](count, app)
    client = app.test_client()
    assert client.get(path, headers=headers).status_code == 200
    benchmark(client.get, path, headers=headers)
    figures.record(f"list {form} {count}", benchmark)
    figures.ratio(f"GET list, {form}: 100,000 / 100 incidents", f"list {form} {BIG}", f"list {form} {SMALL}", 3.0)


@pytest.mark.parametrize("pending", [0, 10_000])
def test_get_by_id_with_pending_escalations(benchmark, figures, pending):
    """GET by id with 10,000 pending escalations costs at most 1.5x the same with none."""
    app = app_with(10_000, DEFAULT_POLICY if pending else None)
    store = get_store(app)
    assert len(store._escalation_timer) >= pending
    incident = next(iter(store.incidents.newest_first("org_acme")))
    client = app.test_client()
    benchmark(client.get, f"/v1/incidents/{incident.id}", headers=AUTH)
    figures.record(f"get pending {pending}", benchmark)
    figures.ratio("GET by id: 10,000 pending escalations / none", "get pending 10000", "get pending 0", 1.5)


def test_clock_jump_firing_4000_steps(benchmark, figures):
    """One clock jump firing 4,000 escalation steps takes at most 0.5 s."""

    def setup():
        store = get_store(frozen_app())
        fill(store, 2_000, DEFAULT_POLICY)  # each: layer 2 after 15 min, exhausted after 30 more
        return (store,), {}

    def jump(store):
        store.set_clock(advance=3 * 3600)
        return store

    jump = CpuTimed(jump)
    store = benchmark.pedantic(jump, setup=setup, rounds=3, iterations=1)
    fired = sum(1 for i in store.incidents.values() for e in i.events if e.type in ("incident_paged", "escalation_exhausted"))
    assert fired == 2_000 * 3  # the create-time page plus the two fired steps each
    wall = figures.record("clock jump", benchmark)
    figures.absolute("Clock jump firing 4,000 steps (CPU time)", jump.median, 0.5, "s", f"wall {wall:.2f} s")


@pytest.fixture(scope="module")
def big_document():
    """The state document of a store holding 100,000 incidents."""
    return get_store(app_with(BIG)).dump_state()


def test_dump_100000(benchmark, figures):
    """dump_state of 100,000 incidents takes at most 2 s."""
    dump = CpuTimed(get_store(app_with(BIG)).dump_state)
    benchmark.pedantic(dump, rounds=3, iterations=1)
    wall = figures.record("dump", benchmark)
    figures.absolute("dump_state, 100,000 incidents (CPU time)", dump.median, 2.0, "s", f"wall {wall:.2f} s")


def test_load_100000(benchmark, figures, big_document):
    """load_state of 100,000 incidents takes at most 2 s."""
    load = CpuTimed(lambda: Store(seed=None).load_state(big_document))
    benchmark.pedantic(load, rounds=3, iterations=1)
    wall = figures.record("load", benchmark)
    figures.absolute("load_state, 100,000 incidents (CPU time)", load.median, 2.0, "s", f"wall {wall:.2f} s")


def test_memory_per_incident(figures):
    """An incident (with its history, event, indexes) takes at most 1.5 KB of memory."""
    store = get_store(frozen_app())
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    fill(store, 10_000)
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    per_incident = (after - before) / 10_000 / 1024
    figures.absolute("Memory per incident", per_incident, 1.5, "KB", "10,000 incidents, tracemalloc")
    print(f"memory per incident: {per_incident:.2f} KB")
