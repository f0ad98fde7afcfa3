"""On-call schedule routes (contract §3)."""

from __future__ import annotations

from .. import present
from ..api import api
from ..context import current_principal, current_store
from ..parsing import path_uuid
from ..responses import data


@api.get("/oncall/schedules")
def list_schedules():
    """The organization's schedules (without layers)."""
    return data([present.schedule(item) for item in current_store().list_schedules(current_principal())])


@api.get("/oncall/schedules/<schedule_id>")
def get_schedule(schedule_id: str):
    """One schedule with its layers."""
    record = current_store().get_schedule(current_principal(), path_uuid("id", schedule_id))
    return data(present.schedule(record, with_layers=True))
