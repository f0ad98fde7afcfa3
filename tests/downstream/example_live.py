"""Example downstream tests for live mode: run with `pytest --mockscaling-url URL --mockscaling-key KEY`.

Not collected by this suite: tests/test_plugin_toolkit.py runs it with pytester against a served fake
(standing in for a staging Scaling), and docs/pytest.md quotes it.
"""

import pytest
import requests

INCIDENT = {"title": "Checkout is down", "severity": "high", "ownerId": "user_bob"}


def test_runs_on_the_fake_and_on_a_real_server(mockscaling):
    created = mockscaling.client().post("/v1/incidents", json=INCIDENT)
    assert created.status_code == 201
    incident_id = created.json["data"]["id"]
    assert mockscaling.client().get(f"/v1/incidents/{incident_id}").json["data"]["status"] == "investigating"


def test_over_http_too(mockscaling_server):
    reply = requests.get(mockscaling_server.api_url + "/incidents", headers=mockscaling_server.headers(), timeout=10)
    assert reply.status_code == 200


def test_uses_the_fake_clock(mockscaling):
    mockscaling.clock.advance(seconds=60)  # skipped in live mode: "needs the fake clock, which only the fake has"


def test_uses_given(mockscaling):
    mockscaling.given.incident(status="monitoring")  # skipped in live mode


@pytest.mark.mockscaling(seed="major-outage")
def test_uses_a_seed(mockscaling):
    assert mockscaling.client().get("/status/acme.json").json["status"] == "major_outage"  # skipped in live mode


def test_uses_interception(mockscaling_intercept):
    assert requests.get("https://api.scaling.cloud/v1/incidents", headers=mockscaling_intercept.headers(),
                        timeout=10).status_code == 200  # live mode: sent to --mockscaling-url


def test_uses_the_control_plane(mockscaling):
    assert mockscaling.client().get("/_mock/clock").status_code == 200  # skipped in live mode
