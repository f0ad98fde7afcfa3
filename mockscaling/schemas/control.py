"""Request schemas of mockscaling's own control plane (/_mock, contract §5)."""

from __future__ import annotations

from marshmallow import fields, validate, validates_schema, ValidationError

from .common import JsonNumber, StrictSchema


class ClockBody(StrictSchema):
    """POST /_mock/clock: exactly one of freeze, advance, unfreeze."""

    freeze = fields.AwareDateTime(allow_none=True, load_default=None, default_timezone=None)
    advance = JsonNumber(allow_none=True, load_default=None, validate=validate.Range(min=0, max=10 * 365 * 86400))
    unfreeze = fields.Boolean(allow_none=True, load_default=None)

    @validates_schema
    def _one_operation(self, data: dict, **kwargs: object) -> None:
        given = [name for name in ("freeze", "advance", "unfreeze") if data.get(name) not in (None, False)]
        if len(given) != 1:
            raise ValidationError("Give exactly one of freeze, advance or unfreeze.", "_schema")
