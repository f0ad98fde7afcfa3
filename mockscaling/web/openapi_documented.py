"""The OpenAPI document of documented-only mode: only what that mode serves (see documented_only.py).

It leaves out every `chosen` operation, every operation whose answer would keep no field (GET …/resolve)
or whose request needs a `chosen` field (the layer reorders: the docs do not give their body), every `chosen` property (response fields are left out, request fields refused) and `chosen` query
parameter, and every schema nothing refers to any more. Error codes stay: the mode still answers them,
each with its own `x-scaling-source`.
"""

from __future__ import annotations

import copy
from typing import Any

from ..chosen.provenance import EXTENSION



def _refs(value: Any) -> set[str]:
    """The component schema names `value` refers to (directly)."""
    found: set[str] = set()
    if isinstance(value, dict):
        ref = value.get("$ref", "")
        if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
            found.add(ref.rsplit("/", 1)[1])
        for item in value.values():
            found |= _refs(item)
    elif isinstance(value, list):
        for item in value:
            found |= _refs(item)
    return found


def _strip_schema(schema: dict[str, Any]) -> bool:
    """Drop the `chosen` properties of one component schema (and their `required` entries); True when one of
    them was required (no request built from the documentation alone fits the schema)."""
    properties = schema.get("properties")
    if not properties:
        return False
    dropped = [name for name, body in properties.items() if body.get(EXTENSION) == "chosen"]
    for name in dropped:
        del properties[name]
    required = schema.get("required", [])
    if "required" in schema:
        schema["required"] = [name for name in required if name not in dropped]
        if not schema["required"]:
            del schema["required"]
    return any(name in dropped for name in required)


def _needs_chosen(operation: dict[str, Any], unfillable: set[str]) -> bool:
    """True when the operation's body schema lost a required property, or a required query parameter is `chosen`."""
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    if _refs(body) & unfillable:
        return True
    return any(item.get(EXTENSION) == "chosen" and item.get("required") for item in operation.get("parameters", []))


def _answers_nothing(operation: dict[str, Any], schemas: dict[str, Any]) -> bool:
    """True when the success answer's `data` is a schema left without properties."""
    for status, response in operation.get("responses", {}).items():
        if not status.startswith("2"):
            continue
        data = response.get("content", {}).get("application/json", {}).get("schema", {}).get("properties", {}).get("data", {})
        names = _refs(data)
        if names and all(not schemas.get(name, {}).get("properties") for name in names):
            return True
    return False


def only_documented(document: dict[str, Any]) -> dict[str, Any]:
    """A copy of `document` (before tooling is added) with only what documented-only mode serves.

    Example::

        only_documented(_Builder(app).build())["paths"]   # no /handoff, no /resolve
    """
    document = copy.deepcopy(document)
    schemas = document.get("components", {}).get("schemas", {})
    # The request schemas that lose a required property: their operations are refused (404) in the mode.
    unfillable = {name for name, schema in schemas.items() if _strip_schema(schema)}
    paths: dict[str, Any] = {}
    for path, operations in document.get("paths", {}).items():
        kept = {}
        for method, operation in operations.items():
            if operation.get(EXTENSION) == "chosen" or _answers_nothing(operation, schemas) or _needs_chosen(operation, unfillable):
                continue
            parameters = [item for item in operation.get("parameters", []) if item.get(EXTENSION) != "chosen"]
            if parameters:
                operation["parameters"] = parameters
            else:
                operation.pop("parameters", None)
            kept[method] = operation
        if kept:
            paths[path] = kept
    document["paths"] = paths
    # Keep only the schemas still reachable from an operation (transitively).
    reachable, pending = set(), _refs(paths)
    while pending:
        name = pending.pop()
        if name not in reachable and name in schemas:
            reachable.add(name)
            pending |= _refs(schemas[name])
    document["components"]["schemas"] = {name: body for name, body in schemas.items() if name in reachable}
    return document
