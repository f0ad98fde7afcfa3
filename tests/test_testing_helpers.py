"""The helpers behind the pytest plugin, used directly: MockScaling, the pool, interception and fast resets."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests

from mockscaling import Store
from mockscaling.harness import intercept as intercept_module
from mockscaling.worlds.seed import seed_document
from mockscaling.harness.testing import MockScaling, MockScalingPool, to_datetime

from .support import API_COMPONENT, PRIMARY_SCHEDULE, assert_error, Reply

SCALING = "https://api.scaling.cloud"


def as_reply(response: requests.Response) -> Reply:
    return Reply(response.status_code, response.headers, response.json(), response.text)


def test_reset_restores_seed_records_without_sharing_them():
    store = Store()
    store.schedules[PRIMARY_SCHEDULE].layers[0].participant_ids.append("user_ada")
    store.components[API_COMPONENT].aliases.append("edge")
    store.organizations["org_acme"].next_sequential_id = 40
    seed_document("default")["organizations"].clear()  # a caller's copy, not the cache
    store.reset()
    assert store.schedules[PRIMARY_SCHEDULE].layers[0].participant_ids == ["user_bob", "user_cy"]
    assert store.components[API_COMPONENT].aliases == []
    assert store.organizations["org_acme"].next_sequential_id == 1
    assert Store().dump_state()["organizations"][0]["id"] == "org_acme"


def test_reset_restores_the_clock():
    fake = MockScaling.create(now="2026-04-07T10:00:00Z")
    fake.clock.advance(minutes=1, hours=1)
    assert fake.clock.now() == datetime(2026, 4, 7, 11, 1, tzinfo=UTC)
    fake.reset()
    assert fake.clock.now() == datetime(2026, 4, 7, 10, tzinfo=UTC) and fake.clock.frozen
    fake.clock.unfreeze()
    assert not fake.clock.frozen


def test_naive_times_are_utc():
    assert to_datetime(datetime(2026, 1, 1)) == datetime(2026, 1, 1, tzinfo=UTC)
    assert to_datetime("2026-01-01T01:00:00+01:00") == datetime(2026, 1, 1, tzinfo=UTC)


def test_client_keys():
    fake = MockScaling.create()
    assert fake.client().get("/v1/incidents").status_code == 200
    missing = fake.client(key=None).get("/v1/incidents")
    assert missing.status_code == 401 and missing.json["code"] == "missing_authorization_header"
    assert fake.client(key="scl_live_" + "z" * 32).get("/v1/incidents").json["code"] == "invalid_api_key"


def test_interception_keeps_queries_headers_and_errors():
    fake = MockScaling.create()
    with fake.intercept():
        bad = requests.get(f"{SCALING}/v1/incidents", params={"limit": 0}, headers=fake.headers(), timeout=5)
        unauthenticated = requests.get(f"{SCALING}/api/incidents", timeout=5)
        control = requests.get(f"{SCALING}/_mock/clock", timeout=5)
    assert_error(as_reply(bad), 422, "validation_error", "invalid_query")
    assert_error(as_reply(unauthenticated), 401, "not_authorized_error", "missing_authorization_header")
    assert control.status_code == 200 and "now" in control.json()["data"]


def test_interception_ends_with_the_block():
    import aiohttp
    import httpx

    def patch_points():
        return (requests.Session.request, requests.Session.send, httpx.Client._transport_for_url,
                httpx.AsyncClient._transport_for_url, aiohttp.ClientSession._request)

    before = patch_points()
    with MockScaling.create().intercept():
        inside = patch_points()
    assert all(a is not b for a, b in zip(before, inside))  # requests, httpx sync and async, aiohttp are patched...
    assert patch_points() == before  # ...and restored afterwards


def test_aiohttp_without_aioresponses_is_refused(monkeypatch):
    # aiohttp calls would silently reach the network: refuse instead.
    monkeypatch.setattr(intercept_module, "_available", lambda module: module != "aioresponses")
    with pytest.raises(ImportError, match=r"^interception of aiohttp needs `aioresponses`, the `intercept` extra: "
                                          r'pip install "\.\[intercept\]" in the mockscaling checkout$'):
        with MockScaling.create().intercept():
            pass


def test_clients_that_are_not_installed_are_skipped(monkeypatch):
    monkeypatch.setattr(intercept_module, "_available", lambda module: module not in {"aiohttp", "httpx"})
    before = requests.Session.send
    with MockScaling.create().intercept() as fake:
        assert requests.Session.send is not before
        assert requests.get(f"{SCALING}/v1/incidents", headers=fake.headers(), timeout=5).status_code == 200


def test_pool_reuses_one_app_and_one_server_per_seed():
    pool = MockScalingPool()
    try:
        first = pool.fake("default")
        first.client().post("/v1/incidents", json={"title": "t", "severity": "low", "ownerId": "user_bob"})
        second = pool.fake("default", now="2026-04-07T10:00:00Z")
        assert second.app is first.app and second.store.incidents == {} and second.clock.frozen
        assert pool.fake("empty").app is not first.app
        url = pool.serve(first)
        assert pool.serve(second) == url == second.url
        assert requests.get(url + "/_mock/clock", timeout=5).status_code == 200
    finally:
        pool.close()
    with pytest.raises(requests.ConnectionError):
        requests.get(url + "/_mock/clock", timeout=2)
