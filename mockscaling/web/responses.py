"""Success responses: the `{"data": ...}` envelope."""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify


def data(payload: Any, status: int = 200) -> tuple[Response, int]:
    """`{"data": payload}` with `status`."""
    return jsonify(data=payload), status


def no_content() -> tuple[str, int]:
    """An empty 204."""
    return "", 204
