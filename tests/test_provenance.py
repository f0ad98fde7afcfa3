"""Provenance (contract §6.1.9): every operation, response field and error code says docs, client or chosen."""

from __future__ import annotations

import pytest

from mockscaling.domain import errors
from mockscaling.chosen.provenance import EXTENSION, SOURCES, field_source, strip_chosen
from mockscaling.schemas.responses import IncidentDetailOut, IncidentOut
from mockscaling.web.openapi import build_spec


@pytest.fixture(scope="module")
def spec(session_app):
    return build_spec(session_app)


def _operations(spec):
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            yield f"{method.upper()} {path}", operation


def test_every_operation_has_a_source(spec):
    missing = [name for name, operation in _operations(spec) if operation.get(EXTENSION) not in SOURCES]
    assert not missing, f"operations without x-scaling-source (add source= to @documented): {missing}"


def _response_schema_classes():
    from mockscaling.schemas.responses import ResponseSchema

    pending, found = list(ResponseSchema.__subclasses__()), []
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending.extend(cls.__subclasses__())
    return found


def test_every_response_property_has_a_source(spec):
    schemas = spec["components"]["schemas"]
    checked = [cls.__name__.removesuffix("Out") for cls in _response_schema_classes() if cls.__name__.removesuffix("Out") in schemas]
    assert len(checked) >= 25  # guards the discovery: every response schema of the document is looked at
    missing = [
        f"{name}.{prop}" for name in checked for prop, body in schemas[name].get("properties", {}).items()
        if body.get(EXTENSION) not in SOURCES
    ]
    assert not missing, f"response properties without x-scaling-source (set SOURCE / FIELD_SOURCES): {missing}"


def test_every_error_code_has_a_source(spec):
    for name, operation in _operations(spec):
        for status, response in operation["responses"].items():
            if not status.startswith(("4", "5")):
                continue
            listed = response["x-scaling-errors"]
            assert all(item[EXTENSION] in SOURCES for item in listed), (name, status, listed)
    for cls in errors.all_error_classes():
        assert getattr(cls, "source", None) in SOURCES, f"{cls.__name__} has no source"


@pytest.mark.parametrize(("path", "method", "source"), [
    ("/v1/incidents", "post", "docs"),
    ("/v1/incidents/{incidentId}/handoff", "post", "chosen"),
    ("/v1/oncall/schedules/{scheduleId}/layers/order", "put", "chosen"),
    ("/v1/components", "get", "client"),
    ("/v1/users", "get", "client"),
])
def test_known_operation_sources(spec, path, method, source):
    assert spec["paths"][path][method][EXTENSION] == source


def test_known_field_and_code_sources(spec):
    incident = spec["components"]["schemas"]["Incident"]["properties"]
    assert (incident["title"][EXTENSION], incident["sequentialId"][EXTENSION], incident["acknowledgedAt"][EXTENSION]) == (
        "docs", "chosen", "chosen")
    assert spec["components"]["schemas"]["Error"]["properties"]["message"][EXTENSION] == "client"
    codes = {item["code"]: item[EXTENSION] for item in spec["paths"]["/v1/incidents"]["post"]["responses"]["400"]["x-scaling-errors"]}
    assert codes["owner_required"] == "chosen" and codes["invalid_component_id"] == "docs"
    unauthorized = spec["paths"]["/v1/incidents"]["get"]["responses"]["401"]["x-scaling-errors"]
    assert {item["code"]: item[EXTENSION] for item in unauthorized} == {
        "missing_authorization_header": "chosen", "invalid_api_key": "chosen"}  # chosen.py "401 codes"


def test_field_source_inherits_and_overrides():
    assert field_source(IncidentDetailOut, "title") == "docs"
    assert field_source(IncidentDetailOut, "sequentialId") == "chosen"  # inherited override
    assert field_source(IncidentDetailOut, "events") == "chosen"
    assert field_source(IncidentOut, "events") == "docs"  # not a field of IncidentOut: the class default


def test_strip_chosen_walks_nested_schemas():
    payload = {"id": "x", "title": "t", "sequentialId": 1, "statusHistory": [{"id": "sh_1", "status": "investigating"}],
               "events": [{"id": "e"}], "acknowledgedAt": None}
    assert strip_chosen(payload, IncidentDetailOut) == {"id": "x", "title": "t", "statusHistory": payload["statusHistory"]}
    assert strip_chosen([payload], IncidentOut, many=True) == [{"id": "x", "title": "t", "statusHistory": payload["statusHistory"],
                                                                 "events": [{"id": "e"}]}]
