"""The Scaling API blueprint: authenticates every request, then the view modules add the routes."""

from __future__ import annotations

from flask import Blueprint, g, request

from .context import current_store

api = Blueprint("v1", __name__)


@api.before_request
def authenticate() -> None:
    """Every API request needs `Authorization: Bearer <key>` (401 otherwise); OPTIONS (CORS preflight) does not."""
    if request.method == "OPTIONS":
        return  # a browser's preflight never carries the key; Flask answers OPTIONS with the allowed methods
    g.principal = current_store().authenticate(request.headers.get("Authorization"))


# The view modules attach their routes to `api` when imported.
from .views import components, incidents, oncall, policies, routing, team, working_hours  # noqa: E402,F401
