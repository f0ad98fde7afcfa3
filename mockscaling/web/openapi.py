"""The OpenAPI 3.1 document of the contract the fake enforces, generated from the app's own routes and schemas."""

from __future__ import annotations

import re
from typing import Any

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import Flask
from marshmallow import Schema

from .. import chosen
from ..domain import errors
from ..schemas.responses import ErrorOut
from ..chosen.provenance import (
    EVIDENCE_EXTENSION, EXTENSION, error_evidence, field_evidence, field_source, operation_evidence, shown,
)
from .documented_only import documented_only
from .lazy_views import load_views
from .openapi_documented import only_documented
from .openapi_tooling import add_tooling
from .spec import Doc, doc_of

API_BLUEPRINT = "v1"  # the /v1 registration; the /api alias ("api_alias") is left out (see chosen.OPENAPI_API_ALIAS)
SPEC_EXTENSION_KEY = "mockscaling.openapi"
_VARIABLE = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


def _version() -> str:
    from .. import __version__  # imported late: the package imports the app, which imports this module

    return __version__


def _schema_name(schema: Schema | type[Schema]) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    return cls.__name__.removesuffix("Out")


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def _without_null(parameter: dict[str, Any]) -> dict[str, Any]:
    """A query parameter's schema without JSON null: a query string cannot carry it (absent means "not given")."""
    schema = dict(parameter.get("schema", {}))
    if isinstance(schema.get("type"), list):
        kept = [item for item in schema["type"] if item != "null"]
        schema["type"] = kept[0] if len(kept) == 1 else kept
    if "enum" in schema:
        schema["enum"] = [item for item in schema["enum"] if item is not None]
    if schema.get("default", 0) is None:
        del schema["default"]
    return {**parameter, "schema": schema}


def tag(target: dict[str, Any], source: str | None, evidence: dict[str, str] | None) -> None:
    """Put `x-scaling-source` and, when known, `x-scaling-evidence` on one object of the document."""
    if source is not None:
        target[EXTENSION] = source
    if evidence is not None:
        target[EVIDENCE_EXTENSION] = shown(evidence)


def mark_field_sources(document: dict[str, Any], refs: dict[Any, str]) -> None:
    """Tag every property of every schema: a response schema's source comes from its SOURCE / FIELD_SOURCES,
    a request schema's from its evidence (mockscaling/chosen/evidence.py); both carry the evidence."""
    schemas = document.get("components", {}).get("schemas", {})
    for key, name in refs.items():
        cls = key[0]
        if name not in schemas:
            continue
        response = getattr(cls, "RESPONSE_SCHEMA", False)
        for prop, body in schemas[name].get("properties", {}).items():
            evidence = field_evidence(cls, prop)
            source = field_source(cls, prop) if response else (evidence or {}).get("source")
            tag(body, source, evidence)


class _Builder:
    """Walks the app's url_map and turns every /v1 rule into an OpenAPI operation."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.plugin = MarshmallowPlugin(schema_name_resolver=_schema_name)
        self.spec = APISpec(
            title="Scaling API (as enforced by mockscaling)",
            version=_version(),
            openapi_version="3.1.0",
            plugins=[self.plugin],
            info={"description": (
                "The Scaling incident-management API (https://api.scaling.cloud/v1) as the mockscaling fake "
                "enforces it, generated from the fake's routes and marshmallow schemas. Paths are given with "
                "their /v1 prefix; the fake also answers them under /api (not listed). mockscaling's own "
                "/_mock control plane and the public status pages are not part of this document."
            )},
        )
        self.spec.components.security_scheme(
            "bearerAuth",
            {"type": "http", "scheme": "bearer", "description": "An API key: `scl_live_` followed by 32 characters."},
        )
        self.spec.components.header("X-Request-Id", {
            "description": "The request id (equal to `requestId` in an error body).",
            "schema": {"type": "string", "format": "uuid"},
        })
        self.error_ref = self.plugin.converter.resolve_nested_schema(ErrorOut)

    def ref(self, schema: Schema | type[Schema]) -> dict[str, Any]:
        return self.plugin.converter.resolve_nested_schema(schema)

    def build(self) -> dict[str, Any]:
        paths: dict[str, dict[str, Any]] = {}
        load_views(self.app)  # the summaries are the views' docstrings
        for rule in sorted(self.app.url_map.iter_rules(), key=lambda r: r.rule):
            if rule.endpoint.split(".", 1)[0] != API_BLUEPRINT:
                continue
            view = self.app.view_functions[rule.endpoint]
            variables = _VARIABLE.findall(rule.rule)
            path = _VARIABLE.sub(lambda m: "{" + _camel(m.group(1)) + "}", rule.rule)
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                operation = self.operation(rule.endpoint, view, variables, path)
                tag_operation(operation, f"{method} {path}", doc_of(view))
                paths.setdefault(path, {})[method.lower()] = operation
        for path, operations in paths.items():
            self.spec.path(path=path, operations=operations)
        document = self.spec.to_dict()
        tag_components(document)
        # A request schema may state cross-field rules (JSON Schema) that marshmallow fields cannot express.
        mark_field_sources(document, self.plugin.converter.refs)
        for key, name in self.plugin.converter.refs.items():
            extra = getattr(key[0], "OPENAPI_EXTRA", None)
            if extra and name in document.get("components", {}).get("schemas", {}):
                document["components"]["schemas"][name].update(extra)
        return {"openapi": document.pop("openapi"), **document}  # the version first, as readers expect

    def operation(self, endpoint: str, view: Any, variables: list[str], path: str) -> dict[str, Any]:
        doc = doc_of(view)
        summary = (view.__doc__ or endpoint).strip().splitlines()[0]
        operation: dict[str, Any] = {
            "operationId": endpoint.split(".", 1)[1],
            "summary": summary,
            "tags": [path.split("/")[2]],  # the resource family: incidents, components, oncall, ...
            "security": [{"bearerAuth": []}],
        }
        parameters = [self.path_parameter(name, doc) for name in variables]
        if doc is not None and doc.query is not None:
            parameters += [_without_null(item) for item in self.plugin.converter.schema2parameters(doc.query, location="query")]
        if parameters:
            operation["parameters"] = parameters
        if doc is not None and doc.body is not None:
            operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": self.ref(doc.body)}}}
        operation["responses"] = {**self.success(doc), **self.failures(doc, bool(variables))}
        if doc is None:
            operation["x-undocumented"] = True  # tests/test_openapi.py fails on this
        elif doc.source is not None:
            operation[EXTENSION] = doc.source
        return operation

    def path_parameter(self, name: str, doc: Doc | None) -> dict[str, Any]:
        schema = (doc.path.get(name) if doc is not None else None) or {"type": "string", "format": "uuid"}
        return {"name": _camel(name), "in": "path", "required": True, "schema": schema}

    def success(self, doc: Doc | None) -> dict[str, Any]:
        headers = {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}
        if doc is None:
            return {"200": {"description": "Undocumented success.", "headers": headers,
                            "content": {"application/json": {"schema": {}}}}}
        if doc.response is None:
            return {str(doc.status): {"description": "Done; no content.", "headers": headers}}
        payload = self.ref(doc.response)
        if doc.many:
            payload = {"type": "array", "items": payload}
        envelope = {"type": "object", "required": ["data"], "additionalProperties": False, "properties": {"data": payload}}
        return {str(doc.status): {"description": "Success, in the `{\"data\": …}` envelope.", "headers": headers,
                                  "content": {"application/json": {"schema": envelope}}}}

    def failures(self, doc: Doc | None, has_path: bool) -> dict[str, Any]:
        codes: dict[int, list[str]] = {}
        sources: dict[str, str | None] = {}

        def add(status: int, code: str | None, source: str | None = "chosen") -> None:
            listed = codes.setdefault(status, [])
            if code and code not in listed:
                listed.append(code)
                sources[code] = source

        def add_error(error: type[errors.ScalingError]) -> None:
            add(error.status, error.code, getattr(error, "source", None))

        for error in (errors.MissingAuthorizationHeader, errors.InvalidApiKey):
            add_error(error)
        declared = list(doc.errors) if doc is not None else []
        has_body = doc is not None and doc.body is not None
        has_query = doc is not None and doc.query is not None
        if has_body:
            add_error(errors.InvalidJson)
        if has_path:
            add(errors.ValidationFailed.status, chosen.VALIDATION_CODE_PATH)  # the 422 codes are chosen (§1)
            add_error(errors.NotFound)
        if has_body:
            add(errors.ValidationFailed.status, chosen.VALIDATION_CODE_BODY)
        if has_query:
            add(errors.ValidationFailed.status, chosen.VALIDATION_CODE_QUERY)
        for error in declared:
            if isinstance(error, int):
                add(error, None)
            else:
                add_error(error)
        responses = {}
        for status in sorted(codes):
            listed = ", ".join(f"`{code}`" for code in codes[status])
            responses[str(status)] = {
                "description": f"Error envelope; code: {listed}." if listed else "Error envelope.",
                "headers": {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}},
                "content": {"application/json": {"schema": self.error_ref}},
                # Each code's provenance (docs | client | chosen), for tools and documented-only users.
                "x-scaling-errors": [error_item(code, sources[code]) for code in codes[status]],
            }
        return responses


def error_item(code: str, source: str | None) -> dict[str, Any]:
    """One entry of `x-scaling-errors`: the code, its source and its evidence."""
    item: dict[str, Any] = {"code": code}
    tag(item, source, error_evidence(code))
    return item


def tag_operation(operation: dict[str, Any], name: str, doc: Doc | None) -> None:
    """Evidence on the operation ("POST /v1/incidents"); its path parameters share the operation's tag, query
    parameters carry their own, and an error code takes the operation's own evidence when it has one."""
    evidence = operation_evidence(*name.split(" ", 1))
    if evidence is not None:
        operation[EVIDENCE_EXTENSION] = shown(evidence)
    for response in operation.get("responses", {}).values():
        for item in response.get("x-scaling-errors", []):
            own = error_evidence(f"{name} {item['code']}")
            if own is not None:
                tag(item, own["source"], own)
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            tag(parameter, operation.get(EXTENSION), evidence)
        elif doc is not None and doc.query is not None:
            found = field_evidence(doc.query, parameter["name"])
            tag(parameter, (found or {}).get("source"), found)


def tag_components(document: dict[str, Any]) -> None:
    """Tag the shared header and the security scheme (mockscaling/chosen/evidence.py)."""
    from ..chosen import evidence

    components = document.get("components", {})
    for kind, table in (("headers", evidence.HEADERS), ("securitySchemes", evidence.SECURITY)):
        for name, body in components.get(kind, {}).items():
            found = table.get(name)
            tag(body, (found or {}).get("source"), found)


def build_spec(app: Flask) -> dict[str, Any]:
    """The OpenAPI 3.1 document of `app`'s /v1 routes, as a dict.

    Example::

        spec = build_spec(create_app())
        spec["paths"]["/v1/incidents"]["post"]["responses"]["201"]
    """
    document = _Builder(app).build()
    if documented_only(app):
        document = only_documented(document)  # only what the mode serves (openapi_documented.py)
    return add_tooling(document)  # servers, tags, descriptions, examples, links: openapi_tooling.py


def openapi_document(app: Flask) -> dict[str, Any]:
    """`build_spec(app)`, built once per app (the routes do not change after start-up)."""
    if SPEC_EXTENSION_KEY not in app.extensions:
        app.extensions[SPEC_EXTENSION_KEY] = build_spec(app)
    return app.extensions[SPEC_EXTENSION_KEY]

