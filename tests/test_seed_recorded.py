"""Seed format 2, the optional fields a snapshot writes: record timestamps and recorded incidents (ids, history kept)."""

from __future__ import annotations

import copy

import pytest

from mockscaling import create_app, get_store
from mockscaling.worlds.seed import SeedError, load_seed

from .support import ADMIN_KEY

AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}
INCIDENT_ID = "0196a1b2-0000-7000-8000-000000000001"
RECORDED = {
    "id": INCIDENT_ID, "sequentialId": 41, "title": "Checkout is slow", "description": None, "severity": "high",
    "status": "identified", "owner": "user_gone", "components": ["API"], "escalationPolicy": "Default",
    "createdBy": "user_ada", "createdAt": "2026-03-01T10:00:00.000Z", "updatedAt": "2026-03-01T10:20:00.000Z",
    "acknowledgedAt": None, "acknowledgedBy": None,
    "statusHistory": [
        {"id": "sh_01HX4K0000000000000000000A", "status": "investigating", "changedAt": "2026-03-01T10:00:00.000Z", "resolutionNote": None},
        {"id": "sh_01HX4K0000000000000000000B", "status": "identified", "changedAt": "2026-03-01T10:20:00.000Z", "resolutionNote": "Cache"},
    ],
    "events": [
        {"id": "0196a1b2-0000-7000-8000-0000000000e1", "type": "incident_created", "actorId": "user_ada",
         "occurredAt": "2026-03-01T10:00:00.000Z", "data": {"title": "Checkout is slow", "severity": "high"}},
        {"id": "0196a1b2-0000-7000-8000-0000000000e2", "type": "incident_paged", "actorId": None,
         "occurredAt": "2026-03-01T10:00:00.000Z", "data": {"layerPosition": 1, "targetUserIds": ["user_bob"]}},
        {"id": "0196a1b2-0000-7000-8000-0000000000e3", "type": "status_changed", "actorId": "user_gone",
         "occurredAt": "2026-03-01T10:20:00.000Z", "data": {"from": "investigating", "to": "identified"}},
    ],
    "updates": [
        {"id": "0196a1b2-0000-7000-8000-0000000000u1", "visibility": "internal", "body": "Cache", "statusChange": "identified",
         "postedAt": "2026-03-01T10:20:00.000Z", "postedBy": "user_gone", "redactedAt": None, "redactedBy": None},
    ],
}


def seed(*incidents, **org_keys):
    """A version-2 seed extending the default one with these Acme incidents."""
    return {"version": 2, "extends": "default", "organizations": [{"id": "org_acme", "incidents": list(incidents), **org_keys}]}


def app_at(document, now="2026-03-01T10:05:00.000Z"):
    from datetime import datetime

    from mockscaling.domain.clock import Clock

    return create_app(seed=document, clock=Clock(frozen_at=datetime.fromisoformat(now.replace("Z", "+00:00"))))


def test_a_recorded_incident_is_served_exactly_as_written():
    app = app_at(seed(RECORDED))
    body = app.test_client().get(f"/v1/incidents/{INCIDENT_ID}", headers=AUTH).get_json()["data"]
    assert body["sequentialId"] == 41 and body["status"] == "identified" and body["ownerId"] == "user_gone"
    assert body["createdAt"] == RECORDED["createdAt"] and body["updatedAt"] == RECORDED["updatedAt"]
    assert body["statusHistory"] == RECORDED["statusHistory"]
    assert [e["id"] for e in body["events"]] == [e["id"] for e in RECORDED["events"]]
    updates = app.test_client().get(f"/v1/incidents/{INCIDENT_ID}/updates", headers=AUTH).get_json()["data"]["updates"]
    assert [(u["id"], u["postedBy"]) for u in updates] == [("0196a1b2-0000-7000-8000-0000000000u1", {"id": "user_gone", "name": "user_gone"})]


def test_replayed_incidents_take_the_numbers_after_the_recorded_ones():
    replayed = {"title": "Later", "severity": "low", "owner": "user_bob", "createdAt": "2026-03-01T11:00:00.000Z"}
    app = app_at(seed(replayed, RECORDED), now="2026-03-02T00:00:00.000Z")
    listed = app.test_client().get("/v1/incidents", headers=AUTH).get_json()["data"]["incidents"]
    assert [(i["title"], i["sequentialId"]) for i in listed] == [("Later", 42), ("Checkout is slow", 41)]


def test_a_recorded_escalation_carries_on_from_its_last_page():
    app = app_at(seed(RECORDED))  # paged layer 1 at 10:00; the default policy's layer 1 waits 15 minutes
    store = get_store(app)
    store.set_clock(advance=9 * 60 + 59)  # 10:14:59
    assert [e.type for e in store.incidents[INCIDENT_ID].events][-1] == "status_changed"
    store.set_clock(advance=1)  # 10:15:00: layer 2 is due
    paged = store.incidents[INCIDENT_ID].events[-1]
    assert (paged.type, paged.data["layerPosition"], paged.occurred_at.isoformat()) == ("incident_paged", 2, "2026-03-01T10:15:00+00:00")


def test_an_acknowledged_recorded_incident_does_not_escalate():
    acknowledged = {**RECORDED, "acknowledgedAt": "2026-03-01T10:01:00.000Z", "acknowledgedBy": "user_bob"}
    store = get_store(app_at(seed(acknowledged)))
    store.set_clock(advance=3600)
    assert len(store.incidents[INCIDENT_ID].events) == 3


def test_record_timestamps_are_kept_and_default_to_the_seed_time():
    document = seed(components=[{"name": "Search", "createdAt": "2025-05-05T05:05:05.005Z", "updatedAt": "2025-06-06T06:06:06.006Z"}],
                    members=[{"id": "user_dee", "email": "dee@acme.test", "firstName": "Dee", "lastName": "X",
                              "role": "org:member", "joinedAt": "2024-01-02T03:04:05.006Z"}])
    client = app_at(document).test_client()
    component = next(c for c in client.get("/v1/components?limit=100", headers=AUTH).get_json()["data"]["components"] if c["name"] == "Search")
    assert (component["createdAt"], component["updatedAt"]) == ("2025-05-05T05:05:05.005Z", "2025-06-06T06:06:06.006Z")
    members = {m["id"]: m["joinedAt"] for m in client.get("/v1/team/members", headers=AUTH).get_json()["data"]["members"]}
    assert members["user_dee"] == "2024-01-02T03:04:05.006Z" and members["user_ada"] == "2020-01-01T00:00:00.000Z"


@pytest.mark.parametrize("change, message", [
    ({"statusHistory": None}, "statusHistory: A recorded incident (one with an id) needs this key."),
    ({"sequentialId": None}, "sequentialId: A recorded incident (one with an id) needs this key."),
    ({"history": [{"status": "identified", "at": "now"}]}, "history: A recorded incident has statusHistory, not history."),
    ({"status": "resolved"}, "statusHistory: Must hold each status from investigating to the incident's status, in order."),
    ({"id": None}, "Only a recorded incident (one with an id) has sequentialId."),
    ({"components": ["Nope"]}, "Unknown component 'Nope'"),
])
def test_a_broken_recorded_incident_is_one_line_naming_the_field(change, message):
    broken = {**copy.deepcopy(RECORDED), **change}
    for key in [key for key, value in change.items() if value is None]:
        broken.pop(key)  # None here means: left out
    with pytest.raises(SeedError) as caught:
        app_at(seed(broken))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_two_recorded_incidents_cannot_share_a_sequential_id():
    other = {**copy.deepcopy(RECORDED), "id": "0196a1b2-0000-7000-8000-000000000002"}
    with pytest.raises(SeedError, match="sequentialId 41 is held by another incident"):
        app_at(seed(RECORDED, other))


def test_seeds_without_the_new_fields_load_as_before():
    store = get_store(create_app(seed="major-outage"))
    assert len(store.incidents) == 2
    load_seed(get_store(create_app(seed="empty")), "default")  # version 1
