"""On-call schedule and rotation-layer routes (contract §3)."""

from __future__ import annotations

from ...domain import errors
from ...schemas.oncall import LayerOrderBody, ResolveQuery, RotationLayerBody, ScheduleBody, ScheduleOverrideBody
from .. import present, present_oncall
from ..api import api
from ..context import current_principal, current_store
from ..parsing import parse_body, parse_query, path_uuid
from ..responses import data, no_content
from ..spec import documented

SCHEDULE = ScheduleBody()
RESOLVE = ResolveQuery()
LAYER = RotationLayerBody()
LAYER_ORDER = LayerOrderBody()
OVERRIDE = ScheduleOverrideBody()


@api.get("/oncall/schedules")
@documented(source="docs", response="responses.ScheduleOut", many=True)
def list_schedules():
    """The organization's schedules (without layers)."""
    return data([present.schedule(item) for item in current_store().list_schedules(current_principal())])


@api.post("/oncall/schedules")
@documented(source="docs", body=SCHEDULE, response="responses.ScheduleOut", status=201, errors=(errors.NameConflict,))
def create_schedule():
    """Add a schedule (answered without `layers`, as the docs show it)."""
    body = parse_body()
    return data(present.schedule(current_store().create_schedule(current_principal(), **body)), 201)


@api.get("/oncall/schedules/<schedule_id>")
@documented(source="docs", response="responses.ScheduleDetailOut")
def get_schedule(schedule_id: str):
    """One schedule with its layers."""
    record = current_store().get_schedule(current_principal(), path_uuid("id", schedule_id))
    return data(present.schedule(record, with_layers=True))


@api.put("/oncall/schedules/<schedule_id>")
@documented(source="client", body=SCHEDULE, response="responses.ScheduleDetailOut", errors=(errors.NameConflict,))
def replace_schedule(schedule_id: str):
    """Replace a schedule's name, description and timezone."""
    schedule_id = path_uuid("id", schedule_id)
    body = parse_body()
    record = current_store().replace_schedule(current_principal(), schedule_id, **body)
    return data(present.schedule(record, with_layers=True))


@api.delete("/oncall/schedules/<schedule_id>")
@documented(source="client", status=204)
def delete_schedule(schedule_id: str):
    """Remove a schedule."""
    current_store().delete_schedule(current_principal(), path_uuid("id", schedule_id))
    return no_content()


@api.get("/oncall/schedules/<schedule_id>/resolve")
@documented(source="docs", query=RESOLVE, response="responses_oncall.ResolutionOut")
def resolve_schedule(schedule_id: str):
    """Who is on call at `at` (default now)."""
    schedule_id = path_uuid("id", schedule_id)
    query = parse_query()
    return data(present_oncall.resolution(current_store().resolve_schedule(current_principal(), schedule_id, **query)))


@api.post("/oncall/schedules/<schedule_id>/layers")
@documented(source="docs", body=LAYER, response="responses.RotationLayerOut", status=201,
            errors=(errors.NameConflict, errors.InvalidParticipant))
def create_rotation_layer(schedule_id: str):
    """Append a rotation layer."""
    schedule_id = path_uuid("id", schedule_id)
    body = parse_body()
    return data(present.rotation_layer(current_store().create_rotation_layer(current_principal(), schedule_id, **body)), 201)


@api.put("/oncall/schedules/<schedule_id>/layers/order")
@documented(source="chosen", body=LAYER_ORDER, response="responses.ScheduleDetailOut", errors=(errors.InvalidLayerOrder,))
def reorder_rotation_layers(schedule_id: str):
    """Set the order of the schedule's layers; answers the schedule with its layers."""
    schedule_id = path_uuid("id", schedule_id)
    body = parse_body()
    record = current_store().reorder_rotation_layers(current_principal(), schedule_id, **body)
    return data(present.schedule(record, with_layers=True))


@api.put("/oncall/schedules/<schedule_id>/layers/<id_except('order'):layer_id>")
@documented(source="client", body=LAYER, response="responses.RotationLayerOut",
            errors=(errors.NameConflict, errors.InvalidParticipant))
def replace_rotation_layer(schedule_id: str, layer_id: str):
    """Replace a rotation layer."""
    schedule_id, layer_id = path_uuid("id", schedule_id), path_uuid("layerId", layer_id)
    body = parse_body()
    record = current_store().replace_rotation_layer(current_principal(), schedule_id, layer_id, **body)
    return data(present.rotation_layer(record))


@api.delete("/oncall/schedules/<schedule_id>/layers/<id_except('order'):layer_id>")
@documented(source="client", status=204)
def delete_rotation_layer(schedule_id: str, layer_id: str):
    """Remove a rotation layer."""
    current_store().delete_rotation_layer(current_principal(), path_uuid("id", schedule_id), path_uuid("layerId", layer_id))
    return no_content()


@api.get("/oncall/schedules/<schedule_id>/overrides")
@documented(source="chosen", response="responses_oncall.ScheduleOverrideOut", many=True)
def list_schedule_overrides(schedule_id: str):
    """The schedule-wide overrides of a schedule, by start."""
    records = current_store().list_schedule_overrides(current_principal(), path_uuid("id", schedule_id))
    return data([present_oncall.schedule_override(item) for item in records])


@api.post("/oncall/schedules/<schedule_id>/overrides")
@documented(source="chosen", body=OVERRIDE, response="responses_oncall.ScheduleOverrideOut", status=201,
            errors=(errors.InvalidOverrideWindow, errors.InvalidParticipant))
def create_schedule_override(schedule_id: str):
    """Add a schedule-wide override: its user displaces the owner-bearing layer while it is active."""
    schedule_id = path_uuid("id", schedule_id)
    body = parse_body()
    record = current_store().create_schedule_override(current_principal(), schedule_id, **body)
    return data(present_oncall.schedule_override(record), 201)


@api.delete("/oncall/schedules/<schedule_id>/overrides/<override_id>")
@documented(source="chosen", status=204)
def delete_schedule_override(schedule_id: str, override_id: str):
    """End a schedule-wide override at once."""
    schedule_id, override_id = path_uuid("id", schedule_id), path_uuid("overrideId", override_id)
    current_store().delete_schedule_override(current_principal(), schedule_id, override_id)
    return no_content()
