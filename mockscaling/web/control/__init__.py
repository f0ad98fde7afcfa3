"""mockscaling's own control plane under /_mock (contract §5): one blueprint, one module per concern."""

from __future__ import annotations

from flask import Blueprint

control = Blueprint("mock", __name__)

# The modules attach their routes to `control` when imported.
from . import components, console, faults, integrations, journals, lifecycle, mcp, status_pages, tenants  # noqa: E402,F401
