"""The Scaling API blueprint: authenticates every request; its rules come from the route table, its views from
the modules of web/views/, each imported on its first use (web/lazy_views.py)."""

from __future__ import annotations

from flask import current_app, request

from .context import EXTENSION_KEY, PRINCIPAL_KEY
from .documented_only import CONFIG_KEY as DOCUMENTED_ONLY_KEY, refuse_chosen_operation
from .lazy_views import LazyBlueprint

api = LazyBlueprint("v1", __name__, package="mockscaling.web.views")

# The modules of web/views/ in the order their routes are added (the route table follows it).
VIEW_MODULES = ("components", "incidents", "oncall", "policies", "routing", "team", "working_hours")


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


# The id_except converter first: it must be in the url_map before the rules using it are added.
from . import converters  # noqa: E402,F401
from .route_table import API_ROUTES  # noqa: E402

api.add_routes(API_ROUTES)
