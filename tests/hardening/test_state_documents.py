"""Issue 12 §3: a state document that loads can never make a later request fail (POST /_mock/state, state files)."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockscaling import create_app, get_store
from mockscaling.worlds.persistence import StateFile, StateFileError
from mockscaling.store import StateError

from ..support import API_COMPONENT, PRIMARY_SCHEDULE, assert_error, busy_app, leaf_paths


def _busy_document() -> dict[str, Any]:
    """The seed plus an incident under escalation, a public update, an acknowledged incident and a page."""
    return get_store(busy_app()).dump_state()


BUSY = _busy_document()


def _layer(document):
    return document["schedules"][0]["layers"][0]


def _loaded(client, document):
    return client.post("/_mock/state", key=None, json=document)


def _drive(client) -> list[tuple[str, int]]:
    """Every read the API offers, the clock moving (escalations fire), a write or two; the statuses seen."""
    seen: list[tuple[str, int]] = []

    def call(method: str, path: str, **kw: Any) -> Any:
        reply = client.request(method, path, **kw)
        seen.append((f"{method} {path}", reply.status))
        return reply

    for _ in range(2):
        incidents = call("GET", "/incidents", params={"limit": "100"})
        for incident in (incidents.body or {}).get("data", {}).get("incidents", []) if incidents.status == 200 else []:
            call("GET", f"/v1/incidents/{incident['id']}")
            call("GET", f"/v1/incidents/{incident['id']}/updates")
            call("POST", f"/v1/incidents/{incident['id']}/acknowledge")
        schedules = call("GET", "/oncall/schedules")
        for schedule in (schedules.body or {}).get("data", []) if schedules.status == 200 else []:
            call("GET", f"/v1/oncall/schedules/{schedule['id']}")
            call("GET", f"/v1/oncall/schedules/{schedule['id']}/resolve")
        policies = call("GET", "/escalation/policies")
        for policy in (policies.body or {}).get("data", []) if policies.status == 200 else []:
            call("GET", f"/v1/escalation/policies/{policy['id']}")
        for path in ("/components", "/team/members", "/users"):
            call("GET", path)
        for path in ("/status/acme", "/status/acme.json", "/_mock/state", "/_mock/pages", "/_mock/clock"):
            call("GET", path, key=None)
        call("POST", "/incidents", json={"title": "After load", "severity": "high", "ownerScheduleId": PRIMARY_SCHEDULE})
        call("POST", "/_mock/clock", key=None, json={"advance": 3 * 3600})
    return seen


def _no_server_error(seen):
    failures = [entry for entry in seen if entry[1] >= 500]
    assert not failures, failures


# ---- the attack pass's documents ---------------------------------------------------------------------------

@pytest.mark.parametrize("start", ["0001-01-01T00:00:00.000Z", "0001-01-01T00:00:00-05:00", "1969-12-31T23:59:59Z"])
def test_a_rotation_layer_starting_before_the_instant_range_is_refused(inproc, start):
    document = copy.deepcopy(BUSY)
    document["schedules"][0]["timezone"] = "America/New_York"
    _layer(document)["effective_from"] = start
    reply = _loaded(inproc, document)
    assert_error(reply, 400, "invalid_request_error", "invalid_json")
    assert "effective_from" in reply.body["message"] or "between" in reply.body["message"]


@pytest.mark.parametrize("stamp", ["9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00", "9000-01-01T00:00:00Z"])
@pytest.mark.parametrize("where", ["incident", "layer_until", "escalation_due", "organization"])
def test_instants_at_the_edge_of_the_range_with_an_offset_are_400_not_500(inproc, stamp, where):
    document = copy.deepcopy(BUSY)
    incident = document["incidents"][0]
    if where == "incident":
        incident["created_at"] = stamp
    elif where == "layer_until":
        _layer(document)["effective_until"] = stamp
    elif where == "escalation_due":
        assert incident["escalation"] is not None
        incident["escalation"]["due_at"] = stamp
    else:
        document["members"][0]["joined_at"] = stamp
    assert_error(_loaded(inproc, document), 400, "invalid_request_error", "invalid_json")
    _no_server_error(_drive(inproc))


def test_a_layer_ending_before_it_starts_is_refused(inproc):
    document = copy.deepcopy(BUSY)
    _layer(document)["effective_until"] = "2019-01-01T00:00:00.000Z"
    assert_error(_loaded(inproc, document), 400, "invalid_request_error", "invalid_json")


def test_deep_nesting_in_event_data_is_refused_and_the_dump_stays_readable(inproc):
    document = copy.deepcopy(BUSY)
    nested: Any = "x"
    for _ in range(500):
        nested = {"a": nested}
    document["incidents"][0]["events"][0]["data"] = {"deep": nested}
    raw = json.dumps(document)  # json.dumps manages 500 levels; the fake's encoders did not
    reply = inproc.request("POST", "/_mock/state", key=None, data=raw, headers={"Content-Type": "application/json"})
    assert_error(reply, 400, "invalid_request_error", "invalid_json")
    assert inproc.get("/_mock/state", key=None).status == 200


def test_a_state_file_that_would_break_the_server_is_a_clear_error(tmp_path):
    """`serve --state-file X --import-state old.json` loads through the same checks as POST /_mock/state."""
    document = copy.deepcopy(BUSY)
    _layer(document)["effective_from"] = "0001-01-01T00:00:00-05:00"
    state = StateFile(tmp_path / "state.sqlite")
    try:
        with pytest.raises(StateFileError) as caught:
            state.attach(get_store(create_app()), import_document=document)
    finally:
        state.close()
    assert "\n" not in str(caught.value) and "effective_from" in str(caught.value)


def test_the_store_refuses_such_documents_directly_too():
    document = copy.deepcopy(BUSY)
    _layer(document)["effective_from"] = "0001-01-01T00:00:00Z"
    with pytest.raises(StateError):
        get_store(create_app()).load_state(document)


def test_the_busy_document_itself_loads_and_drives_cleanly(inproc):
    assert _loaded(inproc, BUSY).status == 200
    _no_server_error(_drive(inproc))


# ---- any document: generated mutations of a busy dump ------------------------------------------------------

PATHS = [path for path in leaf_paths(BUSY) if path and path[0] != "version"]

EDGE_INSTANTS = [
    "0001-01-01T00:00:00+05:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59-05:00", "9999-12-31T23:59:59.999Z",
    "1969-12-31T23:59:59Z", "1970-01-01T00:00:00+14:00", "8999-12-31T23:59:59-12:00", "8999-12-31T23:59:59Z",
    "2026-03-29T01:30:00+01:00", "2026-04-07T10:00:00", "2026-04-07", "24:00", "23:59", "00:00",
]
ODD_VALUES = st.one_of(
    st.sampled_from(EDGE_INSTANTS),
    st.sampled_from(["Etc/GMT+12", "Pacific/Kiritimati", "UTC", "Nope/Zone", "", "weekly", "custom", "daily",
                     "org:admin", "resolved", "public", "schedule", "users", "user_ada", "org_acme", "org_globex"]),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.sampled_from([0, 1, 7, 365, 366, 10_080, 10_081, -1, 2**31, 10**30]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.text(max_size=20),
    st.lists(st.sampled_from(["user_bob", "user_cy", "user_gil", "nope", API_COMPONENT]), max_size=3),
    st.dictionaries(st.sampled_from(["a", "b", API_COMPONENT]), st.sampled_from(["x", 1, "major_outage"]), max_size=2),
)


def _set(document: Any, path: tuple, value: Any) -> None:
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), ODD_VALUES), min_size=1, max_size=3))
def test_a_generated_document_either_is_refused_or_never_breaks_a_later_request(inproc, store, changes):
    store.reset()
    document = copy.deepcopy(BUSY)
    for path, value in changes:
        try:
            _set(document, path, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change replaced a container on this path
    reply = _loaded(inproc, document)
    assert reply.status in (200, 400), reply.text
    seen = _drive(inproc)
    _no_server_error(seen)
    if reply.status == 200:
        again = inproc.get("/_mock/state", key=None).data
        assert _loaded(inproc, again).status == 200  # whatever loads, dumps and loads again
        _no_server_error(_drive(inproc))

