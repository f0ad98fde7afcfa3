"""The pytest plugin (auto-loaded through the `pytest11` entry point): fixtures and the `mockscaling` marker.

Only declarations live here; the logic is in `mockscaling.harness.testing` and `mockscaling.harness.intercept`, imported
when a fixture is first used so that merely installing mockscaling costs a test run nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mockscaling.harness.testing import MockScaling, MockScalingPool


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mockscaling")
    group.addoption("--mockscaling-url", default=None, metavar="URL",
                    help="run the mockscaling fixtures against this server (e.g. a staging Scaling) instead of the fake")
    group.addoption("--mockscaling-key", default=None, metavar="KEY", help="the API key for --mockscaling-url")


def _live(request: pytest.FixtureRequest) -> Any:
    """The live-mode handle when --mockscaling-url is given (tests using fake-only powers get skipped), else None."""
    url = request.config.getoption("mockscaling_url")
    if url is None:
        return None
    from mockscaling.harness.live import LiveScaling

    key = request.config.getoption("mockscaling_key")
    if not key:
        raise pytest.UsageError("--mockscaling-url needs --mockscaling-key KEY")
    live = LiveScaling(url, key, skip=pytest.skip)
    marker = request.node.get_closest_marker("mockscaling")
    if marker is not None:
        from mockscaling.harness.testing import marker_options

        seed, now = marker_options(*marker.args, **marker.kwargs)
        if seed is not None:
            live.needs_fake(f"a seed ({seed!r})")
        if now is not None:
            live.needs_fake("the fake clock (now=)")
    return live


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "mockscaling(seed=None, now=None, documented_only=False, mcp_user=None): seed (name, path or document), frozen "
        "ISO time, documented-only mode and the user of mockscaling_mcp for the mockscaling fixtures",
    )


_POOL = pytest.StashKey["MockScalingPool"]()


def _pool(config: pytest.Config) -> MockScalingPool:
    """The run's apps and servers, one per seed (each pytest-xdist worker has its own), closed at the end.

    Kept on the config rather than in a session fixture: every fixture a test depends on costs pytest
    tens of microseconds of bookkeeping per test, more than the reset itself.
    """
    pool = config.stash.get(_POOL, None)
    if pool is None:
        from mockscaling.harness.testing import MockScalingPool

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
    `@pytest.mark.mockscaling(seed=..., now=..., documented_only=True)` picks the seed, freezes the clock
    and serves only what Scaling documents (chosen paths 404, chosen fields left out).

    Example::

        def test_create_incident(mockscaling):
            reply = mockscaling.client().post("/v1/incidents", json={
                "title": "API down", "severity": "high", "ownerId": "user_bob"})
            assert reply.status_code == 201
    """
    live = _live(request)
    if live is not None:
        return live
    from mockscaling.harness.testing import marker_options

    marker = request.node.get_closest_marker("mockscaling")
    seed, now = marker_options(*marker.args, **marker.kwargs) if marker else (None, None)
    documented_only = bool(marker.kwargs.get("documented_only", False)) if marker else False
    return _pool(request.config).fake(mockscaling_seed if seed is None else seed, now=now, documented_only=documented_only)


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
    if getattr(type(mockscaling), "IS_LIVE", False):  # live mode: already a server
        return mockscaling
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
    url = request.config.getoption("mockscaling_url")
    if url is not None:
        from mockscaling.harness.live import LiveScaling

        return LiveScaling(url, request.config.getoption("mockscaling_key") or "", skip=pytest.skip)
    return _pool(request.config).session_server("default")


@pytest.fixture
async def mockscaling_mcp(request: pytest.FixtureRequest, mockscaling: MockScaling, anyio_backend: Any) -> Any:
    """An initialized MCP client (the SDK's `mcp.Client`) on the fresh fake, in-process, signed in as the seed's
    admin; `@pytest.mark.mockscaling(mcp_user="user_bob")` signs in someone else. Run the test with
    `@pytest.mark.anyio` (the anyio plugin ships with the SDK). Needs the `mcp` extra.

    Example::

        @pytest.mark.anyio
        async def test_agent_lists(mockscaling_mcp, mockscaling):
            mockscaling.given.incident(title="API down", severity="critical")
            result = await mockscaling_mcp.call_tool("list_incidents", {})
            assert result.structured_content["incidents"][0]["title"] == "API down"
    """
    if getattr(type(mockscaling), "IS_LIVE", False):  # live mode
        mockscaling.needs_fake("the in-process MCP server")
    marker = request.node.get_closest_marker("mockscaling")
    user = marker.kwargs.get("mcp_user") if marker else None
    async with mockscaling.mcp_session(user=user) as client:
        yield client


@pytest.fixture
def mockscaling_intercept(mockscaling: MockScaling) -> Iterator[MockScaling]:
    """The fresh fake, answering every `requests`/`httpx` call to https://api.scaling.cloud during the test.

    Other hosts are not intercepted. aiohttp calls need the `intercept` extra (`pip install ".[intercept]"`).
    Under `--mockscaling-url URL` the calls go to URL instead (untouched when URL is https://api.scaling.cloud).

    Example::

        def test_my_client(mockscaling_intercept):
            reply = requests.get("https://api.scaling.cloud/v1/incidents",
                                 headers={"Authorization": f"Bearer {mockscaling_intercept.admin_key}"})
            assert reply.status_code == 200
    """
    with mockscaling.intercept():  # live mode: the calls go to --mockscaling-url instead
        yield mockscaling
