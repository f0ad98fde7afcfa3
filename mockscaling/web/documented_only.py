"""Documented-only mode: `chosen` operations answer 404, `chosen` response fields are left out and `chosen`
request fields and query parameters are refused (422).

An operation whose answer would keep no field (GET …/resolve) answers 404 too, and the OpenAPI document of
the mode (mockscaling/web/openapi_documented.py) lists only what the mode serves. Turned on by `create_app(documented_only=True)`, `mockscaling serve --documented-only` or
`@pytest.mark.mockscaling(documented_only=True)`, so a downstream suite can prove it relies only on what
Scaling documents (or its own client uses). The sources come from mockscaling/chosen/provenance.py.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, request

from ..domain import errors
from ..chosen.provenance import chosen_request_field, has_documented_field, needs_chosen_field, strip_chosen
from .spec import doc_of

CONFIG_KEY = "MOCKSCALING_DOCUMENTED_ONLY"
NOT_DOCUMENTED_PATH = "This path is not in Scaling's documentation (documented-only mode)."
NOTHING_DOCUMENTED = "Scaling's documentation names none of the fields this operation answers (documented-only mode)."
REQUEST_NOT_DOCUMENTED = (
    "Scaling's documentation does not give a field this operation requires, so no request can be built from "
    "it (documented-only mode)."
)


def documented_only(app: Flask | None = None) -> bool:
    """True when `app` (by default the serving app) runs in documented-only mode.

    Example::

        if documented_only(): ...
    """
    # The app behind the proxy, then a plain attribute read: every parse of a body asks.
    return bool((app if app is not None else current_app._get_current_object()).config.get(CONFIG_KEY))


def _declaration() -> Any:
    view = current_app.view_functions.get(request.endpoint or "")
    return doc_of(view) if view is not None else None


def refuse_chosen_operation(app: Flask | None = None) -> None:
    """404 not_found for an operation whose path is `chosen`, as if it did not exist (documented-only mode)."""
    if not documented_only(app):
        return
    doc = _declaration()
    if doc is None:
        return
    if doc.source == "chosen":
        raise errors.NotFound(NOT_DOCUMENTED_PATH)
    if doc.response is not None and not has_documented_field(doc.response):
        raise errors.NotFound(NOTHING_DOCUMENTED)
    if any(schema is not None and needs_chosen_field(schema) for schema in (doc.body, doc.query)):
        raise errors.NotFound(REQUEST_NOT_DOCUMENTED)


def refuse_chosen_fields(schema: Any, data: Any, code: str) -> None:
    """422 `code` naming the first `chosen` field of a request body or query string (documented-only mode only).

    Example::

        refuse_chosen_fields(LayerOrderBody(), {"layerIds": []}, "invalid_body")
        # ValidationFailed: "layerIds: not in Scaling's documentation (documented-only mode); leave it out."
    """
    if not documented_only():
        return
    found = chosen_request_field(schema, data)
    if found is not None:
        raise errors.ValidationFailed(
            f"{found}: not in Scaling's documentation (documented-only mode); leave it out.", code=code)


def without_chosen_fields(payload: Any) -> Any:
    """`payload` without its `chosen` fields in documented-only mode (unchanged otherwise).

    Example::

        return jsonify(data=without_chosen_fields(present.incident(record)))
    """
    if not documented_only():
        return payload
    doc = _declaration()
    if doc is None or doc.response is None:
        return payload
    return strip_chosen(payload, doc.response, many=doc.many)
