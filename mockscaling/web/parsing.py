"""Request parsing: JSON bodies, query strings and path ids through marshmallow, with the contract's codes."""

from __future__ import annotations

from typing import Any

from flask import current_app, request
from marshmallow import Schema, ValidationError, fields

from .. import chosen, errors
from ..schemas.common import StrictSchema, first_error
from ..unicode_text import has_lone_surrogate
from .spec import declared_schema


def json_body() -> Any:
    """The request body parsed as JSON; 400 invalid_json when it is not."""
    raw = request.get_data(cache=True)
    if chosen.REQUIRE_JSON_CONTENT_TYPE and not request.is_json:
        raise errors.InvalidJson("Send the body as JSON with Content-Type: application/json.")
    try:
        document = current_app.json.loads(raw)
    except (ValueError, RecursionError, UnicodeDecodeError) as exc:
        raise errors.InvalidJson("The request body is not valid JSON.") from exc
    if chosen.REJECT_LONE_SURROGATES and has_lone_surrogate(document):
        raise errors.InvalidJson("The request body is not valid JSON: a string holds a lone UTF-16 surrogate.")
    return document



def load(schema: Schema, data: Any, code: str) -> dict[str, Any]:
    """Validate `data` with `schema`; 422 with `code` naming the first offending field."""
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise errors.ValidationFailed(first_error(exc.messages), code=code) from exc


def _schema_for(kind: str, schema: Schema | None) -> Schema:
    # A route's declaration (@documented) is the single source of its schema; only undocumented routes
    # (the /_mock control plane) pass one explicitly.
    declared = declared_schema(kind)
    if declared is not None:
        return declared
    if schema is None:
        raise errors.InternalError(f"{request.endpoint} declares no {kind} schema.")
    return schema


def parse_body(schema: Schema | None = None) -> dict[str, Any]:
    """The JSON object body (400 invalid_json, then 422 invalid_body), validated by the route's declared
    body schema (`@documented(body=...)`), or by `schema` on an undocumented route.

    Example::

        body = parse_body()              # in a documented /v1 view
        body = parse_body(ClockBody())   # in a /_mock view
    """
    schema = _schema_for("body", schema)
    data = json_body()
    if not isinstance(data, dict):
        raise errors.InvalidJson("The request body must be a JSON object.")
    return load(schema, data, chosen.VALIDATION_CODE_BODY)


def parse_query(schema: Schema | None = None) -> dict[str, Any]:
    """The query string (first value of a repeated parameter), validated like `parse_body`."""
    schema = _schema_for("query", schema)
    return load(schema, request.args.to_dict(flat=True), chosen.VALIDATION_CODE_QUERY)


class _UuidPath(StrictSchema):
    value = fields.UUID(required=True, error_messages={"invalid_uuid": "Must be a UUID."})


_UUID_PATH = _UuidPath()


def path_uuid(name: str, value: str) -> str:
    """A UUID path parameter in canonical lower-case form; 422 invalid_path otherwise."""
    try:
        return str(_UUID_PATH.load({"value": value})["value"])
    except ValidationError as exc:
        raise errors.ValidationFailed(f"{name}: Must be a UUID.", code=chosen.VALIDATION_CODE_PATH) from exc
