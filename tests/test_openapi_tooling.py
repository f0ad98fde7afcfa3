"""The OpenAPI document as API tools read it: servers, tags, descriptions, valid examples, links, a clean lint.

`test_spectral_oas_ruleset_reports_nothing` runs Spectral itself when it is installed (CI installs it, see
.ci/run). The Python checks below cover the same `spectral:oas` rules for runs without it:
info-contact, info-description, oas3-api-servers, operation-description, operation-operationId,
operation-operationId-unique, operation-tags, operation-tag-defined, openapi-tags / tag-description,
oas3-valid-schema-example, oas3-valid-media-example, path-params and the links' operationId references.
"""

from __future__ import annotations

import json
import re
import subprocess

import jsonschema
import pytest

from mockscaling import create_app
from mockscaling.web.openapi import build_spec
from mockscaling.web.openapi_examples import ExampleMaker, uuid_for
from mockscaling.web.openapi_links import add_links

from .support import node_tool

SPEC = build_spec(create_app())
OPERATIONS = [(path, method, op) for path, item in SPEC["paths"].items() for method, op in item.items()]


def _validator(schema: dict) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({**schema, "components": SPEC["components"]},
                                           format_checker=jsonschema.FormatChecker())


def test_servers_name_scaling_and_the_local_fake():
    assert [server["url"] for server in SPEC["servers"]] == ["https://api.scaling.cloud", "http://127.0.0.1:5050"]
    assert all(server["description"] for server in SPEC["servers"])
    assert SPEC["info"]["description"] and SPEC["info"]["contact"]
    assert list(SPEC)[:4] == ["openapi", "info", "servers", "tags"]


def test_every_tag_is_defined_with_a_description_and_every_operation_is_described():
    defined = {tag["name"]: tag["description"] for tag in SPEC["tags"]}
    assert all(defined.values())
    ids = [op["operationId"] for _, _, op in OPERATIONS]
    assert len(ids) == len(set(ids))
    for path, method, operation in OPERATIONS:
        assert operation["tags"] and set(operation["tags"]) <= set(defined), (method, path)
        assert operation["description"].startswith(operation["summary"].rstrip(".")), (method, path)
        assert len(operation["description"]) > len(operation["summary"]) + 10, (method, path)
        placeholders = re.findall(r"{([^}]+)}", path)
        declared = [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]
        assert sorted(placeholders) == sorted(declared), (method, path)


def test_every_component_schema_has_an_example_that_satisfies_it():
    for name, schema in SPEC["components"]["schemas"].items():
        assert "example" in schema, name
        without = {key: value for key, value in schema.items() if key != "example"}
        errors = [error.message for error in _validator(without).iter_errors(schema["example"])]
        assert errors == [], f"{name}: {errors}"


def test_every_parameter_and_json_response_has_a_valid_example():
    for path, method, operation in OPERATIONS:
        for parameter in operation.get("parameters", []):
            _validator(parameter["schema"]).validate(parameter["example"])
        for status, response in operation["responses"].items():
            media = response.get("content", {}).get("application/json")
            if media is None:
                continue
            _validator(media["schema"]).validate(media["example"])
            if int(status) >= 400:
                assert media["example"]["statusCode"] == int(status), (method, path, status)


def test_examples_keep_the_wire_formats_tools_used_to_break():
    incident = SPEC["components"]["schemas"]["IncidentDetail"]["example"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", incident["createdAt"])
    assert incident["statusHistory"][0]["id"].startswith("sh_")
    assert incident["id"][14] == "7"  # a version-7 UUID, like the fake's own ids
    assert SPEC["components"]["schemas"]["Invitation"]["example"]["id"].startswith("orginv_")
    assert uuid_for("incidentId") != uuid_for("componentId")


def test_an_example_that_broke_its_pattern_would_be_caught():
    schema = {"type": "object", "properties": {"id": {"type": "string", "pattern": "^sh_", "readOnly": True}}}
    assert ExampleMaker({"components": {"schemas": {"X": schema}}}).for_component("X") == {"id": "sh_01HX4K3M5N6P7Q8R9S0T1V2W3X"}
    with pytest.raises(jsonschema.ValidationError):
        _validator(schema).validate({"id": "string"})


def test_links_walk_the_incident_lifecycle_from_create():
    links = SPEC["paths"]["/v1/incidents"]["post"]["responses"]["201"]["links"]
    assert {"get_incident", "update_incident_status", "create_update", "list_updates", "acknowledge_incident",
            "handoff_incident", "set_incident_components"} <= set(links)
    assert links["get_incident"] == {"operationId": "get_incident", "parameters": {"incidentId": "$response.body#/data/id"}}
    status = SPEC["paths"]["/v1/incidents/{incidentId}/status"]["patch"]["responses"]["200"]["links"]
    assert "update_incident_status" in status  # a status move leads to the next one
    redact = SPEC["paths"]["/v1/incidents/{incidentId}/updates"]["post"]["responses"]["201"]["links"]["redact_update"]
    assert redact["parameters"] == {"incidentId": "$response.body#/data/incidentId", "updateId": "$response.body#/data/id"}
    layer = SPEC["paths"]["/v1/oncall/schedules/{scheduleId}/layers"]["post"]["responses"]["201"]["links"]
    assert layer["delete_rotation_layer"]["parameters"] == {"layerId": "$response.body#/data/id",
                                                            "scheduleId": "$response.body#/data/scheduleId"}


def test_every_link_names_a_real_operation_and_fills_all_its_path_parameters():
    by_id = {op["operationId"]: path for path, _, op in OPERATIONS}
    count = 0
    for _, _, operation in OPERATIONS:
        for response in operation["responses"].values():
            for link in response.get("links", {}).values():
                target = by_id[link["operationId"]]
                assert set(link["parameters"]) == set(re.findall(r"{([^}]+)}", target))
                count += 1
    assert count >= 60


def test_links_are_derived_not_listed():
    document = {"components": {"schemas": {"Thing": {"type": "object", "properties": {"id": {"type": "string"}}}}},
                "paths": {
                    "/v1/things": {"post": {"operationId": "create", "responses": {"201": _answer("Thing")}}},
                    "/v1/things/{thingId}": {"get": {"operationId": "get", "responses": {"200": _answer("Thing")}}},
                    "/v1/things/{thingId}/poke": {"post": {"operationId": "poke", "responses": {"204": {}}}},
                }}
    assert add_links(document) == 4  # create -> get, poke; get -> get, poke
    assert document["paths"]["/v1/things"]["post"]["responses"]["201"]["links"]["poke"]["parameters"] == {
        "thingId": "$response.body#/data/id"}


def _answer(name: str) -> dict:
    schema = {"type": "object", "properties": {"data": {"$ref": f"#/components/schemas/{name}"}}}
    return {"content": {"application/json": {"schema": schema}}}


def _spectral() -> str | None:
    """The spectral executable: $MOCKSCALING_SPECTRAL, then PATH, then the copy .ci/run installs."""
    return node_tool("MOCKSCALING_SPECTRAL", "spectral")


def test_spectral_oas_ruleset_reports_nothing(tmp_path):
    spectral = _spectral()
    if spectral is None:
        pytest.skip("spectral is not installed (npm install @stoplight/spectral-cli, or run .ci/run); "
                    "the Python checks in this module cover the same rules")
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(SPEC))
    ruleset = tmp_path / ".spectral.yaml"
    ruleset.write_text('extends: ["spectral:oas"]\n')
    result = subprocess.run([spectral, "lint", str(document), "--ruleset", str(ruleset), "--format", "json", "--quiet"],
                            capture_output=True, text=True, timeout=120, check=False)
    findings = json.loads(result.stdout or "[]")
    assert findings == [], "\n".join(f"{f['code']}: {f['message']} at {'.'.join(map(str, f['path']))}" for f in findings)
