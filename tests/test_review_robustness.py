"""Robustness of the web layer beyond /v1: any method, path, body or header gets an answer, never a 500.

schemathesis only knows the /v1 spec; these tests throw generated requests at every route of the app
(the /_mock control plane and the status pages included) and check the contract's error envelope (§1).
"""

from __future__ import annotations

import copy
import json
import os
import re
import uuid
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockscaling import create_app
from mockscaling.store import StateError

from .conftest import FROZEN_AT
from .support import (
    ADMIN_KEY, API_COMPONENT, DEFAULT_POLICY, MEMBER_KEY, PRIMARY_SCHEDULE, FlaskApiClient, assert_error,
)

# ~2 ms per example in-process; REVIEW_FUZZ_EXAMPLES=20000 searches wider.
FUZZ = settings(
    max_examples=int(os.environ.get("REVIEW_FUZZ_EXAMPLES", "1000")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]

# Values for a path placeholder: seeded ids (so routes reach their rules), and hostile segments.
SEGMENTS = st.sampled_from(
    [API_COMPONENT, PRIMARY_SCHEDULE, DEFAULT_POLICY, "acme", "API", "user_bob", "org_acme", str(uuid.UUID(int=0)),
     "ü", "a" * 3000, "a.b", ".json", "%2F", "%00", "%ff", "..", "\u202e", "🔥"]
) | st.text(min_size=1, max_size=20).map(lambda s: quote(s, safe=""))
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=10,
)
FIELD_NAMES = st.sampled_from(
    ["freeze", "advance", "unfreeze", "name", "path", "method", "status", "count", "latencyMs", "probability",
     "orgId", "slug", "published", "componentIds", "componentId", "version", "data", "title", "severity", "ownerId"]
)
BODIES = (
    st.none()
    | st.binary(max_size=64)
    | JSON_VALUES.map(lambda v: json.dumps(v).encode())
    | st.dictionaries(FIELD_NAMES, JSON_VALUES, max_size=4).map(lambda v: json.dumps(v).encode())
)
AUTH = st.sampled_from([None, f"Bearer {ADMIN_KEY}", f"Bearer {MEMBER_KEY}", "Bearer ü☃", "Bearer", "Basic eA=="])
QUERIES = st.lists(
    st.tuples(st.sampled_from(["limit", "cursor", "incidentId", "orgId", "status", "x"]), st.text(max_size=8)),
    max_size=4,
)


def _route_paths(app: Flask) -> list[str]:
    """Every rule of the app as a template with `{}` for each placeholder."""
    templates = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        template = "".join("{}" if is_dynamic else text for is_dynamic, text in rule._trace)
        templates.append(template.split("|", 1)[1])  # drop werkzeug's "host|" part
    return sorted(set(templates))


def _is_status_html(path: str) -> bool:
    # "/status/.json" is the HTML page of slug ".json": the JSON route needs a non-empty slug.
    return path.startswith("/status/") and not re.fullmatch(r"/status/[^/]+\.json", path)


def assert_answered(response, method: str, path: str) -> None:
    """Below 500, and an error is the contract's envelope (HTML status pages and bodiless HEAD excepted)."""
    assert response.status_code < 500, f"{method} {path}: {response.status_code} {response.get_data()[:300]!r}"
    if response.status_code < 400 or method == "HEAD" or _is_status_html(path):
        return
    body = json.loads(response.get_data())
    assert set(body) == {"statusCode", "type", "code", "requestId", "message"}, body
    assert body["statusCode"] == response.status_code and body["requestId"] == response.headers["X-Request-Id"]


@pytest.fixture
def routes(app) -> list[str]:
    """The app's route templates (see `_route_paths`)."""
    return _route_paths(app)


@FUZZ
@given(data=st.data(), method=st.sampled_from(METHODS), body=BODIES, auth=AUTH, query=QUERIES)
def test_any_request_on_any_route_is_answered(app, store, routes, data, method, body, auth, query):
    store.reset()
    store.set_clock(freeze=FROZEN_AT)
    template = data.draw(st.sampled_from(routes + ["/", "/_mock", "/v2/incidents", "/status/{}.json"]))
    path = template.format(*(data.draw(SEGMENTS) for _ in range(template.count("{}"))))
    headers = {"Content-Type": "application/json"}
    if auth is not None:
        headers["Authorization"] = auth.encode("utf-8").decode("latin-1")  # what a socket would carry
    response = app.test_client().open(path, method=method, data=body, headers=headers, query_string=query)
    assert_answered(response, method, path)


# ---- lone UTF-16 surrogates ("\ud800") ------------------------------------------------------------
SURROGATE_BODY = (
    b'{"title": "\\ud800 broken", "severity": "high", "ownerId": "user_bob", "componentIds": ["%s"]}'
    % API_COMPONENT.encode()
)


def test_a_lone_surrogate_is_invalid_json(api):
    reply = api.post("/incidents", data=SURROGATE_BODY, headers={"Content-Type": "application/json"})
    body = assert_error(reply, 400, "invalid_request_error", "invalid_json")
    assert "surrogate" in body["message"]
    assert api.get("/incidents").data["incidents"] == []


@pytest.mark.parametrize(
    ("path", "raw"),
    [("/_mock/tenants", b'{"name": "\\uDFFF"}'), ("/_mock/status-pages", b'{"orgId": "org_acme", "slug": "x", "name": "\\ud83d"}')],
)
def test_a_lone_surrogate_is_refused_by_the_control_plane(api, path, raw):
    reply = api.post(path, key=None, data=raw, headers={"Content-Type": "application/json"})
    assert_error(reply, 400, "invalid_request_error", "invalid_json")


def test_paired_surrogate_escapes_are_ordinary_text(api):
    reply = api.post("/incidents", data='{"title": "\\ud83d\\udd25 fire", "severity": "high", "ownerId": "user_bob", '
                     f'"componentIds": ["{API_COMPONENT}"]}}'.encode(), headers={"Content-Type": "application/json"})
    assert reply.status == 201 and reply.data["title"] == "🔥 fire"
    assert "🔥 fire" in api.get("/status/acme").text  # the page renders it


# ---- a failure while the response is being built --------------------------------------------------
def test_a_failure_after_the_view_is_the_server_error_envelope():
    app = create_app(seed="empty")

    @app.get("/_mock/review-unencodable")
    def _unencodable():
        return "\ud800"  # the view succeeds; turning its result into bytes fails

    reply = FlaskApiClient(app).get("/_mock/review-unencodable", key=None)
    body = assert_error(reply, 500, "internal_error", "server_error")
    assert "\ud800" not in body["message"]


# ---- state documents whose fields are null or out of range -----------------------------------------
def _leaf_paths(value, prefix=()):
    """Every (key, ..., key) path into a JSON document."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaf_paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:1]):  # the first record of each list stands for the rest
            yield from _leaf_paths(item, (*prefix, index))
    if prefix:
        yield prefix


def _with(document, path, value):
    changed = copy.deepcopy(document)
    target = changed
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return changed


def test_null_where_the_state_format_has_no_null_is_refused(store, api):
    """Every field that is not optional in the models: null is a 400, and nothing later 500s."""
    incident = api.new_incident(componentIds=[API_COMPONENT], ownerScheduleId=PRIMARY_SCHEDULE)
    dump = store.dump_state()
    for path in _leaf_paths(dump):
        document = _with(dump, path, None)
        try:
            store.load_state(document)
        except StateError:
            continue
        # Accepted: the field is optional, and every reader copes with it.
        for route in ["/incidents", "/components", "/oncall/schedules", "/escalation/policies", "/users", "/team/members",
                      f"/incidents/{incident['id']}", f"/incidents/{incident['id']}/updates"]:
            assert api.get(route).status == 200, (path, route)
        for route in ["/status/acme", "/status/acme.json", "/_mock/status-pages", "/_mock/pages"]:
            assert api.get(route, key=None).status in (200, 404), (path, route)
        store.load_state(dump)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("schedules", 0, "timezone"), "Mars/Olympus_Mons"),
        (("schedules", 0, "layers", 0, "rotation_length_days"), 0),
        (("schedules", 0, "layers", 0, "rotation_length_days"), 10**18),
        (("schedules", 0, "layers", 0, "rotation_type"), "hourly"),
        (("escalationPolicies", 0, "layers", 0, "ack_timeout_minutes"), 10**18),
        (("escalationPolicies", 0, "layers", 0, "ack_timeout_minutes"), 0),
        (("escalationPolicies", 0, "layers", 0, "target_type"), "team"),
        (("incidents", 0, "status"), "closed"),
        (("incidents", 0, "severity"), "urgent"),
        (("members", 0, "role"), "org:owner"),
        (("statusPages", 0, "overrides"), {API_COMPONENT: "on_fire"}),
    ],
    ids=lambda v: "-".join(map(str, v)) if isinstance(v, tuple) else str(v)[:20],
)
def test_state_values_the_rules_cannot_handle_are_refused(api, store, path, value):
    api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)
    before = store.dump_state()
    reply = api.post("/_mock/state", key=None, json=_with(before, path, value))
    assert_error(reply, 400, "invalid_request_error", "invalid_json")
    assert store.dump_state() == before


def test_a_body_over_the_size_limit_is_413_in_the_envelope():
    """Bodies beyond chosen.MAX_BODY_BYTES are refused before they are read (the limit is per app)."""
    from mockscaling import create_app

    from .support import FlaskApiClient

    small = FlaskApiClient(create_app(config={"MAX_CONTENT_LENGTH": 1024}))
    reply = small.post("/incidents", json={"title": "x" * 2000, "severity": "high", "ownerId": "user_bob"})
    assert_error(reply, 413, "invalid_request_error", "request_entity_too_large")
    assert small.create_incident().status == 201  # an ordinary body still fits
