"""Documented-only mode: chosen paths answer 404, chosen fields are left out; the default stays the full fake."""

from __future__ import annotations

import requests

from mockscaling import create_app
from mockscaling.web.server import ThreadedServer
from mockscaling.harness.testing import MockScalingPool

from .support import ADMIN_KEY, BOB, PRIMARY_SCHEDULE, FlaskApiClient, SocketApiClient, assert_error

CHOSEN_INCIDENT_FIELDS = {"sequentialId", "acknowledgedAt", "acknowledgedBy"}


def _check_documented_only(api):
    created = api.post("/incidents", json={"title": "Down", "severity": "high", "ownerId": BOB})
    assert created.status == 201, created.text
    incident = created.data
    assert not CHOSEN_INCIDENT_FIELDS & set(incident) and {"id", "title", "status", "affectedComponents"} <= set(incident)
    detail = api.get(f"/incidents/{incident['id']}").data
    assert "events" not in detail and "sequentialId" not in detail and detail["statusHistory"][0]["status"] == "investigating"
    listed = api.get("/incidents").data["incidents"]
    assert listed and not CHOSEN_INCIDENT_FIELDS & set(listed[0])
    # Chosen paths are 404 not_found, like an unknown path (before authentication).
    assert_error(api.post(f"/incidents/{incident['id']}/handoff", json={"targetUserId": BOB}), 404, "invalid_request_error", "not_found")
    assert_error(api.put(f"/oncall/schedules/{PRIMARY_SCHEDULE}/layers/order", json={"layerIds": []}, key=None),
                 404, "invalid_request_error", "not_found")
    assert api.get("/status/acme.json").status == 404
    # Documented and client operations work, and the control plane stays.
    assert api.post(f"/incidents/{incident['id']}/acknowledge").status == 200
    assert api.get("/components").status == 200
    assert api.post("/_mock/clock", json={"advance": 1}).status == 200


def test_create_app_documented_only_in_process():
    _check_documented_only(FlaskApiClient(create_app(documented_only=True)))


def test_documented_only_over_a_socket():
    with ThreadedServer(create_app(documented_only=True)) as server:
        _check_documented_only(SocketApiClient(server.url))
        reply = requests.get(server.url + "/v1/incidents", headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=10)
        assert reply.status_code == 200


def test_the_default_is_the_full_fake(api):
    incident = api.new_incident()
    assert CHOSEN_INCIDENT_FIELDS <= set(incident) and "events" in api.detail(incident["id"])
    assert api.post(f"/incidents/{incident['id']}/handoff", json={"targetUserId": BOB}).status == 200


def test_pool_keeps_documented_only_apps_apart():
    pool = MockScalingPool()
    full, documented = pool.fake("default"), pool.fake("default", documented_only=True)
    assert full.app is not documented.app
    assert "sequentialId" in full.client().post("/v1/incidents", json={"title": "t", "severity": "low", "ownerId": BOB}).json["data"]
    assert "sequentialId" not in documented.client().post(
        "/v1/incidents", json={"title": "t", "severity": "low", "ownerId": BOB}).json["data"]
    pool.close()


def test_marker_documented_only_through_the_plugin(pytester):
    pytester.makepyfile(test_downstream='''
        import pytest
        import requests

        INCIDENT = {"title": "Down", "severity": "high", "ownerId": "user_bob"}

        @pytest.mark.mockscaling(documented_only=True)
        def test_documented_only(mockscaling):
            incident = mockscaling.client().post("/v1/incidents", json=INCIDENT).json["data"]
            assert "sequentialId" not in incident
            reply = mockscaling.client().post(f"/v1/incidents/{incident['id']}/handoff", json={"targetUserId": "user_bob"})
            assert reply.status_code == 404

        @pytest.mark.mockscaling(documented_only=True)
        def test_documented_only_socket(mockscaling_server):
            headers = mockscaling_server.headers()
            created = requests.post(mockscaling_server.url + "/v1/incidents", json=INCIDENT, headers=headers, timeout=10)
            assert created.status_code == 201 and "acknowledgedAt" not in created.json()["data"]

        def test_default_is_full(mockscaling):
            assert "sequentialId" in mockscaling.client().post("/v1/incidents", json=INCIDENT).json["data"]
    ''')
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=3)


def test_serve_has_a_documented_only_flag():
    from click.testing import CliRunner

    from mockscaling.tools.cli import main

    assert "--documented-only" in CliRunner().invoke(main, ["serve", "--help"]).output
