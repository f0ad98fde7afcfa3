"""Faults for every error state: each status, each network fault, scoped plans and `Prefer: code=`; both transports."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest
import requests

from mockscaling import ConnectionDropped
from mockscaling.harness.testing import MockScaling

from .support import ADMIN_KEY, GLOBEX_KEY, MEMBER_KEY, assert_error

STATUS_ENVELOPES = [
    (401, "not_authorized_error", "invalid_api_key"),
    (403, "forbidden_error", "forbidden"),
    (429, "rate_limit_error", "rate_limited"),
    (500, "internal_error", "server_error"),
    (502, "internal_error", "bad_gateway"),
    (503, "internal_error", "service_unavailable"),
    (504, "internal_error", "gateway_timeout"),
]


def add_fault(api, **plan):
    reply = api.post("/_mock/faults", json=plan)
    assert reply.status == 201, reply.text
    return reply.data


def dropped(api):
    """The exception a dropped connection raises on this transport."""
    return ConnectionDropped if api.transport == "inprocess" else requests.ConnectionError


@pytest.mark.parametrize(("status", "type_", "code"), STATUS_ENVELOPES)
def test_every_fault_status_answers_its_envelope(api, status, type_, code):
    add_fault(api, path="/v1/incidents", method="POST", status=status, count=1)
    assert_error(api.create_incident(), status, type_, code)
    assert api.get("/incidents").data["incidents"] == []  # the faulted request was not executed
    assert api.create_incident().status == 201


@pytest.mark.parametrize(("status", "type_", "code"), STATUS_ENVELOPES)
def test_prefer_code_answers_that_status_for_one_request(api, status, type_, code):
    reply = api.get("/components", headers={"Prefer": f"code={status}"})
    assert_error(reply, status, type_, code)
    assert api.get("/components").status == 200
    assert_error(api.post("/incidents", json={"title": "x"}, headers={"Prefer": f"example=a, code={status}"}),
                 status, type_, code)  # before validation: the body is never read
    assert api.get("/incidents").data["incidents"] == []


def test_prefer_code_edge_cases(api):
    assert_error(api.get("/components", headers={"Prefer": "code=404"}), 400, "invalid_request_error", "unsupported_prefer_code")
    assert api.get("/components", headers={"Prefer": "return=minimal"}).status == 200  # other preferences: ignored
    assert api.get("/_mock/faults", headers={"Prefer": "code=503"}).status == 200  # never on the control plane
    assert_error(api.get("/components", key=None, headers={"Prefer": "code=503"}), 503, "internal_error", "service_unavailable")


def test_network_close_drops_the_connection_without_executing(api):
    add_fault(api, path="/v1/incidents", method="POST", network="close", count=1)
    with pytest.raises(dropped(api)):
        api.create_incident()
    assert api.get("/incidents").data["incidents"] == []
    journal = api.get("/_mock/requests").data["requests"]
    assert [(r["method"], r["status"]) for r in journal[-2:]] == [("POST", None), ("GET", 200)]
    assert api.create_incident().status == 201  # count 1: the next one goes through


def test_network_hang_is_bounded_and_then_drops(api):
    add_fault(api, path="/v1/components", network="hang", latencyMs=300, count=1)
    started = time.perf_counter()
    with pytest.raises(dropped(api)):
        api.get("/components")
    assert 0.3 <= time.perf_counter() - started < 5
    assert api.get("/components").status == 200


def test_clearing_faults_releases_a_hanging_request(app, live_server_url):
    fake_url = live_server_url
    requests.post(fake_url + "/_mock/faults", json={"path": "/v1/components", "network": "hang", "latencyMs": 20_000}, timeout=5)
    outcome = {}

    def call():
        started = time.perf_counter()
        try:
            requests.get(fake_url + "/v1/components", headers={"Authorization": f"Bearer {ADMIN_KEY}"}, timeout=15)
        except requests.ConnectionError:
            outcome["dropped_after"] = time.perf_counter() - started

    caller = threading.Thread(target=call)
    caller.start()
    time.sleep(0.3)
    assert requests.delete(fake_url + "/_mock/faults", timeout=5).json()["data"] == {"cleared": 1}
    caller.join(timeout=10)
    assert outcome["dropped_after"] < 5


def test_network_malformed_json_executes_and_garbles_the_body(api):
    add_fault(api, path="/v1/incidents", method="POST", network="malformed_json", count=1)
    reply = api.create_incident(title="Made despite the garbled answer")
    assert reply.status == 201 and reply.body is None  # the status stays; the body does not parse
    with pytest.raises(ValueError):
        json.loads(reply.text)
    assert int(reply.headers["Content-Length"]) == len(reply.text.encode())
    assert reply.headers["Content-Type"] == "application/json"
    assert [i["title"] for i in api.get("/incidents").data["incidents"]] == ["Made despite the garbled answer"]


def test_network_truncate_executes_and_cuts_the_body(api):
    add_fault(api, path="/v1/incidents", method="POST", network="truncate", count=1)
    if api.transport == "socket":
        with pytest.raises(requests.exceptions.ChunkedEncodingError):
            api.create_incident(title="Made despite the cut answer")
    else:
        reply = api.create_incident(title="Made despite the cut answer")
        assert reply.status == 201 and reply.body is None
        assert int(reply.headers["Content-Length"]) // 2 == len(reply.text.encode())  # promised twice what came
    assert [i["title"] for i in api.get("/incidents").data["incidents"]] == ["Made despite the cut answer"]


def test_plans_scoped_to_an_organization_or_a_key(api):
    add_fault(api, path="/v1/*", status=503, orgId="org_globex")
    add_fault(api, path="/v1/*", status=429, apiKey=MEMBER_KEY)
    assert api.get("/components").status == 200  # Ada: another key of Acme, not the scoped one
    assert_error(api.get("/components", key=MEMBER_KEY), 429, "rate_limit_error", "rate_limited")
    assert_error(api.get("/components", key=GLOBEX_KEY), 503, "internal_error", "service_unavailable")
    assert_error(api.get("/components", key=None), 401, "not_authorized_error", "missing_authorization_header")
    tenant = api.post("/_mock/tenants").data
    add_fault(api, path="/v1/*", network="close", orgId=tenant["orgId"])
    with pytest.raises(dropped(api)):
        api.get("/components", key=tenant["apiKey"])
    assert api.get("/components").status == 200
    plans = api.get("/_mock/faults").data
    assert [(p["orgId"], p["apiKey"], p["network"]) for p in plans] == [
        ("org_globex", None, None), (None, MEMBER_KEY, None), (tenant["orgId"], None, "close")]


@pytest.mark.parametrize(
    "plan",
    [
        {"path": "/v1/*", "network": "explode"},
        {"path": "/v1/*", "network": "close", "status": 503},
        {"path": "/v1/*", "network": "hang", "latencyMs": 10**6},
    ],
)
def test_bad_network_plans_are_422(inproc, plan):
    assert_error(inproc.post("/_mock/faults", json=plan), 422, "validation_error", "invalid_body")


@pytest.mark.parametrize("plan", [{"path": "/v1/*", "status": 500, "orgId": "org_nowhere"},
                                  {"path": "/v1/*", "status": 500, "apiKey": "scl_live_" + "z" * 32}])
def test_scopes_must_exist(inproc, plan):
    assert_error(inproc.post("/_mock/faults", json=plan), 404, "invalid_request_error", "not_found")


def test_interception_raises_each_client_librarys_own_errors():
    fake = MockScaling.create()
    fake.store.add_fault("/v1/*", network="close")
    with fake.intercept():
        with pytest.raises(requests.ConnectionError):
            requests.get("https://api.scaling.cloud/v1/components", headers=fake.headers(), timeout=5)
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get("https://api.scaling.cloud/v1/components", headers=fake.headers())
    fake.store.clear_faults()
    fake.store.add_fault("/v1/*", network="malformed_json")
    with fake.intercept():
        reply = requests.get("https://api.scaling.cloud/v1/components", headers=fake.headers(), timeout=5)
    assert reply.status_code == 200
    with pytest.raises(ValueError):
        reply.json()
