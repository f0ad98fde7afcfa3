"""Request schemas of the component endpoints (contract §3)."""

from __future__ import annotations

from marshmallow import fields, validate

from .. import chosen
from .common import LENGTH_ERROR, BoundedList, StrictSchema, text

ALIAS = fields.String(validate=validate.Length(min=1, max=100, error=LENGTH_ERROR))


class CreateComponentBody(StrictSchema):
    """POST /v1/components."""

    name = text("name", max_length=100, required=True)
    description = text("description", max_length=10_000, min_length=0)
    group_label = text("groupLabel", max_length=100)
    aliases = BoundedList(ALIAS, max_items=chosen.MAX_ALIASES, data_key="aliases", allow_none=True, load_default=None)


class UpdateComponentBody(StrictSchema):
    """PATCH /v1/components/{id}: every field optional; absent or null fields keep their value."""

    name = fields.String(data_key="name", allow_none=True, validate=validate.Length(min=1, max=100, error=LENGTH_ERROR))
    description = fields.String(data_key="description", allow_none=True, validate=validate.Length(max=10_000, error=LENGTH_ERROR))
    group_label = fields.String(data_key="groupLabel", allow_none=True, validate=validate.Length(min=1, max=100, error=LENGTH_ERROR))
    aliases = BoundedList(ALIAS, max_items=chosen.MAX_ALIASES, data_key="aliases", allow_none=True)
