"""Contract §6.1: each correction to §1–§4 that the documentation audit found, one test (or table) each."""

from __future__ import annotations

import pytest

from .support import ADA, ADMIN_KEY, API_COMPONENT, BOB, DEFAULT_POLICY, PRIMARY_SCHEDULE, WEB_COMPONENT, assert_error

LAYER = {
    "name": "Daily", "rotationType": "daily", "rotationLengthDays": 1, "handoffTime": "09:00",
    "effectiveFrom": "2026-01-05T08:00:00Z", "participantIds": [BOB],
}


# ---- 6.1.1 team: an admin cannot remove themselves ---------------------------------------------------
def test_admin_cannot_remove_self(api):
    # Add a second admin first, so that the last-admin rule is not what refuses the call.
    assert api.patch(f"/team/members/{BOB}/role", json={"role": "org:admin"}).status == 200
    assert_error(api.delete(f"/team/members/{ADA}"), 400, "invalid_request_error", "cannot_remove_self")
    assert api.get("/team/members", key=ADMIN_KEY).status == 200  # the admin's key still works
    assert ADA in {m["id"] for m in api.get("/team/members").data["members"]}


def test_cannot_remove_self_as_the_only_admin(api):
    assert_error(api.delete(f"/team/members/{ADA}"), 400, "invalid_request_error", "cannot_remove_self")


# ---- 6.1.2 required fields ---------------------------------------------------------------------------
@pytest.mark.parametrize("rotation_type", ["daily", "weekly", "custom"])
def test_rotation_length_days_is_required_on_every_rotation_type(api, rotation_type):
    body = {k: v for k, v in LAYER.items() if k != "rotationLengthDays"} | {"rotationType": rotation_type}
    body_reply = api.post(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers", json=body)
    error = assert_error(body_reply, 422, "validation_error", "invalid_body")
    assert error["message"].startswith("rotationLengthDays:")


@pytest.mark.parametrize("length", [1, 366, 1000, 36_500])
def test_custom_rotation_length_has_no_365_cap(inproc, length):
    body = {**LAYER, "rotationType": "custom", "rotationLengthDays": length}
    reply = inproc.post(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers", json=body)
    assert reply.status == 201, reply.text
    assert reply.data["rotationLengthDays"] == length
    # The schedule still resolves (the rotation arithmetic copes with the long length).
    assert inproc.get(f"/oncall/schedules/{PRIMARY_SCHEDULE}/resolve", params={"at": "2026-06-01T00:00:00Z"}).status == 200


def test_custom_rotation_length_zero_is_refused(inproc):
    body = {**LAYER, "rotationType": "custom", "rotationLengthDays": 0}
    assert_error(inproc.post(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers", json=body), 422, "validation_error", "invalid_body")


def test_policy_layer_position_is_required(api):
    body = {"ackTimeoutMinutes": 5, "target": {"type": "users", "userIds": [ADA]}}
    error = assert_error(api.post(f"/escalation/policies/{DEFAULT_POLICY}/layers", json=body), 422, "validation_error", "invalid_body")
    assert error["message"].startswith("position:")


# ---- 6.1.3 malformed target -> 400 invalid_target ----------------------------------------------------
@pytest.mark.parametrize("target", [
    {"type": "team", "userIds": [ADA]},
    {"type": "", "scheduleId": PRIMARY_SCHEDULE},
    {"type": None, "userIds": [ADA]},
    {"userIds": [ADA]},
])
def test_unknown_target_type_is_invalid_target(api, target):
    body = {"position": 1, "ackTimeoutMinutes": 5, "target": target}
    assert_error(api.post(f"/escalation/policies/{DEFAULT_POLICY}/layers", json=body), 400, "invalid_request_error", "invalid_target")


# ---- 6.1.4 invite validation -> 400 invalid_request_error/invalid_request_error ----------------------
@pytest.mark.parametrize("body", [
    {},
    {"emailAddress": "not-an-email"},
    {"emailAddress": None},
    {"emailAddress": 42},
    {"emailAddress": "x" * 320 + "@acme.test"},
    {"emailAddress": "dee@acme.test", "role": "org:owner"},
    {"emailAddress": "dee@acme.test", "role": 7},
])
def test_invite_validation_is_400_invalid_request_error(api, body):
    reply = api.post("/team/members/invite", json=body)
    assert_error(reply, 400, "invalid_request_error", "invalid_request_error")


# ---- 6.1.5 the status-page banner can be maintenance -------------------------------------------------
def _override(api, component, status):
    reply = api.put("/_mock/status-pages/acme/overrides", json={"componentId": component, "status": status})
    assert reply.status == 200, reply.text


def test_banner_is_maintenance_when_the_rest_is_operational(api):
    _override(api, API_COMPONENT, "maintenance")
    assert api.get("/status/acme.json").body["status"] == "maintenance"
    _override(api, WEB_COMPONENT, "degraded")  # an outage outranks maintenance
    assert api.get("/status/acme.json").body["status"] == "degraded"


# ---- 6.1.6 PATCH merge semantics ---------------------------------------------------------------------
def test_patch_component_null_clears_nullable_fields(api):
    created = api.post("/components", json={"name": "Queue", "description": "Jobs", "groupLabel": "Platform"}).data
    reply = api.patch(f"/components/{created['id']}", json={"description": None, "groupLabel": None})
    assert reply.status == 200, reply.text
    assert (reply.data["description"], reply.data["groupLabel"], reply.data["name"]) == (None, None, "Queue")
    assert api.get(f"/components/{created['id']}").data["description"] is None


def test_patch_component_absent_fields_are_unchanged(api):
    created = api.post("/components", json={"name": "Queue", "description": "Jobs", "aliases": ["q"]}).data
    reply = api.patch(f"/components/{created['id']}", json={"groupLabel": "Platform"})
    assert (reply.data["description"], reply.data["aliases"], reply.data["groupLabel"]) == ("Jobs", ["q"], "Platform")


@pytest.mark.parametrize("field", ["name", "aliases"])
def test_patch_component_null_on_non_nullable_field_is_422(api, field):
    created = api.post("/components", json={"name": "Queue"}).data
    error = assert_error(api.patch(f"/components/{created['id']}", json={field: None}), 422, "validation_error", "invalid_body")
    assert error["message"].startswith(f"{field}:")


@pytest.mark.parametrize("field", ["position", "ackTimeoutMinutes", "target"])
def test_patch_policy_layer_null_on_non_nullable_field_is_422(api, field):
    layer = api.get(f"/escalation/policies/{DEFAULT_POLICY}").data["layers"][0]
    reply = api.patch(f"/escalation/policies/{DEFAULT_POLICY}/layers/{layer['id']}", json={field: None})
    error = assert_error(reply, 422, "validation_error", "invalid_body")
    assert error["message"].startswith(f"{field}:")


# ---- 6.1.7 POST schedule / policy answer without `layers` --------------------------------------------
def test_post_schedule_and_policy_answer_without_layers(api):
    schedule = api.post("/oncall/schedules", json={"name": "Night", "timezone": "UTC"})
    policy = api.post("/escalation/policies", json={"name": "Night"})
    assert schedule.status == policy.status == 201
    assert "layers" not in schedule.data and "layers" not in policy.data
    # The docs' form (no `steps` key) gets the docs' exact shape; the client's form (steps sent) gets steps.
    assert "steps" not in policy.data
    assert api.post("/escalation/policies", json={"name": "Day", "steps": None}).data["steps"] == []
    assert api.get(f"/oncall/schedules/{schedule.data['id']}").data["layers"] == []
    assert api.get(f"/escalation/policies/{policy.data['id']}").data["layers"] == []
