"""Example downstream tests: mockscaling next to respx, responses, requests-mock, pytest-httpx and aioresponses.

In each, calls to https://api.scaling.cloud reach the fake, and every other call behaves exactly as the
other library is configured (mocked, refused as unmatched, or passed through), whichever was started first.
Not collected by this suite: tests/test_plugin_toolkit.py runs it with pytester, docs/pytest.md quotes it.
"""

import asyncio

import aiohttp
import httpx
import pytest
import requests
import requests_mock
import respx
import responses
from aioresponses import aioresponses
from requests_mock.exceptions import NoMockAddress

import mockscaling

SCALING = "https://api.scaling.cloud/v1"
INCIDENT = {"title": "Checkout is down", "severity": "high", "ownerId": "user_bob"}


# ---- respx (httpx) -------------------------------------------------------------------------------
def test_respx_with_the_fixture(mockscaling_intercept):
    with respx.mock:  # started after mockscaling: it still sees only its own calls
        weather = respx.get("https://weather.test/today").respond(json={"sky": "clear"})
        created = httpx.post(f"{SCALING}/incidents", json=INCIDENT, headers=mockscaling_intercept.headers())
        assert created.status_code == 201
        assert httpx.get("https://weather.test/today").json() == {"sky": "clear"}
        with pytest.raises(respx.models.AllMockedAssertionError):
            httpx.get("https://unmocked.test/")  # respx refuses what it has no route for, as configured
        assert weather.call_count == 1 and respx.calls.call_count == 1  # the Scaling call is not among them


def test_respx_started_first():
    with respx.mock(base_url="https://weather.test") as router:
        router.get("/today").respond(json={"sky": "clear"})
        with mockscaling.mock() as fake:
            assert httpx.get(f"{SCALING}/incidents", headers=fake.headers()).status_code == 200
            assert httpx.get("https://weather.test/today").json() == {"sky": "clear"}
        assert len(router.calls) == 1


# ---- pytest-httpx (httpx) ------------------------------------------------------------------------
def test_pytest_httpx_with_the_fixture(mockscaling_intercept, httpx_mock):
    httpx_mock.add_response(url="https://weather.test/today", json={"sky": "clear"})

    async def scenario():
        async with httpx.AsyncClient() as client:
            created = await client.post(f"{SCALING}/incidents", json=INCIDENT, headers=mockscaling_intercept.headers())
            weather = await client.get("https://weather.test/today")
            return created.status_code, weather.json()

    assert asyncio.run(scenario()) == (201, {"sky": "clear"})
    assert [str(r.url) for r in httpx_mock.get_requests()] == ["https://weather.test/today"]


@pytest.mark.httpx_mock(assert_all_requests_were_expected=False)
def test_pytest_httpx_refuses_what_it_does_not_expect(httpx_mock):
    with mockscaling.mock() as fake:
        assert httpx.get(f"{SCALING}/incidents", headers=fake.headers()).status_code == 200
        with pytest.raises(httpx.TimeoutException):
            httpx.get("https://unmocked.test/")


# ---- responses (requests) ------------------------------------------------------------------------
@responses.activate
def test_responses_with_the_fixture(mockscaling_intercept):
    responses.get("https://weather.test/today", json={"sky": "clear"})
    created = requests.post(f"{SCALING}/incidents", json=INCIDENT, headers=mockscaling_intercept.headers(), timeout=10)
    assert created.status_code == 201
    assert requests.get("https://weather.test/today", timeout=10).json() == {"sky": "clear"}
    with pytest.raises(requests.ConnectionError):
        requests.get("https://unmocked.test/", timeout=10)  # refused by responses, as configured
    assert [call.request.url for call in responses.calls] == ["https://weather.test/today", "https://unmocked.test/"]


def test_responses_started_first():
    with responses.RequestsMock() as mocked:
        mocked.get("https://weather.test/today", json={"sky": "clear"})
        with mockscaling.mock() as fake:
            assert requests.get(f"{SCALING}/incidents", headers=fake.headers(), timeout=10).status_code == 200
            assert requests.get("https://weather.test/today", timeout=10).json() == {"sky": "clear"}
        assert len(mocked.calls) == 1


# ---- requests-mock (requests) --------------------------------------------------------------------
def test_requests_mock_with_the_fixture(mockscaling_intercept, requests_mock):
    requests_mock.get("https://weather.test/today", json={"sky": "clear"})
    session = requests.Session()
    created = session.post(f"{SCALING}/incidents", json=INCIDENT, headers=mockscaling_intercept.headers(), timeout=10)
    assert created.status_code == 201
    assert session.get("https://weather.test/today", timeout=10).json() == {"sky": "clear"}
    with pytest.raises(NoMockAddress):  # refused by requests-mock, as configured
        session.get("https://unmocked.test/", timeout=10)
    assert requests_mock.call_count == 2  # the Scaling call is not among them


def test_requests_mock_started_first():
    with requests_mock.Mocker() as mocked:
        mocked.get("https://weather.test/today", json={"sky": "clear"})
        with mockscaling.mock() as fake:
            assert requests.get(f"{SCALING}/incidents", headers=fake.headers(), timeout=10).status_code == 200
            assert requests.get("https://weather.test/today", timeout=10).json() == {"sky": "clear"}
        assert mocked.call_count == 1


# ---- aioresponses (aiohttp) ----------------------------------------------------------------------
def test_aioresponses_with_the_fixture(mockscaling_intercept):
    async def scenario():
        with aioresponses() as mocked:  # started after mockscaling
            mocked.get("https://weather.test/today", payload={"sky": "clear"})
            async with aiohttp.ClientSession(headers=mockscaling_intercept.headers()) as session:
                async with session.post(f"{SCALING}/incidents", json=INCIDENT) as created:
                    status = created.status
                async with session.get("https://weather.test/today") as weather:
                    sky = (await weather.json())["sky"]
                with pytest.raises(aiohttp.ClientConnectionError):
                    await session.get("https://unmocked.test/")  # refused by aioresponses, as configured
            return status, sky

    assert asyncio.run(scenario()) == (201, "clear")
    mockscaling_intercept.assert_called("POST", "/v1/incidents", times=1, json={"severity": "high"})


def test_aioresponses_started_first():
    async def scenario():
        with aioresponses() as mocked:
            mocked.get("https://weather.test/today", payload={"sky": "clear"})
            with mockscaling.mock() as fake:
                async with aiohttp.ClientSession() as session:
                    async with session.get(f"{SCALING}/incidents", headers=fake.headers()) as listed:
                        incidents = (await listed.json())["data"]["incidents"]
                    async with session.get("https://weather.test/today") as weather:
                        return incidents, await weather.json()

    assert asyncio.run(scenario()) == ([], {"sky": "clear"})


# ---- a real socket: the other library must let the fake's address through -------------------------
def test_server_next_to_respx(mockscaling_server):
    with respx.mock:
        respx.route(host="127.0.0.1").pass_through()  # the fake listens there
        assert httpx.get(mockscaling_server.api_url + "/incidents", headers=mockscaling_server.headers()).status_code == 200


def test_server_next_to_responses(mockscaling_server):
    with responses.RequestsMock() as mocked:
        mocked.add_passthru(mockscaling_server.url)
        assert requests.get(mockscaling_server.api_url + "/incidents", headers=mockscaling_server.headers(),
                            timeout=10).status_code == 200
