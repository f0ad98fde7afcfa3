"""Working-hours routes (§6.2): named weekly windows used by escalation-step conditions."""

from __future__ import annotations

from ...domain import errors
from ...schemas.working_hours import UpdateWorkingHoursBody, WorkingHoursBody
from .. import present_oncall
from ..api import api
from ..context import current_principal, current_store
from ..parsing import parse_body, path_uuid
from ..responses import data, no_content
from ..spec import documented

CREATE_WORKING_HOURS = WorkingHoursBody()
UPDATE_WORKING_HOURS = UpdateWorkingHoursBody()


@api.get("/working-hours")
@documented(source="client", response="responses_oncall.WorkingHoursOut", many=True)
def list_working_hours():
    """The organization's working-hours sets, oldest first."""
    return data([present_oncall.working_hours(item) for item in current_store().list_working_hours(current_principal())])


@api.post("/working-hours")
@documented(source="client", body=CREATE_WORKING_HOURS, response="responses_oncall.WorkingHoursOut", status=201,
            errors=(errors.NameConflict,))
def create_working_hours():
    """Add a working-hours set."""
    body = parse_body()
    return data(present_oncall.working_hours(current_store().create_working_hours(current_principal(), **body)), 201)


@api.get("/working-hours/<working_hours_id>")
@documented(source="client", response="responses_oncall.WorkingHoursOut")
def get_working_hours(working_hours_id: str):
    """One working-hours set."""
    record = current_store().get_working_hours(current_principal(), path_uuid("id", working_hours_id))
    return data(present_oncall.working_hours(record))


@api.patch("/working-hours/<working_hours_id>")
@documented(source="client", body=UPDATE_WORKING_HOURS, response="responses_oncall.WorkingHoursOut",
            errors=(errors.NameConflict,))
def update_working_hours(working_hours_id: str):
    """Change some fields of a working-hours set (the client sends the full desired state)."""
    working_hours_id = path_uuid("id", working_hours_id)
    body = parse_body()
    return data(present_oncall.working_hours(current_store().update_working_hours(current_principal(), working_hours_id, **body)))


@api.delete("/working-hours/<working_hours_id>")
@documented(source="client", status=204, errors=(errors.InUse,))
def delete_working_hours(working_hours_id: str):
    """Remove a working-hours set (409 in_use while a step's condition names it)."""
    current_store().delete_working_hours(current_principal(), path_uuid("id", working_hours_id))
    return no_content()
