"""Where each operation, response field and error code comes from: `docs`, `client` or `chosen` (contract §6.1.9).

- An operation declares its source in `@documented(..., source=...)` (mockscaling/web/spec.py).
- A response schema (mockscaling/schemas/responses*.py) declares `SOURCE` for its fields and may override
  single fields in `FIELD_SOURCES` (by wire name); subclasses inherit both.
- An error class (mockscaling/domain/errors.py) declares `source`.

The OpenAPI document shows all three as `x-scaling-source`, and documented-only mode
(`create_app(documented_only=True)`) answers 404 on `chosen` operations and leaves `chosen` fields out.
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields

SOURCES = ("docs", "client", "chosen")
EXTENSION = "x-scaling-source"


def _schema_class(schema: Schema | type[Schema]) -> type[Schema]:
    return schema if isinstance(schema, type) else type(schema)


def field_source(schema: Schema | type[Schema], name: str) -> str | None:
    """The source of response field `name` (wire name) of `schema`: its FIELD_SOURCES entry, else the class SOURCE.

    Example::

        field_source(IncidentOut, "sequentialId")   # 'chosen'
        field_source(IncidentOut, "title")          # 'docs'
    """
    cls = _schema_class(schema)
    for klass in cls.__mro__:
        override = vars(klass).get("FIELD_SOURCES", {}).get(name)
        if override is not None:
            return override
    return getattr(cls, "SOURCE", None)


def _nested(field: fields.Field) -> Schema | type[Schema] | None:
    """The schema inside a Nested field or a List of Nested (else None)."""
    if isinstance(field, fields.List):
        field = field.inner
    if isinstance(field, fields.Nested):
        return field.nested if isinstance(field.nested, Schema | type) else None
    return None


def strip_chosen(payload: Any, schema: Schema | type[Schema], many: bool = False) -> Any:
    """`payload` (the `data` of a response shaped by `schema`) without the fields whose source is `chosen`.

    Example::

        strip_chosen({"id": "…", "sequentialId": 3, "title": "Down"}, IncidentOut)   # {'id': '…', 'title': 'Down'}
    """
    if many:
        return [strip_chosen(item, schema) for item in payload] if isinstance(payload, list) else payload
    if not isinstance(payload, dict):
        return payload
    cls = _schema_class(schema)
    declared = {field.data_key or name: field for name, field in cls._declared_fields.items()}  # noqa: SLF001
    kept: dict[str, Any] = {}
    for key, value in payload.items():
        if field_source(cls, key) == "chosen":
            continue
        field = declared.get(key)
        inner = _nested(field) if field is not None else None
        if inner is not None and value is not None:
            value = strip_chosen(value, inner, many=isinstance(value, list))
        kept[key] = value
    return kept
