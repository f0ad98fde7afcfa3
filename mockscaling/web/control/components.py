"""Control plane: a component's manual status and maintenance window (/_mock/components, contract §6.2)."""

from __future__ import annotations

from ...schemas.components import ComponentStatusBody, MaintenanceWindowBody
from .. import present
from ..context import current_store
from ..parsing import parse_body
from ..responses import data
from . import control

STATUS = ComponentStatusBody()
MAINTENANCE = MaintenanceWindowBody()


@control.put("/components/<component_id>/status")
def set_component_status(component_id: str):
    """Set a component's manual status (`{"status": "degraded"}`); `"status": null` clears it."""
    body = parse_body(STATUS)
    store = current_store()
    return data(present.component(store, store.set_component_status(component_id, body["status"])))


@control.put("/components/<component_id>/maintenance")
def set_maintenance_window(component_id: str):
    """Put a component in maintenance: `{"startedAt"?, "endsAt"?}` (start default now, end null: open-ended)."""
    body = parse_body(MAINTENANCE)
    store = current_store()
    return data(present.component(store, store.set_maintenance_window(component_id, body["started_at"], body["ends_at"])))


@control.delete("/components/<component_id>/maintenance")
def clear_maintenance_window(component_id: str):
    """End a component's maintenance window."""
    store = current_store()
    return data(present.component(store, store.clear_maintenance_window(component_id)))
