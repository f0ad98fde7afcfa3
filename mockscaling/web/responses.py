"""Success responses: the `{"data": ...}` envelope."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app

from .documented_only import CONFIG_KEY as DOCUMENTED_ONLY_KEY, without_chosen_fields


def data(payload: Any, status: int = 200) -> Response:
    """`{"data": payload}` with `status` (without `chosen` fields in documented-only mode).

    Example::

        return data(present.incident(store, record), 201)
    """
    app = current_app._get_current_object()  # one context lookup for both uses (this is every answer)
    if app.config.get(DOCUMENTED_ONLY_KEY):  # documented_only(app), without the call (this is every answer)
        payload = without_chosen_fields(payload)
    return app.json.answer({"data": payload}, status)  # what jsonify(data=payload), status does


def no_content() -> tuple[str, int]:
    """An empty 204."""
    return "", 204
