"""Contract §6.1.8: UUIDv7 ids made from the fake clock and a generator seeded once; ULID status-history ids."""

from __future__ import annotations

import json
import re
import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import create_app
from mockscaling.domain.clock import Clock
from mockscaling.domain.ids import IdSource, crockford

from .support import FlaskApiClient

ULID_ID = re.compile(r"^sh_[0-9A-HJKMNP-TV-Z]{26}$")
AT = datetime(2026, 4, 7, 10, 0, tzinfo=UTC)


def _ms(value: str) -> int:
    return uuid.UUID(value).int >> 80


def test_uuid_is_version_7_with_the_fake_clock_time():
    clock = Clock(frozen_at=AT)
    ids = IdSource(seed=1, now=clock.now)
    made = uuid.UUID(ids.uuid())
    assert (made.version, made.variant) == (7, uuid.RFC_4122)
    assert made.int >> 80 == int(AT.timestamp() * 1000)
    clock.advance(1.5)
    assert _ms(ids.uuid()) == int(AT.timestamp() * 1000) + 1500


def test_ids_sort_by_creation_within_one_millisecond_and_after_the_clock_goes_back():
    clock = Clock(frozen_at=AT)
    ids = IdSource(seed=2, now=clock.now)
    made = [ids.uuid() for _ in range(500)]
    clock.freeze(AT - timedelta(days=1))  # a test moving the clock back must not reorder new ids
    made += [ids.uuid() for _ in range(10)]
    assert made == sorted(made) and len(set(made)) == len(made)


def test_a_seeded_source_is_reproducible_and_reset_replays_it():
    def run() -> list[str]:
        clock = Clock(frozen_at=AT)
        ids = IdSource(seed=7, now=clock.now)
        return [ids.uuid(), ids.prefixed("sh"), ids.uuid()]

    first = run()
    assert first == run()
    clock = Clock(frozen_at=AT)
    ids = IdSource(seed=7, now=clock.now)
    assert [ids.uuid(), ids.prefixed("sh"), ids.uuid()] == first
    ids.reset()
    assert ids.uuid() == first[0]


def test_an_unseeded_source_is_seeded_once_not_per_id(monkeypatch):
    ids = IdSource(now=lambda: AT)
    calls = []
    monkeypatch.setattr("os.urandom", lambda n: calls.append(n) or b"\0" * n)
    monkeypatch.setattr(uuid, "uuid4", lambda: calls.append("uuid4"))
    for _ in range(20):
        ids.uuid()
        ids.prefixed("sh")
    assert calls == []


def test_status_history_ids_are_ulids_with_the_clock_time():
    ids = IdSource(seed=3, now=lambda: AT)
    made = ids.prefixed("sh")
    assert ULID_ID.match(made), made
    assert made[3:13] == crockford(int(AT.timestamp() * 1000), 10)


@settings(max_examples=25)
@given(st.lists(st.integers(0, 10_000), min_size=1, max_size=30))
def test_ulids_sort_by_creation_as_the_clock_advances(steps):
    clock = Clock(frozen_at=AT)
    ids = IdSource(seed=4, now=clock.now)
    made = []
    for step in steps:
        clock.advance(step / 1000)
        made.append(ids.prefixed("sh"))
    assert made == sorted(made)


def test_the_api_serves_uuid7_and_ulid_ids_and_updates_sort_by_posted_at(store):
    api = FlaskApiClient(create_app_for(store))
    incident = api.new_incident()
    assert uuid.UUID(incident["id"]).version == 7
    for body in ("one", "two", "three"):
        store.set_clock(advance=0.001 if body != "two" else 0)
        assert api.post(f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": body}).status == 201
    api.move(incident["id"], "identified")
    updates = api.get(f"/incidents/{incident['id']}/updates").data["updates"]
    assert [u["id"] for u in updates] == sorted(u["id"] for u in updates)
    assert sorted(updates, key=lambda u: u["id"]) == sorted(updates, key=lambda u: u["postedAt"])
    detail = api.detail(incident["id"])
    assert all(ULID_ID.match(entry["id"]) for entry in detail["statusHistory"])
    assert all(uuid.UUID(event["id"]).version == 7 for event in detail["events"])


def create_app_for(store):
    """An app around an existing store (so the suite's reset/clock fixtures apply)."""
    return create_app(store)


def test_two_seeded_apps_make_the_same_ids():
    def ids_of_a_run() -> list[str]:
        app = create_app(ids=IdSource(seed=11), clock=Clock(frozen_at=AT))
        api = FlaskApiClient(app)
        first = api.new_incident()
        second = api.new_incident()
        return [first["id"], second["id"], api.detail(first["id"])["statusHistory"][0]["id"]]

    assert ids_of_a_run() == ids_of_a_run()


def test_old_state_documents_with_uuid4_and_hex_ids_still_load(store):
    """State files written before §6.1.8 (UUIDv4 ids, `sh_` + 24 hex digits) load and keep working."""
    api = FlaskApiClient(create_app_for(store))
    created = api.new_incident()
    history_id = api.detail(created["id"])["statusHistory"][0]["id"]
    old_id, old_history = "6f1c1c4e-2b7d-4c9a-9f0e-3a4b5c6d7e8f", "sh_0123456789abcdef01234567"
    text = json.dumps(store.dump_state()).replace(created["id"], old_id).replace(history_id, old_history)
    store.load_state(json.loads(text))
    detail = api.detail(old_id)
    assert detail["statusHistory"][0]["id"] == old_history
    assert api.move(old_id, "identified").status == 200
    assert uuid.UUID(api.new_incident()["id"]).version == 7  # new records get the new shape
