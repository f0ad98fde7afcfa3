"""Request schemas of the component endpoints (contract §3)."""

from __future__ import annotations

from marshmallow import fields, validate

from .. import chosen
from ..domain.models import COMPONENT_STATUSES
from .common import LENGTH_ERROR, BoundedList, QueryInteger, StrictSchema, text
from .oncall import Instant, instant_metadata
from .patch import patch_schema

ALIAS = fields.String(validate=validate.Length(min=1, max=100, error=LENGTH_ERROR))


class CreateComponentBody(StrictSchema):
    """POST /v1/components."""

    name = text("name", max_length=100, required=True)
    description = text("description", max_length=10_000, min_length=0)
    group_label = text("groupLabel", max_length=100)
    aliases = BoundedList(ALIAS, max_items=chosen.MAX_ALIASES, data_key="aliases", allow_none=True, load_default=None)


# PATCH /v1/components/{id}: merge-patch (§6.1.6); description and groupLabel may be cleared with null.
UpdateComponentBody = patch_schema(
    CreateComponentBody, nullable={"description", "group_label"}, name="UpdateComponentBody",
    doc="PATCH /v1/components/{id}: absent fields are unchanged; null clears description or groupLabel.",
)


class ListComponentsQuery(StrictSchema):
    """GET /v1/components query parameters (§6.2)."""

    limit = QueryInteger(load_default=20, validate=validate.Range(min=1, max=100, error="Must be between {min} and {max}."))
    cursor = fields.String(
        load_default=None,
        validate=validate.Length(min=1, max=1000),
        metadata={"description": "The previous page's nextCursor (opaque); anything else is 422 invalid_query."},
    )


class ComponentStatusBody(StrictSchema):
    """PUT /_mock/components/{id}/status: a manual status; `"status": null` clears it."""

    status = fields.String(
        data_key="status", required=True, allow_none=True,
        validate=validate.OneOf(list(COMPONENT_STATUSES), error="Must be one of: {choices}."),
    )


class MaintenanceWindowBody(StrictSchema):
    """PUT /_mock/components/{id}/maintenance: from `startedAt` (default now) until `endsAt` (null: open-ended)."""

    started_at = Instant(data_key="startedAt", allow_none=True, load_default=None, metadata=instant_metadata())
    ends_at = Instant(data_key="endsAt", allow_none=True, load_default=None, metadata=instant_metadata(nullable=True))
