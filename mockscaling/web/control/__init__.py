"""mockscaling's own control plane under /_mock (contract §5): one blueprint, one module per concern."""

from __future__ import annotations

from ..lazy_views import LazyBlueprint
from ..route_table import CONTROL_ROUTES

control = LazyBlueprint("mock", __name__, package=__name__)

# The modules declare their views on `control` when imported, on first use (web/lazy_views.py); the route
# table lists their rules in this order.
CONTROL_MODULES = ("components", "console", "faults", "integrations", "journals", "lifecycle", "mcp", "status_pages",
                   "tenants")

control.add_routes(CONTROL_ROUTES)
