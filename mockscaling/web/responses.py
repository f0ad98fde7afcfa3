"""Success responses: the `{"data": ...}` envelope."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app

from .documented_only import documented_only, without_chosen_fields


def data(payload: Any, status: int = 200) -> tuple[Response, int]:
    """`{"data": payload}` with `status` (without `chosen` fields in documented-only mode).

    Example::

        return data(present.incident(store, record), 201)
    """
    app = current_app._get_current_object()  # one context lookup for both uses (this is every answer)
    if documented_only(app):
        payload = without_chosen_fields(payload)
    return app.json.response(data=payload), status  # what jsonify(data=payload) does


def no_content() -> tuple[str, int]:
    """An empty 204."""
    return "", 204
