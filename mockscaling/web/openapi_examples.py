"""Examples for the OpenAPI document: one per schema, parameter and response, each valid against its own schema.

Mock servers (Prism) and documentation tools show or serve these examples; without them they invent values
such as `"string"` for an `sh_` id or a timestamp without milliseconds, which break the document's own
patterns. Values are chosen by field name first (so an incident example reads like an incident), then by
format or pattern, then by type; `tests/test_openapi_tools.py` validates every example against its schema.
"""

from __future__ import annotations

import re
import zlib
from typing import Any

TIMESTAMP = "2026-04-07T10:00:00.000Z"
SH_ID = "sh_01HX4K3M5N6P7Q8R9S0T1V2W3X"
INVITATION_ID = "orginv_2b7d4c1e9f0a"
USER = "user_bob"

# Values by property name, for any schema (a name means the same thing across the API).
BY_NAME: dict[str, Any] = {
    "orgId": "org_acme",
    "ownerId": USER, "createdBy": "user_ada", "acknowledgedBy": USER, "actorId": "user_ada",
    "targetUserId": "user_cy", "onCallUserId": USER, "targetId": USER,
    "userIds": [USER], "participantIds": [USER, "user_cy"], "pagingTargets": [USER],
    "email": "bob@acme.test", "emailAddress": "new.hire@acme.test",
    "firstName": "Bob", "lastName": "Member", "imageUrl": None,
    "title": "Checkout requests fail", "description": "Customers see errors when they pay.",
    "body": "We are looking into it.", "resolutionNote": "Rolled back the faulty deploy.",
    "timezone": "Europe/Berlin", "handoffTime": "09:00",
    "groupLabel": "Core", "aliases": ["api", "public-api"],
    "severity": "high", "visibility": "internal", "rotationType": "weekly", "rotationLengthDays": 7,
    "ackTimeoutMinutes": 15, "escalateAfterSeconds": 900, "sequentialId": 42, "position": 1,
    "effectiveFrom": "2026-04-06T07:00:00.000Z", "effectiveUntil": None,
    "nextCursor": "eyJvZmZzZXQiOiAyMH0=", "cursor": "eyJvZmZzZXQiOiAyMH0=",
    "role": "org:member", "isDefault": False, "published": True, "slug": "acme",
    "limit": 20, "from": "2026-04-01", "to": "2026-04-07", "at": TIMESTAMP,
    "statusCode": 404, "type": "invalid_request_error", "code": "not_found",
    "message": "No incident with this id in your organization.",
    "data": {},
}

# Values for one property of one schema, where the name alone would read wrongly.
BY_SCHEMA: dict[tuple[str, str], Any] = {
    ("Component", "name"): "API", ("ComponentRef", "name"): "API", ("UserRef", "name"): "Bob Member",
    ("Schedule", "name"): "Primary on-call", ("ScheduleDetail", "name"): "Primary on-call",
    ("ScheduleBody", "name"): "Primary on-call", ("RotationLayer", "name"): "Weekly",
    ("RotationLayerBody", "name"): "Weekly", ("Policy", "name"): "Default", ("PolicyDetail", "name"): "Default",
    ("PolicyBody", "name"): "Default", ("CreateComponentBody", "name"): "API", ("Event", "type"): "incident_created",
    ("UserRef", "id"): USER, ("User", "id"): USER, ("Member", "id"): USER, ("User", "firstName"): "Bob",
    ("Invitation", "status"): "pending",
    ("RoutingPolicy", "name"): "Default routing", ("RoutingPolicyDetail", "name"): "Default routing",
    ("RoutingPolicyBody", "name"): "Default routing", ("Integration", "name"): "Datadog",
    ("Matcher", "key"): "service", ("Matcher", "value"): "checkout", ("MatcherBody", "key"): "service",
    ("MatcherBody", "value"): "checkout", ("WorkingHours", "name"): "Office hours",
    ("WorkingHoursBody", "name"): "Office hours",
}

# Whole examples where the parts must agree with each other (a target names one kind of id).
WHOLE: dict[str, Any] = {
    "Target": {"type": "schedule", "scheduleId": "0193e1a2-3b4c-7890-8abc-0123456789ab"},
    "TargetBody": {"type": "schedule", "scheduleId": "0193e1a2-3b4c-7890-8abc-0123456789ab"},
}

# Candidates tried, in order, against a `pattern` the name tables do not cover.
PATTERN_CANDIDATES = (TIMESTAMP, SH_ID, INVITATION_ID, "09:00", "2026-04-07", USER, "org_acme", "example")


def uuid_for(name: str) -> str:
    """A stable, time-ordered-looking (version 7) UUID per field name, so examples of different ids differ.

    Example::

        uuid_for("incidentId")   # '0193e1a2-3b4c-7…-8…-…'
    """
    digest = f"{zlib.crc32(name.encode()):08x}{zlib.crc32(name[::-1].encode()):08x}"
    return f"0193e1a2-3b4c-7{digest[:3]}-8{digest[3:6]}-{digest[6:16]}ab"


class ExampleMaker:
    """Builds examples for the schemas of one OpenAPI document (resolving `#/components/schemas/...`)."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
        self.done: dict[str, Any] = {}

    def for_component(self, name: str) -> Any:
        """The example of the named component schema (built once)."""
        if name not in self.done:
            self.done[name] = WHOLE.get(name)
            if self.done[name] is None:
                self.done[name] = self.value(self.schemas[name], owner=name, prop="")
        return self.done[name]

    def value(self, schema: dict[str, Any], *, owner: str, prop: str, required: bool = True) -> Any:
        """An example for `schema`, the property `prop` of the schema named `owner`."""
        if "$ref" in schema:
            return self.for_component(schema["$ref"].rsplit("/", 1)[-1])
        if "example" in schema:
            return schema["example"]
        if (owner, prop) in BY_SCHEMA:
            return BY_SCHEMA[(owner, prop)]
        for option in schema.get("anyOf", []) + schema.get("oneOf", []):
            if option.get("type") != "null":
                return self.value(option, owner=owner, prop=prop)
        if prop in BY_NAME and _fits(schema, BY_NAME[prop]):
            return BY_NAME[prop]
        kinds = schema.get("type", "object")
        kind = next((k for k in kinds if k != "null"), "null") if isinstance(kinds, list) else kinds
        if "enum" in schema:
            return next(item for item in schema["enum"] if item is not None)
        if kind == "string":
            return self.string(schema, prop)
        if kind == "integer" or kind == "number":
            return schema.get("minimum", 1)
        if kind == "boolean":
            return True
        if kind == "array":
            items = schema.get("items", {"type": "string"})
            item = self.value(items, owner=owner, prop=prop.removesuffix("s"))
            return [self._vary(items, item, n) for n in range(max(1, schema.get("minItems", 1)))]
        if kind == "object":
            return self.object(schema, owner)
        return None

    def _vary(self, items: dict[str, Any], item: Any, n: int) -> Any:
        """The n-th item of an array that needs several: objects get the n-th value of their first enum field
        (four routing rules get the four severities), so rules like "one per severity" hold."""
        if n == 0 or not isinstance(item, dict):
            return item
        resolved = self.schemas.get(items["$ref"].rsplit("/", 1)[-1], {}) if "$ref" in items else items
        for prop, sub in resolved.get("properties", {}).items():
            choices = [choice for choice in sub.get("enum", []) if choice is not None]
            if len(choices) > n and prop in item:
                return {**item, prop: choices[(choices.index(item[prop]) + n) % len(choices)]}
        return item

    def object(self, schema: dict[str, Any], owner: str) -> dict[str, Any]:
        """Every property of a response (readOnly) schema; the required and well-known ones of a request."""
        required = set(schema.get("required", []))
        result = {}
        for prop, sub in schema.get("properties", {}).items():
            response_field = sub.get("readOnly", False)
            if response_field or prop in required or prop in BY_NAME or (owner, prop) in BY_SCHEMA:
                result[prop] = self.value(sub, owner=owner, prop=prop)
        return result

    def string(self, schema: dict[str, Any], prop: str) -> str:
        """A string satisfying format, pattern and length."""
        fmt, pattern = schema.get("format"), schema.get("pattern")
        if fmt == "uuid" or ((prop.endswith("Id") or prop == "id") and not pattern):
            candidate = uuid_for(prop or "id")
        elif fmt == "date-time":
            candidate = TIMESTAMP
        elif fmt == "date":
            candidate = "2026-04-07"
        elif fmt == "email":
            candidate = "bob@acme.test"
        else:
            candidate = "example"
        if pattern and not re.search(pattern, candidate):
            candidate = next((c for c in PATTERN_CANDIDATES if re.search(pattern, c)), candidate)
        return candidate[: schema.get("maxLength", len(candidate))]


def _fits(schema: dict[str, Any], value: Any) -> bool:
    """A cheap pre-check that a named value has the schema's JSON type (the test validates fully)."""
    kinds = schema.get("type")
    if kinds is None:
        return True
    kinds = kinds if isinstance(kinds, list) else [kinds]
    python = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "array": list,
              "object": dict, "null": type(None)}
    return any(isinstance(value, python[kind]) for kind in kinds if kind in python) and (
        "enum" not in schema or value in schema["enum"])


def add_examples(document: dict[str, Any]) -> None:
    """Put an `example` on every component schema, parameter and JSON response of `document` (in place)."""
    maker = ExampleMaker(document)
    for name, schema in document.get("components", {}).get("schemas", {}).items():
        schema["example"] = maker.for_component(name)
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []):
                parameter["example"] = maker.value(parameter["schema"], owner="", prop=parameter["name"])
            for status, response in operation.get("responses", {}).items():
                media = response.get("content", {}).get("application/json")
                if media is not None:
                    media["example"] = response_example(maker, media["schema"], int(status), response)


def response_example(maker: ExampleMaker, schema: dict[str, Any], status: int, response: dict[str, Any]) -> Any:
    """The example body of one response: the success envelope, or an error envelope with this status."""
    if status < 400:
        return maker.value(schema, owner="", prop="")
    codes = re.findall(r"`([a-z_]+)`", response.get("description", ""))
    types = {400: "invalid_request_error", 401: "not_authorized_error", 403: "forbidden_error", 404: "invalid_request_error",
             409: "invalid_request_error", 413: "invalid_request_error", 422: "validation_error", 500: "internal_error"}
    return {
        "statusCode": status,
        "type": types.get(status, "invalid_request_error"),
        "code": codes[0] if codes else "error",
        "requestId": "3f1c2a9e-6b7d-4e2f-9a1b-5c6d7e8f9a0b",
        "message": "A short sentence saying what went wrong.",
    }
