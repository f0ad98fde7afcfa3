"""Feeds the request journal: one entry per answered request (called from the app's after_request hook)."""

from __future__ import annotations

from flask import Response, g, request

from .. import chosen
from .context import current_store

# Reading the journal is not journaled, so polling it does not push out the requests a test looks for.
JOURNAL_PATH = "/_mock/requests"


def record(response: Response) -> Response:
    """Append this request to the store's journal; returns `response` unchanged."""
    if not (chosen.JOURNAL_SKIPS_ITSELF and request.path == JOURNAL_PATH):
        principal = g.get("principal")
        current_store().record_request(
            request.method,
            request.path,
            response.status_code,
            g.get("request_id") or "",
            user_id=principal.user_id if principal is not None else None,
            query=request.query_string.decode("latin-1"),
        )
    return response
