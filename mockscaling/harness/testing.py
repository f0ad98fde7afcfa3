"""Testing helpers behind the pytest plugin: the `MockScaling` handle and the per-session pool of fakes.

Nothing here imports pytest, so the same helpers work in unittest or a script::

    fake = MockScaling.create()
    with fake.intercept():
        requests.get("https://api.scaling.cloud/v1/incidents", headers=fake.headers())
"""

from __future__ import annotations

import functools
import inspect
import json
from collections.abc import Callable, Iterator
from contextlib import AbstractAsyncContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from .. import chosen
from ..app import create_app, get_store
from .calls import Call, Calls
from .given import Given
from ..web.server import ThreadedServer
from ..store import Tenant
from ..worlds.world import Store
from ..domain.timefmt import parse_datetime

_ADMIN: Any = object()  # "the seed's admin key" (None already means "no Authorization header")

Moment = str | datetime


class NotServedError(AttributeError):
    """Asked for the URL of a fake that is not served on a socket."""


def to_datetime(moment: Moment) -> datetime:
    """An ISO 8601 string (Z or offset; naive means UTC) or a datetime, as an aware UTC datetime."""
    if isinstance(moment, datetime):
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return parse_datetime(moment)


@dataclass(frozen=True)
class SeedInfo:
    """The seeded keys and users of one seed, read once from a freshly reset store."""

    keys: dict[str, str]  # user id -> API key
    users: dict[str, dict[str, str]]  # user id -> {id, orgId, email, firstName, lastName, role}
    admin_key: str | None  # the first admin (in seed order) that has a key
    member_key: str | None  # the first plain member that has a key

    @classmethod
    def read(cls, store: Store) -> SeedInfo:
        """The keys and users of `store` as it is now (call right after a reset)."""
        keys = {k.user_id: k.key for k in store.api_keys.values() if not k.revoked}
        users = {
            m.id: {"id": m.id, "orgId": m.org_id, "email": m.email, "firstName": m.first_name,
                   "lastName": m.last_name, "role": m.role}
            for m in store.members.values()
        }

        def first_key(role: str) -> str | None:
            return next((keys[uid] for uid, user in users.items() if user["role"] == role and uid in keys), None)

        return cls(keys=keys, users=users, admin_key=first_key("org:admin"), member_key=first_key("org:member"))


class FakeClock:
    """The fake's server clock, driven through the store so that due escalations fire.

    Example::

        fake.clock.freeze("2026-04-07T10:00:00Z")
        fake.clock.advance(seconds=900)   # the 15-minute escalation layer pages now
    """

    def __init__(self, store: Store) -> None:
        self._store = store

    def now(self) -> datetime:
        """The server time."""
        return self._store.now()

    @property
    def frozen(self) -> bool:
        """True while the clock stands still."""
        return self._store.clock.frozen

    def freeze(self, at: Moment | None = None) -> datetime:
        """Stop the clock at `at` (ISO string or datetime; default: the current server time)."""
        return self._store.set_clock(freeze=to_datetime(at) if at is not None else self._store.now())

    def advance(self, seconds: float = 0, *, minutes: float = 0, hours: float = 0) -> datetime:
        """Move the clock forward (frozen or not); escalations that come due fire in order."""
        return self._store.set_clock(advance=seconds + 60 * minutes + 3600 * hours)

    def unfreeze(self) -> datetime:
        """Let the clock run again from where it stood."""
        return self._store.set_clock(unfreeze=True)


class MockScaling:
    """One fake Scaling: its Flask app, store, clock, seeded keys and users, and ways to call it.

    Example::

        fake = MockScaling.create(seed="default", now="2026-04-07T10:00:00Z")
        reply = fake.client().post("/v1/incidents", json={"title": "API down", "severity": "high",
                                                          "ownerId": "user_bob"})
        assert reply.status_code == 201
    """

    def __init__(self, app: Flask, *, seed_info: SeedInfo | None = None, now: Moment | None = None) -> None:
        self.app = app
        self._url: str | None = None
        self.store: Store = get_store(app)
        self.clock = FakeClock(self.store)
        self._now = to_datetime(now) if now is not None else None
        self._info = seed_info

    @classmethod
    def create(cls, seed: Any = "default", *, now: Moment | None = None) -> MockScaling:
        """A new, independent fake with its own app (a few ms; the pytest fixtures reuse apps instead)."""
        fake = cls(create_app(seed=seed), now=now)
        fake.reset()
        return fake

    # ---- lifecycle -------------------------------------------------------------------------------
    def reset(self) -> None:
        """Back to the seed (data, ids, clock), then freeze the clock at `now` if one was given."""
        self.store.reset()
        if self._now is not None:
            self.store.set_clock(freeze=self._now)

    def state(self) -> dict[str, Any]:
        """The whole store as JSON-able data (the same document as GET /_mock/state)."""
        return self.store.dump_state()

    def new_tenant(self, name: str | None = None) -> Tenant:
        """A fresh organization with an admin member and API key, isolated from everything else.

        Example::

            tenant = fake.new_tenant()
            fake.client(key=tenant.api_key).get("/v1/incidents")   # an empty list
        """
        return self.store.create_tenant(name=name)

    # ---- seeded keys and users -------------------------------------------------------------------
    @property
    def seed_info(self) -> SeedInfo:
        """The seed's keys and users (read from the store on first use when not given)."""
        if self._info is None:
            self._info = SeedInfo.read(self.store)
        return self._info

    @property
    def keys(self) -> dict[str, str]:
        """Seeded API keys by user id, e.g. `fake.keys["user_bob"]`."""
        return self.seed_info.keys

    @property
    def users(self) -> dict[str, dict[str, str]]:
        """Seeded members by user id, e.g. `fake.users["user_ada"]["role"] == "org:admin"`."""
        return self.seed_info.users

    @property
    def admin_key(self) -> str | None:
        """The seed's admin key (`scl_live_` + 32 × `a` for the default seed)."""
        return self.seed_info.admin_key

    @property
    def member_key(self) -> str | None:
        """The seed's plain member key (`scl_live_` + 32 × `b` for the default seed)."""
        return self.seed_info.member_key

    # ---- where it listens ------------------------------------------------------------------------
    @property
    def url(self) -> str:
        """The base URL (no `/v1`) of the socket this fake is served on, e.g. `http://127.0.0.1:50123`.

        Only served fakes have one (`mockscaling_server`, `mockscaling_session_server`, `serve()`); on an
        in-process fake this raises NotServedError.
        """
        if self._url is None:
            raise NotServedError(
                "this fake is in-process and listens on no URL: use the `mockscaling_server` fixture for a real "
                "socket, `.client()` for Flask's test client, or `mockscaling_intercept` for https://api.scaling.cloud"
            )
        return self._url

    @url.setter
    def url(self, value: str | None) -> None:
        self._url = value.rstrip("/") if value else None

    @property
    def api_url(self) -> str:
        """`url` + `/v1`: the base URL for an API client, e.g. `http://127.0.0.1:50123/v1`."""
        return self.url + "/v1"

    @property
    def is_served(self) -> bool:
        """True when this fake listens on a socket (`url` is set)."""
        return self._url is not None

    # ---- arranging state -------------------------------------------------------------------------
    @property
    def given(self) -> Given:
        """One-line arrangements through the API's own rules; see `mockscaling.harness.given.Given`.

        Example::

            incident = fake.given.incident(status="monitoring", owner="user_bob", components=["API"])
        """
        return Given(self)

    # ---- what clients sent -----------------------------------------------------------------------
    @property
    def calls(self) -> Calls:
        """Every request this fake answered since the test began (its last reset), oldest first, on every
        transport; `/_mock` requests are left out. See `mockscaling.harness.calls.Calls`.

        Example::

            fake.client().post("/v1/incidents", json={"title": "t", "severity": "low", "ownerId": "user_bob"})
            assert fake.calls.last.json["title"] == "t" and len(fake.calls) == 1
        """
        return Calls(lambda: [Call.from_entry(entry) for entry in self.store.list_requests()])

    def assert_called(self, method: str, path: str, times: int | None = None, json: Any = None) -> Calls:
        """Assert that the fake answered `method path` (exactly `times` times if given; with a request body
        containing `json` if given); the failure message lists every call seen. Returns the matches.

        Example::

            fake.assert_called("POST", "/v1/incidents", times=1, json={"severity": "high"})
            fake.assert_called("PATCH", "/v1/incidents/{id}/status", json={"status": "identified"})
        """
        return self.calls.assert_called(method, path, times=times, json=json)

    def assert_tool_called(self, name: str, arguments: Any = None, times: int | None = None) -> Calls:
        """Assert that an MCP client called tool `name` (exactly `times` times if given; with arguments
        containing `arguments` if given), in-process or over HTTP. Returns the matching calls (`.json` holds
        the arguments, `.response` the structuredContent).

        Example::

            fake.assert_tool_called("post_incident_update", arguments={"visibility": "internal"}, times=1)
        """
        return self.calls.assert_called(chosen.MCP_JOURNAL_METHOD, f"{chosen.MCP_PATH}/tools/{name}", times=times, json=arguments)

    def mcp_session(self, user: str | None = None) -> AbstractAsyncContextManager[Any]:
        """An initialized MCP client (the SDK's `mcp.Client`) on this fake, signed in as `user` (a user id;
        the seed's first admin by default), in-process: no socket, same store. Needs the `mcp` extra.

        Example::

            async with fake.mcp_session(user="user_bob") as client:
                result = await client.call_tool("list_incidents", {"status": "investigating"})
                assert not result.is_error and result.structured_content["incidents"] == []
        """
        from ..mcp.session import in_process_client

        if user is None:
            user = next((uid for uid, info in self.users.items() if info["role"] == "org:admin"), None)
        return in_process_client(self.store, user)

    # ---- calling it ------------------------------------------------------------------------------
    def headers(self, key: str | None = _ADMIN) -> dict[str, str]:
        """`{"Authorization": "Bearer <key>"}` (admin key by default; None gives `{}`)."""
        key = self.admin_key if key is _ADMIN else key
        return {"Authorization": f"Bearer {key}"} if key else {}

    def client(self, key: str | None = _ADMIN) -> FlaskClient:
        """A Flask test client sending `Authorization: Bearer <key>` (admin by default; None sends none).

        Example::

            assert fake.client(key=fake.member_key).get("/v1/team/members").status_code == 401
        """
        client = self.app.test_client()
        client.environ_base.update({f"HTTP_{k.upper()}": v for k, v in self.headers(key).items()})
        return client

    @contextmanager
    def intercept(self) -> Iterator[MockScaling]:
        """Answer `requests`/`httpx` calls to https://api.scaling.cloud from this fake (no socket).

        Example::

            with fake.intercept():
                requests.get("https://api.scaling.cloud/v1/incidents", headers=fake.headers())
        """
        from .intercept import intercept

        with intercept(self.app):
            yield self


def seed_key(seed: Any) -> str:
    """A hashable name for a seed (name, path or parsed document)."""
    if isinstance(seed, dict):
        return "doc:" + json.dumps(seed, sort_keys=True)
    return str(Path(seed).resolve()) if isinstance(seed, Path) else str(seed)


class MockScalingPool:
    """One app per seed (and at most one server per seed) for a whole test session.

    Building a Flask app costs milliseconds; resetting a store costs microseconds. So the pytest
    fixtures keep the apps for the session and hand each test a reset one.

    Example::

        pool = MockScalingPool()
        fake = pool.fake("default", now="2026-04-07T10:00:00Z")   # reset, clock frozen
        url = pool.serve(fake)                                     # the same fake on a socket
        pool.close()
    """

    def __init__(self) -> None:
        self._apps: dict[str, tuple[Flask, SeedInfo]] = {}
        self._servers: dict[int, ThreadedServer] = {}

    def fake(self, seed: Any = "default", now: Moment | None = None, documented_only: bool = False) -> MockScaling:
        """A reset fake for `seed` (the app is made on first use, then reused; documented-only apps apart)."""
        key = ("documented-only:" if documented_only else "") + seed_key(seed)
        entry = self._apps.get(key)
        if entry is None:
            app = create_app(seed=seed, documented_only=documented_only)
            entry = self._apps[key] = (app, SeedInfo.read(get_store(app)))
        fake = MockScaling(entry[0], seed_info=entry[1], now=now)
        fake.reset()
        return fake

    def serve(self, fake: MockScaling) -> str:
        """Serve `fake`'s app on a free port of 127.0.0.1 (once per app); sets and returns `fake.url`."""
        server = self._servers.get(id(fake.app))
        if server is None:
            server = self._servers[id(fake.app)] = ThreadedServer(fake.app).start()
        fake.url = server.url
        return server.url

    def session_server(self, seed: Any = "default") -> MockScaling:
        """A fake served for the whole session: its own app, never reset by the per-test fixtures.

        Tests sharing it stay apart by each using its own tenant (`fake.new_tenant()`).
        """
        key = "session:" + seed_key(seed)
        entry = self._apps.get(key)
        if entry is None:
            app = create_app(seed=seed)
            entry = self._apps[key] = (app, SeedInfo.read(get_store(app)))
        fake = MockScaling(entry[0], seed_info=entry[1])
        self.serve(fake)
        return fake

    def close(self) -> None:
        """Stop every server."""
        for server in self._servers.values():
            server.stop()
        self._servers.clear()


MARKER_KEYS = ("seed", "now", "documented_only", "mcp_user")


def marker_options(*args: Any, **options: Any) -> tuple[Any, Moment | None]:
    """The options of `@pytest.mark.mockscaling(seed=..., now=...)`; anything else raises TypeError
    naming the valid keys."""
    if args:
        raise TypeError("use keywords: @pytest.mark.mockscaling(seed=..., now=...)")
    unknown = sorted(set(options) - set(MARKER_KEYS))
    if unknown:
        raise TypeError(
            f"@pytest.mark.mockscaling got unknown option{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))};"
            f" valid keys: {', '.join(MARKER_KEYS)}"
        )
    return options.get("seed"), options.get("now")


class FakeContext:
    """`mock()`'s result: a context manager and a decorator giving a fresh fake (intercepting by default)."""

    def __init__(self, seed: Any, now: Moment | None, intercept: bool) -> None:
        self._options = (seed, now, intercept)
        self._stack: list[ExitStack] = []

    def __enter__(self) -> MockScaling:
        seed, now, intercept = self._options
        fake = MockScaling.create(seed, now=now)
        stack = ExitStack()
        if intercept:
            stack.enter_context(fake.intercept())
        self._stack.append(stack)
        return fake

    def __exit__(self, *exc_info: Any) -> None:
        self._stack.pop().close()

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """Decorate `func`: each call gets a fresh fake as its last positional argument."""
        signature = inspect.signature(func)
        *kept, last = signature.parameters.values()
        shown = signature.replace(parameters=kept)
        by_name = last.kind in (last.POSITIONAL_OR_KEYWORD, last.KEYWORD_ONLY)

        def call(fake: MockScaling, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
            # pytest passes its fixtures by name, unittest passes `self` by position: name the fake when we can.
            return func(*args, **kwargs, **{last.name: fake}) if by_name else func(*args, fake, **kwargs)
        if inspect.iscoroutinefunction(func):
            @functools.wraps(func)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with FakeContext(*self._options) as fake:
                    return await call(fake, args, kwargs)

            wrapper: Any = run_async
        else:
            @functools.wraps(func)
            def run(*args: Any, **kwargs: Any) -> Any:
                with FakeContext(*self._options) as fake:
                    return call(fake, args, kwargs)

            wrapper = run
        # pytest and unittest then see the signature without the injected fake (no "fixture not found").
        wrapper.__signature__ = shown
        return wrapper


def mock(func: Callable[..., Any] | None = None, /, *, seed: Any = "default", now: Moment | None = None,
         intercept: bool = True) -> Any:
    """A fresh fake outside pytest fixtures: a context manager, or a decorator passing the fake as the last
    positional argument. Calls to https://api.scaling.cloud from requests/httpx/aiohttp go to it while it
    is active (`intercept=False` to only build it).

    Example::

        with mockscaling.mock() as fake:
            requests.get("https://api.scaling.cloud/v1/incidents", headers=fake.headers())

        class TestMyClient(unittest.TestCase):
            @mockscaling.mock(seed="empty")
            def test_it(self, fake):
                ...
    """
    context = FakeContext(seed, now, intercept)
    return context(func) if func is not None else context
