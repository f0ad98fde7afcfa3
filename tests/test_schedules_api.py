"""Schedules and rotation layers over HTTP (contract §3): every endpoint, rule and error code, on both transports."""

from __future__ import annotations

import pytest

from .support import ADA, BOB, CY, GLOBEX_KEY, GIL, PRIMARY_SCHEDULE, assert_error

NOT_FOUND = (404, "invalid_request_error", "not_found")
CONFLICT = (409, "invalid_request_error", "name_conflict")

LAYER = {
    "name": "Daily",
    "rotationType": "daily",
    "rotationLengthDays": 1,
    "handoffTime": "09:00",
    "effectiveFrom": "2026-03-27T08:00:00.000Z",
    "effectiveUntil": None,
    "participantIds": [ADA, BOB],
}
MISSING = "00000000-0000-4000-8000-000000000000"


def new_schedule(api, name="Secondary", timezone="Europe/Berlin", **extra):
    """Create a schedule through the API and return its body."""
    reply = api.post("/oncall/schedules", json={"name": name, "timezone": timezone, **extra})
    assert reply.status == 201, reply.text
    return reply.data


def new_layer(api, schedule_id, **changes):
    """Add a rotation layer (LAYER with `changes`) and return its body."""
    reply = api.post(f"/oncall/schedules/{schedule_id}/layers", json={**LAYER, **changes})
    assert reply.status == 201, reply.text
    return reply.data


# ---- schedules -----------------------------------------------------------------------------------

def test_schedule_crud_round_trip(api):
    created = new_schedule(api, description="Backup rota", timezone="America/New_York")
    assert created["name"] == "Secondary" and created["timezone"] == "America/New_York"
    assert created["createdBy"] == ADA and created["orgId"] == "org_acme" and "layers" not in created
    listed = api.get("/oncall/schedules").data
    assert [s["name"] for s in listed] == ["Primary on-call", "Secondary"]
    assert all("layers" not in s for s in listed)
    replaced = api.put(f"/oncall/schedules/{created['id']}", json={"name": "Tertiary", "timezone": "UTC"}).data
    assert replaced["name"] == "Tertiary" and replaced["description"] is None and replaced["timezone"] == "UTC"
    assert api.get(f"/oncall/schedules/{created['id']}").data["name"] == "Tertiary"
    reply = api.delete(f"/oncall/schedules/{created['id']}")
    assert reply.status == 204 and reply.text == ""
    assert_error(api.get(f"/oncall/schedules/{created['id']}"), *NOT_FOUND)


def test_seeded_schedule_has_its_weekly_layer(api):
    body = api.get(f"/oncall/schedules/{PRIMARY_SCHEDULE}").data
    assert body["timezone"] == "Europe/Berlin"
    (layer,) = body["layers"]
    assert layer["position"] == 0 and layer["participantIds"] == [BOB, CY] and layer["handoffTime"] == "09:00"
    assert layer["effectiveFrom"] == "2020-01-06T08:00:00.000Z" and layer["effectiveUntil"] is None


@pytest.mark.parametrize(
    "body, field",
    [
        ({"timezone": "UTC"}, "name"),
        ({"name": "", "timezone": "UTC"}, "name"),
        ({"name": "x" * 256, "timezone": "UTC"}, "name"),
        ({"name": "S"}, "timezone"),
        ({"name": "S", "timezone": "Mars/Olympus"}, "timezone"),
        ({"name": "S", "timezone": "europe/berlin"}, "timezone"),
        ({"name": "S", "timezone": 5}, "timezone"),
        ({"name": "S", "timezone": "UTC", "colour": "red"}, "colour"),
    ],
)
def test_schedule_body_validation(api, body, field):
    error = assert_error(api.post("/oncall/schedules", json=body), 422, "validation_error", "invalid_body")
    assert error["message"].startswith(field)


def test_schedule_name_conflict(api):
    assert_error(api.post("/oncall/schedules", json={"name": "Primary on-call", "timezone": "UTC"}), *CONFLICT)
    other = new_schedule(api)
    reply = api.put(f"/oncall/schedules/{other['id']}", json={"name": "Primary on-call", "timezone": "UTC"})
    assert_error(reply, *CONFLICT)
    # Keeping your own name is no conflict; another organization may use the same name.
    assert api.put(f"/oncall/schedules/{other['id']}", json={"name": "Secondary", "timezone": "UTC"}).status == 200
    assert api.post("/oncall/schedules", json={"name": "Primary on-call", "timezone": "UTC"}, key=GLOBEX_KEY).status == 201


def test_schedule_not_found_and_tenancy(api):
    for method in ("get", "delete"):
        assert_error(getattr(api, method)(f"/oncall/schedules/{MISSING}"), *NOT_FOUND)
        assert_error(getattr(api, method)(f"/oncall/schedules/{PRIMARY_SCHEDULE}", key=GLOBEX_KEY), *NOT_FOUND)
    assert_error(api.get("/oncall/schedules/not-a-uuid"), 422, "validation_error", "invalid_path")
    assert_error(api.get(f"/oncall/schedules/{PRIMARY_SCHEDULE}/resolve", key=GLOBEX_KEY), *NOT_FOUND)


def test_deleting_a_schedule_removes_policy_layers_targeting_it(api):
    api.delete(f"/oncall/schedules/{PRIMARY_SCHEDULE}")
    layers = api.get("/escalation/policies/016f5e66-e800-7200-8000-000000000001").data["layers"]
    assert [(l["position"], l["target"]) for l in layers] == [(1, {"type": "users", "userIds": [ADA]})]


# ---- resolve -------------------------------------------------------------------------------------

def test_resolve_defaults_to_now_and_names_owner_and_targets(api):
    body = api.get(f"/oncall/schedules/{PRIMARY_SCHEDULE}/resolve").data
    assert body["at"] == "2026-04-07T10:00:00.000Z"  # the suite's frozen clock
    assert body["ownerId"] == BOB and body["pagingTargets"] == [BOB]
    assert body["layers"] == [{"layerId": "016f5e66-e800-7100-8000-000000000101", "position": 0, "onCallUserId": BOB}]
    # The next Monday 09:00 Berlin (07:00Z in summer time) hands over to Cy.
    resolve = f"/oncall/schedules/{PRIMARY_SCHEDULE}/resolve"
    assert api.get(resolve, params={"at": "2026-04-13T06:59:59.999Z"}).data["ownerId"] == BOB
    assert api.get(resolve, params={"at": "2026-04-13T07:00:00Z"}).data["ownerId"] == CY


@pytest.mark.parametrize(
    "before, at, first, second",
    [
        # Spring forward (last Sunday of March 2026): 09:00 Berlin is 08:00Z on Saturday, 07:00Z on Sunday.
        ("2026-03-28T07:59:59.999Z", "2026-03-28T08:00:00.000Z", ADA, BOB),
        ("2026-03-29T06:59:59.999Z", "2026-03-29T07:00:00.000Z", BOB, ADA),
        ("2026-03-30T06:59:59.999Z", "2026-03-30T07:00:00.000Z", ADA, BOB),
        # Fall back (last Sunday of October 2026): 07:00Z on Saturday, 08:00Z on Sunday.
        ("2026-10-24T06:59:59.999Z", "2026-10-24T07:00:00.000Z", ADA, BOB),
        ("2026-10-25T07:59:59.999Z", "2026-10-25T08:00:00.000Z", BOB, ADA),
    ],
)
def test_resolve_across_dst_changes(api, before, at, first, second):
    schedule = new_schedule(api, name="Berlin daily")
    new_layer(api, schedule["id"])
    resolve = f"/oncall/schedules/{schedule['id']}/resolve"
    assert api.get(resolve, params={"at": before}).data["ownerId"] == first
    body = api.get(resolve, params={"at": at}).data
    assert body["ownerId"] == second and body["at"] == at


def test_resolve_with_two_layers_deduplicates_targets_and_respects_windows(api):
    schedule = new_schedule(api, name="Two layers", timezone="UTC")
    new_layer(api, schedule["id"], participantIds=[BOB])
    new_layer(api, schedule["id"], name="Backup", participantIds=[BOB, CY], rotationType="custom", rotationLengthDays=2,
              effectiveFrom="2026-04-01T00:00:00Z", effectiveUntil="2026-05-01T00:00:00Z")
    resolve = f"/oncall/schedules/{schedule['id']}/resolve"
    body = api.get(resolve, params={"at": "2026-04-01T12:00:00Z"}).data
    assert body["ownerId"] == BOB and body["pagingTargets"] == [BOB]
    body = api.get(resolve, params={"at": "2026-04-04T12:00:00Z"}).data  # backup: Apr 3 09:00 handed to Cy
    assert body["pagingTargets"] == [BOB, CY] and [l["onCallUserId"] for l in body["layers"]] == [BOB, CY]
    body = api.get(resolve, params={"at": "2026-05-01T00:00:00Z"}).data  # the backup window has ended
    assert body["pagingTargets"] == [BOB] and body["layers"][1]["onCallUserId"] is None
    body = api.get(resolve, params={"at": "2026-03-01T00:00:00Z"}).data  # before every window
    assert body["ownerId"] is None and body["pagingTargets"] == []


@pytest.mark.parametrize("at", ["yesterday", "2026-13-01T00:00:00Z", "1969-12-31T23:59:59Z", "9999-01-01T00:00:00Z"])
def test_resolve_rejects_bad_instants(api, at):
    reply = api.get(f"/oncall/schedules/{PRIMARY_SCHEDULE}/resolve", params={"at": at})
    assert_error(reply, 422, "validation_error", "invalid_query")


def test_resolve_rejects_unknown_query_parameters(api):
    reply = api.get(f"/oncall/schedules/{PRIMARY_SCHEDULE}/resolve", params={"when": "now"})
    assert_error(reply, 422, "validation_error", "invalid_query")


# ---- rotation layers -----------------------------------------------------------------------------

def test_layer_crud_positions_and_reorder(api):
    schedule = new_schedule(api)
    first = new_layer(api, schedule["id"], name="A")
    second = new_layer(api, schedule["id"], name="B", rotationType="weekly", rotationLengthDays=7)
    third = new_layer(api, schedule["id"], name="C", rotationType="custom", rotationLengthDays=3)
    assert [first["position"], second["position"], third["position"]] == [0, 1, 2]
    assert second["rotationLengthDays"] == 7 and third["rotationLengthDays"] == 3
    path = f"/oncall/schedules/{schedule['id']}"
    reordered = api.put(f"{path}/layers/order", json={"layerIds": [third["id"], first["id"], second["id"]]}).data
    assert [(l["name"], l["position"]) for l in reordered["layers"]] == [("C", 0), ("A", 1), ("B", 2)]
    assert api.delete(f"{path}/layers/{first['id']}").status == 204
    assert [(l["name"], l["position"]) for l in api.get(path).data["layers"]] == [("C", 0), ("B", 1)]
    replaced = api.put(f"{path}/layers/{second['id']}", json={**LAYER, "name": "B2", "participantIds": [CY]}).data
    assert replaced["id"] == second["id"] and replaced["position"] == 1 and replaced["participantIds"] == [CY]
    assert replaced["rotationType"] == "daily" and replaced["createdAt"] == second["createdAt"]
    assert_error(api.delete(f"{path}/layers/{first['id']}"), *NOT_FOUND)
    assert_error(api.put(f"{path}/layers/{MISSING}", json=LAYER), *NOT_FOUND)
    assert_error(api.post(f"/oncall/schedules/{MISSING}/layers", json=LAYER), *NOT_FOUND)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"name": ""}, "name"),
        ({"name": None}, "name"),
        ({"rotationType": "hourly"}, "rotationType"),
        ({"rotationType": "daily", "rotationLengthDays": 2}, "rotationLengthDays"),
        ({"rotationType": "weekly", "rotationLengthDays": 1}, "rotationLengthDays"),
        ({"rotationType": "custom", "rotationLengthDays": 0}, "rotationLengthDays"),
        ({"rotationType": "custom", "rotationLengthDays": None}, "rotationLengthDays"),
        ({"rotationType": "custom", "rotationLengthDays": 365_001}, "rotationLengthDays"),
        ({"rotationType": "daily", "rotationLengthDays": None}, "rotationLengthDays"),
        ({"rotationType": "custom", "rotationLengthDays": "3"}, "rotationLengthDays"),
        ({"rotationType": "custom", "rotationLengthDays": 2.5}, "rotationLengthDays"),
        ({"effectiveFrom": "1969-12-31T23:59:59Z"}, "effectiveFrom"),
        ({"effectiveUntil": "9000-01-01T00:00:00Z"}, "effectiveUntil"),
        ({"handoffTime": "9:00"}, "handoffTime"),
        ({"handoffTime": "24:00"}, "handoffTime"),
        ({"handoffTime": "09:60"}, "handoffTime"),
        ({"handoffTime": "09:00:00"}, "handoffTime"),
        ({"effectiveFrom": "soon"}, "effectiveFrom"),
        ({"effectiveFrom": None}, "effectiveFrom"),
        ({"participantIds": "user_bob"}, "participantIds"),
        ({"participantIds": [5]}, "participantIds"),
        ({"priority": 1}, "priority"),
    ],
)
def test_layer_body_validation(api, changes, field):
    reply = api.post(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers", json={**LAYER, **changes})
    error = assert_error(reply, 422, "validation_error", "invalid_body")
    assert error["message"].startswith(field), error


@pytest.mark.parametrize("until", ["2026-03-27T08:00:00Z", "2026-03-27T10:00:00+02:00", "2026-03-01T00:00:00Z"])
def test_effective_until_must_follow_effective_from(api, until):
    reply = api.post(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers", json={**LAYER, "effectiveUntil": until})
    assert_error(reply, 400, "invalid_request_error", "invalid_effective_window")
    layer_id = "016f5e66-e800-7100-8000-000000000101"
    reply = api.put(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers/{layer_id}", json={**LAYER, "effectiveUntil": until})
    assert_error(reply, 400, "invalid_request_error", "invalid_effective_window")


def test_layer_routes_leave_the_order_path_alone(api):
    reply = api.delete(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers/order")
    assert_error(reply, 405, "invalid_request_error", "method_not_allowed")
    assert "DELETE" not in reply.headers["Allow"] and "PUT" in reply.headers["Allow"]


@pytest.mark.parametrize("participants", [[], ["user_nobody"], [BOB, GIL]])
def test_layer_participants_must_be_members(api, participants):
    reply = api.post(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers", json={**LAYER, "participantIds": participants})
    assert_error(reply, 400, "invalid_request_error", "invalid_participant")
    layer_id = "016f5e66-e800-7100-8000-000000000101"
    reply = api.put(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers/{layer_id}", json={**LAYER, "participantIds": participants})
    assert_error(reply, 400, "invalid_request_error", "invalid_participant")


def test_layer_name_unique_within_schedule(api):
    reply = api.post(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers", json={**LAYER, "name": "Weekly"})
    assert_error(reply, *CONFLICT)
    other = new_schedule(api)
    new_layer(api, other["id"], name="Weekly")  # another schedule may reuse the name
    extra = new_layer(api, PRIMARY_SCHEDULE, name="Extra")
    reply = api.put(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers/{extra['id']}", json={**LAYER, "name": "Weekly"})
    assert_error(reply, *CONFLICT)


@pytest.mark.parametrize("order", ["missing", "duplicate", "foreign", "empty"])
def test_reorder_needs_a_permutation(api, order):
    schedule = new_schedule(api)
    a, b = new_layer(api, schedule["id"], name="A"), new_layer(api, schedule["id"], name="B")
    ids = {"missing": [a["id"]], "duplicate": [a["id"], a["id"]], "foreign": [a["id"], MISSING], "empty": []}[order]
    reply = api.put(f"/oncall/schedules/{schedule['id']}/layers/order", json={"layerIds": ids})
    assert_error(reply, 400, "invalid_request_error", "invalid_layer_order")
    assert [l["id"] for l in api.get(f"/oncall/schedules/{schedule['id']}").data["layers"]] == [a["id"], b["id"]]


def test_reorder_body_validation(api):
    reply = api.put(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers/order", json={"layerIds": "x"})
    assert_error(reply, 422, "validation_error", "invalid_body")
    reply = api.put(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers/order", data="[", headers={"Content-Type": "application/json"})
    assert_error(reply, 400, "invalid_request_error", "invalid_json")
