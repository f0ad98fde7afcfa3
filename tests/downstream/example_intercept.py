"""Example downstream tests for interception: code that calls https://api.scaling.cloud with requests or httpx.

Not collected by this suite: tests/test_pytest_plugin.py runs it with pytester, and the README quotes it.
"""

import asyncio

import httpx
import requests

from mockscaling import create_app
from mockscaling.web.server import ThreadedServer
from mockscaling.harness.testing import MockScaling

SCALING = "https://api.scaling.cloud/v1"
INCIDENT = {"title": "Checkout is down", "severity": "high", "ownerId": "user_bob"}


def open_incident(api_key, title):
    """The downstream code under test: it knows nothing about mockscaling."""
    reply = requests.post(f"{SCALING}/incidents", json={**INCIDENT, "title": title},
                          headers={"Authorization": f"Bearer {api_key}"}, timeout=10)
    reply.raise_for_status()
    return reply.json()["data"]["id"]


def test_requests_are_intercepted(mockscaling_intercept):
    incident_id = open_incident(mockscaling_intercept.admin_key, "Database slow")
    assert mockscaling_intercept.store.incidents[incident_id].title == "Database slow"


def test_httpx_sync_is_intercepted(mockscaling_intercept):
    with httpx.Client(base_url=SCALING, headers=mockscaling_intercept.headers()) as client:
        created = client.post("/incidents", json=INCIDENT)
        listed = client.get("/incidents", params={"limit": 1})
    assert created.status_code == 201
    assert [i["id"] for i in listed.json()["data"]["incidents"]] == [created.json()["data"]["id"]]


def test_httpx_async_is_intercepted(mockscaling_intercept):
    async def scenario():
        async with httpx.AsyncClient(base_url=SCALING, headers=mockscaling_intercept.headers()) as client:
            created = await client.post("/incidents", json=INCIDENT)
            moved = await client.patch(f"/incidents/{created.json()['data']['id']}/status", json={"status": "monitoring"})
            return created.status_code, moved.status_code, moved.json()["code"]

    assert asyncio.run(scenario()) == (201, 400, "invalid_status_transition")


def test_other_hosts_are_not_intercepted(mockscaling_intercept):
    # A second, unrelated fake on a local socket: calls to it must reach it, not the intercepted one.
    with ThreadedServer(create_app(seed="empty")) as local:
        assert requests.post(local.url + "/_mock/tenants", timeout=10).status_code == 201
        assert httpx.post(local.url + "/_mock/tenants").status_code == 201

        async def call_async():
            async with httpx.AsyncClient() as client:
                return (await client.get(local.url + "/_mock/clock")).status_code

        assert asyncio.run(call_async()) == 200
    assert mockscaling_intercept.state()["organizations"][0]["id"] == "org_acme"  # untouched by those calls
    assert len(mockscaling_intercept.state()["organizations"]) == 2


def test_intercept_as_a_context_manager(mockscaling):
    with mockscaling.intercept():
        incident_id = open_incident(mockscaling.admin_key, "Inside the block")
    assert incident_id in mockscaling.store.incidents


def test_two_fakes_in_one_process_are_isolated(mockscaling):
    other = MockScaling.create()
    with other.intercept():
        open_incident(other.admin_key, "Only in the other fake")
    assert len(other.store.incidents) == 1
    assert mockscaling.store.incidents == {}
    assert mockscaling.client().get("/v1/incidents").json["data"]["incidents"] == []
