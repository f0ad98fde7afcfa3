"""Where each operation, parameter, field and error code comes from (`docs`, `client`, `chosen`), and its evidence.

- An operation declares its source in `@documented(..., source=...)` (mockscaling/web/spec.py).
- A response schema (mockscaling/schemas/responses*.py) declares `SOURCE` for its fields and may override
  single fields in `FIELD_SOURCES` (by wire name); subclasses inherit both.
- An error class (mockscaling/domain/errors.py) declares `source`.
- Request body fields and query parameters take their source from their evidence.
- Every tag's evidence (a docs quote, a client name, a chosen name) is in mockscaling/chosen/evidence.py;
  it must agree with the declared source (`mockscaling chosen --audit`, tests/test_provenance_evidence.py).

The OpenAPI document shows them as `x-scaling-source` and `x-scaling-evidence`; documented-only mode
(`create_app(documented_only=True)`, mockscaling/web/documented_only.py) answers 404 on `chosen`
operations, leaves `chosen` fields out and refuses `chosen` request fields.
"""

from __future__ import annotations

from functools import lru_cache
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


# ---- evidence (x-scaling-evidence) ----------------------------------------------------------------
# Every tag carries the evidence that decides it (mockscaling/chosen/evidence.py holds them all):
#   docs:   {"url": page, "quote": a short sentence copied from that page}      (fixtures/docs/quotes.json)
#   client: {"file": internal/client/*.go, "type": Go type, "member": field or method, "json": wire name}
#                                                                               (fixtures/client/names.json)
#   chosen: {"chosen": the name of a constant or entry title in mockscaling/chosen/}
EVIDENCE_EXTENSION = "x-scaling-evidence"
DOCS_SITE = "https://docs.scaling.cloud/"
CLIENT_DIR = "internal/client/"


def docs(page: str, quote: str) -> dict[str, str]:
    """Evidence from a docs page: `page` (path under docs.scaling.cloud) and a verbatim quote from it.

    Example::

        docs("api/incidents/create", "Creates a new incident in your organization.")
    """
    return {"source": "docs", "url": DOCS_SITE + page, "quote": quote}


def client(file: str, go_type: str, member: str, json: str | None = None) -> dict[str, str]:
    """Evidence from Scaling's Terraform-provider client: file, Go type and field or method (names only).

    Example::

        client("models.go", "Component", "Aliases", "aliases")
    """
    found = {"source": "client", "file": CLIENT_DIR + file, "type": go_type, "member": member}
    return {**found, "json": json} if json else found


def decided(name: str) -> dict[str, str]:
    """Evidence for a chosen tag: a constant or an entry title of mockscaling/chosen/.

    Example::

        decided("REQUEST_ID_HEADER")
    """
    return {"source": "chosen", "chosen": name}


def go_field(json_name: str) -> str:
    """The Go field name the client gives a JSON name (its convention: initialisms upper case).

    Example::

        go_field("participantIds")   # 'ParticipantIDs'
    """
    head = json_name[:1].upper() + json_name[1:]
    for suffix, initialism in (("Ids", "IDs"), ("Id", "ID")):
        if head.endswith(suffix):
            return head[: -len(suffix)] + initialism
    return "ID" if head == "Id" else head


def client_fields(file: str, go_type: str, names: str) -> dict[str, dict[str, str]]:
    """Client evidence for each JSON name in `names` (space-separated), fields of one Go type.

    Example::

        client_fields("models.go", "Component", "id name")["name"]["member"]   # 'Name'
    """
    return {name: client(file, go_type, go_field(name), name) for name in names.split()}


def quoting(page: str, quotes: dict[str, str]) -> dict[str, dict[str, str]]:
    """Docs evidence for several names from one page: {name: quote}.

    Example::

        quoting("api/incidents/get", {"statusHistory": '"statusHistory": ['})
    """
    return {name: docs(page, quote) for name, quote in quotes.items()}


def shown(evidence: dict[str, str]) -> dict[str, str]:
    """The evidence as the OpenAPI document shows it (without its `source`, which is the tag itself)."""
    return {key: value for key, value in evidence.items() if key != "source"}


def _evidence() -> Any:
    from . import evidence  # late: evidence.py builds its tables with the helpers above

    return evidence


def field_evidence(schema: Schema | type[Schema] | str, name: str) -> dict[str, str] | None:
    """The evidence of field `name` (wire name) of a request, query or response schema (class or OpenAPI name).

    Response schemas inherit: the first class of the MRO with an entry for the field decides.

    Example::

        field_evidence("CreateIncidentBody", "title")["source"]   # 'docs'
    """
    table = _evidence().FIELDS
    if isinstance(schema, str):
        return table.get(schema, {}).get(name)
    for klass in _schema_class(schema).__mro__:
        found = table.get(klass.__name__.removesuffix("Out"), {}).get(name)
        if found is not None:
            return found
    return None


def operation_evidence(method: str, path: str) -> dict[str, str] | None:
    """The evidence of an operation ("POST", "/v1/incidents/{incidentId}/acknowledge")."""
    return _evidence().OPERATIONS.get(f"{method.upper()} {path}")


def error_evidence(code: str) -> dict[str, str] | None:
    """The evidence of an error code ("owner_required")."""
    return _evidence().ERRORS.get(code)


def request_field_source(schema: Schema | type[Schema], name: str) -> str | None:
    """The source of request field or query parameter `name` of `schema` (from its evidence).

    Example::

        request_field_source(ResolveQuery, "at")   # 'chosen'
    """
    found = field_evidence(schema, name)
    return found["source"] if found else None


def declared_names(schema: Schema | type[Schema]) -> list[str]:
    """The wire names of `schema`'s declared fields, in order."""
    return [field.data_key or name for name, field in _schema_class(schema)._declared_fields.items()]  # noqa: SLF001


def has_documented_field(schema: Schema | type[Schema]) -> bool:
    """True when at least one response field of `schema` is not `chosen` (documented-only mode has something to show).

    Example::

        has_documented_field(ResolutionOut)   # False: resolve answers only chosen fields
    """
    return _has_documented_field(_schema_class(schema))


@lru_cache(maxsize=None)
def _has_documented_field(cls: type[Schema]) -> bool:  # asked on every request in documented-only mode
    return any(field_source(cls, name) != "chosen" for name in declared_names(cls))


def needs_chosen_field(schema: Schema | type[Schema]) -> bool:
    """True when a request body or query of `schema` must carry a `chosen` field (a required one): Scaling's
    documentation alone gives no request the operation accepts.

    Example::

        needs_chosen_field(LayerOrderBody)   # True: the docs name the reorder endpoint, not its `layerIds`
    """
    return _needs_chosen_field(_schema_class(schema))


@lru_cache(maxsize=None)
def _needs_chosen_field(cls: type[Schema]) -> bool:  # asked on every request in documented-only mode
    return any(
        field.required and request_field_source(cls, field.data_key or name) == "chosen"
        for name, field in cls._declared_fields.items()  # noqa: SLF001
    )


def chosen_request_field(schema: Schema | type[Schema], data: Any, prefix: str = "") -> str | None:
    """The path ("layerIds", "steps.0.condition") of the first field of `data` whose evidence is `chosen`, walking
    nested schemas, or None. Unknown keys are left to the schema (they are refused there).

    Example::

        chosen_request_field(LayerOrderBody, {"layerIds": []})   # 'layerIds'
    """
    if not isinstance(data, dict):
        return None
    declared = {field.data_key or name: field for name, field in _schema_class(schema)._declared_fields.items()}  # noqa: SLF001
    for key, value in data.items():
        path = f"{prefix}{key}"
        if request_field_source(schema, key) == "chosen":
            return path
        inner = _nested(declared[key]) if key in declared else None
        if inner is None:
            continue
        for index, item in enumerate(value) if isinstance(value, list) else [(None, value)]:
            found = chosen_request_field(inner, item, f"{path}.{index}." if index is not None else f"{path}.")
            if found is not None:
                return found
    return None
