"""The pytest plugin (auto-loaded through the `pytest11` entry point): fixtures and the `mockscaling` marker.

Only declarations live here; the logic is in `mockscaling.testing` and `mockscaling.intercept`, imported
when a fixture is first used so that merely installing mockscaling costs a test run nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mockscaling.testing import MockScaling, MockScalingPool


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "mockscaling(seed=None, now=None): seed (name, path or document) and frozen ISO time for the mockscaling fixtures",
    )


_POOL = pytest.StashKey["MockScalingPool"]()


def _pool(config: pytest.Config) -> MockScalingPool:
    """The run's apps and servers, one per seed (each pytest-xdist worker has its own), closed at the end.

    Kept on the config rather than in a session fixture: every fixture a test depends on costs pytest
    tens of microseconds of bookkeeping per test, more than the reset itself.
    """
    pool = config.stash.get(_POOL, None)
    if pool is None:
        from mockscaling.testing import MockScalingPool

        pool = config.stash[_POOL] = MockScalingPool()
        config.add_cleanup(pool.close)
    return pool


@pytest.fixture
def mockscaling_seed() -> Any:
    """The seed of the `mockscaling` fixtures: "default". Override it in a conftest.py for a whole suite.

    Example::

        # conftest.py
        @pytest.fixture
        def mockscaling_seed():
            return "empty"          # or a path to your own seed file, or a dict
    """
    return "default"


@pytest.fixture
def mockscaling(request: pytest.FixtureRequest, mockscaling_seed: Any) -> MockScaling:
    """A fresh, seeded fake Scaling for this test, in-process (no socket).

    It has `.app`, `.store`, `.clock` (`freeze(iso)`, `advance(seconds=...)`), `.reset()`, `.state()`,
    `.admin_key`, `.member_key`, `.keys`, `.users`, `.new_tenant()`, `.intercept()` and
    `.client(key=...)`, a Flask test client sending the admin key unless told otherwise.
    `@pytest.mark.mockscaling(seed=..., now=...)` picks the seed and freezes the clock.

    Example::

        def test_create_incident(mockscaling):
            reply = mockscaling.client().post("/v1/incidents", json={
                "title": "API down", "severity": "high", "ownerId": "user_bob"})
            assert reply.status_code == 201
    """
    from mockscaling.testing import marker_options

    marker = request.node.get_closest_marker("mockscaling")
    seed, now = marker_options(*marker.args, **marker.kwargs) if marker else (None, None)
    return _pool(request.config).fake(mockscaling_seed if seed is None else seed, now=now)


@pytest.fixture
def mockscaling_server(request: pytest.FixtureRequest, mockscaling: MockScaling) -> MockScaling:
    """The same fresh fake, also served on a real socket (127.0.0.1, a free port) by a thread of this process.

    `.url` is the base URL (`http://127.0.0.1:PORT`), `.api_url` the same with `/v1`. One server per seed
    per session (per xdist worker); its state is reset before each test like `mockscaling`'s.

    Example::

        def test_list_over_http(mockscaling_server):
            reply = requests.get(mockscaling_server.api_url + "/incidents", headers=mockscaling_server.headers())
            assert reply.json()["data"]["incidents"] == []
    """
    _pool(request.config).serve(mockscaling)
    return mockscaling


@pytest.fixture(scope="session")
def mockscaling_session_server(request: pytest.FixtureRequest) -> MockScaling:
    """One fake (default seed) served for the whole session, for end-to-end suites whose own session
    fixtures (a browser, a frontend dev server) need its URL. It is never reset: keep tests apart by
    giving each its own organization with `.new_tenant()`.

    Example::

        @pytest.fixture(scope="session")
        def frontend(mockscaling_session_server):
            return start_frontend(api=mockscaling_session_server.api_url)

        def test_empty_org(mockscaling_session_server):
            tenant = mockscaling_session_server.new_tenant()
            reply = requests.get(mockscaling_session_server.api_url + "/incidents",
                                 headers=mockscaling_session_server.headers(tenant.api_key))
            assert reply.json()["data"]["incidents"] == []
    """
    return _pool(request.config).session_server("default")


@pytest.fixture
def mockscaling_intercept(mockscaling: MockScaling) -> Iterator[MockScaling]:
    """The fresh fake, answering every `requests`/`httpx` call to https://api.scaling.cloud during the test.

    Other hosts are not intercepted. Needs the `intercept` extra (`pip install "mockscaling[intercept]"`).

    Example::

        def test_my_client(mockscaling_intercept):
            reply = requests.get("https://api.scaling.cloud/v1/incidents",
                                 headers={"Authorization": f"Bearer {mockscaling_intercept.admin_key}"})
            assert reply.status_code == 200
    """
    with mockscaling.intercept():
        yield mockscaling
