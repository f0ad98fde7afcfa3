"""Escalation policies and their layers over HTTP (contract §3), plus paging on the fake clock through the API."""

from __future__ import annotations

import pytest

from .support import ADA, BOB, CY, DEFAULT_POLICY, GIL, GLOBEX_KEY, PRIMARY_SCHEDULE, assert_error

NOT_FOUND = (404, "invalid_request_error", "not_found")
CONFLICT = (409, "invalid_request_error", "name_conflict")

MISSING = "00000000-0000-4000-8000-000000000000"


def users(*ids):
    """A users target."""
    return {"type": "users", "userIds": list(ids)}


def new_policy(api, name="Night shift", **extra):
    """Create a policy through the API and return its body."""
    reply = api.post("/escalation/policies", json={"name": name, **extra})
    assert reply.status == 201, reply.text
    return reply.data


def add_layer(api, policy_id, timeout=10, target=None, **extra):
    """Add a policy layer (at the end unless `position` is given) and return its body."""
    extra.setdefault("position", len(api.get(f"/escalation/policies/{policy_id}").data["layers"]) + 1)
    body = {"ackTimeoutMinutes": timeout, "target": target or users(BOB), **extra}
    reply = api.post(f"/escalation/policies/{policy_id}/layers", json=body)
    assert reply.status == 201, reply.text
    return reply.data


def layer_summary(api, policy_id):
    """[(position, ackTimeoutMinutes)] of a policy's layers, in order."""
    return [(l["position"], l["ackTimeoutMinutes"]) for l in api.get(f"/escalation/policies/{policy_id}").data["layers"]]


# ---- policies ------------------------------------------------------------------------------------

def test_policy_crud(api):
    created = new_policy(api, description="Weeknights")
    assert created["createdBy"] == ADA and "steps" not in created and "layers" not in created and created["description"] == "Weeknights"
    assert [p["name"] for p in api.get("/escalation/policies").data] == ["Default", "Night shift"]
    seeded = api.get(f"/escalation/policies/{DEFAULT_POLICY}").data
    assert [(l["position"], l["ackTimeoutMinutes"], l["target"]) for l in seeded["layers"]] == [
        (1, 15, {"type": "schedule", "scheduleId": PRIMARY_SCHEDULE}),
        (2, 30, users(ADA)),
    ]
    assert api.delete(f"/escalation/policies/{created['id']}").status == 204
    assert_error(api.get(f"/escalation/policies/{created['id']}"), *NOT_FOUND)
    assert_error(api.delete(f"/escalation/policies/{created['id']}"), *NOT_FOUND)
    assert_error(api.get(f"/escalation/policies/{DEFAULT_POLICY}", key=GLOBEX_KEY), *NOT_FOUND)


def test_policy_name_conflict_and_validation(api):
    assert_error(api.post("/escalation/policies", json={"name": "Default"}), *CONFLICT)
    assert api.post("/escalation/policies", json={"name": "Default"}, key=GLOBEX_KEY).status == 201
    for body in ({}, {"name": ""}, {"name": "x" * 256}, {"name": "P", "layers": []}, {"name": 3}):
        assert_error(api.post("/escalation/policies", json=body), 422, "validation_error", "invalid_body")


def test_deleting_a_policy_stops_escalation(api):
    incident = api.new_incident(escalationPolicyId=DEFAULT_POLICY)
    api.delete(f"/escalation/policies/{DEFAULT_POLICY}")
    api.post("/_mock/clock", json={"advance": 3600})
    assert api.detail(incident["id"])["escalationPolicyId"] is None
    assert [p["userId"] for p in api.get("/_mock/pages", params={"incidentId": incident["id"]}).data["pages"]] == [BOB]


# ---- layers --------------------------------------------------------------------------------------

def test_layer_insertion_shifts_and_appends(api):
    policy = new_policy(api)
    pid = policy["id"]
    add_layer(api, pid, timeout=1, position=1)          # the first
    add_layer(api, pid, timeout=2, position=1)          # occupied: the first shifts down
    add_layer(api, pid, timeout=3, position=99)         # past the end: appended
    add_layer(api, pid, timeout=4, position=2)
    assert layer_summary(api, pid) == [(1, 2), (2, 4), (3, 1), (4, 3)]


def test_layer_patch_delete_and_reorder(api):
    pid = new_policy(api)["id"]
    a, b, c = (add_layer(api, pid, timeout=t) for t in (1, 2, 3))
    patched = api.patch(f"/escalation/policies/{pid}/layers/{a['id']}", json={"ackTimeoutMinutes": 60}).data
    assert patched["ackTimeoutMinutes"] == 60 and patched["target"] == users(BOB) and patched["position"] == 1
    move = {"position": 3, "target": {"type": "schedule", "scheduleId": PRIMARY_SCHEDULE}}
    patched = api.patch(f"/escalation/policies/{pid}/layers/{a['id']}", json=move).data
    assert patched["position"] == 3 and patched["target"]["type"] == "schedule"
    assert layer_summary(api, pid) == [(1, 2), (2, 3), (3, 60)]
    assert api.patch(f"/escalation/policies/{pid}/layers/{a['id']}", json={}).data["ackTimeoutMinutes"] == 60
    assert api.delete(f"/escalation/policies/{pid}/layers/{b['id']}").status == 204
    assert layer_summary(api, pid) == [(1, 3), (2, 60)]
    reordered = api.put(f"/escalation/policies/{pid}/layers/order", json={"layerIds": [a["id"], c["id"]]}).data
    assert [(l["id"], l["position"]) for l in reordered["layers"]] == [(a["id"], 1), (c["id"], 2)]
    assert_error(api.delete(f"/escalation/policies/{pid}/layers/{b['id']}"), *NOT_FOUND)
    assert_error(api.patch(f"/escalation/policies/{pid}/layers/{MISSING}", json={}), *NOT_FOUND)
    body = {"position": 1, "ackTimeoutMinutes": 1, "target": users(BOB)}
    assert_error(api.post(f"/escalation/policies/{MISSING}/layers", json=body), *NOT_FOUND)


@pytest.mark.parametrize("order", [[], ["a"], ["a", "a"], ["a", MISSING]])
def test_policy_reorder_needs_a_permutation(api, order):
    pid = new_policy(api)["id"]
    a, _ = add_layer(api, pid), add_layer(api, pid)
    ids = [a["id"] if item == "a" else item for item in order]
    reply = api.put(f"/escalation/policies/{pid}/layers/order", json={"layerIds": ids})
    assert_error(reply, 400, "invalid_request_error", "invalid_layer_order")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"position": 1, "target": users(BOB)}, "ackTimeoutMinutes"),
        ({"position": 1, "ackTimeoutMinutes": 0, "target": users(BOB)}, "ackTimeoutMinutes"),
        ({"position": 1, "ackTimeoutMinutes": 10_081, "target": users(BOB)}, "ackTimeoutMinutes"),
        ({"position": 1, "ackTimeoutMinutes": 1.5, "target": users(BOB)}, "ackTimeoutMinutes"),
        ({"position": 1, "ackTimeoutMinutes": 5}, "target"),
        ({"position": 1, "ackTimeoutMinutes": 5, "target": None}, "target"),
        ({"ackTimeoutMinutes": 5, "target": users(BOB)}, "position"),
        ({"ackTimeoutMinutes": 5, "target": users(BOB), "position": 0}, "position"),
        ({"ackTimeoutMinutes": 5, "target": users(BOB), "position": "1"}, "position"),
        ({"ackTimeoutMinutes": 5, "target": users(BOB), "position": 1.5}, "position"),
        # A malformed target is 400 invalid_target (test_invalid_target), but other fields' 422s come first.
        ({"ackTimeoutMinutes": 0, "target": {"type": "team"}, "position": 1}, "ackTimeoutMinutes"),
    ],
)
def test_policy_layer_body_validation(api, body, field):
    reply = api.post(f"/escalation/policies/{DEFAULT_POLICY}/layers", json=body)
    error = assert_error(reply, 422, "validation_error", "invalid_body")
    assert error["message"].startswith(field), error


def test_boundary_timeouts_are_accepted(api):
    pid = new_policy(api)["id"]
    assert add_layer(api, pid, timeout=1)["ackTimeoutMinutes"] == 1
    assert add_layer(api, pid, timeout=5.0, position=1.0)["ackTimeoutMinutes"] == 5  # JSON integers may be written 5.0
    assert add_layer(api, pid, timeout=10_080)["ackTimeoutMinutes"] == 10_080


@pytest.mark.parametrize(
    "target",
    [
        {"type": "schedule", "scheduleId": MISSING},
        {"type": "schedule", "scheduleId": "not-even-a-uuid"},
        users("user_nobody"),
        users(BOB, GIL),
        # The type and the id fields must fit together (chosen: a business rule, so 400, not 422).
        {"type": "schedule"},
        {"type": "schedule", "scheduleId": PRIMARY_SCHEDULE, "userIds": [BOB]},
        {"type": "users"},
        users(),
        users(BOB, BOB),
        {**users(BOB), "scheduleId": PRIMARY_SCHEDULE},
        # Malformed in any other way (§6.1.3): unknown type, wrong field type, unknown key.
        {"type": "team"},
        {"type": "users", "userIds": "user_bob"},
        {**users(BOB), "extra": 1},
        "users",
    ],
)
def test_invalid_target(api, target):
    body = {"position": 1, "ackTimeoutMinutes": 5, "target": target}
    reply = api.post(f"/escalation/policies/{DEFAULT_POLICY}/layers", json=body)
    assert_error(reply, 400, "invalid_request_error", "invalid_target")
    layer_id = api.get(f"/escalation/policies/{DEFAULT_POLICY}").data["layers"][0]["id"]
    reply = api.patch(f"/escalation/policies/{DEFAULT_POLICY}/layers/{layer_id}", json={"target": target})
    assert_error(reply, 400, "invalid_request_error", "invalid_target")


def test_another_organizations_schedule_is_an_invalid_target(api):
    globex_schedule = api.post("/oncall/schedules", json={"name": "G", "timezone": "UTC"}, key=GLOBEX_KEY).data
    reply = api.post(f"/escalation/policies/{DEFAULT_POLICY}/layers",
                     json={"position": 1, "ackTimeoutMinutes": 5,
                           "target": {"type": "schedule", "scheduleId": globex_schedule["id"]}})
    assert_error(reply, 400, "invalid_request_error", "invalid_target")


# ---- paging through the API ----------------------------------------------------------------------

def pages(api, incident_id):
    """(userId, sentAt, reason, layerPosition) of an incident's pages."""
    rows = api.get("/_mock/pages", params={"incidentId": incident_id}).data["pages"]
    return [(p["userId"], p["sentAt"], p["reason"], p["layerPosition"]) for p in rows]


def test_seeded_schedule_escalates_to_ada_after_15_minutes(api):
    incident = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE, ownerId=None)
    assert incident["ownerId"] == BOB and incident["escalationPolicyId"] == DEFAULT_POLICY
    assert pages(api, incident["id"]) == [(BOB, "2026-04-07T10:00:00.000Z", "escalation", 1)]
    api.post("/_mock/clock", json={"advance": 899})
    assert len(pages(api, incident["id"])) == 1
    api.post("/_mock/clock", json={"advance": 1})
    assert pages(api, incident["id"])[1:] == [(ADA, "2026-04-07T10:15:00.000Z", "escalation", 2)]
    paged = [e for e in api.detail(incident["id"])["events"] if e["type"] == "incident_paged"]
    assert [(e["occurredAt"], e["data"]) for e in paged] == [
        ("2026-04-07T10:00:00.000Z", {"layerPosition": 1, "targetUserIds": [BOB]}),
        ("2026-04-07T10:15:00.000Z", {"layerPosition": 2, "targetUserIds": [ADA]}),
    ]


def test_acknowledged_incident_does_not_escalate(api):
    incident = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)
    api.post("/_mock/clock", json={"advance": 600})
    assert api.post(f"/incidents/{incident['id']}/acknowledge").status == 200
    api.post("/_mock/clock", json={"advance": 86_400})
    assert [p[0] for p in pages(api, incident["id"])] == [BOB]
    assert "escalation_exhausted" not in [e["type"] for e in api.detail(incident["id"])["events"]]


def test_advancing_past_two_timeouts_fires_both_in_order(api):
    pid = new_policy(api)["id"]
    add_layer(api, pid, timeout=5, target=users(BOB))
    add_layer(api, pid, timeout=7, target=users(CY))
    add_layer(api, pid, timeout=9, target=users(ADA, BOB))
    incident = api.new_incident(escalationPolicyId=pid)
    api.post("/_mock/clock", json={"advance": 3600})
    assert pages(api, incident["id"]) == [
        (BOB, "2026-04-07T10:00:00.000Z", "escalation", 1),
        (CY, "2026-04-07T10:05:00.000Z", "escalation", 2),
        (ADA, "2026-04-07T10:12:00.000Z", "escalation", 3),
        (BOB, "2026-04-07T10:12:00.000Z", "escalation", 3),
    ]
    events = [(e["type"], e["occurredAt"]) for e in api.detail(incident["id"])["events"] if e["type"] != "incident_created"]
    assert events == [
        ("incident_paged", "2026-04-07T10:00:00.000Z"),
        ("incident_paged", "2026-04-07T10:05:00.000Z"),
        ("incident_paged", "2026-04-07T10:12:00.000Z"),
        ("escalation_exhausted", "2026-04-07T10:21:00.000Z"),
    ]
    assert api.detail(incident["id"])["status"] == "investigating"


def test_handoff_pages_new_owner_and_restarts_the_timer(api):
    incident = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)
    api.post("/_mock/clock", json={"advance": 600})
    api.post(f"/incidents/{incident['id']}/handoff", json={"targetUserId": CY})
    api.post("/_mock/clock", json={"advance": 899})  # 10:24:59 — the restarted timer is not due yet
    assert pages(api, incident["id"]) == [
        (BOB, "2026-04-07T10:00:00.000Z", "escalation", 1),
        (CY, "2026-04-07T10:10:00.000Z", "handoff", 1),
    ]
    api.post("/_mock/clock", json={"advance": 1})
    assert pages(api, incident["id"])[-1] == (ADA, "2026-04-07T10:25:00.000Z", "escalation", 2)


def test_pages_journal_filters_and_validation(api):
    first = api.new_incident(escalationPolicyId=DEFAULT_POLICY)
    api.new_incident(escalationPolicyId=DEFAULT_POLICY)
    everything = api.get("/_mock/pages").data["pages"]
    assert len(everything) == 2
    assert set(everything[0]) == {"id", "orgId", "incidentId", "userId", "sentAt", "reason", "layerPosition", "integrationId"}
    assert [p["incidentId"] for p in api.get("/_mock/pages", params={"incidentId": first["id"]}).data["pages"]] == [first["id"]]
    assert api.get("/_mock/pages", params={"orgId": "org_globex"}).data["pages"] == []
    assert_error(api.get("/_mock/pages", params={"who": "x"}), 422, "validation_error", "invalid_query")
