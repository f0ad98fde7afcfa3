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
    assert entries[1]["query"] == {"limit": "5"}
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
    assert [(e["method"], e["path"]) for e in _journal(api, include="control")] == [("POST", "/_mock/reset")]
    assert _journal(api) == []  # /_mock traffic is left out unless asked for


def test_errors_are_recorded_too(api):
    api.get("/v1/nothing-here")
    assert [(e["path"], e["status"]) for e in _journal(api)] == [("/v1/nothing-here", 404)]


def test_bad_limit_is_422(api):
    for params in ({"limit": 0}, {"limit": chosen.JOURNAL_SIZE + 1}, {"limit": "x"}, {"include": "everything"}):
        reply = api.get("/_mock/requests", key=None, params=params)
        assert_error(reply, 422, "validation_error", "invalid_query")


def test_bodies_headers_and_parsed_query_are_kept(api):
    created = api.create_incident(title="Body kept")
    api.get("/incidents", params={"status": "investigating", "limit": 3})
    first, second = _journal(api)
    assert first["json"]["title"] == "Body kept"
    assert first["response"]["data"]["id"] == created.data["id"]
    assert first["orgId"] == "org_acme" and first["truncated"] == []
    assert first["headers"]["Authorization"] == "Bearer ****aaaa"  # masked to its last 4 characters
    assert "a" * 8 not in str(first)
    assert second["query"] == {"status": "investigating", "limit": "3"}
    assert second["json"] is None and second["response"]["data"]["nextCursor"] is None


def test_repeated_query_parameters_become_a_list(store):
    store.record_request("GET", "/v1/incidents", 200, "rid", query={"status": ["a", "b"]})
    assert store.list_requests()[0]["query"] == {"status": ["a", "b"]}


def test_control_traffic_is_listed_only_when_asked(api, store):
    api.post("/_mock/clock", key=None, json={"advance": 1})
    api.get("/incidents")
    assert [e["path"] for e in _journal(api)] == ["/v1/incidents"]
    assert [e["path"] for e in _journal(api, include="control")] == ["/_mock/clock", "/v1/incidents"]
    assert store.list_requests() == _journal(api)  # the Python method answers the same, by default too
    assert store.list_requests(include_control=True) == _journal(api, include="control")


def test_bodies_over_the_cap_are_not_kept(store, monkeypatch):
    monkeypatch.setattr(chosen, "JOURNAL_BODY_BYTES", 10)
    store.record_request("POST", "/v1/incidents", 201, "rid", body=b'{"title": "long enough"}', response=b"{}")
    entry = store.list_requests()[0]
    assert entry["json"] is None and entry["response"] == {} and entry["truncated"] == ["json"]


def test_a_big_body_is_dropped_over_http_too(api, monkeypatch):
    monkeypatch.setattr(chosen, "JOURNAL_BODY_BYTES", 64)
    api.post("/incidents", json={"title": "x" * 100, "severity": "high", "ownerId": BOB})
    entry = _journal(api)[0]
    assert entry["json"] is None and "json" in entry["truncated"]


def test_a_kept_answer_holds_just_its_bytes():
    """orjson leaves its answers in buffers of kilobytes: the journal keeps a copy of each answer's bytes."""
    import gc
    import tracemalloc

    from mockscaling import create_app, get_store

    app = create_app()
    client = app.test_client()
    key = {"Authorization": "Bearer scl_live_" + "a" * 32}
    body = {"title": "Memory", "severity": "low", "ownerId": BOB}
    client.post("/v1/incidents", json=body, headers=key)  # views imported, caches filled
    count = 200
    tracemalloc.start()
    try:
        for _ in range(count):
            client.post("/v1/incidents", json=body, headers=key)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0]
        get_store(app).clear_requests()
        gc.collect()
        freed = held - tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    answer = len(client.post("/v1/incidents", json=body, headers=key).get_data())
    assert freed > 0
    # An entry holds the answer, the request body and a few references: far below an orjson buffer (4 KB+).
    assert freed / count < answer + 1500, (freed / count, answer)
