"""Request schemas of the working-hours endpoints (§6.2)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates

from .. import chosen
from .common import LENGTH_ERROR, BoundedList, StrictSchema, text
from .oncall import HANDOFF_TIME_PATTERN, HandoffTime, WholeNumber, timezone_field

WEEKDAY = validate.Range(min=1, max=7, error="Must be an ISO weekday between {min} (Monday) and {max} (Sunday).")
AT_LEAST_ONE = validate.Length(min=1, error="Give at least one.")


class WindowBody(StrictSchema):
    """One weekly window: ISO weekdays and HH:MM start/end in the set's zone (end <= start: across midnight)."""

    days = BoundedList(
        WholeNumber(validate=WEEKDAY), max_items=7, data_key="days", required=True, validate=AT_LEAST_ONE,
        metadata={"uniqueItems": True},
    )
    start = HandoffTime(data_key="start", required=True, metadata={"type": "string", "pattern": HANDOFF_TIME_PATTERN})
    end = HandoffTime(data_key="end", required=True, metadata={"type": "string", "pattern": HANDOFF_TIME_PATTERN})

    @validates("days")
    def _distinct_days(self, days: list[int], **kwargs: object) -> None:
        if len(set(days)) != len(days):
            raise ValidationError("Name each weekday once.")


class WorkingHoursBody(StrictSchema):
    """POST /v1/working-hours."""

    name = text("name", max_length=255, required=True)
    timezone = timezone_field("timezone")
    windows = BoundedList(fields.Nested(WindowBody), max_items=chosen.MAX_WINDOWS, data_key="windows", required=True, validate=AT_LEAST_ONE)


class UpdateWorkingHoursBody(StrictSchema):
    """PATCH /v1/working-hours/{id}: absent keeps a field; null is 422 (none is nullable, §6.1.6)."""

    name = fields.String(data_key="name", validate=validate.Length(min=1, max=255, error=LENGTH_ERROR))
    timezone = fields.String(data_key="timezone", validate=timezone_field("timezone").validate)
    windows = BoundedList(fields.Nested(WindowBody), max_items=chosen.MAX_WINDOWS, data_key="windows", validate=AT_LEAST_ONE)
