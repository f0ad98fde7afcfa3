"""Example downstream suite written only with `mockscaling_intercept`: it runs on the fake, and unchanged with
`pytest --mockscaling-url URL --mockscaling-key KEY`, where its calls for https://api.scaling.cloud go to URL.

Not collected by this suite: tests/test_live_intercept.py runs it with pytester on the fake and against a
second served fake (standing in for a staging Scaling).
"""

import asyncio

import httpx
import requests
import responses

SCALING = "https://api.scaling.cloud/v1"
INCIDENT = {"title": "Checkout is down", "severity": "high", "ownerId": "user_bob"}


def open_incident(api_key, title):
    """The downstream code under test: it knows nothing about mockscaling."""
    reply = requests.post(f"{SCALING}/incidents", json={**INCIDENT, "title": title},
                          headers={"Authorization": f"Bearer {api_key}"}, timeout=10)
    reply.raise_for_status()
    return reply.json()["data"]["id"]


def test_requests(mockscaling_intercept):
    incident_id = open_incident(mockscaling_intercept.admin_key, "Live via requests")
    reply = requests.get(f"{SCALING}/incidents/{incident_id}", headers=mockscaling_intercept.headers(), timeout=10)
    assert reply.json()["data"]["title"] == "Live via requests"


def test_httpx_sync(mockscaling_intercept):
    with httpx.Client(base_url=SCALING, headers=mockscaling_intercept.headers()) as client:
        created = client.post("/incidents", json={**INCIDENT, "title": "Live via httpx"})
        fetched = client.get(f"/incidents/{created.json()['data']['id']}")
    assert created.status_code == 201 and fetched.json()["data"]["title"] == "Live via httpx"


def test_httpx_async_and_an_error(mockscaling_intercept):
    async def scenario():
        async with httpx.AsyncClient(base_url=SCALING, headers=mockscaling_intercept.headers()) as client:
            created = await client.post("/incidents", json=INCIDENT)
            moved = await client.patch(f"/incidents/{created.json()['data']['id']}/status", json={"status": "monitoring"})
            return created.status_code, moved.status_code, moved.json()["code"]

    assert asyncio.run(scenario()) == (201, 400, "invalid_status_transition")


def test_a_wrong_key_is_refused(mockscaling_intercept):
    reply = requests.get(f"{SCALING}/incidents", headers={"Authorization": "Bearer scl_live_" + "z" * 32}, timeout=10)
    assert reply.status_code == 401


def test_next_to_responses(mockscaling_intercept):
    with responses.RequestsMock() as mocked:
        mocked.get("https://weather.test/today", json={"sky": "clear"})
        assert open_incident(mockscaling_intercept.admin_key, "Next to responses")
        assert requests.get("https://weather.test/today", timeout=10).json() == {"sky": "clear"}


def test_reads_the_store(mockscaling_intercept):
    incident_id = open_incident(mockscaling_intercept.admin_key, "Checked in the store")
    assert mockscaling_intercept.store.incidents[incident_id].title == "Checked in the store"  # skipped in live mode
