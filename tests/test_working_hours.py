"""Working hours and escalation steps (§6.2): validation and error codes, one model two views, conditional paging."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from .support import ADA, BOB, DEFAULT_POLICY, GLOBEX_KEY, PRIMARY_SCHEDULE, assert_error

BERLIN_OFFICE = "016f5e66-e800-7500-8000-000000000001"
VAL, REQ = "validation_error", "invalid_request_error"
WINDOW = {"days": [1, 2, 3, 4, 5], "start": "09:00", "end": "17:00"}


def hours_body(**changes):
    return {"name": "Night desk", "timezone": "Europe/Berlin", "windows": [WINDOW]} | changes


@pytest.mark.parametrize("body", [
    hours_body(name=""), hours_body(name="n" * 256), hours_body(name=None), hours_body(timezone="Mars/Base"),
    hours_body(timezone=None), hours_body(windows=[]), hours_body(windows=None),
    hours_body(windows=[WINDOW | {"days": []}]), hours_body(windows=[WINDOW | {"days": [0]}]),
    hours_body(windows=[WINDOW | {"days": [8]}]), hours_body(windows=[WINDOW | {"days": [1, 1]}]),
    hours_body(windows=[WINDOW | {"days": ["1"]}]), hours_body(windows=[WINDOW | {"days": [1.5]}]),
    hours_body(windows=[WINDOW | {"start": "9:00"}]), hours_body(windows=[WINDOW | {"end": "24:00"}]),
    hours_body(windows=[WINDOW | {"extra": 1}]), hours_body(windows=[{"days": [1], "start": "09:00"}]),
    hours_body(colour="red"), {"name": "x", "timezone": "UTC"},
])
def test_bad_working_hours_bodies_are_422(api, body):
    assert_error(api.post("/working-hours", json=body), 422, VAL, "invalid_body")


def test_name_conflict_and_tenancy(api):
    assert_error(api.post("/working-hours", json=hours_body(name="Berlin office")), 409, REQ, "name_conflict")
    created = api.post("/working-hours", json=hours_body()).data
    assert_error(api.patch(f"/working-hours/{created['id']}", json={"name": "Berlin office"}), 409, REQ, "name_conflict")
    assert api.patch(f"/working-hours/{created['id']}", json={"name": "Night desk"}).status == 200  # its own name
    assert api.post("/working-hours", json=hours_body(name="Berlin office"), key=GLOBEX_KEY).status == 201
    for method in ("get", "delete"):
        assert_error(getattr(api, method)(f"/working-hours/{BERLIN_OFFICE}", key=GLOBEX_KEY), 404, REQ, "not_found")
    assert [item["name"] for item in api.get("/working-hours", key=GLOBEX_KEY).data] == ["Berlin office"]
    assert_error(api.get("/working-hours/not-a-uuid"), 422, VAL, "invalid_path")


def test_patch_keeps_absent_fields_and_refuses_null(api):
    reply = api.patch(f"/working-hours/{BERLIN_OFFICE}", json={"timezone": "Europe/Lisbon"})
    assert (reply.data["name"], reply.data["timezone"], reply.data["windows"]) == ("Berlin office", "Europe/Lisbon", [WINDOW])
    for field in ("name", "timezone", "windows"):
        assert_error(api.patch(f"/working-hours/{BERLIN_OFFICE}", json={field: None}), 422, VAL, "invalid_body")
    assert_error(api.patch(f"/working-hours/{BERLIN_OFFICE}", json={"windows": []}), 422, VAL, "invalid_body")


def conditional_policy(api, when="during", hours=BERLIN_OFFICE, name="Office"):
    steps = [
        {"position": 1, "targetType": "user", "targetId": BOB, "escalateAfterSeconds": 300,
         "condition": {"workingHoursId": hours, "when": when}},
        {"position": 2, "targetType": "user", "targetId": ADA, "escalateAfterSeconds": 600, "condition": None},
    ]
    return api.post("/escalation/policies", json={"name": name, "steps": steps})


def test_deleting_a_set_in_use_is_409_in_use(api):
    policy = conditional_policy(api).data
    assert_error(api.delete(f"/working-hours/{BERLIN_OFFICE}"), 409, REQ, "in_use")
    api.put(f"/escalation/policies/{policy['id']}", json={"name": "Office", "steps": None})
    assert api.delete(f"/working-hours/{BERLIN_OFFICE}").status == 204


def test_step_errors(api):
    globex_hours = api.post("/working-hours", json=hours_body(), key=GLOBEX_KEY).data["id"]
    assert_error(conditional_policy(api, hours=globex_hours), 400, REQ, "invalid_working_hours_id")
    assert_error(conditional_policy(api, hours="00000000-0000-4000-8000-000000000000"), 400, REQ, "invalid_working_hours_id")
    step = {"position": 1, "targetType": "schedule", "targetId": PRIMARY_SCHEDULE, "escalateAfterSeconds": 60, "condition": None}
    for bad in ({"targetId": "00000000-0000-4000-8000-000000000000"}, {"targetType": "user", "targetId": "user_gil"},
                {"targetType": "user", "targetId": "nobody"}):
        assert_error(api.post("/escalation/policies", json={"name": "P", "steps": [step | bad]}), 400, REQ, "invalid_target")
    for bad in ({"escalateAfterSeconds": 59}, {"escalateAfterSeconds": 604_801}, {"escalateAfterSeconds": 90.5},
                {"targetType": "users"}, {"targetType": None}, {"position": 0},
                {"condition": {"workingHoursId": BERLIN_OFFICE, "when": "sometimes"}}, {"condition": {"when": "during"}},
                {"extra": True}):
        assert_error(api.post("/escalation/policies", json={"name": "P", "steps": [step | bad]}), 422, VAL, "invalid_body")
    for wrong in (2, 3):  # a sent position must be the step's place in the list
        body = {"name": "P", "steps": [step | {"position": wrong}]}
        assert_error(api.post("/escalation/policies", json=body), 400, REQ, "invalid_step_position")
        assert_error(api.put(f"/escalation/policies/{DEFAULT_POLICY}", json=body), 400, REQ, "invalid_step_position")
    assert_error(api.put(f"/escalation/policies/{DEFAULT_POLICY}", json={"name": "Default"}), 422, VAL, "invalid_body")
    assert_error(api.put(f"/escalation/policies/{DEFAULT_POLICY}", json={"steps": None}), 422, VAL, "invalid_body")
    api.post("/escalation/policies", json={"name": "Other", "steps": None})
    assert_error(api.put(f"/escalation/policies/{DEFAULT_POLICY}", json={"name": "Other", "steps": None}), 409, REQ, "name_conflict")
    # Nothing was half-written: the seeded policy still has its two steps.
    assert len(api.get(f"/escalation/policies/{DEFAULT_POLICY}").data["steps"]) == 2


def test_position_may_be_omitted_and_odd_seconds_round_down_in_the_layer_view(api):
    steps = [{"targetType": "user", "targetId": BOB, "escalateAfterSeconds": 119}]
    created = api.post("/escalation/policies", json={"name": "P", "steps": steps}).data
    assert created["steps"][0]["position"] == 1 and created["steps"][0]["condition"] is None
    layer = api.get(f"/escalation/policies/{created['id']}").data["layers"][0]
    assert (layer["ackTimeoutMinutes"], layer["condition"]) == (1, None)


def test_one_model_two_views(api, store):
    """A change through the layer endpoints shows in the steps and the other way round."""
    policy = conditional_policy(api).data
    layer_id = policy["steps"][0]["id"]
    store.set_clock(advance=30)
    api.patch(f"/escalation/policies/{policy['id']}/layers/{layer_id}", json={"ackTimeoutMinutes": 7})
    api.post(f"/escalation/policies/{policy['id']}/layers", json={"position": 1, "ackTimeoutMinutes": 2,
                                                                  "target": {"type": "users", "userIds": [ADA, BOB]}})
    detail = api.get(f"/escalation/policies/{policy['id']}").data
    steps = [(s["position"], s["targetType"], s["targetId"], s["escalateAfterSeconds"], s["condition"]) for s in detail["steps"]]
    assert steps == [
        (1, "users", ADA, 120, None),  # several users: targetType "users", the first one as targetId (chosen)
        (2, "user", BOB, 420, {"workingHoursId": BERLIN_OFFICE, "when": "during"}),
        (3, "user", ADA, 600, None),
    ]
    assert [layer["condition"] for layer in detail["layers"]] == [s["condition"] for s in detail["steps"]]
    assert detail["steps"][1]["updatedAt"] == "2026-04-07T10:00:30.000Z"


# ---- paging with conditions (2026-04-07 is a Tuesday; the suite's clock starts at 10:00Z = 12:00 Berlin) ----
def paged(store, incident_id):
    return [(page["userId"], page["sentAt"][11:16], page["layerPosition"]) for page in store.list_pages(incident_id=incident_id)]


def test_during_pages_inside_the_window_and_outside_skips(api, store):
    during = conditional_policy(api, "during", name="During").data
    outside = conditional_policy(api, "outside", name="Outside").data
    first = api.new_incident(escalationPolicyId=during["id"])
    second = api.new_incident(escalationPolicyId=outside["id"])
    store.set_clock(advance=300)
    assert paged(store, first["id"]) == [(BOB, "10:00", 1), (ADA, "10:05", 2)]
    assert paged(store, second["id"]) == [(ADA, "10:00", 2)]  # step 1 skipped at once
    skipped = [e for e in api.detail(second["id"])["events"] if e["type"] == "escalation_step_skipped"]
    assert [(e["occurredAt"], e["data"]) for e in skipped] == [
        ("2026-04-07T10:00:00.000Z", {"layerPosition": 1, "workingHoursId": BERLIN_OFFICE, "when": "outside"})]


def test_the_condition_is_read_when_the_step_comes_due(api, store):
    """A step is judged at its own instant: here 16:58 Berlin for step 1 ... and 17:00 is already outside."""
    steps = [
        {"position": 1, "targetType": "user", "targetId": ADA, "escalateAfterSeconds": 120, "condition": None},
        {"position": 2, "targetType": "user", "targetId": BOB, "escalateAfterSeconds": 60,
         "condition": {"workingHoursId": BERLIN_OFFICE, "when": "during"}},
    ]
    policy = api.post("/escalation/policies", json={"name": "Late", "steps": steps}).data
    store.set_clock(freeze=datetime(2026, 4, 7, 14, 58, tzinfo=UTC))  # 16:58 in Berlin (CEST)
    incident = api.new_incident(escalationPolicyId=policy["id"])
    store.set_clock(advance=600)
    assert paged(store, incident["id"]) == [(ADA, "14:58", 1)]
    types = [(e["type"], e["occurredAt"]) for e in api.detail(incident["id"])["events"] if e["type"].startswith("escalation")]
    assert types == [("escalation_step_skipped", "2026-04-07T15:00:00.000Z"), ("escalation_exhausted", "2026-04-07T15:00:00.000Z")]


def test_every_step_skipped_exhausts_at_creation(api, store):
    policy = conditional_policy(api, "outside").data
    api.put(f"/escalation/policies/{policy['id']}", json={"name": "Office", "steps": policy["steps"][:1] and [
        {"position": 1, "targetType": "user", "targetId": BOB, "escalateAfterSeconds": 300,
         "condition": {"workingHoursId": BERLIN_OFFICE, "when": "outside"}}]})
    incident = api.new_incident(escalationPolicyId=policy["id"])
    assert paged(store, incident["id"]) == []
    assert [e["type"] for e in api.detail(incident["id"])["events"]][-2:] == ["escalation_step_skipped", "escalation_exhausted"]


def test_working_hours_and_conditions_survive_a_state_round_trip(api, store):
    from mockscaling import Store
    from mockscaling.store import StateError

    policy = conditional_policy(api).data
    document = store.dump_state()
    other = Store(seed=None)
    other.load_state(document)
    assert other.working_hours[BERLIN_OFFICE] == store.working_hours[BERLIN_OFFICE]
    assert other.policies[policy["id"]].layers == store.policies[policy["id"]].layers
    broken = dict(document, workingHours=[])  # the condition would name a set that is not there
    with pytest.raises(StateError):
        other.load_state(broken)
    bad_zone = dict(document, workingHours=[dict(document["workingHours"][0], timezone="Mars/Base")])
    with pytest.raises(StateError):
        other.load_state(bad_zone)


def test_a_seed_can_carry_working_hours_conditions_and_component_states():
    from mockscaling import Store

    seed = {"seededAt": "2026-01-01T00:00:00.000Z", "organizations": [{
        "id": "org_s", "name": "Seeded",
        "members": [{"id": "user_s", "email": "s@s.test", "firstName": "S", "lastName": "S", "role": "org:admin", "apiKey": "scl_live_" + "s" * 32}],
        "components": [{"name": "Down", "status": "major_outage"},
                       {"name": "Resting", "maintenanceWindow": {"startedAt": "2026-01-01T00:00:00Z", "endsAt": None}}],
        "workingHours": [{"name": "Nights", "timezone": "UTC", "windows": [{"days": [1, 2, 3, 4, 5, 6, 7], "start": "22:00", "end": "06:00"}]}],
        "escalationPolicies": [{"name": "P", "layers": [
            {"escalateAfterSeconds": 90, "target": {"type": "users", "userIds": ["user_s"]},
             "condition": {"workingHours": "Nights", "when": "outside"}}]}],
    }]}
    store = Store(seed=seed)
    principal = store.authenticate("Bearer scl_live_" + "s" * 32)
    rows, _ = store.list_components(principal)
    assert {component.name: view["operational_status"] for component, view in rows} == {"Down": "major_outage", "Resting": "maintenance"}
    [policy] = store.list_policies(principal)
    [hours] = store.list_working_hours(principal)
    [layer] = policy.layers
    assert (layer.escalate_after_seconds, layer.ack_timeout_minutes, layer.condition.working_hours_id) == (90, 1, hours.id)
