"""State documents are whole or refused (F8 remainder, N7): every collection present and a list, no unknown keys,
no other version, numbers that are numbers, and references that resolve inside their organization."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockscaling import create_app, get_store
from mockscaling.store import StateError
from mockscaling.worlds.persistence import StateFile

from ..support import ADMIN_KEY, API_COMPONENT, BOB, PRIMARY_SCHEDULE, FlaskApiClient, assert_error


@pytest.fixture
def fake():
    app = create_app()
    client = FlaskApiClient(app)
    client.new_incident(ownerId=BOB, componentIds=[API_COMPONENT])
    client.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)
    return app, client


def _post(client, document):
    return client.post("/_mock/state", key=None, json=document)


def _unchanged(app, client, before):
    assert get_store(app).dump_state() == before
    assert client.get("/incidents").status == 200  # the seeded key still works


def test_a_bare_version_is_refused_and_wipes_nothing(fake):
    app, client = fake
    before = get_store(app).dump_state()
    reply = _post(client, {"version": 1})
    body = assert_error(reply, 400, "invalid_request_error", "invalid_json")
    assert "missing" in body["message"] and "apiKeys" in body["message"] and "incidents" in body["message"]
    _unchanged(app, client, before)
    assert any(key["key"] == ADMIN_KEY for key in get_store(app).dump_state()["apiKeys"])


@pytest.mark.parametrize("change, named", [
    (lambda d: d.update(extra=[]), "extra"),
    (lambda d: d.update(version=0), "version 0"),
    (lambda d: d.update(version=2), "version 2"),
    (lambda d: d.update(version=True), "version True"),
    (lambda d: d.pop("version"), "no version"),
    (lambda d: d.pop("pages"), "pages"),
    (lambda d: d.update(incidents={}), "incidents"),
    (lambda d: d.update(members=None), "members"),
])
def test_top_level_faults_are_refused_naming_them(fake, change, named):
    app, client = fake
    before = get_store(app).dump_state()
    document = copy.deepcopy(before)
    change(document)
    body = assert_error(_post(client, document), 400, "invalid_request_error", "invalid_json")
    assert named in body["message"], body["message"]
    _unchanged(app, client, before)


def _first(document, name):
    return document[name][0]


UNKNOWN = "0190a000-0000-7000-8000-00000000dead"
BROKEN_REFERENCES = {
    "bool as a number": lambda d: next(o for o in d["organizations"] if o["id"] not in {i["org_id"] for i in d["incidents"]}
                                       ).update(next_sequential_id=True),
    "owner of nobody": lambda d: next(i for i in d["incidents"] if i["owner_id"]).update(owner_id=UNKNOWN),
    "owner of another organization": lambda d: next(i for i in d["incidents"] if i["owner_id"]).update(
        owner_id=next(m["id"] for m in d["members"] if m["org_id"] != d["incidents"][0]["org_id"])),
    "component of nobody": lambda d: next(i for i in d["incidents"] if i["component_ids"]).update(component_ids=[UNKNOWN]),
    "escalation policy of nobody": lambda d: next(i for i in d["incidents"] if i["escalation_policy_id"]).update(
        escalation_policy_id=UNKNOWN),
    "status page component of nobody": lambda d: _first(d, "statusPages").update(component_ids=[UNKNOWN]),
    "rotation participant of nobody": lambda d: _first(d, "schedules")["layers"][0].update(participant_ids=[UNKNOWN]),
    "step schedule of nobody": lambda d: next(step for p in d["escalationPolicies"] for step in p["layers"]
                                              if step["schedule_id"]).update(schedule_id=UNKNOWN),
}


@pytest.mark.parametrize("breakage", BROKEN_REFERENCES)
def test_dangling_references_and_wrong_types_are_refused(fake, breakage):
    app, client = fake
    before = get_store(app).dump_state()
    document = copy.deepcopy(before)
    BROKEN_REFERENCES[breakage](document)
    assert_error(_post(client, document), 400, "invalid_request_error", "invalid_json")
    _unchanged(app, client, before)


def test_a_resolved_incident_may_keep_a_removed_member_as_owner(fake):
    app, client = fake
    document = get_store(app).dump_state()
    incident = next(i for i in document["incidents"] if i["owner_id"])
    incident["status"] = "resolved"
    incident["owner_id"] = UNKNOWN  # the store itself leaves a removed member on resolved incidents
    get_store(app).load_state(document)


def test_a_whole_document_still_round_trips(fake):
    app, client = fake
    document = get_store(app).dump_state()
    assert _post(client, document).status == 200
    assert get_store(app).dump_state() == document


def test_import_state_is_the_one_way_to_migrate_an_older_document(fake, tmp_path):
    app, _ = fake
    older = get_store(app).dump_state()
    del older["routingPolicies"], older["inboundIntegrations"]
    with pytest.raises(StateError, match="routingPolicies"):
        get_store(create_app()).load_state(older)
    state = StateFile(tmp_path / "state.sqlite")
    try:
        state.attach(get_store(create_app()), import_document=json.loads(json.dumps(older)))
    finally:
        state.close()


NAMES = sorted(set(get_store(create_app()).dump_state()) - {"version"})


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dropped=st.sets(st.sampled_from(NAMES), max_size=3),
       extra=st.one_of(st.none(), st.text(min_size=1, max_size=12).filter(lambda k: k not in NAMES and k != "version")),
       retyped=st.one_of(st.none(), st.tuples(st.sampled_from(NAMES), st.sampled_from([{}, "x", 1, None, True]))))
def test_any_document_that_is_not_whole_is_refused_and_changes_nothing(fake, dropped, extra, retyped):
    app, client = fake
    before = get_store(app).dump_state()
    document = {k: v for k, v in before.items() if k not in dropped}
    if extra is not None:
        document[extra] = []
    if retyped is not None and retyped[0] not in dropped:
        document[retyped[0]] = retyped[1]
    if document == before:
        assert _post(client, document).status == 200
        return
    body = assert_error(_post(client, document), 400, "invalid_request_error", "invalid_json")
    named = [*dropped, *([extra] if extra is not None else []), *([retyped[0]] if retyped and retyped[0] not in dropped else [])]
    assert any(name in body["message"] for name in named), body["message"]
    _unchanged(app, client, before)
