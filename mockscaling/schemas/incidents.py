"""Request schemas of the incident endpoints (contract §2)."""

from __future__ import annotations

from marshmallow import fields, validate

from ..domain.models import SEVERITIES, STATUSES, VISIBILITIES
from .common import QueryInteger, StrictSchema, id_list, one_of, text


class CreateIncidentBody(StrictSchema):
    """POST /v1/incidents."""

    title = text("title", max_length=100, required=True)
    description = text("description", max_length=10_000, min_length=0)
    severity = one_of("severity", SEVERITIES, required=True)
    owner_id = text("ownerId", max_length=255)
    owner_schedule_id = text("ownerScheduleId", max_length=255)
    component_ids = id_list("componentIds")
    escalation_policy_id = text("escalationPolicyId", max_length=255)


class ListIncidentsQuery(StrictSchema):
    """GET /v1/incidents query parameters."""

    limit = QueryInteger(load_default=20, validate=validate.Range(min=1, max=100, error="Must be between {min} and {max}."))
    cursor = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=1000),
        metadata={"description": "The previous page's nextCursor (opaque); anything else is 422 invalid_query."},
    )
    status = one_of("status", STATUSES)
    severity = one_of("severity", SEVERITIES)
    from_date = fields.Date(data_key="from", load_default=None, format="%Y-%m-%d", error_messages={"invalid": "Must be a date (YYYY-MM-DD)."})
    to_date = fields.Date(data_key="to", load_default=None, format="%Y-%m-%d", error_messages={"invalid": "Must be a date (YYYY-MM-DD)."})


class PeekIncidentsQuery(ListIncidentsQuery):
    """GET /_mock/incidents: the query of GET /v1/incidents and the organization whose incidents to list."""

    org_id = fields.String(data_key="orgId", required=True, validate=validate.Length(min=1, max=255))


class UpdateStatusBody(StrictSchema):
    """PATCH /v1/incidents/{id}/status."""

    status = one_of("status", STATUSES, required=True)
    resolution_note = text("resolutionNote", max_length=2_000, min_length=0)


class CreateUpdateBody(StrictSchema):
    """POST /v1/incidents/{id}/updates."""

    visibility = one_of("visibility", VISIBILITIES, required=True)
    body = text("body", max_length=10_000)
    status_change = one_of("statusChange", STATUSES)


class HandoffBody(StrictSchema):
    """POST /v1/incidents/{id}/handoff."""

    target_user_id = text("targetUserId", max_length=255, required=True)


class SetComponentsBody(StrictSchema):
    """PUT /v1/incidents/{id}/components."""

    component_ids = id_list("componentIds", required=True)
