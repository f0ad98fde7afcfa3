"""The request journal: GET /_mock/requests and store.list_requests record what clients sent, bounded."""

from __future__ import annotations

import uuid

from mockscaling import chosen

from .support import ADA, BOB, MEMBER_KEY, assert_error


def _journal(api, **params):
    reply = api.get("/_mock/requests", key=None, params=params or None)
    assert reply.status == 200, reply.text
    return reply.data["requests"]


def test_records_method_path_status_request_id_time_and_user(api, store):
    created = api.create_incident()
    api.get("/incidents", params={"limit": 5}, key=MEMBER_KEY)
    api.get("/incidents", key=None)
    entries = _journal(api)
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", "/v1/incidents", 201), ("GET", "/v1/incidents", 200), ("GET", "/v1/incidents", 401),
    ]
    assert [e["userId"] for e in entries] == [ADA, BOB, None]  # the key's user; none without a valid key
    assert entries[0]["requestId"] == created.headers["X-Request-Id"]
    assert all(uuid.UUID(e["requestId"]) for e in entries)
    assert entries[1]["query"] == "limit=5"
    assert {e["at"] for e in entries} == {"2026-04-07T10:00:00.000Z"}  # the server clock (frozen in tests)
    assert store.list_requests() == entries  # the Python method answers the same


def test_limit_keeps_the_most_recent_and_reading_is_not_recorded(api):
    for path in ("/incidents", "/components", "/oncall/schedules"):
        api.get(path)
    _journal(api)
    assert [e["path"] for e in _journal(api, limit=2)] == ["/v1/components", "/v1/oncall/schedules"]


def test_bounded_to_the_chosen_size(store):
    for n in range(chosen.JOURNAL_SIZE + 5):
        store.record_request("GET", f"/v1/x/{n}", 200, str(uuid.uuid4()))
    entries = store.list_requests()
    assert len(entries) == chosen.JOURNAL_SIZE
    assert entries[0]["path"] == "/v1/x/5" and entries[-1]["path"] == f"/v1/x/{chosen.JOURNAL_SIZE + 4}"


def test_reset_clears_it(api, store):
    api.get("/incidents")
    assert store.list_requests()
    api.post("/_mock/reset", key=None)
    # Everything before the reset is gone; the reset request itself is answered (and recorded) after it.
    assert [(e["method"], e["path"]) for e in _journal(api)] == [("POST", "/_mock/reset")]


def test_errors_are_recorded_too(api):
    api.get("/v1/nothing-here")
    assert [(e["path"], e["status"]) for e in _journal(api)] == [("/v1/nothing-here", 404)]


def test_bad_limit_is_422(api):
    for limit in (0, chosen.JOURNAL_SIZE + 1, "x"):
        reply = api.get("/_mock/requests", key=None, params={"limit": limit})
        assert_error(reply, 422, "validation_error", "invalid_query")
