"""Example downstream tests for the scenario seeds.

Not collected by this suite: tests/test_plugin_toolkit.py runs this file with pytester as a downstream
project would, and docs/pytest.md quotes it.
"""

import pytest


@pytest.mark.mockscaling(seed="major-outage")
def test_frontend_shows_a_major_outage(mockscaling):
    page = mockscaling.client().get("/status/acme.json").json
    assert page["status"] == "major_outage"
    incidents = mockscaling.client().get("/v1/incidents").json["data"]["incidents"]
    assert [i["severity"] for i in incidents] == ["medium", "critical"]  # newest first


@pytest.mark.mockscaling(seed="quiet-week")
def test_history_without_recent_incidents(mockscaling):
    incidents = mockscaling.client().get("/v1/incidents", query_string={"limit": 100}).json["data"]["incidents"]
    assert len(incidents) == 7 and {i["status"] for i in incidents} == {"resolved"}
