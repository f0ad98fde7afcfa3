"""Example downstream tests for `calls`, `assert_called`, the handles' URLs and `mockscaling.mock`.

Not collected by this suite: tests/test_plugin_toolkit.py runs this file with pytester as a downstream
project would, and docs/pytest.md quotes it.
"""

import unittest

import pytest
import requests

import mockscaling

SCALING = "https://api.scaling.cloud/v1"


def open_incident(api_key, title, severity="high"):
    """The downstream code under test: it knows nothing about mockscaling."""
    reply = requests.post(f"{SCALING}/incidents", json={"title": title, "severity": severity, "ownerId": "user_bob"},
                          headers={"Authorization": f"Bearer {api_key}"}, timeout=10)
    reply.raise_for_status()
    return reply.json()["data"]["id"]


def test_calls_record_what_the_client_sent(mockscaling_intercept):
    open_incident(mockscaling_intercept.admin_key, "Checkout is down")
    call = mockscaling_intercept.calls.last
    assert (call.method, call.path, call.status) == ("POST", "/v1/incidents", 201)
    assert call.json == {"title": "Checkout is down", "severity": "high", "ownerId": "user_bob"}
    assert call.headers["Authorization"] == "Bearer ****aaaa"  # masked to its last 4 characters
    assert call.user_id == "user_ada"
    assert call.response["data"]["status"] == "investigating"


def test_assert_called(mockscaling_intercept):
    open_incident(mockscaling_intercept.admin_key, "Database slow", severity="medium")
    mockscaling_intercept.assert_called("POST", "/v1/incidents", times=1, json={"severity": "medium"})
    with pytest.raises(AssertionError, match="Calls the fake answered"):
        mockscaling_intercept.assert_called("DELETE", "/v1/incidents/{id}")


def test_calls_on_every_transport(mockscaling_server):
    mockscaling_server.client().get("/v1/incidents", query_string={"limit": 5})  # Flask test client
    requests.get(mockscaling_server.api_url + "/components", headers=mockscaling_server.headers(), timeout=10)
    assert [(c.method, c.path, c.query) for c in mockscaling_server.calls] == [
        ("GET", "/v1/incidents", {"limit": "5"}), ("GET", "/v1/components", {})]
    assert len(mockscaling_server.calls.filter(path="/v1/comp*")) == 1


def test_server_urls(mockscaling_server):
    assert mockscaling_server.api_url == mockscaling_server.url + "/v1"
    reply = requests.get(mockscaling_server.api_url + "/incidents", headers=mockscaling_server.headers(), timeout=10)
    assert reply.json()["data"]["incidents"] == []


def test_in_process_fake_has_no_url(mockscaling):
    with pytest.raises(AttributeError, match="mockscaling_server"):
        mockscaling.url


def test_a_path_without_v1_gets_a_hint(mockscaling):
    reply = mockscaling.client().get("/incidents")
    assert reply.status_code == 404
    assert "did you mean /v1/incidents?" in reply.json["message"]


def test_session_server_with_a_tenant_per_test(mockscaling_session_server):
    tenant = mockscaling_session_server.new_tenant()
    headers = mockscaling_session_server.headers(tenant.api_key)
    created = requests.post(mockscaling_session_server.api_url + "/incidents", headers=headers, timeout=10,
                            json={"title": "Only mine", "severity": "low", "ownerId": tenant.user_id})
    assert created.status_code == 201
    listed = requests.get(mockscaling_session_server.api_url + "/incidents", headers=headers, timeout=10)
    assert [i["title"] for i in listed.json()["data"]["incidents"]] == ["Only mine"]


def test_mock_as_a_context_manager():
    with mockscaling.mock() as fake:
        open_incident(fake.admin_key, "From a script")
        fake.assert_called("POST", "/v1/incidents", times=1)


class TestUnittestStyle(unittest.TestCase):
    @mockscaling.mock
    def test_decorated(self, fake):
        incident_id = open_incident(fake.admin_key, "From unittest")
        self.assertIn(incident_id, fake.store.incidents)

    @mockscaling.mock(seed="empty")
    def test_decorated_with_a_seed(self, fake):
        self.assertIsNone(fake.admin_key)
