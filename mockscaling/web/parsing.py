"""Request parsing: JSON bodies, query strings and path ids through marshmallow, with the contract's codes."""

from __future__ import annotations

import copy
import json
import re
from datetime import date, datetime, time, timedelta
from typing import Any

import orjson
from flask import request
from marshmallow import Schema, ValidationError

from .. import chosen
from ..domain import errors
from ..state.json_limits import API_BODY_LIMITS, ShapeError, ShapeLimits, check_shape
from ..schemas.common import first_error
from ..domain.unicode_text import has_lone_surrogate
from .documented_only import refuse_chosen_fields
from .spec import declared_schema


# The WSGI environ key under which json_body() leaves the raw body it read (for the request journal).
RAW_BODY_KEY = "mockscaling.raw_body"


# 19 digits in a row: maybe an integer past 64 bits, which orjson would read as a float (json.loads: an int).
_LONG_DIGITS = re.compile(rb"[0-9]{19}")


def _loads(raw: bytes) -> Any:
    """`json.loads(raw)` (what the app's JSON provider, Flask's default, parses with), read by orjson when it can.

    orjson reads what json.loads reads, to the same values, except integers past 64 bits (a float): a body
    with a run of 19 digits goes to json.loads. What orjson refuses goes there too, which decides the
    lenient cases (NaN, Infinity, a byte-order mark, UTF-16, lone surrogates, very deep nesting) as before.

    Example::

        _loads(b'{"title": "API down"}')   # {'title': 'API down'}
    """
    if _LONG_DIGITS.search(raw) is None:
        try:
            return orjson.loads(raw)
        except orjson.JSONDecodeError:
            pass
    return json.loads(raw)


def json_body(limits: ShapeLimits | None = API_BODY_LIMITS) -> Any:
    """The request body parsed as JSON; 400 invalid_json when it is not, 422 invalid_body when it breaks
    the shape caps (list length, object size, string length, depth: chosen/) before any schema sees it.
    """
    req = request._get_current_object()  # one context lookup, not one per use: every body passes here
    raw = req.get_data(cache=True)
    req.environ[RAW_BODY_KEY] = raw  # the journal keeps these bytes without asking werkzeug again
    if chosen.REQUIRE_JSON_CONTENT_TYPE and not req.is_json:
        raise errors.InvalidJson("Send the body as JSON with Content-Type: application/json.")
    try:
        document = _loads(raw)
    except (ValueError, RecursionError, UnicodeDecodeError) as exc:
        raise errors.InvalidJson("The request body is not valid JSON.") from exc
    try:
        if limits is not None:  # None: the caller checks the shape itself (state documents, in the store)
            check_shape(document, limits)  # first: it stops at once, the walk below visits every value
    except ShapeError as exc:
        raise errors.ValidationFailed(str(exc), code=chosen.VALIDATION_CODE_BODY) from exc
    # Only a \uD8xx-\uDFxx escape can produce a surrogate (raw surrogate bytes are invalid UTF-8 and fail
    # above), so bodies without one skip the walk over every value.
    if chosen.REJECT_LONE_SURROGATES and (b"\\ud" in raw or b"\\uD" in raw) and has_lone_surrogate(document):
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
    refuse_chosen_fields(schema, data, chosen.VALIDATION_CODE_BODY)  # documented-only mode only
    return load(schema, data, chosen.VALIDATION_CODE_BODY)


# What an empty query string loads to, per schema: its defaults (the usual list request has no query), and
# whether they are all immutable values (then a new dict of them is a copy nothing can change through).
_EMPTY_QUERIES: dict[int, tuple[Schema, dict[str, Any], bool]] = {}
_IMMUTABLE = (type(None), bool, int, float, str, bytes, date, datetime, time, timedelta)


def _immutable(value: Any) -> bool:
    """Whether `value` cannot be changed in place (a scalar, or a tuple or frozenset of them)."""
    if type(value) in (tuple, frozenset):
        return all(_immutable(item) for item in value)
    return type(value) in _IMMUTABLE


def parse_query(schema: Schema | None = None) -> dict[str, Any]:
    """The query string (first value of a repeated parameter), validated like `parse_body`.

    Example::

        query = parse_query()                       # in a documented /v1 view
        query = parse_query(PeekIncidentsQuery())   # in a /_mock view
    """
    schema = _schema_for("query", schema)
    req = request._get_current_object()
    # No query string (the usual list request): the defaults, without parsing an empty one into a MultiDict.
    args = req.args if req.environ.get("QUERY_STRING") else None
    if not args:
        # Loading nothing always gives the schema's defaults: load them once, hand out copies (a plain
        # dict copy when every default is immutable: deep-copying them cost more than the rest of the parse).
        known = _EMPTY_QUERIES.get(id(schema))
        if known is None or known[0] is not schema:
            if len(_EMPTY_QUERIES) >= 512:  # a schema made per request (a declared class) must not grow it forever
                _EMPTY_QUERIES.clear()
            defaults = load(schema, {}, chosen.VALIDATION_CODE_QUERY)
            known = _EMPTY_QUERIES[id(schema)] = (schema, defaults, all(_immutable(value) for value in defaults.values()))
        return dict(known[1]) if known[2] else copy.deepcopy(known[1])
    query = args.to_dict(flat=True)
    query.pop(chosen.QUERY_CODE_PARAM, None)  # `?__code=NNN` is a fault request, not a field of the operation
    refuse_chosen_fields(schema, query, chosen.VALIDATION_CODE_QUERY)  # documented-only mode only
    return load(schema, query, chosen.VALIDATION_CODE_QUERY)


_UUID_TEXT = re.compile(chosen.UUID_TEXT_PATTERN)


def path_uuid(name: str, value: str) -> str:
    """A UUID path parameter, accepted only in canonical lower-case text (chosen/); 422 invalid_path otherwise."""
    if not _UUID_TEXT.fullmatch(value):
        raise errors.ValidationFailed(f"{name}: Must be a UUID in canonical lower-case form.", code=chosen.VALIDATION_CODE_PATH)
    return value
