"""Testing helpers behind the pytest plugin: the `MockScaling` handle and the per-session pool of fakes.

Nothing here imports pytest, so the same helpers work in unittest or a script::

    fake = MockScaling.create()
    with fake.intercept():
        requests.get("https://api.scaling.cloud/v1/incidents", headers=fake.headers())
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from .app import create_app, get_store
from .server import ThreadedServer
from .store import Store, Tenant
from .timefmt import parse_datetime

_ADMIN: Any = object()  # "the seed's admin key" (None already means "no Authorization header")

Moment = str | datetime


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

    #: Base URL (without /v1) when served on a socket by the `mockscaling_server` fixture, else None.
    url: str | None = None

    def __init__(self, app: Flask, *, seed_info: SeedInfo | None = None, now: Moment | None = None) -> None:
        self.app = app
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

    def fake(self, seed: Any = "default", now: Moment | None = None) -> MockScaling:
        """A reset fake for `seed` (the app is made on first use, then reused)."""
        key = seed_key(seed)
        entry = self._apps.get(key)
        if entry is None:
            app = create_app(seed=seed)
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

    def close(self) -> None:
        """Stop every server."""
        for server in self._servers.values():
            server.stop()
        self._servers.clear()


def marker_options(*args: Any, seed: Any = None, now: Moment | None = None) -> tuple[Any, Moment | None]:
    """The options of `@pytest.mark.mockscaling(seed=..., now=...)`; unknown options raise TypeError."""
    if args:
        raise TypeError("use keywords: @pytest.mark.mockscaling(seed=..., now=...)")
    return seed, now
