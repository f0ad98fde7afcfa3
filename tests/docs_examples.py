"""Helpers of tests/test_docs_examples.py: load fixtures/docs/, build the equivalent request, compare shapes."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import jsonschema

from .support import ADA, API_COMPONENT, BOB, DEFAULT_POLICY, PRIMARY_SCHEDULE, ApiClient

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "docs"
MISSING = "00000000-0000-4000-8000-000000000000"
# The docs' example ids and placeholders, and what stands for them in the seeded fake. Body and path ids are
# kept apart because the docs reuse one example UUID for an incident (paths) and a schedule (a layer target).
BODY_IDS = {
    "f47ac10b-58cc-4372-a567-0e02b2c3d479": PRIMARY_SCHEDULE,  # ownerScheduleId in the incident examples
    "6ba7b810-9dad-11d1-80b4-00c04fd430c8": API_COMPONENT,  # "Payments API"
    "a1b2c3d4-e5f6-7890-abcd-ef1234567890": PRIMARY_SCHEDULE,  # scheduleId of the layer-target example
    "user_aaa111": ADA,
    "user_bbb222": BOB,
}


def load_fixtures() -> list[tuple[str, dict[str, Any]]]:
    """(name, document) of every example in fixtures/docs/*.json, sorted by name (quotes.json holds the
    sentences the provenance evidence quotes, not an example)."""
    return [(path.stem, json.loads(path.read_text("utf-8"))) for path in sorted(FIXTURES.glob("*.json"))
            if path.name != "quotes.json"]


class World:
    """The records the docs' placeholders stand for, made through the API (admin key)."""

    def __init__(self, api: ApiClient) -> None:
        incident = api.new_incident(severity="critical", componentIds=[API_COMPONENT], ownerId=BOB)
        update = api.post(f"/incidents/{incident['id']}/updates", json={"visibility": "public", "body": "Looking."})
        assert update.status == 201, update.text
        resolved = api.new_incident()
        for status in ("identified", "monitoring", "resolved"):
            assert api.move(resolved["id"], status).status == 200
        invitation = api.post("/team/members/invite", json={"emailAddress": "dee@acme.test"})
        assert invitation.status == 201, invitation.text
        self.paths = {
            "YOUR_INCIDENT_ID": incident["id"], "{incidentId}": incident["id"], "YOUR_UPDATE_ID": update.data["id"],
            "{someoneElsesUpdateId}": update.data["id"], "{resolvedIncidentId}": resolved["id"],
            "{unknownIncidentId}": MISSING, "{scheduleId}": PRIMARY_SCHEDULE, "{policyId}": DEFAULT_POLICY,
            "{invitationId}": invitation.data["id"],
        }

    def path(self, path: str) -> str:
        for placeholder, value in self.paths.items():
            path = path.replace(placeholder, value)
        return path


def substitute(value: Any) -> Any:
    """`value` with the docs' example ids replaced by the seeded ones (BODY_IDS)."""
    if isinstance(value, dict):
        return {key: substitute(item) for key, item in value.items()}
    if isinstance(value, list):
        return [substitute(item) for item in value]
    return BODY_IDS.get(value, value) if isinstance(value, str) else value


def key_paths(value: Any, prefix: str = "") -> set[str]:
    """Every key path of a JSON value: `data.incidents[].id` style."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found.add(path)
            found |= key_paths(item, path)
    elif isinstance(value, list):
        for item in value:
            found |= key_paths(item, prefix + "[]")
    return found


def topmost(paths: Iterable[str]) -> set[str]:
    """The paths of a difference whose parent is not itself in the difference (the rest follow from them)."""
    paths = set(paths)

    def parent(path: str) -> str:
        head = path.rsplit(".", 1)[0] if "." in path else ""
        return head[:-2] if head.endswith("[]") else head

    return {path for path in paths if parent(path) not in paths}


def _instance_path(parts: Iterable[Any]) -> str:
    text = ""
    for part in parts:
        if isinstance(part, int):
            text += "[]"
        else:
            text = f"{text}.{part}" if text else str(part)
    return text


def operation_schema(document: dict[str, Any], method: str, path: str, status: int) -> dict[str, Any]:
    """The fake's own JSON Schema of the `status` answer of `method path` (a concrete /v1 path)."""
    for template, operations in document["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            content = operations[method.lower()]["responses"][str(status)]["content"]["application/json"]
            return {**content["schema"], "components": document["components"]}
    raise AssertionError(f"the fake's OpenAPI document has no {method} {path}")


def schema_findings(schema: dict[str, Any], body: Any) -> dict[str, set[str]]:
    """How `body` departs from `schema`: keys it lacks, keys it adds, values the schema refuses (by path)."""
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    findings: dict[str, set[str]] = {"onlyInFake": set(), "onlyInExample": set(), "values": set()}
    for error in validator.iter_errors(body):
        at = _instance_path(error.absolute_path)
        join = (lambda key: f"{at}.{key}" if at else key)
        if error.validator == "required":
            findings["onlyInFake"].add(join(error.message.split("'")[1]))
        elif error.validator == "additionalProperties":
            extra = set(error.instance) - set(error.schema.get("properties", {}))
            findings["onlyInExample"] |= {join(key) for key in extra}
        else:
            findings["values"].add(at)
    return findings
