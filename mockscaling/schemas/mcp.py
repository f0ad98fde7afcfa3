"""The MCP tools' argument schemas (validation, and their JSON Schema) and answer schemas (contract §7.2).

Argument names and rules follow the REST API's (the same helpers), so a value REST refuses is refused here
with the same message.
"""

from __future__ import annotations

from typing import Any

from marshmallow import fields, validate

from .. import chosen
from ..domain.models import STATUSES, VISIBILITIES
from .common import StrictSchema, one_of, text
from .incidents import CreateIncidentBody
from .responses import (
    EventOut,
    IncidentDetailOut,
    IncidentOut,
    ResponseSchema,
    ScheduleOut,
    UpdateOut,
    many,
    string,
    timestamp,
    uuid,
)


class JsonInteger(fields.Integer):
    """A JSON integer: never a string like "5", a fraction or a boolean.

    Example::

        sequential_id = JsonInteger(required=True, validate=validate.Range(min=1))
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(strict=True, **kwargs)

    def _validated(self, value: Any) -> Any:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._validated(value)


def sequential_id() -> JsonInteger:
    """The per-organization incident number every incident tool takes."""
    return JsonInteger(data_key="sequentialId", required=True,
                       validate=validate.Range(min=1, error="Must be greater than or equal to {min}."))


def idempotency_key() -> fields.String:
    """The optional `idempotencyKey` of the write tools."""
    return text("idempotencyKey", max_length=chosen.MCP_IDEMPOTENCY_KEY_MAX)


# ---- arguments -----------------------------------------------------------------------------------
class NoArgs(StrictSchema):
    """list_schedules: no arguments."""


class ListIncidentsArgs(StrictSchema):
    """list_incidents."""

    status = one_of("status", STATUSES)
    limit = JsonInteger(load_default=20, validate=validate.Range(min=1, max=100, error="Must be between {min} and {max}."))


class IncidentArgs(StrictSchema):
    """get_incident, get_incident_timeline, acknowledge_incident."""

    sequential_id = sequential_id()


class WhoIsOnCallArgs(StrictSchema):
    """who_is_on_call."""

    schedule_id = text("scheduleId", max_length=255)


class CreateIncidentArgs(CreateIncidentBody):
    """create_incident: POST /v1/incidents' body without escalationPolicyId, plus idempotencyKey."""

    class Meta(CreateIncidentBody.Meta):
        exclude = ("escalation_policy_id",)

    idempotency_key = idempotency_key()


class PostUpdateArgs(StrictSchema):
    """post_incident_update: body and visibility are both required (no default visibility)."""

    sequential_id = sequential_id()
    body = text("body", max_length=10_000, required=True)
    visibility = one_of("visibility", VISIBILITIES, required=True)
    idempotency_key = idempotency_key()


class TransitionArgs(StrictSchema):
    """transition_incident_status: one step forward, as PATCH /v1/incidents/{id}/status."""

    sequential_id = sequential_id()
    status = one_of("status", STATUSES, required=True)
    resolution_note = text("resolutionNote", max_length=2_000, min_length=0)


class ResolveArgs(StrictSchema):
    """resolve_incident."""

    sequential_id = sequential_id()
    resolution_note = text("resolutionNote", max_length=2_000, min_length=0)


class McpTokenBody(StrictSchema):
    """POST /_mock/mcp/tokens."""

    user_id = text("userId", max_length=255, required=True)


# ---- answers -------------------------------------------------------------------------------------
class IncidentListOut(ResponseSchema):
    """list_incidents' answer."""

    SOURCE = "chosen"
    incidents = many(IncidentOut)


class TimelineOut(ResponseSchema):
    """get_incident_timeline's answer."""

    SOURCE = "chosen"
    timeline = many(EventOut)


class ScheduleListOut(ResponseSchema):
    """list_schedules' answer."""

    SOURCE = "chosen"
    schedules = many(ScheduleOut)


class OnCallRowOut(ResponseSchema):
    """One person on duty."""

    SOURCE = "chosen"
    scheduleId = uuid()
    scheduleName = string()
    userId = string()
    until = timestamp(nullable=True)


class OnCallOut(ResponseSchema):
    """who_is_on_call's answer."""

    SOURCE = "chosen"
    onCall = many(OnCallRowOut)

