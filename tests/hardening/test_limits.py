"""Issue 12 §1: one request can never take gigabytes (body limit, list and string caps, early stop)."""

from __future__ import annotations

import json

import pytest

from mockscaling import chosen, create_app

from ..support import API_COMPONENT, BOB, FlaskApiClient, assert_error


def _raw_post(api, path, raw: bytes, key=None, content_type="application/json"):
    return api.request("POST", path, data=raw, key=key, headers={"Content-Type": content_type})


def test_the_default_body_limit_is_one_mebibyte(api):
    assert chosen.MAX_BODY_BYTES == 1024 * 1024
    body = b'{"title": "' + b"x" * (chosen.MAX_BODY_BYTES + 10) + b'"}'
    reply = api.request("POST", "/incidents", data=body, headers={"Content-Type": "application/json"})
    assert_error(reply, 413, "invalid_request_error", "request_entity_too_large")


def test_the_attack_body_of_zeros_in_component_ids_is_refused_cheaply(inproc):
    """The attack sent 15 million zeros; under the body limit a list still holds ~500k of them."""
    items = (chosen.MAX_BODY_BYTES - 200) // 2
    raw = b'{"title":"t","severity":"high","ownerId":"user_bob","componentIds":[' + b",".join([b"0"] * items) + b"]}"
    assert len(raw) < chosen.MAX_BODY_BYTES
    reply = _raw_post(inproc, "/v1/incidents", raw, key="scl_live_" + "a" * 32)
    assert_error(reply, 422, "validation_error", "invalid_body")
    assert "componentIds" in reply.body["message"]


@pytest.mark.parametrize(
    "path, field, item",
    [
        ("/incidents", "componentIds", API_COMPONENT),
        ("/components", "aliases", "a"),
    ],
)
def test_lists_longer_than_their_cap_are_422_naming_the_cap(inproc, path, field, item):
    body = {"title": "t", "severity": "high", "ownerId": BOB} if path == "/incidents" else {"name": "Queue"}
    body[field] = [item] * (chosen.MAX_LIST_ITEMS + 1)
    reply = inproc.post(path, json=body)
    assert_error(reply, 422, "validation_error", "invalid_body")
    assert field in reply.body["message"] and str(chosen.MAX_LIST_ITEMS) in reply.body["message"]


def test_component_aliases_are_capped_so_no_request_stores_millions(inproc):
    reply = inproc.post("/components", json={"name": "Queue", "aliases": [f"q{i}" for i in range(chosen.MAX_ALIASES + 1)]})
    assert_error(reply, 422, "validation_error", "invalid_body")
    assert inproc.post("/components", json={"name": "Queue", "aliases": [f"q{i}" for i in range(chosen.MAX_ALIASES)]}).status == 201


def test_a_list_of_bad_items_reports_only_the_first(app):
    """marshmallow would build one error per item; the capped list stops at the first bad one."""
    from mockscaling.schemas.incidents import CreateIncidentBody
    from marshmallow import ValidationError

    with pytest.raises(ValidationError) as caught:
        CreateIncidentBody().load({"title": "t", "severity": "high", "componentIds": [0] * 50})
    assert list(caught.value.messages["componentIds"]) == [0]


def test_any_list_in_any_body_is_capped_even_without_a_schema_cap(inproc):
    """The generic shape check runs before any schema: unknown fields of huge size cost nothing."""
    raw = json.dumps({"name": "Queue", "zzz": [0] * (chosen.MAX_LIST_ITEMS + 1)})
    reply = inproc.request("POST", "/components", data=raw, headers={"Content-Type": "application/json"})
    assert_error(reply, 422, "validation_error", "invalid_body")


def test_objects_with_too_many_members_are_refused_before_the_schema(inproc):
    body = {"name": "Queue", **{f"k{i}": 0 for i in range(chosen.MAX_OBJECT_MEMBERS + 1)}}
    reply = inproc.post("/components", json=body)
    assert_error(reply, 422, "validation_error", "invalid_body")
    assert "members" in reply.body["message"]


def test_strings_longer_than_any_field_allows_are_refused_before_the_schema(inproc):
    reply = inproc.post("/components", json={"name": "Queue", "zzz": "x" * (chosen.MAX_STRING_CHARS + 1)})
    assert_error(reply, 422, "validation_error", "invalid_body")
    assert str(chosen.MAX_STRING_CHARS) in reply.body["message"]


def test_deeply_nested_bodies_are_refused(inproc):
    nested: object = 0
    for _ in range(chosen.MAX_JSON_DEPTH + 1):
        nested = [nested]
    body = {"name": "Queue", "zzz": nested}
    reply = inproc.post("/components", json=body)
    assert_error(reply, 422, "validation_error", "invalid_body")
    assert "deep" in reply.body["message"]


def test_the_keyless_status_page_endpoint_refuses_the_attack_body(inproc):
    raw = b'{"orgId":"org_acme","slug":"x","name":"x","componentIds":[' + b",".join([b"0"] * 100_000) + b"]}"
    reply = _raw_post(inproc, "/_mock/status-pages", raw)
    assert_error(reply, 422, "validation_error", "invalid_body")


def test_state_loads_get_their_own_larger_limit():
    """A state dump of a busy fake is bigger than any API body, so /_mock/state has its own limit."""
    assert chosen.MAX_STATE_BODY_BYTES > chosen.MAX_BODY_BYTES
    app = create_app(config={"MAX_CONTENT_LENGTH": 2048, "MOCKSCALING_MAX_STATE_BYTES": 1_000_000})
    client = FlaskApiClient(app)
    state = client.get("/_mock/state", key=None).data
    assert len(json.dumps(state)) > 2048
    assert client.post("/_mock/state", key=None, json=state).status == 200
    reply = client.post("/components", json={"name": "x" * 3000})
    assert_error(reply, 413, "invalid_request_error", "request_entity_too_large")


def test_the_state_limit_is_enforced_too():
    app = create_app(config={"MOCKSCALING_MAX_STATE_BYTES": 2048})
    client = FlaskApiClient(app)
    state = client.get("/_mock/state", key=None).data
    reply = client.post("/_mock/state", key=None, json=state)
    assert_error(reply, 413, "invalid_request_error", "request_entity_too_large")
