"""Scaling's own client against the fake (§6.2): exactly the requests its Go client sends, decoded into its shapes.

The bodies below are what the provider's `internal/client` marshals: `omitempty` only on create
descriptions, Go nil slices as `null`, and the explicit nulls an update sends to clear a field.
"""

from __future__ import annotations

import pytest

from .client_shapes import API_ERROR, COMPONENT, COMPONENT_PAGE, POLICY_WITH_STEPS, STEP, WORKING_HOURS, decode, populated
from .support import ADA, API_COMPONENT, BOB, DEFAULT_POLICY, PRIMARY_SCHEDULE, assert_error

BERLIN_OFFICE = "016f5e66-e800-7500-8000-000000000001"
MISSING = "00000000-0000-4000-8000-000000000000"


# ---- components ---------------------------------------------------------------------------------
def test_list_components_walks_every_page_like_the_client(api):
    """ListComponents: GET /v1/components?limit=100, then &cursor=<nextCursor> until it is null."""
    for number in range(120):
        api.post("/components", json={"name": f"Service {number}", "aliases": None})
    seen, path = [], "/v1/components?limit=100"
    while True:
        page = decode(COMPONENT_PAGE, api.get(path).data)
        seen += [component["id"] for component in page["components"]]
        if page["nextCursor"] in (None, ""):
            break
        from urllib.parse import quote

        path = "/v1/components?limit=100&cursor=" + quote(page["nextCursor"])
    assert len(seen) == len(set(seen)) == 123 and seen[-1] == API_COMPONENT


def test_create_get_update_delete_component_as_the_client_does(api, store):
    # CreateComponentRequest: description omitted (omitempty), aliases always sent.
    created = decode(COMPONENT, api.post("/components", json={"name": "Payments API", "aliases": ["payments", "checkout"]}).data)
    assert (created["description"], created["aliases"], created["operationalStatus"]) == (None, ["payments", "checkout"], "operational")
    # A config without aliases: the Go nil slice arrives as null and means "none".
    bare = decode(COMPONENT, api.post("/components", json={"name": "Bare", "aliases": None}).data)
    assert bare["aliases"] == []
    store.set_maintenance_window(created["id"], ends_at=store.now().replace(hour=23))
    api.patch(f"/components/{created['id']}", json={"name": "Payments API", "description": "Handles payments", "aliases": ["payments"]})
    fetched = decode(COMPONENT, api.get(f"/components/{created['id']}").data)
    assert populated(COMPONENT, fetched) == [] and fetched["operationalStatus"] == "maintenance"
    assert fetched["maintenanceWindow"] == {"startedAt": "2026-04-07T10:00:00.000Z", "endsAt": "2026-04-07T23:00:00.000Z"}
    # UpdateComponentRequest carries the full desired state: description null clears, aliases [] empties.
    api.patch(f"/components/{created['id']}", json={"name": "Payments", "description": "Card processing", "aliases": ["pay"]})
    updated = decode(COMPONENT, api.patch(f"/components/{created['id']}", json={"name": "Renamed", "description": None, "aliases": []}).data)
    assert (updated["name"], updated["description"], updated["aliases"]) == ("Renamed", None, [])
    assert api.delete(f"/components/{created['id']}").status == 204
    # The client reads a 404 as "deleted outside Terraform": it must be the error envelope.
    decode(API_ERROR, assert_error(api.get(f"/components/{created['id']}"), 404, "invalid_request_error", "not_found"))


# ---- escalation policies with steps ---------------------------------------------------------------
def follow_the_sun_steps(condition_first=None):
    """The client's EscalationStepInput list: positions from list order, condition null when unset."""
    return [
        {"position": 1, "targetType": "schedule", "targetId": PRIMARY_SCHEDULE, "escalateAfterSeconds": 300,
         "condition": condition_first},
        {"position": 2, "targetType": "user", "targetId": ADA, "escalateAfterSeconds": 600, "condition": None},
    ]


def test_seeded_policy_shows_its_two_layers_as_two_steps(api):
    policy = decode(POLICY_WITH_STEPS, api.get(f"/escalation/policies/{DEFAULT_POLICY}").data)
    steps = [(s["position"], s["targetType"], s["targetId"], s["escalateAfterSeconds"], s["condition"]) for s in policy["steps"]]
    assert steps == [(1, "schedule", PRIMARY_SCHEDULE, 900, None), (2, "user", ADA, 1800, None)]
    assert [s["id"] for s in policy["steps"]] == [layer["id"] for layer in policy["layers"]]  # the same records


def test_create_policy_with_conditional_steps(api):
    condition = {"workingHoursId": BERLIN_OFFICE, "when": "during"}
    body = {"name": "Follow the sun", "steps": follow_the_sun_steps(condition)}  # description omitted (omitempty)
    reply = api.post("/escalation/policies", json=body)
    assert reply.status == 201 and "layers" not in reply.data
    created = decode(POLICY_WITH_STEPS, reply.data)
    assert created["steps"][0]["condition"] == condition and created["steps"][1]["condition"] is None
    # description was omitted (omitempty), so null; the second step has no condition on purpose.
    assert populated(POLICY_WITH_STEPS, created) == ["description", "steps.condition"]
    assert populated(STEP, created["steps"][0]) == []
    assert decode(POLICY_WITH_STEPS, api.get(f"/escalation/policies/{created['id']}").data)["steps"] == created["steps"]


def test_create_policy_without_steps_sends_null(api):
    created = decode(POLICY_WITH_STEPS, api.post("/escalation/policies", json={"name": "Empty", "steps": None}).data)
    assert created["steps"] == []


def test_update_policy_replaces_everything_and_clears_with_null(api, store):
    condition = {"workingHoursId": BERLIN_OFFICE, "when": "outside"}
    created = api.post("/escalation/policies", json={"name": "P", "description": "Night", "steps": follow_the_sun_steps(condition)}).data
    store.set_clock(advance=60)
    body = {"name": "P2", "description": None, "steps": [
        {"position": 1, "targetType": "user", "targetId": BOB, "escalateAfterSeconds": 90, "condition": None}]}
    reply = api.put(f"/escalation/policies/{created['id']}", json=body)
    assert reply.status == 200
    updated = decode(POLICY_WITH_STEPS, reply.data)
    assert (updated["name"], updated["description"], updated["updatedAt"]) == ("P2", None, "2026-04-07T10:01:00.000Z")
    [step] = updated["steps"]
    assert (step["position"], step["targetType"], step["targetId"], step["escalateAfterSeconds"], step["condition"]) == (1, "user", BOB, 90, None)
    assert step["id"] not in [s["id"] for s in created["steps"]] and step["createdAt"] == "2026-04-07T10:01:00.000Z"
    # The layer view of the same step: 90 s shows as 1 minute (rounded down, chosen).
    [layer] = api.get(f"/escalation/policies/{created['id']}").data["layers"]
    assert (layer["id"], layer["ackTimeoutMinutes"], layer["target"]) == (step["id"], 1, {"type": "users", "userIds": [BOB]})
    cleared = api.put(f"/escalation/policies/{created['id']}", json={"name": "P2", "description": None, "steps": None}).data
    assert cleared["steps"] == [] and cleared["layers"] == []


def test_delete_policy_then_404(api):
    created = api.post("/escalation/policies", json={"name": "Doomed", "steps": None}).data
    assert api.delete(f"/escalation/policies/{created['id']}").status == 204
    decode(API_ERROR, assert_error(api.get(f"/escalation/policies/{created['id']}"), 404, "invalid_request_error", "not_found"))
    assert_error(api.put(f"/escalation/policies/{created['id']}", json={"name": "x", "steps": None}), 404, "invalid_request_error", "not_found")


# ---- working hours --------------------------------------------------------------------------------
UK = {"name": "UK office hours", "timezone": "Europe/London", "windows": [{"days": [1, 2, 3, 4, 5], "start": "09:00", "end": "17:00"}]}


def test_working_hours_round_trip_as_the_client_does(api, store):
    listed = api.get("/working-hours").data
    assert [decode(WORKING_HOURS, item)["name"] for item in listed] == ["Berlin office"]
    assert listed[0]["id"] == BERLIN_OFFICE and listed[0]["windows"] == [{"days": [1, 2, 3, 4, 5], "start": "09:00", "end": "17:00"}]
    reply = api.post("/working-hours", json=UK)
    assert reply.status == 201
    created = decode(WORKING_HOURS, reply.data)
    assert populated(WORKING_HOURS, created) == [] and {k: created[k] for k in UK} == UK
    assert decode(WORKING_HOURS, api.get(f"/working-hours/{created['id']}").data) == created
    store.set_clock(advance=5)
    desired = {"name": "Renamed", "timezone": "America/New_York", "windows": [{"days": [1, 2, 3, 4, 5], "start": "08:00", "end": "18:00"}]}
    updated = decode(WORKING_HOURS, api.patch(f"/working-hours/{created['id']}", json=desired).data)
    assert {k: updated[k] for k in desired} == desired and updated["updatedAt"] == "2026-04-07T10:00:05.000Z"
    assert [item["name"] for item in api.get("/working-hours").data] == ["Berlin office", "Renamed"]
    assert api.delete(f"/working-hours/{created['id']}").status == 204
    decode(API_ERROR, assert_error(api.get(f"/working-hours/{created['id']}"), 404, "invalid_request_error", "not_found"))


@pytest.mark.parametrize("prefix", ["/v1", "/api"])
def test_every_new_route_answers_under_both_prefixes(api, prefix):
    assert api.get(f"{prefix}/working-hours").status == 200
    assert api.get(f"{prefix}/working-hours/{BERLIN_OFFICE}").status == 200
    assert api.get(f"{prefix}/components?limit=1").status == 200
    assert api.put(f"{prefix}/escalation/policies/{DEFAULT_POLICY}", json={"name": "Default", "steps": follow_the_sun_steps()}).status == 200
