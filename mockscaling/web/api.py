"""The Scaling API blueprint: authenticates every request, then the view modules add the routes."""

from __future__ import annotations

from flask import Blueprint, request

from .context import current_store, set_principal
from .documented_only import refuse_chosen_operation

api = Blueprint("v1", __name__)


@api.before_request
def authenticate() -> None:
    """Every API request needs `Authorization: Bearer <key>` (401 otherwise); OPTIONS (CORS preflight) does not."""
    if request.method == "OPTIONS":
        return  # a browser's preflight never carries the key; Flask answers OPTIONS with the allowed methods
    refuse_chosen_operation()  # documented-only mode: a chosen path is 404, like an unknown one (before auth)
    set_principal(current_store().authenticate(request.environ.get("HTTP_AUTHORIZATION")))


# The view modules attach their routes to `api` when imported.
from .views import components, incidents, oncall, policies, routing, team, working_hours  # noqa: E402,F401
