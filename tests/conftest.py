"""Suite fixtures: one app per session, reset before each test, reachable in-process and over a socket."""

from __future__ import annotations

# Imported before any test runs, though the fake imports it only on its first MCP request: pytester's in-process
# runs (tests/test_pytest_plugin.py) drop the modules first imported during the run, and the MCP mount's event
# loop (a daemon thread) would outlive the asyncio it was made with, next to a second copy imported later.
import asyncio  # noqa: F401
import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import settings

from mockscaling import create_app, get_store
from mockscaling.web.server import ThreadedServer
from mockscaling import Store

from .support import ApiClient, FlaskApiClient, SocketApiClient

# pytester runs downstream projects in tests/test_pytest_plugin.py. (The mockscaling plugin itself is
# never listed here: it loads through its pytest11 entry point, as it does for users.)
pytest_plugins = ["pytester"]

FROZEN_AT = datetime(2026, 4, 7, 10, 0, tzinfo=UTC)

# In CI the property tests replay the same examples on every run (derandomize), so a landing is never
# decided by a lucky draw; locally they explore new examples each run. Run `HYPOTHESIS_PROFILE=explore`
# in CI-like shells to search wider.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("explore", deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "explore"))


@pytest.fixture(scope="session")
def session_app():
    """The suite's fake (default seed); every test starts from a reset store."""
    return create_app()


@pytest.fixture(scope="session")
def live_server_url(session_app) -> Iterator[str]:
    """Base URL of `session_app` served by waitress in a thread of this process."""
    with ThreadedServer(session_app) as server:
        yield server.url


@pytest.fixture
def app(session_app):
    """The fake, reset to the seed with the clock frozen at FROZEN_AT (pytest-flask's `client` uses it)."""
    store = get_store(session_app)
    store.reset()
    store.set_clock(freeze=FROZEN_AT)
    yield session_app
    store.reset()


@pytest.fixture
def store(app) -> Store:
    """The reset store behind `app`.

    Example::

        def test_x(store): store.set_clock(advance=60)
    """
    return get_store(app)


@pytest.fixture(params=["inprocess", "socket"])
def api(request, app) -> ApiClient:
    """The API over each transport: Flask's test client, then a real socket.

    Example::

        def test_x(api): assert api.get("/incidents").status == 200
    """
    if request.param == "inprocess":
        return FlaskApiClient(app)
    return SocketApiClient(request.getfixturevalue("live_server_url"))


@pytest.fixture
def inproc(app) -> ApiClient:
    """The API through Flask's test client only (for property tests, where sockets would be slow)."""
    return FlaskApiClient(app)
