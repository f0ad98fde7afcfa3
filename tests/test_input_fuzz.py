"""Hostile input: generated bodies, boundary lengths and raw bytes get 2xx or a 4xx envelope, never a 500."""

from __future__ import annotations

import base64
import json
import uuid

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from .support import API_COMPONENT, BOB, PRIMARY_SCHEDULE, STATUSES, assert_error

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
TYPES = {400: "invalid_request_error", 404: "invalid_request_error", 409: "invalid_request_error",
         401: "not_authorized_error", 403: "forbidden_error", 422: "validation_error"}

JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


def _field(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly plausible values for a known field, sometimes anything at all."""
    return valid | JSON_VALUES


CREATE_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "title": _field(st.text(min_size=0, max_size=102)),
        "severity": _field(st.sampled_from(["critical", "high", "medium", "low", "urgent", ""])),
        "description": _field(st.none() | st.text(max_size=50)),
        "ownerId": _field(st.sampled_from([BOB, "user_ada", "user_gil", "user_nobody", ""])),
        "ownerScheduleId": _field(st.sampled_from([PRIMARY_SCHEDULE, str(uuid.UUID(int=0)), "nope"])),
        "componentIds": _field(st.lists(st.sampled_from([API_COMPONENT, "x", str(uuid.UUID(int=1))]), max_size=3)),
        "escalationPolicyId": _field(st.none() | st.sampled_from(["016f5e66-e800-7200-8000-000000000001", "nope"])),
        "surprise": JSON_VALUES,
    },
)
STATUS_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "status": _field(st.sampled_from(STATUSES + ["closed", "RESOLVED", ""])),
        "resolutionNote": _field(st.none() | st.text(max_size=50)),
        "extra": JSON_VALUES,
    },
)


def assert_answered(reply, success: int) -> None:
    """`success`, or a 4xx in the contract's error envelope; never a 5xx."""
    if reply.status == success:
        assert isinstance(reply.data, dict)
        return
    assert 400 <= reply.status < 500, f"{reply.status}: {reply.text[:300]}"
    assert_error(reply, reply.status, TYPES[reply.status], reply.body["code"])


# ---- generated bodies ----------------------------------------------------------------------------
@FUZZ
@given(body=CREATE_BODIES | JSON_VALUES)
def test_create_incident_never_fails_badly(inproc, body):
    assert_answered(inproc.post("/incidents", json=body), 201)


@FUZZ
@given(body=STATUS_BODIES | JSON_VALUES, steps=st.integers(min_value=0, max_value=3))
def test_patch_status_never_fails_badly(inproc, body, steps):
    incident = inproc.new_incident()
    for status in STATUSES[1 : steps + 1]:
        assert inproc.move(incident["id"], status).status == 200
    assert_answered(inproc.patch(f"/incidents/{incident['id']}/status", json=body), 200)


@FUZZ
@given(raw=st.binary(max_size=200))
def test_raw_bytes_are_invalid_json_or_answered(inproc, raw):
    reply = inproc.post("/incidents", data=raw, headers={"Content-Type": "application/json"})
    assert_answered(reply, 201)
    try:
        parsed = json.loads(raw)
    except ValueError:
        assert_error(reply, 400, "invalid_request_error", "invalid_json")
    else:
        if not isinstance(parsed, dict):
            assert_error(reply, 400, "invalid_request_error", "invalid_json")


# ---- explicit boundaries -------------------------------------------------------------------------
def _create(api, **body):
    return api.create_incident(**body)


@pytest.mark.parametrize(
    ("length", "accepted"), [(0, False), (1, True), (100, True), (101, False)], ids=lambda v: str(v)
)
def test_title_length_boundaries(api, length, accepted):
    reply = _create(api, title="t" * length)
    if accepted:
        assert reply.status == 201 and reply.data["title"] == "t" * length
    else:
        body = assert_error(reply, 422, "validation_error", "invalid_body")
        assert body["message"] == "title: Must be between 1 and 100 characters."


@pytest.mark.parametrize(("length", "accepted"), [(100, True), (101, False)])
def test_title_length_counts_characters_not_bytes(api, length, accepted):
    reply = _create(api, title="🔥" * length)  # 4 bytes each in UTF-8
    assert reply.status == (201 if accepted else 422), reply.text


@pytest.mark.parametrize(("length", "accepted"), [(0, True), (1, True), (10_000, True), (10_001, False)])
def test_description_length_boundaries(api, length, accepted):
    reply = _create(api, description="d" * length)
    if accepted:
        assert reply.status == 201 and reply.data["description"] == "d" * length
    else:
        body = assert_error(reply, 422, "validation_error", "invalid_body")
        assert body["message"].startswith("description:")


@pytest.mark.parametrize(("length", "accepted"), [(0, True), (1, True), (2_000, True), (2_001, False)])
def test_resolution_note_length_boundaries(api, length, accepted):
    incident = api.new_incident()
    before = api.detail(incident["id"])
    reply = api.move(incident["id"], "identified", resolutionNote="n" * length)
    if accepted:
        assert reply.status == 200
        assert api.detail(incident["id"])["statusHistory"][-1]["resolutionNote"] == "n" * length
    else:
        body = assert_error(reply, 422, "validation_error", "invalid_body")
        assert body["message"].startswith("resolutionNote:")
        assert api.detail(incident["id"]) == before


@pytest.mark.parametrize(("length", "accepted"), [(0, False), (1, True), (10_000, True), (10_001, False)])
def test_update_body_length_boundaries(api, length, accepted):
    incident = api.new_incident()
    reply = api.post(f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": "b" * length})
    if accepted:
        assert reply.status == 201 and reply.data["body"] == "b" * length
    else:
        assert_error(reply, 422, "validation_error", "invalid_body")


@pytest.mark.parametrize(
    "body",
    [
        {"title": 5, "severity": "high", "ownerId": BOB},
        {"title": None, "severity": "high", "ownerId": BOB},
        {"title": ["x"], "severity": "high", "ownerId": BOB},
        {"title": "x", "severity": 1, "ownerId": BOB},
        {"title": "x", "severity": "high", "ownerId": 7},
        {"title": "x", "severity": "high", "ownerId": BOB, "componentIds": "abc"},
        {"title": "x", "severity": "high", "ownerId": BOB, "componentIds": [1]},
        {"title": "x", "severity": "high", "ownerId": BOB, "componentIds": {"a": 1}},
        {"title": "x", "severity": "high", "ownerId": BOB, "description": 1.5},
        {"title": "x", "severity": "high", "ownerId": BOB, "description": True},
        {"title": "x", "severity": "HIGH", "ownerId": BOB},
    ],
)
def test_wrong_types_are_422(api, body):
    assert_error(api.post("/incidents", json=body), 422, "validation_error", "invalid_body")


# ---- bodies that are not JSON objects ------------------------------------------------------------
NOT_JSON = [
    b"",
    b"not json",
    b"{",
    b"{'title': 'single quotes'}",
    b"\xff\xfe\x00",
    b"\xef\xbb\xbf{}" + b"\xff",
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    b"[]",
    b"[1, 2]",
    b'"a string"',
    b"42",
    b"null",
    b"true",
]


@pytest.mark.parametrize("raw", NOT_JSON, ids=lambda raw: repr(raw[:16]))
@pytest.mark.parametrize("content_type", ["application/json", "text/plain"])
def test_non_json_bodies_are_invalid_json(api, raw, content_type):
    reply = api.post("/incidents", data=raw, headers={"Content-Type": content_type})
    assert_error(reply, 400, "invalid_request_error", "invalid_json")


@pytest.mark.parametrize("raw", [b"not json", b"[" * 10_000 + b"]" * 10_000, b"[]"], ids=["text", "deep", "list"])
def test_non_json_bodies_on_every_body_endpoint(api, raw):
    incident = api.new_incident()
    base = f"/incidents/{incident['id']}"
    for method, path in [("PATCH", base + "/status"), ("POST", base + "/updates"), ("POST", base + "/handoff"),
                         ("PUT", base + "/components"), ("POST", "/components")]:
        reply = api.request(method, path, data=raw, headers={"Content-Type": "application/json"})
        assert_error(reply, 400, "invalid_request_error", "invalid_json")


# ---- the other bodies and the list query -----------------------------------------------------------
OTHER_BODIES = st.fixed_dictionaries(
    {},
    optional={
        "visibility": _field(st.sampled_from(["internal", "public", "private"])),
        "body": _field(st.none() | st.text(max_size=30)),
        "statusChange": _field(st.none() | st.sampled_from(STATUSES)),
        "targetUserId": _field(st.sampled_from(["user_cy", "user_gil", "", "user_nobody"])),
        "componentIds": _field(st.lists(st.sampled_from([API_COMPONENT, "x", API_COMPONENT.upper()]), max_size=3)),
        "name": _field(st.text(max_size=101)),
        "aliases": _field(st.lists(st.text(max_size=5), max_size=3)),
    },
)
ROUTES = ["POST updates", "POST handoff", "PUT components", "POST /components", "PATCH /components"]


@FUZZ
@given(route=st.sampled_from(ROUTES), body=OTHER_BODIES | JSON_VALUES, resolved=st.booleans())
def test_other_bodies_never_fail_badly(inproc, route, body, resolved):
    incident = inproc.new_incident(componentIds=[API_COMPONENT])
    if resolved:
        for status in STATUSES[1:]:
            inproc.move(incident["id"], status)
    method, target = route.split(" ")
    path = {"updates": f"/incidents/{incident['id']}/updates", "handoff": f"/incidents/{incident['id']}/handoff",
            "components": f"/incidents/{incident['id']}/components", "/components": "/components"}[target]
    if method == "PATCH":
        path = f"/components/{API_COMPONENT}"
    reply = inproc.request(method, path, json=body)
    assert_answered(reply, 201 if method == "POST" else 200)


QUERY_TEXT = st.text(max_size=12) | st.sampled_from(["0", "1", "100", "101", "-1", "1.5", "2026-04-07", "2026-02-30"])
CURSORS = st.text(max_size=40) | JSON_VALUES.map(
    lambda value: base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")
)


@FUZZ
@given(params=st.fixed_dictionaries({}, optional={
    "limit": QUERY_TEXT, "status": QUERY_TEXT, "severity": QUERY_TEXT, "from": QUERY_TEXT, "to": QUERY_TEXT,
    "cursor": CURSORS, "other": QUERY_TEXT}))
def test_list_query_never_fails_badly(inproc, params):
    reply = inproc.get("/incidents", params=params)
    assert_answered(reply, 200)
    if reply.status != 200:
        assert reply.body["code"] == "invalid_query"


@FUZZ
@given(params=st.fixed_dictionaries({}, optional={"limit": QUERY_TEXT, "cursor": CURSORS, "other": QUERY_TEXT}))
def test_component_list_query_never_fails_badly(inproc, params):
    reply = inproc.get("/components", params=params)
    assert_answered(reply, 200)
    if reply.status != 200:
        assert reply.body["code"] == "invalid_query"


@FUZZ
@given(segment=st.text(min_size=1, max_size=40).filter(lambda s: "/" not in s and s not in (".", "..")))
def test_path_ids_never_fail_badly(inproc, segment):
    from urllib.parse import quote

    for path in [f"/incidents/{quote(segment)}", f"/components/{quote(segment)}", f"/incidents/{quote(segment)}/updates"]:
        reply = inproc.get(path)
        assert reply.status in (404, 422), reply.text
        assert_answered(reply, 200)
