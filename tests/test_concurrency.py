"""Concurrent requests over a real socket: one lock per rule means exactly one winner and nothing lost."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from .support import ADMIN_KEY, BOB, STATUSES

HEADERS = {"Authorization": f"Bearer {ADMIN_KEY}", "Content-Type": "application/json"}
THREADS = 20


def _all_at_once(count: int, send) -> list:
    """Run `send(i)` in `count` threads released together by a barrier."""
    barrier = threading.Barrier(count)

    def run(i: int):
        with requests.Session() as session:
            barrier.wait()
            return send(session, i)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


@pytest.fixture
def base(app, live_server_url) -> str:
    """The socket URL of the reset app."""
    return live_server_url


def _create(base: str, title: str = "Race") -> dict:
    reply = requests.post(f"{base}/v1/incidents", json={"title": title, "severity": "high", "ownerId": BOB}, headers=HEADERS, timeout=10)
    assert reply.status_code == 201, reply.text
    return reply.json()["data"]


def _detail(base: str, incident_id: str) -> dict:
    return requests.get(f"{base}/v1/incidents/{incident_id}", headers=HEADERS, timeout=10).json()["data"]


def test_same_transition_twenty_times_at_once(base):
    incident = _create(base)
    replies = _all_at_once(
        THREADS,
        lambda s, i: s.patch(f"{base}/v1/incidents/{incident['id']}/status", json={"status": "identified"}, headers=HEADERS, timeout=30),
    )
    statuses = Counter(reply.status_code for reply in replies)
    assert statuses == {200: 1, 400: THREADS - 1}
    assert {reply.json()["code"] for reply in replies if reply.status_code == 400} == {"invalid_status_transition"}
    detail = _detail(base, incident["id"])
    assert [entry["status"] for entry in detail["statusHistory"]] == ["investigating", "identified"]
    assert [e["type"] for e in detail["events"]].count("status_changed") == 1
    updates = requests.get(f"{base}/v1/incidents/{incident['id']}/updates", headers=HEADERS, timeout=10).json()["data"]["updates"]
    assert len(updates) == 1


def test_racing_walkers_each_step_is_won_once(base):
    """Every thread tries the whole lifecycle; each of the three moves succeeds exactly once overall."""
    incident = _create(base)

    def walk(session, i):
        return [
            session.patch(f"{base}/v1/incidents/{incident['id']}/status", json={"status": status}, headers=HEADERS, timeout=30).status_code
            for status in STATUSES[1:]
        ]

    results = _all_at_once(THREADS, walk)
    assert sum(codes.count(200) for codes in results) == 3
    assert [entry["status"] for entry in _detail(base, incident["id"])["statusHistory"]] == STATUSES


def test_concurrent_creates_get_distinct_sequential_ids(base):
    per_thread = 5

    def create_some(session, i):
        out = []
        for n in range(per_thread):
            reply = session.post(f"{base}/v1/incidents", json={"title": f"t{i}-{n}", "severity": "low", "ownerId": BOB},
                                 headers=HEADERS, timeout=30)
            assert reply.status_code == 201, reply.text
            out.append(reply.json()["data"]["sequentialId"])
        return out

    made = [seq for batch in _all_at_once(THREADS, create_some) for seq in batch]
    assert sorted(made) == list(range(1, THREADS * per_thread + 1))
    listed = requests.get(f"{base}/v1/incidents", params={"limit": 100}, headers=HEADERS, timeout=10).json()["data"]
    assert [i["sequentialId"] for i in listed["incidents"]] == list(range(THREADS * per_thread, 0, -1))
    assert listed["nextCursor"] is None


def test_concurrent_acknowledge_records_one_event(base):
    incident = _create(base)
    replies = _all_at_once(THREADS, lambda s, i: s.post(f"{base}/v1/incidents/{incident['id']}/acknowledge", headers=HEADERS, timeout=30))
    assert {reply.status_code for reply in replies} == {200}
    assert len({reply.json()["data"]["acknowledgedAt"] for reply in replies}) == 1
    assert [e["type"] for e in _detail(base, incident["id"])["events"]].count("incident_acknowledged") == 1
