"""The Scaling API blueprint: authenticates every request, then the view modules add the routes."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from .context import EXTENSION_KEY, PRINCIPAL_KEY
from .documented_only import CONFIG_KEY as DOCUMENTED_ONLY_KEY, refuse_chosen_operation

api = Blueprint("v1", __name__)


@api.before_request
def authenticate() -> None:
    """Every API request needs `Authorization: Bearer <key>` (401 otherwise); OPTIONS (CORS preflight) does not."""
    req = request._get_current_object()  # one context lookup per use otherwise, on every API request
    if req.method == "OPTIONS":
        return  # a browser's preflight never carries the key; Flask answers OPTIONS with the allowed methods
    app = current_app._get_current_object()
    if app.config.get(DOCUMENTED_ONLY_KEY):
        refuse_chosen_operation(app)  # documented-only mode: a chosen path is 404, like an unknown one (before auth)
    environ = req.environ
    environ[PRINCIPAL_KEY] = app.extensions[EXTENSION_KEY].authenticate(environ.get("HTTP_AUTHORIZATION"))


# The view modules attach their routes to `api` when imported.
from .views import components, incidents, oncall, policies, routing, team, working_hours  # noqa: E402,F401
