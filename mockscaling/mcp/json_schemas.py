"""JSON Schemas of the tools' arguments and answers, made once from their marshmallow schemas (schemas/mcp.py)."""

from __future__ import annotations

import functools
import json
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from marshmallow import Schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"


@functools.cache
def json_schema(schema: type[Schema]) -> dict[str, Any]:
    """A self-contained JSON Schema (2020-12) for `schema`: nested schemas go in `$defs`.

    Example::

        json_schema(CreateIncidentArgs)["required"]   # ['severity', 'title']
    """
    plugin = MarshmallowPlugin(schema_name_resolver=lambda cls: (cls if isinstance(cls, type) else type(cls)).__name__)
    spec = APISpec(title="mcp", version="1", openapi_version="3.1.0", plugins=[plugin])
    body = plugin.converter.schema2jsonschema(schema)
    defs = spec.to_dict().get("components", {}).get("schemas", {})
    document = {"$schema": DIALECT, **body}
    if defs:
        document["$defs"] = defs
    # apispec points at OpenAPI components; a standalone schema keeps them under $defs.
    text = json.dumps(document).replace('"#/components/schemas/', '"#/$defs/')
    return json.loads(text)


@functools.cache
def answer_or_error(schema: type[Schema], error: type[Schema]) -> dict[str, Any]:
    """A tool's output schema: its answer, or the error envelope a refused call carries (see chosen/).

    Example::

        answer_or_error(IncidentOut, ErrorOut)["anyOf"][1]   # {'$ref': '#/$defs/ErrorOut'}
    """
    answer = json_schema(schema)
    envelope = {k: v for k, v in json_schema(error).items() if k != "$schema"}
    body = {k: v for k, v in answer.items() if k not in ("$schema", "$defs")}
    return {"$schema": DIALECT, "type": "object", "anyOf": [body, {"$ref": f"#/$defs/{error.__name__}"}],
            "$defs": {**answer.get("$defs", {}), error.__name__: envelope}}
