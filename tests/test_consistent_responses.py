"""Every response is built from one consistent state: writes hammered while reading never tear an answer."""

from __future__ import annotations

import sys
import threading
import time
from datetime import UTC, datetime

from mockscaling import create_app
from mockscaling.domain.clock import Clock

from .support import ADMIN_KEY, BOB, CY, STATUSES

AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}
WRITE_SECONDS = 1.5  # bounded: writers stop after this, readers with them
LAYER = {
    "rotationType": "daily", "rotationLengthDays": 1, "handoffTime": "09:00",
    "effectiveFrom": "2026-03-27T08:00:00.000Z", "effectiveUntil": None, "participantIds": [BOB],
}


def contradictions(detail: dict) -> list[str]:
    """What in one incident body contradicts the rest of the same body."""
    found = []
    changes = [e["data"]["to"] for e in detail["events"] if e["type"] == "status_changed"]
    if detail["status"] != (changes[-1] if changes else "investigating"):
        found.append(f"status {detail['status']} vs last status_changed {changes[-1:]}")
    if detail["status"] != detail["statusHistory"][-1]["status"]:
        found.append(f"status {detail['status']} vs statusHistory {detail['statusHistory'][-1]['status']}")
    handoffs = [e["data"]["newOwnerId"] for e in detail["events"] if e["type"] == "incident_handed_off"]
    if handoffs and detail["ownerId"] != handoffs[-1]:
        found.append(f"ownerId {detail['ownerId']} vs last handoff {handoffs[-1]}")
    if detail["updatedAt"] < max(e["occurredAt"] for e in detail["events"] if e["actorId"] is not None):
        found.append("updatedAt before the last change")
    return found


def test_reads_during_concurrent_writes_never_contradict_themselves():
    app = create_app(clock=Clock(frozen_at=datetime(2026, 4, 7, 10, tzinfo=UTC)))
    setup = app.test_client()
    schedule = setup.post("/v1/oncall/schedules", json={"name": "Torn", "timezone": "UTC"}, headers=AUTH).get_json()["data"]["id"]
    layers = [
        setup.post(f"/v1/oncall/schedules/{schedule}/layers", json={**LAYER, "name": name}, headers=AUTH).get_json()["data"]["id"]
        for name in "ABCDEF"
    ]
    deadline = time.monotonic() + WRITE_SECONDS
    latest: list[str] = []
    problems: list[str] = []
    reads = [0]

    def write_incidents() -> None:
        client = app.test_client()
        while time.monotonic() < deadline:
            reply = client.post("/v1/incidents", json={"title": "t", "severity": "high", "ownerId": BOB}, headers=AUTH)
            incident_id = reply.get_json()["data"]["id"]
            latest.append(incident_id)
            for status in STATUSES[1:]:
                client.post(f"/v1/incidents/{incident_id}/handoff", json={"userId": CY}, headers=AUTH)
                client.patch(f"/v1/incidents/{incident_id}/status", json={"status": status}, headers=AUTH)

    def reorder_layers() -> None:
        client = app.test_client()
        n = 0
        while time.monotonic() < deadline:
            n += 1
            order = layers[n % 6:] + layers[:n % 6]
            client.put(f"/v1/oncall/schedules/{schedule}/layers/order", json={"layerIds": order}, headers=AUTH)

    def read() -> None:
        client = app.test_client()
        while time.monotonic() < deadline:
            for incident_id in latest[-3:]:
                problems.extend(contradictions(client.get(f"/v1/incidents/{incident_id}", headers=AUTH).get_json()["data"]))
            body = client.get(f"/v1/oncall/schedules/{schedule}", headers=AUTH).get_json()["data"]
            positions = [layer["position"] for layer in body["layers"]]
            if positions != list(range(len(layers))):
                problems.append(f"layer positions {positions}")
            reads[0] += 1

    threads = [threading.Thread(target=write_incidents) for _ in range(2)] + [threading.Thread(target=reorder_layers)]
    threads += [threading.Thread(target=read) for _ in range(3)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, so a torn answer would show
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    finally:
        sys.setswitchinterval(interval)
    assert reads[0] > 10 and len(latest) > 10
    assert problems == [], f"{len(problems)} torn answers in {reads[0]} reads, e.g. {problems[:3]}"
    # The writes all happened: every incident went through its handoffs and status moves.
    for incident_id in latest:
        detail = setup.get(f"/v1/incidents/{incident_id}", headers=AUTH).get_json()["data"]
        assert contradictions(detail) == []
        assert detail["status"] == "resolved" or incident_id == latest[-1] or incident_id == latest[-2]
