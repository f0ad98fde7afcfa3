"""POST /_mock/tenants and Store.create_tenant: fresh organizations isolated from each other and from the seed."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from mockscaling import Clock, IdSource, Store

from .support import ADMIN_KEY, BOB, assert_error

INCIDENT = {"title": "Tenant incident", "severity": "low"}


def new_tenant(api, **body):
    reply = api.post("/_mock/tenants", json=body, key=None) if body else api.post("/_mock/tenants", key=None)
    assert reply.status == 201, reply.text
    return reply.data


def test_a_tenant_has_an_org_an_admin_and_a_key(api):
    tenant = new_tenant(api)
    assert re.fullmatch(r"scl_live_[0-9a-f]{32}", tenant["apiKey"])
    assert tenant["orgId"].startswith("org_") and tenant["userId"].startswith("user_")
    assert tenant["name"] == "Tenant " + tenant["orgId"][-8:]
    assert new_tenant(api, name="Team A")["name"] == "Team A"
    assert new_tenant(api, name=None)["name"].startswith("Tenant ")
    created = api.post("/incidents", json={**INCIDENT, "ownerId": tenant["userId"]}, key=tenant["apiKey"])
    assert created.status == 201, created.text
    assert created.data["orgId"] == tenant["orgId"]
    assert created.data["createdBy"] == tenant["userId"]
    assert created.data["sequentialId"] == 1


def test_tenants_are_isolated_from_each_other_and_from_the_seed(api):
    one, two = new_tenant(api), new_tenant(api)
    assert len({one["orgId"], two["orgId"]}) == 2 and one["apiKey"] != two["apiKey"]
    seeded = api.new_incident()
    mine = api.post("/incidents", json={**INCIDENT, "ownerId": one["userId"]}, key=one["apiKey"]).data
    assert_error(api.get(f"/incidents/{seeded['id']}", key=one["apiKey"]), 404, "invalid_request_error", "not_found")
    assert_error(api.get(f"/incidents/{mine['id']}", key=two["apiKey"]), 404, "invalid_request_error", "not_found")
    assert_error(api.get(f"/incidents/{mine['id']}", key=ADMIN_KEY), 404, "invalid_request_error", "not_found")
    assert [i["id"] for i in api.get("/incidents", key=one["apiKey"]).data["incidents"]] == [mine["id"]]
    assert api.get("/incidents", key=two["apiKey"]).data["incidents"] == []
    assert [i["id"] for i in api.get("/incidents").data["incidents"]] == [seeded["id"]]
    # The seed's members are not the tenant's.
    reply = api.post("/incidents", json={**INCIDENT, "ownerId": BOB}, key=one["apiKey"])
    assert_error(reply, 400, "invalid_request_error", "invalid_owner_id")


def test_reset_removes_tenants(api):
    tenant = new_tenant(api)
    assert api.post("/_mock/reset", key=None).status == 200
    assert_error(api.get("/incidents", key=tenant["apiKey"]), 401, "not_authorized_error", "invalid_api_key")


def test_tenants_are_in_the_state_dump(api):
    tenant = new_tenant(api)
    state = api.get("/_mock/state", key=None).data
    assert tenant["orgId"] in [org["id"] for org in state["organizations"]]
    assert tenant["apiKey"] in [key["key"] for key in state["apiKeys"]]


@pytest.mark.parametrize(
    ("body", "status", "type_", "code"),
    [
        ({"name": ""}, 422, "validation_error", "invalid_body"),
        ({"name": "x" * 101}, 422, "validation_error", "invalid_body"),
        ({"name": 5}, 422, "validation_error", "invalid_body"),
        ({"colour": "red"}, 422, "validation_error", "invalid_body"),
        ([], 400, "invalid_request_error", "invalid_json"),
    ],
)
def test_bad_tenant_bodies(api, body, status, type_, code):
    assert_error(api.post("/_mock/tenants", json=body, key=None), status, type_, code)


def test_bad_tenant_json(api):
    reply = api.post("/_mock/tenants", data="{not json", headers={"Content-Type": "application/json"}, key=None)
    assert_error(reply, 400, "invalid_request_error", "invalid_json")


def test_tenant_ids_replay_after_reset_with_a_seeded_id_source():
    # Ids are time-ordered (UUIDv7/ULID from the clock): only a frozen clock replays them exactly.
    store = Store(ids=IdSource(seed=7), clock=Clock(frozen_at=datetime(2026, 4, 7, 10, tzinfo=UTC)))
    first = store.create_tenant()
    store.reset()
    assert store.create_tenant() == first  # reset restarts the id sequence too
    principal = store.authenticate(f"Bearer {first.api_key}")
    assert (principal.org_id, principal.user_id, principal.is_admin) == (first.org_id, first.user_id, True)
