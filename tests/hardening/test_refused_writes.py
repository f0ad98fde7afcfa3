"""A refused write changes nothing, everywhere (N5): the clock, fault plans, the journal, tenants and their keys;
and reads are served even while due escalation steps cannot be saved."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest

from mockscaling import create_app, get_store
from mockscaling.worlds.persistence import StateFile

from ..support import ADMIN_KEY, BOB, DEFAULT_POLICY, FlaskApiClient, assert_error

FULL = "service_unavailable"


class Disk:
    """A state file whose writes can be made to fail like a full disk."""

    def __init__(self, state: StateFile) -> None:
        self.full = False
        self.state = state
        for name in ("save_changes", "replace_all"):
            real = getattr(state, name)
            setattr(state, name, self._failing(real))

    def _failing(self, real):
        def write(*args):
            if self.full:
                raise sqlite3.OperationalError("database or disk is full")
            return real(*args)
        return write


@pytest.fixture
def fake(tmp_path):
    app = create_app()
    store = get_store(app)
    state = StateFile(tmp_path / "state.sqlite")
    state.attach(store)
    store.set_clock(freeze=datetime(2026, 4, 7, 10, tzinfo=UTC))
    yield app, store, FlaskApiClient(app), Disk(state)
    state.close()


def _side(store):
    """What lives outside the records: the clock, fault plans, the journal."""
    return store.clock.now(), [f["id"] for f in store.list_faults()], len(store.list_requests(limit=1000, include_control=True))


def _escalating_incident(client):
    return client.new_incident(title="escalates", severity="high", ownerId=BOB, escalationPolicyId=DEFAULT_POLICY)


def test_a_refused_clock_change_leaves_the_clock_where_it_was(fake):
    app, store, client, disk = fake
    _escalating_incident(client)
    before, state = store.clock.now(), store.dump_state()
    disk.full = True
    reply = client.post("/_mock/clock", key=None, json={"advance": 3600})  # fires escalation steps: a save
    assert_error(reply, 503, "internal_error", FULL)
    assert store.clock.now() == before and store.dump_state() == state


def test_reads_are_served_while_due_steps_cannot_be_saved_and_the_next_write_fires_them(fake):
    app, store, client, disk = fake
    incident = _escalating_incident(client)
    pages = len(store.pages)
    store.clock.advance(3600)  # steps come due; they fire at the next store call
    disk.full = True
    for path in ("/incidents", f"/incidents/{incident['id']}", "/users"):
        assert client.get(path).status == 200, path
    assert client.get("/_mock/faults", key=None).status == 200
    assert client.post("/_mock/faults", key=None, json={"path": "/v1/nothing", "status": 500}).status == 201
    assert len(store.pages) == pages  # not fired: they could not be saved
    assert_error(client.post(f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": "x"}),
                 503, "internal_error", FULL)  # the write carries them, and is refused whole
    disk.full = False
    assert client.post(f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": "x"}).status == 201
    assert len(store.pages) > pages  # fired with the next write


@pytest.mark.parametrize("how", ["reset", "load"])
def test_a_refused_reset_or_load_keeps_faults_clock_journal_and_tenants(fake, how):
    app, store, client, disk = fake
    tenant = client.post("/_mock/tenants", key=None, json={}).data
    client.post("/_mock/faults", key=None, json={"path": "/v1/nothing", "status": 500})
    client.get("/incidents")
    document = store.dump_state()
    side, state = _side(store), store.dump_state()
    disk.full = True
    reply = (client.post("/_mock/reset", key=None, json={}) if how == "reset"
             else client.post("/_mock/state", key=None, json=document))
    assert_error(reply, 503, "internal_error", FULL)
    assert store.dump_state() == state
    assert _side(store)[:2] == side[:2]
    assert _side(store)[2] >= side[2]  # the journal was kept (it also holds the refused request)
    assert client.get("/incidents", key=tenant["apiKey"]).status == 200


def test_a_refused_tenant_leaves_no_organization_or_key(fake):
    app, store, client, disk = fake
    state = store.dump_state()
    disk.full = True
    assert_error(client.post("/_mock/tenants", key=None, json={}), 503, "internal_error", FULL)
    assert store.dump_state() == state
    live = [k["key"] for k in state["apiKeys"] if not k["revoked"]]
    assert [key.key for key in store.api_keys.values() if not key.revoked] == live
    assert client.get("/incidents", key=ADMIN_KEY).status == 200



@pytest.mark.parametrize(("removed", "listing"), [
    (f"/team/members/{BOB}", "/team/members"),   # Bob sits between Ada and Cy
    (None, "/components"),                       # the middle component
])
def test_a_refused_removal_puts_the_record_back_in_its_place(fake, removed, listing):
    """Lists and state files show a table's insertion order: an undone delete must not move its record to the end."""
    app, store, client, disk = fake
    if removed is None:
        client.post("/components", json={"name": "Last"})
        removed = "/components/" + client.get("/components").data["components"][1]["id"]
    state, listed = store.dump_state(), client.get(listing).data
    disk.full = True
    assert_error(client.delete(removed), 503, "internal_error", FULL)
    assert store.dump_state() == state
    assert client.get(listing).data == listed
