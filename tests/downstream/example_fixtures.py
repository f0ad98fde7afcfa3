"""Example downstream tests for the `mockscaling` and `mockscaling_server` fixtures and the marker.

Not collected by this suite (the name does not start with test_): tests/test_pytest_plugin.py runs this
file with pytester as a downstream project would, and the README quotes it.
"""

from datetime import UTC, datetime

import pytest
import requests

INCIDENT = {"title": "Checkout is down", "severity": "high", "ownerId": "user_bob"}


def test_create_incident(mockscaling):
    reply = mockscaling.client().post("/v1/incidents", json=INCIDENT)  # admin key by default
    assert reply.status_code == 201
    assert reply.json["data"]["createdBy"] == "user_ada"
    assert mockscaling.client(key=mockscaling.member_key).get("/v1/incidents").json["data"]["incidents"][0]["title"] == INCIDENT["title"]
    mockscaling.clock.advance(seconds=3600)
    mockscaling.new_tenant(name="Left over")


def test_state_does_not_leak_between_tests(mockscaling):
    # Runs after test_create_incident: its incident, clock move and tenant are gone.
    assert mockscaling.client().get("/v1/incidents").json["data"]["incidents"] == []
    assert [org["name"] for org in mockscaling.state()["organizations"]] == ["Acme Inc", "Globex"]
    assert abs((mockscaling.clock.now() - datetime.now(UTC)).total_seconds()) < 60


def test_seeded_keys_and_users(mockscaling):
    assert mockscaling.admin_key == "scl_live_" + "a" * 32
    assert mockscaling.keys["user_bob"] == mockscaling.member_key
    assert mockscaling.users["user_ada"]["role"] == "org:admin"
    assert mockscaling.client(key=None).get("/v1/incidents").status_code == 401


@pytest.mark.mockscaling(now="2026-04-07T10:00:00Z")
def test_frozen_clock_and_escalation(mockscaling):
    body = {**INCIDENT, "escalationPolicyId": "016f5e66-e800-7200-8000-000000000001"}
    incident = mockscaling.client().post("/v1/incidents", json=body).json["data"]
    assert incident["createdAt"] == "2026-04-07T10:00:00.000Z"
    mockscaling.clock.advance(seconds=15 * 60)  # layer 1 times out: layer 2 is paged
    events = mockscaling.client().get(f"/v1/incidents/{incident['id']}").json["data"]["events"]
    assert [e["occurredAt"] for e in events if e["type"] == "incident_paged"][-1] == "2026-04-07T10:15:00.000Z"


@pytest.mark.mockscaling(seed="empty")
def test_marker_seed(mockscaling):
    assert mockscaling.admin_key is None
    tenant = mockscaling.new_tenant()
    assert mockscaling.client(key=tenant.api_key).get("/v1/incidents").json["data"]["incidents"] == []


def test_over_a_real_socket(mockscaling_server):
    headers = {"Authorization": f"Bearer {mockscaling_server.admin_key}"}
    created = requests.post(mockscaling_server.url + "/v1/incidents", json=INCIDENT, headers=headers, timeout=10)
    assert created.status_code == 201
    # The socket and the in-process handle are one fake.
    assert mockscaling_server.client().get(f"/v1/incidents/{created.json()['data']['id']}").status_code == 200


def test_server_state_does_not_leak(mockscaling_server):
    headers = {"Authorization": f"Bearer {mockscaling_server.admin_key}"}
    reply = requests.get(mockscaling_server.url + "/v1/incidents", headers=headers, timeout=10)
    assert reply.json()["data"]["incidents"] == []


def test_tenants_share_one_server(mockscaling_server):
    one = requests.post(mockscaling_server.url + "/_mock/tenants", json={"name": "Team A"}, timeout=10).json()["data"]
    two = requests.post(mockscaling_server.url + "/_mock/tenants", timeout=10).json()["data"]
    created = requests.post(mockscaling_server.url + "/v1/incidents", timeout=10,
                            json={**INCIDENT, "ownerId": one["userId"]},
                            headers={"Authorization": f"Bearer {one['apiKey']}"})
    assert created.status_code == 201
    seen_by_two = requests.get(mockscaling_server.url + "/v1/incidents", timeout=10,
                               headers={"Authorization": f"Bearer {two['apiKey']}"})
    assert seen_by_two.json()["data"]["incidents"] == []
