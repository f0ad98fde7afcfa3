"""The OpenAPI document: valid 3.1, driven by the app's routes, accurate about envelopes, errors and security."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from openapi_spec_validator import validate

from mockscaling import create_app
from mockscaling.tools.cli import main
from mockscaling.schemas.incidents import ListIncidentsQuery
from mockscaling.web.openapi import build_spec
from mockscaling.web.spec import declared_schema, doc_of

from .support import API_COMPONENT, BOB

SPEC_APP = create_app()
SPEC = build_spec(SPEC_APP)


def _v1_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("v1.")]


def _validator_for(path: str, method: str, status: str) -> jsonschema.Draft202012Validator:
    """A JSON Schema validator for one response body, resolving $refs inside the OpenAPI document."""
    schema = SPEC["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
    root = {**schema, "components": SPEC["components"]}
    return jsonschema.Draft202012Validator(root, format_checker=jsonschema.FormatChecker())


def test_the_document_is_valid_openapi_3_1():
    assert SPEC["openapi"] == "3.1.0"
    validate(SPEC)


def test_served_at_openapi_json_without_a_key(app):
    response = app.test_client().get("/openapi.json")
    assert response.status_code == 200 and response.is_json
    assert response.get_json() == json.loads(json.dumps(SPEC))


def test_every_v1_route_is_documented():
    undocumented = sorted(
        f"{rule.endpoint} {'/'.join(sorted(rule.methods - {'HEAD', 'OPTIONS'}))} {rule.rule}"
        for rule in _v1_rules(SPEC_APP)
        if doc_of(SPEC_APP.view_functions[rule.endpoint]) is None
    )
    assert undocumented == [], f"add @documented(...) to the views of {undocumented}"
    assert not [op for item in SPEC["paths"].values() for op in item.values() if op.get("x-undocumented")]


def test_every_v1_route_and_method_is_in_the_document():
    expected = {
        (method.lower(), rule.rule.count("<"), rule.rule.split("<")[0])
        for rule in _v1_rules(SPEC_APP)
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    listed = {(method, path.count("{"), path.split("{")[0]) for path, item in SPEC["paths"].items() for method in item}
    assert listed == expected
    assert len(expected) >= 15


def test_an_undocumented_route_still_appears_with_a_generic_answer():
    app = create_app()
    app.add_url_rule("/v1/extra/<thing_id>", "v1.extra", lambda thing_id: "", methods=["GET"])
    operation = build_spec(app)["paths"]["/v1/extra/{thingId}"]["get"]
    assert operation["x-undocumented"] is True
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {}
    assert operation["parameters"][0]["name"] == "thingId"


def test_alias_and_control_plane_are_left_out_and_v1_needs_the_bearer_key():
    assert all(path.startswith("/v1/") for path in SPEC["paths"])
    scheme = SPEC["components"]["securitySchemes"]["bearerAuth"]
    assert {key: value for key, value in scheme.items() if not key.startswith("x-scaling-")} == {
        "type": "http", "scheme": "bearer", "description": scheme["description"],
    }
    for item in SPEC["paths"].values():
        for operation in item.values():
            assert operation["security"] == [{"bearerAuth": []}]
            assert "401" in operation["responses"]


def test_every_error_status_uses_the_error_envelope():
    error = SPEC["components"]["schemas"]["Error"]
    assert sorted(error["required"]) == ["code", "message", "requestId", "statusCode", "type"]
    assert error["additionalProperties"] is False
    assert error["properties"]["requestId"]["format"] == "uuid"
    for item in SPEC["paths"].values():
        for operation in item.values():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert response["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}


def test_declared_business_errors_are_listed_with_their_codes():
    create = SPEC["paths"]["/v1/incidents"]["post"]["responses"]
    assert "`owner_required`" in create["400"]["description"] and "`invalid_json`" in create["400"]["description"]
    assert "`invalid_body`" in create["422"]["description"]
    redact = SPEC["paths"]["/v1/incidents/{incidentId}/updates/{updateId}/redact"]["post"]["responses"]
    assert "`redaction_not_permitted`" in redact["403"]["description"]
    # 409: in_use while an inbound integration resolves its alerts to the component (contract §6.2).
    assert set(SPEC["paths"]["/v1/components/{componentId}"]["delete"]["responses"]) == {"204", "401", "404", "409", "422"}


def test_query_parameters_never_allow_null():
    parameters = SPEC["paths"]["/v1/incidents"]["get"]["parameters"]
    assert {p["name"] for p in parameters} == {"limit", "cursor", "status", "severity", "from", "to"}
    for parameter in parameters:
        assert "null" not in json.dumps(parameter["schema"])


def test_response_schemas_match_what_the_presenters_produce(inproc):
    incident = inproc.new_incident(ownerId=BOB, componentIds=[API_COMPONENT], description=None)
    update = inproc.post(f"/incidents/{incident['id']}/updates", json={"visibility": "public", "body": "We are on it"}).data
    redacted = inproc.post(f"/incidents/{incident['id']}/updates/{update['id']}/redact").data
    inproc.post(f"/incidents/{incident['id']}/acknowledge")
    for status in ("identified", "monitoring"):
        inproc.move(incident["id"], status)
    resolved = inproc.move(incident["id"], "resolved", resolutionNote="Rolled back").body
    detail = inproc.get(f"/incidents/{incident['id']}").body
    listing = inproc.get("/incidents", params={"limit": 1}).body
    updates = inproc.get(f"/incidents/{incident['id']}/updates").body
    components = inproc.get("/components").body

    checks = [
        ("/v1/incidents/{incidentId}/status", "patch", "200", resolved),
        ("/v1/incidents/{incidentId}", "get", "200", detail),
        ("/v1/incidents", "get", "200", listing),
        ("/v1/incidents/{incidentId}/updates", "get", "200", updates),
        ("/v1/incidents/{incidentId}/updates/{updateId}/redact", "post", "200", {"data": redacted}),
        ("/v1/components", "get", "200", components),
    ]
    for path, method, status, body in checks:
        _validator_for(path, method, status).validate(body)
    assert detail["data"]["acknowledgedAt"] and detail["data"]["statusHistory"][-1]["resolutionNote"] == "Rolled back"


def test_a_drifted_presenter_would_be_caught(inproc):
    body = inproc.new_incident()
    validator = _validator_for("/v1/incidents", "post", "201")
    validator.validate({"data": body})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"data": {**body, "extra": 1}})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"data": {key: value for key, value in body.items() if key != "ownerId"}})
    with pytest.raises(jsonschema.ValidationError):
        validator.validate({"data": {**body, "createdAt": "2026-04-07T10:00:00Z"}})  # no milliseconds
    with pytest.raises(jsonschema.ValidationError):
        validator.validate(body)  # no envelope


def test_a_documented_view_validates_with_the_schema_it_declares():
    with SPEC_APP.test_request_context("/v1/incidents", method="POST"):
        assert declared_schema("body") is SPEC_APP.view_functions["v1.create_incident"].__globals__["CREATE_INCIDENT"]
        assert declared_schema("query") is None  # create_incident declares no query
    with SPEC_APP.test_request_context("/v1/incidents", method="GET"):
        assert isinstance(declared_schema("query"), ListIncidentsQuery)
    with SPEC_APP.test_request_context("/_mock/clock", method="POST"):
        assert declared_schema("body") is None  # the control plane is undocumented and passes its schema


@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_cli_prints_the_document(fmt):
    result = CliRunner().invoke(main, ["openapi", "--format", fmt])
    assert result.exit_code == 0, result.output
    document = json.loads(result.output) if fmt == "json" else yaml.safe_load(result.output)
    validate(document)
    assert document == json.loads(json.dumps(SPEC))
