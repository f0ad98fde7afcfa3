"""Request schemas of the component endpoints (contract §3)."""

from __future__ import annotations

from marshmallow import fields, validate

from .. import chosen
from .common import LENGTH_ERROR, BoundedList, StrictSchema, text
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
