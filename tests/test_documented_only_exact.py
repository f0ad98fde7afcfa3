"""Documented-only mode is exactly the docs: its OpenAPI document, refused chosen request fields, 404 for an
operation with nothing documented to answer, and the docs' own examples (fixtures/docs/) in that mode."""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner

from mockscaling import create_app, get_store
from mockscaling.chosen.provenance import EXTENSION
from mockscaling.schemas.oncall import ResolveQuery
from mockscaling.tools.cli import main
from mockscaling.web.documented_only import NOTHING_DOCUMENTED, REQUEST_NOT_DOCUMENTED, refuse_chosen_fields
from mockscaling.web.openapi import build_spec

from .conftest import FROZEN_AT
from .docs_examples import World, key_paths, load_fixtures, operation_schema, schema_findings, substitute, topmost
from .support import ADMIN_KEY, DEFAULT_POLICY, MEMBER_KEY, PRIMARY_SCHEDULE, FlaskApiClient, assert_error

FIXTURES = dict(load_fixtures())
KEYS = {"api-incidents-updates-redact-forbidden": MEMBER_KEY}
# The one example the mode refuses on purpose: resolve's answer has no field the docs name (so 404, not {}).
REFUSED_IN_MODE = {"guide-oncall-resolve": NOTHING_DOCUMENTED}


@pytest.fixture(scope="module")
def documented_app():
    return create_app(documented_only=True)


@pytest.fixture
def documented(documented_app) -> FlaskApiClient:
    """The documented-only fake, reset to the seed with the clock frozen (as the suite's `app` fixture)."""
    store = get_store(documented_app)
    store.reset()
    store.set_clock(freeze=FROZEN_AT)
    return FlaskApiClient(documented_app)


@pytest.fixture(scope="module")
def specs(session_app, documented_app) -> tuple[dict[str, Any], dict[str, Any]]:
    return build_spec(session_app), build_spec(documented_app)


def _operations(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{method.upper()} {path}": operation for path, ops in spec["paths"].items() for method, operation in ops.items()}


def test_the_spec_of_the_mode_is_its_own(specs, documented_app):
    full, documented = specs
    assert full != documented
    served = FlaskApiClient(documented_app).request("GET", "/openapi.json", key=None)
    served_body = served.body
    assert served.status == 200 and served_body["paths"].keys() == documented["paths"].keys()
    cli = CliRunner().invoke(main, ["openapi", "--documented-only"])
    assert cli.exit_code == 0 and '"/v1/incidents/{incidentId}/handoff"' not in cli.output


def test_every_chosen_operation_and_field_is_absent(specs):
    full, documented = specs
    chosen_operations = {name for name, operation in _operations(full).items() if operation[EXTENSION] == "chosen"}
    assert {"POST /v1/incidents/{incidentId}/handoff", "PUT /v1/oncall/schedules/{scheduleId}/layers/order"} <= chosen_operations
    left = _operations(documented)
    assert not chosen_operations & set(left)
    assert "GET /v1/oncall/schedules/{scheduleId}/resolve" not in left  # nothing documented to answer
    for name, schema in documented["components"]["schemas"].items():
        for prop, body in schema.get("properties", {}).items():
            assert body[EXTENSION] != "chosen", f"{name}.{prop}"
        assert set(schema.get("required", [])) <= set(schema.get("properties", {})), name
    for name, operation in left.items():
        assert all(item[EXTENSION] != "chosen" for item in operation.get("parameters", [])), name
    assert {"Event", "Resolution", "LayerOnCall", "HandoffBody"}.isdisjoint(documented["components"]["schemas"])
    assert "events" not in documented["components"]["schemas"]["IncidentDetail"]["properties"]


def _chosen_request_fields(full: dict[str, Any], documented: dict[str, Any]) -> list[tuple[str, str]]:
    """(operation, field) for every chosen property of the body schema of an operation the mode serves."""
    found = []
    for name, operation in _operations(documented).items():
        ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
        if ref:
            properties = full["components"]["schemas"][ref.rsplit("/", 1)[1]]["properties"]
            found += [(name, prop) for prop, body in properties.items() if body[EXTENSION] == "chosen"]
    return found


def _needing_chosen_fields(full: dict[str, Any]) -> list[str]:
    """The operations (not chosen themselves) whose body schema requires a chosen property."""
    found = []
    for name, operation in _operations(full).items():
        ref = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {}).get("$ref")
        if operation[EXTENSION] == "chosen" or not ref:
            continue
        schema = full["components"]["schemas"][ref.rsplit("/", 1)[1]]
        if any(schema["properties"][prop][EXTENSION] == "chosen" for prop in schema.get("required", [])):
            found.append(name)
    return found


def test_every_chosen_request_field_is_refused(specs, documented):
    full, documented_spec = specs
    for name, prop in _chosen_request_fields(full, documented_spec):  # optional chosen fields of served operations
        method, path = name.split(" ", 1)
        reply = documented.request(method, path.removeprefix("/v1").replace("{policyId}", DEFAULT_POLICY), json={prop: "x"})
        body = assert_error(reply, 422, "validation_error", "invalid_body")
        assert body["message"].startswith(f"{prop}: not in Scaling's documentation"), body


def test_an_operation_whose_request_needs_a_chosen_field_is_not_served(specs, documented, documented_app):
    """The docs name both layer reorders but not their body (`layerIds` is chosen): no request built from the
    docs alone can succeed, so the mode answers 404 (whatever the body) and its document leaves them out."""
    full, documented_spec = specs
    needing = _needing_chosen_fields(full)
    assert {"PUT /v1/escalation/policies/{policyId}/layers/order", "PUT /v1/oncall/schedules/{scheduleId}/layers/order"} <= set(needing) | {
        name for name, operation in _operations(full).items() if operation[EXTENSION] == "chosen"}
    assert "PUT /v1/escalation/policies/{policyId}/layers/order" in needing
    assert not set(needing) & set(_operations(documented_spec))
    full_app = create_app()  # the same seed, so the same layer ids (the mode leaves `layers` out of its answers)
    layers = FlaskApiClient(full_app).get(f"/escalation/policies/{DEFAULT_POLICY}").data["layers"]
    order = [layer["id"] for layer in reversed(layers)]
    before = get_store(documented_app).dump_state()
    for name in needing:
        method, path = name.split(" ", 1)
        path = path.removeprefix("/v1").replace("{policyId}", DEFAULT_POLICY).replace("{scheduleId}", PRIMARY_SCHEDULE)
        for body in ({}, {"layerIds": order}):
            reply = documented.request(method, path, json=body)
            assert assert_error(reply, 404, "invalid_request_error", "not_found")["message"] == REQUEST_NOT_DOCUMENTED
    # Nothing changed, and the full fake accepts the same request.
    assert get_store(documented_app).dump_state() == before
    assert FlaskApiClient(full_app).put(f"/escalation/policies/{DEFAULT_POLICY}/layers/order", json={"layerIds": order}).status == 200


def test_a_chosen_query_parameter_is_refused(documented_app, session_app):
    with documented_app.test_request_context("/v1/x?at=2026-01-01T00:00:00Z"):
        with pytest.raises(Exception) as refused:
            refuse_chosen_fields(ResolveQuery(), {"at": "2026-01-01T00:00:00Z"}, "invalid_query")
        assert getattr(refused.value, "code", None) == "invalid_query" and "at: not in Scaling's documentation" in str(refused.value)
    with session_app.test_request_context("/v1/x"):  # the full fake: nothing refused
        refuse_chosen_fields(ResolveQuery(), {"at": "2026-01-01T00:00:00Z"}, "invalid_query")


def test_resolve_answers_404_with_the_documented_only_message(documented):
    reply = documented.get(f"/oncall/schedules/{PRIMARY_SCHEDULE}/resolve")
    body = assert_error(reply, 404, "invalid_request_error", "not_found")
    assert body["message"] == NOTHING_DOCUMENTED


def test_documented_answers_keep_only_documented_fields(documented, specs):
    _, documented_spec = specs
    detail = documented.get(f"/escalation/policies/{DEFAULT_POLICY}").data
    assert "layers" not in detail and set(detail) <= set(documented_spec["components"]["schemas"]["PolicyDetail"]["properties"])


def _send(api, world: World, name: str, document: dict[str, Any]):
    request = document["request"]
    body = substitute(request.get("body")) if "body" in request else None
    if document.get("bodyField"):
        body = {"position": 1, "ackTimeoutMinutes": 5, document["bodyField"]: body}
    refused = document.get("deviations", {}).get("refusedBecause")
    if refused and "response" in document:
        body = {**body, **refused["acceptedWith"]}
    kwargs: dict[str, Any] = {"params": request.get("query"), "key": KEYS.get(name, ADMIN_KEY)}
    if body is not None:
        kwargs["json"] = body
    return api.request(request["method"], world.path(request["path"]), **kwargs)


@pytest.mark.parametrize("name", sorted(name for name, document in FIXTURES.items() if "request" in document))
def test_the_docs_examples_in_documented_only_mode(documented, specs, name):
    """Accepted (or refused for the documented reason) as in the full fake, and answered with the example's
    keys plus only the declared differences that are not chosen fields."""
    _, documented_spec = specs
    document = FIXTURES[name]
    reply = _send(documented, World(documented), name, document)
    if name in REFUSED_IN_MODE:
        assert assert_error(reply, 404, "invalid_request_error", "not_found")["message"] == REFUSED_IN_MODE[name]
        return
    if "errorTableRow" in document:
        assert_error(reply, document["errorTableRow"]["status"], reply.body.get("type", ""), document["errorTableRow"]["code"])
        return
    if "response" not in document:
        if document.get("deviations", {}).get("refusedBecause"):
            return
        assert 200 <= reply.status < 300, f"{name}: {reply.status} {reply.text[:300]}"
        return
    example = document["response"]
    assert reply.status == example["status"], reply.text
    schema = operation_schema(documented_spec, document["request"]["method"], document["request"]["path"], example["status"])
    findings = schema_findings(schema, example["body"])
    declared = document.get("deviations", {})
    assert findings["onlyInFake"] <= set(declared.get("onlyInFake", []))  # the mode adds no difference
    assert sorted(topmost(key_paths(reply.body) - key_paths(example["body"]))) == sorted(findings["onlyInFake"]), name
