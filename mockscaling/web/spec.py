"""`@documented`: how a route declares its contract (body, query, response, statuses) for the OpenAPI document.

The declaration sits on the view function itself, so the spec is driven by the app's routes
(`app.url_map`) and cannot list an endpoint that does not exist or miss one that does. A documented
view calls `parse_body()` / `parse_query()` without a schema: they validate with the declared one
(`declared_schema`), so the document and the validation can never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from typing import Any, TypeVar

from flask import current_app, request
from marshmallow import Schema

from .. import schemas
from ..domain import errors
from ..chosen.provenance import SOURCES
from ..domain.record import FrozenRecord
from .lazy_views import resolve

F = TypeVar("F", bound=Callable[..., Any])
DOC_ATTRIBUTE = "__mockscaling_doc__"
SchemaLike = Schema | type[Schema]


@dataclass(frozen=True, repr=False, eq=False)  # FrozenRecord's ==, repr() and hash: none generated (domain/record.py)
class Doc(FrozenRecord):
    """What one operation accepts and answers (see `documented`); `response` is the schema itself, imported on
    first read when the view named it."""

    body: SchemaLike | None = None
    query: SchemaLike | None = None
    declared_response: SchemaLike | str | None = None
    status: int = 200
    many: bool = False
    errors: tuple[int | type[errors.ScalingError], ...] = ()
    path: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    source: str | None = None  # docs | client | chosen (mockscaling/chosen/provenance.py)

    @property
    def response(self) -> SchemaLike | None:
        """The dump-only schema of `data` (None for an empty answer), e.g. `doc_of(view).response` is `IncidentOut`."""
        declared = self.declared_response
        return response_schema(declared) if isinstance(declared, str) else declared


@cache
def response_schema(name: str) -> type[Schema]:
    """The response schema named `"<module>.<class>"` under mockscaling/schemas/, imported on first use.

    Why by name: response schemas serve the OpenAPI document, documented-only mode and the shape checks,
    never an answer. A view module naming its schema instead of importing it lets a fresh process answer
    its first request without building the response schema classes (about 4 ms of CPU).

    Example::

        response_schema("responses.IncidentOut")   # the class mockscaling.schemas.responses.IncidentOut
    """
    module, _, attribute = name.rpartition(".")
    return getattr(import_module(f"{schemas.__name__}.{module}"), attribute)


def documented(
    *,
    body: SchemaLike | None = None,
    query: SchemaLike | None = None,
    response: SchemaLike | str | None = None,
    status: int = 200,
    many: bool = False,
    errors: Iterable[int | type[errors.ScalingError]] = (),
    path: Mapping[str, dict[str, Any]] | None = None,
    source: str | None = None,
) -> Callable[[F], F]:
    """Declare a route's contract; put it directly under the `@api.<method>(...)` line.

    - `body` / `query`: the marshmallow request schemas; the view parses with `parse_body()` /
      `parse_query()`, which use these.
    - `response`: the dump-only schema of `data`, named `"<module>.<class>"` under mockscaling/schemas/
      (`"responses.IncidentOut"`: imported when first read, see `response_schema`) or given itself;
      `many=True` when `data` is a list, `None` with `status=204` for an empty answer.
    - `errors`: the business errors the operation can answer with, as ScalingError classes (their codes
      are listed in the spec) or bare statuses. 401 is always added; 400 `invalid_json` when there is a
      body; 422 when there is a body, a query or a path parameter; 404 when there is a path parameter.
    - `path`: JSON Schemas of path parameters that are not UUIDs, by Flask variable name, e.g.
      `path={"user_id": {"type": "string"}}` (the default is a UUID string).
    - `source`: where the operation (its path and method) comes from: "docs", "client" (Scaling's Terraform
      provider) or "chosen" (mockscaling's guess). Shown as `x-scaling-source`; documented-only mode answers
      404 on "chosen" operations. tests/test_provenance.py fails for an operation without one.

    Example::

        @api.post("/incidents")
        @documented(body=CREATE_INCIDENT, response="responses.IncidentOut", status=201,
                    errors=(errors.OwnerRequired,), source="docs")
        def create_incident(): ...
    """

    if source is not None and source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    if isinstance(response, str) and not all(response.partition(".")):
        raise ValueError(f'response must name "<module>.<class>" under mockscaling/schemas/, not {response!r}')

    def decorate(view: F) -> F:
        setattr(view, DOC_ATTRIBUTE, Doc(body, query, response, status, many, tuple(errors), dict(path or {}), source))
        return view

    return decorate


def doc_of(view: Callable[..., Any]) -> Doc | None:
    """The declaration of a view function (imported first when it is a `LazyView`), or None when it is undocumented."""
    return getattr(resolve(view), DOC_ATTRIBUTE, None)


def declared_schema(kind: str) -> Schema | None:
    """The `kind` ("body" or "query") schema declared by the view serving this request, or None.

    Example::

        declared_schema("body")   # inside POST /v1/incidents: the CreateIncidentBody instance
    """
    # Every parse passes here: the objects behind the proxies, then plain attribute reads.
    rule = request._get_current_object().url_rule
    views = current_app._get_current_object().view_functions
    doc = getattr(views.get(rule.endpoint), DOC_ATTRIBUTE, None) if rule is not None else None
    schema = getattr(doc, kind) if doc is not None else None
    return schema() if isinstance(schema, type) else schema
