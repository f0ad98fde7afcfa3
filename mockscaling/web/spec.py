"""`@documented`: how a route declares its contract (body, query, response, statuses) for the OpenAPI document.

The declaration sits on the view function itself, so the spec is driven by the app's routes
(`app.url_map`) and cannot list an endpoint that does not exist or miss one that does. The views pass
the very same schema objects to `parse_body` / `parse_query`, and `check_declared` makes a mismatch a
server error at runtime (which the test suite and schemathesis would catch).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import current_app, request
from marshmallow import Schema

from .. import errors

F = TypeVar("F", bound=Callable[..., Any])
DOC_ATTRIBUTE = "__mockscaling_doc__"
SchemaLike = Schema | type[Schema]


@dataclass(frozen=True)
class Doc:
    """What one operation accepts and answers (see `documented`)."""

    body: SchemaLike | None = None
    query: SchemaLike | None = None
    response: SchemaLike | None = None
    status: int = 200
    many: bool = False
    errors: tuple[int | type[errors.ScalingError], ...] = ()
    path: Mapping[str, dict[str, Any]] = field(default_factory=dict)


def documented(
    *,
    body: SchemaLike | None = None,
    query: SchemaLike | None = None,
    response: SchemaLike | None = None,
    status: int = 200,
    many: bool = False,
    errors: Iterable[int | type[errors.ScalingError]] = (),
    path: Mapping[str, dict[str, Any]] | None = None,
) -> Callable[[F], F]:
    """Declare a route's contract; put it directly under the `@api.<method>(...)` line.

    - `body` / `query`: the marshmallow request schemas the view parses (pass the same object to
      `parse_body` / `parse_query`).
    - `response`: the dump-only schema of `data` (from mockscaling/schemas/responses.py), `many=True`
      when `data` is a list, `None` with `status=204` for an empty answer.
    - `errors`: the business errors the operation can answer with, as ScalingError classes (their codes
      are listed in the spec) or bare statuses. 401 is always added; 400 `invalid_json` when there is a
      body; 422 when there is a body, a query or a path parameter; 404 when there is a path parameter.
    - `path`: JSON Schemas of path parameters that are not UUIDs, by Flask variable name, e.g.
      `path={"user_id": {"type": "string"}}` (the default is a UUID string).

    Example::

        @api.post("/incidents")
        @documented(body=CREATE_INCIDENT, response=IncidentOut, status=201, errors=(errors.OwnerRequired,))
        def create_incident(): ...
    """

    def decorate(view: F) -> F:
        setattr(view, DOC_ATTRIBUTE, Doc(body, query, response, status, many, tuple(errors), dict(path or {})))
        return view

    return decorate


def doc_of(view: Callable[..., Any]) -> Doc | None:
    """The declaration of a view function, or None when it is undocumented."""
    return getattr(view, DOC_ATTRIBUTE, None)


def _same(declared: SchemaLike | None, used: Schema) -> bool:
    if declared is None:
        return False
    return declared is used or (isinstance(declared, type) and isinstance(used, declared)) or type(declared) is type(used)


def check_declared(kind: str, schema: Schema) -> None:
    """Fail (500) when a documented view parses a `kind` ("body"/"query") schema it did not declare.

    Called by `parse_body` / `parse_query`, so the OpenAPI document can never describe a different
    schema than the one the route validates with. Undocumented views are not checked.
    """
    view = current_app.view_functions.get(request.endpoint or "")
    doc = doc_of(view) if view is not None else None
    if doc is not None and not _same(getattr(doc, kind), schema):
        raise errors.InternalError(f"{request.endpoint} parses a {kind} schema it does not declare.")
