"""mockscaling's control plane (contract §5): reset, state dump/load, clock; over HTTP and as Python methods."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from mockscaling import create_app, get_store

from .support import ADA, ADMIN_KEY, API_COMPONENT, BOB, DATABASE_COMPONENT, FlaskApiClient, assert_error


def _busy(api, store) -> dict:
    """Some state: incidents in several statuses, updates, a redaction, a new component, a paged incident."""
    first = api.new_incident(componentIds=[API_COMPONENT], description="d")
    api.move(first["id"], "identified", resolutionNote="note")
    posted = api.post(f"/incidents/{first['id']}/updates", json={"visibility": "public", "body": "hello"}).data
    api.post(f"/incidents/{first['id']}/updates/{posted['id']}/redact")
    api.post(f"/incidents/{first['id']}/acknowledge")
    api.new_incident(ownerScheduleId="016f5e66-e800-7100-8000-000000000001")
    api.post("/components", json={"name": "Search", "aliases": ["find"]})
    store.set_clock(advance=120)
    return first


def _everything(api) -> dict:
    incidents = api.get("/incidents", params={"limit": 100}).data["incidents"]
    return {
        "incidents": [api.detail(i["id"]) for i in incidents],
        "updates": [api.get(f"/incidents/{i['id']}/updates").data for i in incidents],
        "components": api.get("/components", params={"limit": 100}).data,
    }


# ---- reset ------------------------------------------------------------------------------------------
def test_reset_restores_the_seed(api, store):
    seeded = _everything(api)
    _busy(api, store)
    assert api.delete(f"/components/{DATABASE_COMPONENT}").status == 204  # (API is in use by the seeded integration)
    reply = api.post("/_mock/reset")
    assert reply.status == 200
    assert _everything(api) == seeded
    assert api.new_incident()["sequentialId"] == 1
    assert api.get("/_mock/clock").data["frozen"] is False  # the session app's clock runs in real time


def test_reset_restores_a_frozen_clock_it_was_built_with():
    frozen = datetime(2026, 1, 1, tzinfo=UTC)
    from mockscaling.domain.clock import Clock

    app = create_app(clock=Clock(frozen_at=frozen))
    store = get_store(app)
    store.set_clock(advance=3600)
    store.reset()
    assert store.now() == frozen and store.clock.frozen


def test_reset_as_a_python_method(api, store):
    api.new_incident()
    store.reset()
    assert api.get("/incidents").data["incidents"] == []


# ---- state ------------------------------------------------------------------------------------------
def test_state_round_trip_preserves_ids(api, store):
    _busy(api, store)
    before = _everything(api)
    dump = api.get("/_mock/state")
    assert dump.status == 200
    now = store.now()
    api.post("/_mock/reset")
    assert api.get("/incidents").data["incidents"] == []
    store.set_clock(freeze=now)  # the clock is not part of the state; a later clock would fire escalations
    loaded = api.post("/_mock/state", json=dump.data)
    assert loaded.status == 200, loaded.text
    assert _everything(api) == before
    assert api.new_incident()["sequentialId"] == 3
    # The {"data": ...} wrapper as GET answers it is accepted as well.
    assert api.post("/_mock/state", json=dump.body).status == 200
    assert _everything(api) == before


def test_state_moves_between_apps(store, api):
    _busy(api, store)
    other = create_app()
    get_store(other).set_clock(freeze=store.now())
    get_store(other).load_state(store.dump_state())
    assert _everything(FlaskApiClient(other)) == _everything(api)


def test_dump_is_json_and_keeps_secrets_of_the_seed(api):
    dump = api.get("/_mock/state").data
    assert dump["version"] == 1
    assert ADMIN_KEY in [k["key"] for k in dump["apiKeys"]]


BAD_STATES = [
    [],
    "state",
    {},
    {"version": 2},
    {"version": True},
    {"version": "1"},
    {"version": 1, "incidents": 5},
    {"version": 1, "incidents": [{"id": 1}]},
    {"version": 1, "incidents": "abc"},
    {"version": 1, "organizations": [{"id": "org_x"}]},
    {"version": 1, "organizations": [{"id": "org_x", "name": "X", "colour": "red"}]},
    {"version": 1, "apiKeys": [{"key": "k", "org_id": "org_missing", "user_id": "user_missing"}]},
]


@pytest.mark.parametrize("document", BAD_STATES, ids=lambda d: repr(d)[:40])
def test_bad_state_is_a_clear_400_and_changes_nothing(api, store, document):
    api.new_incident()
    before = _everything(api)
    reply = api.post("/_mock/state", json=document)
    body = assert_error(reply, 400, "invalid_request_error", "invalid_json")
    assert "state" in body["message"] or "version" in body["message"] or "JSON object" in body["message"]
    assert _everything(api) == before


def _mangled(store, mangle) -> dict:
    document = copy.deepcopy(store.dump_state())
    mangle(document)
    return document


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: d["members"].append(dict(d["members"][0], id="user_x", org_id="org_missing")),
        lambda d: d["apiKeys"].append({"key": "scl_live_" + "x" * 32, "org_id": "org_acme", "user_id": "user_missing"}),
        lambda d: d["apiKeys"].append({"key": "scl_live_" + "x" * 32, "org_id": "org_globex", "user_id": BOB}),
        lambda d: d["components"][0].update(org_id="org_missing"),
        lambda d: d["organizations"][0].update(next_sequential_id=1),
        lambda d: d["incidents"][0].update(created_at="yesterday"),
        lambda d: d["incidents"][0].update(status_history=[{"id": "sh_1"}]),
        lambda d: d["incidents"][0].update(sequential_id="1"),
    ],
    ids=["member-org", "key-user", "key-org-mismatch", "component-org", "sequence", "date", "history", "seq-type"],
)
def test_inconsistent_state_is_refused(api, store, mangle):
    api.new_incident()
    before = _everything(api)
    reply = api.post("/_mock/state", json=_mangled(store, mangle))
    assert_error(reply, 400, "invalid_request_error", "invalid_json")
    assert _everything(api) == before


def test_bad_state_as_a_python_method(store):
    from mockscaling.store import StateError

    with pytest.raises(StateError):
        store.load_state({"version": 1, "incidents": 5})


def test_state_is_not_json(api):
    assert_error(api.post("/_mock/state", data=b"{not json"), 400, "invalid_request_error", "invalid_json")


# ---- clock ------------------------------------------------------------------------------------------
def test_clock_freeze_advance_unfreeze(api, store):
    reply = api.post("/_mock/clock", json={"freeze": "2026-05-01T12:00:00.000Z"})
    assert reply.status == 200 and reply.data == {"now": "2026-05-01T12:00:00.000Z", "frozen": True}
    assert api.new_incident()["createdAt"] == "2026-05-01T12:00:00.000Z"
    reply = api.post("/_mock/clock", json={"advance": 90.5})
    assert reply.data == {"now": "2026-05-01T12:01:30.500Z", "frozen": True}
    assert api.get("/_mock/clock").data == reply.data
    reply = api.post("/_mock/clock", json={"unfreeze": True})
    assert reply.status == 200 and reply.data["frozen"] is False
    assert reply.data["now"] >= "2026-05-01T12:01:30.500Z"


def test_freeze_accepts_offsets(api):
    reply = api.post("/_mock/clock", json={"freeze": "2026-05-01T14:00:00+02:00"})
    assert reply.data["now"] == "2026-05-01T12:00:00.000Z"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"freeze": "tomorrow"},
        {"freeze": "2026-05-01T12:00:00"},  # no offset: ambiguous
        {"freeze": "2026-05-01"},
        {"freeze": 5},
        {"advance": -1},
        {"advance": "ten"},
        {"advance": 10 * 365 * 86400 + 1},
        {"unfreeze": False},
        {"unfreeze": "yes please"},
        {"freeze": "2026-05-01T12:00:00Z", "advance": 5},
        {"jump": 5},
        {"freeze": "1969-12-31T23:59:59Z"},
        {"freeze": "9999-12-31T23:59:59Z"},
    ],
    ids=lambda body: repr(body)[:40],
)
def test_bad_clock_bodies_are_422(api, body):
    before = api.get("/_mock/clock").data
    assert_error(api.post("/_mock/clock", json=body), 422, "validation_error", "invalid_body")
    assert api.get("/_mock/clock").data == before


def test_clock_cannot_be_advanced_out_of_range(api, store):
    api.post("/_mock/clock", json={"freeze": "8999-06-01T00:00:00Z"})
    assert_error(api.post("/_mock/clock", json={"advance": 366 * 86400}), 422, "validation_error", "invalid_body")
    assert api.get("/_mock/clock").data["now"] == "8999-06-01T00:00:00.000Z"
    api.post("/_mock/clock", json={"unfreeze": True})
    assert_error(api.post("/_mock/clock", json={"advance": 1e30}), 422, "validation_error", "invalid_body")
    assert api.get("/incidents").status == 200


def test_clock_body_not_json(api):
    assert_error(api.post("/_mock/clock", data=b"freeze"), 400, "invalid_request_error", "invalid_json")
    assert_error(api.post("/_mock/clock", json=[1]), 400, "invalid_request_error", "invalid_json")


def test_clock_as_python_methods(store):
    at = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
    assert store.set_clock(freeze=at) == at == store.now()
    assert store.set_clock(advance=60) == datetime(2026, 6, 1, 8, 1, tzinfo=UTC)
    store.set_clock(unfreeze=True)
    assert not store.clock.frozen and store.now() >= datetime(2026, 6, 1, 8, 1, tzinfo=UTC)


def test_advancing_the_clock_fires_due_escalations(api, store):
    incident = api.new_incident(ownerScheduleId="016f5e66-e800-7100-8000-000000000001")
    api.post("/_mock/clock", json={"advance": 15 * 60})
    paged = [e for e in api.detail(incident["id"])["events"] if e["type"] == "incident_paged"]
    assert [(e["data"]["layerPosition"], e["occurredAt"]) for e in paged] == [
        (1, "2026-04-07T10:00:00.000Z"), (2, "2026-04-07T10:15:00.000Z")]
    assert paged[1]["data"]["targetUserIds"] == [ADA]


def test_control_plane_needs_no_key(api):
    assert api.get("/_mock/state", key=None).status == 200
    assert api.post("/_mock/reset", key=None).status == 200


# ---- isolation ----------------------------------------------------------------------------------------
def test_two_apps_never_share_state():
    one, two = create_app(), create_app()
    first, second = FlaskApiClient(one), FlaskApiClient(two)
    made = first.new_incident()
    assert second.get("/incidents").data["incidents"] == []
    assert_error(second.get(f"/incidents/{made['id']}"), 404, "invalid_request_error", "not_found")
    get_store(two).set_clock(freeze=datetime(2030, 1, 1, tzinfo=UTC))
    assert not get_store(one).clock.frozen
    second.post("/components", json={"name": "Only here"})
    assert "Only here" not in [c["name"] for c in first.get("/components").data["components"]]
    assert second.new_incident()["sequentialId"] == 1


def test_empty_seed_has_no_keys():
    app = create_app(seed="empty")
    client = FlaskApiClient(app)
    assert_error(client.get("/incidents"), 401, "not_authorized_error", "invalid_api_key")
    assert get_store(app).dump_state()["organizations"] == []
