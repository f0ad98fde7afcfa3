"""Success responses: the `{"data": ...}` envelope."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify

from .documented_only import without_chosen_fields


def data(payload: Any, status: int = 200) -> tuple[Response, int]:
    """`{"data": payload}` with `status` (without `chosen` fields in documented-only mode)."""
    return jsonify(data=without_chosen_fields(payload)), status


def no_content() -> tuple[str, int]:
    """An empty 204."""
    return "", 204
