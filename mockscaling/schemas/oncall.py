"""Request schemas of the schedule and rotation-layer endpoints (contract §3)."""

from __future__ import annotations

import re
from datetime import datetime, time
from typing import Any, ClassVar

from marshmallow import ValidationError, fields, validate, validates_schema

from .. import chosen
from ..domain.models import ROTATION_TYPES
from ..domain.timefmt import parse_datetime
from ..domain.zones import known_timezones
from .common import StrictSchema, id_list, one_of, text

HANDOFF_TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
HANDOFF_TIME = re.compile(HANDOFF_TIME_PATTERN)
# For the OpenAPI document: the years of chosen.INSTANT_RANGE (1970-8999) as a pattern on a date-time.
INSTANT_YEARS_PATTERN = r"^(19[7-9][0-9]|[2-8][0-9]{3})-"


def instant_metadata(nullable: bool = False) -> dict[str, Any]:
    """How an Instant field appears in the OpenAPI document."""
    # apispec adds "null" to the type of an allow_none field by itself.
    return {"type": "string", "format": "date-time", "pattern": INSTANT_YEARS_PATTERN}


class WholeNumber(fields.Integer):
    """A JSON integer: 3 and 3.0 (JSON Schema's "integer") but never 1.5, "3" or true.

    Example::

        WholeNumber(data_key="position").deserialize(2.0)   # 2
    """

    default_error_messages = {"invalid": "Not a valid integer."}

    def _validated(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int | float) or (isinstance(value, float) and not value.is_integer()):
            raise self.make_error("invalid")
        return int(value)


class Instant(fields.Field):
    """An ISO 8601 instant (offset or Z; naive is read as UTC) inside chosen.INSTANT_RANGE.

    Example::

        Instant(data_key="at").deserialize("2026-03-29T07:00:00Z")
    """

    default_error_messages = {
        "invalid": "Must be an ISO 8601 datetime.",
        "range": "Must be between {low} and {high}.",
    }

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> datetime:
        try:
            moment = parse_datetime(value)
        except (ValueError, TypeError, OverflowError) as exc:
            raise self.make_error("invalid") from exc
        low, high = chosen.INSTANT_RANGE
        if not low <= moment < high:
            raise self.make_error("range", low=low.isoformat(), high=high.isoformat())
        return moment


class HandoffTime(fields.Field):
    """`HH:MM`, 24 hours, read as a wall-clock time."""

    default_error_messages = {"invalid": "Must be a time HH:MM (24 hours)."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> time:
        if not isinstance(value, str) or not HANDOFF_TIME.match(value):
            raise self.make_error("invalid")
        return time.fromisoformat(value)


def timezone_field(data_key: str) -> fields.String:
    """A required IANA time-zone name."""
    return fields.String(
        data_key=data_key,
        required=True,
        validate=validate.OneOf(sorted(known_timezones()), error="Must be an IANA time-zone name such as Europe/Berlin."),
    )


class ScheduleBody(StrictSchema):
    """POST /v1/oncall/schedules and PUT /v1/oncall/schedules/{id} (a full replace)."""

    name = text("name", max_length=255, required=True)
    description = text("description", max_length=10_000, min_length=0)
    timezone = timezone_field("timezone")


class ResolveQuery(StrictSchema):
    """GET /v1/oncall/schedules/{id}/resolve?at=… (default: now)."""

    at = Instant(data_key="at", allow_none=True, load_default=None, metadata=instant_metadata())


class RotationLayerBody(StrictSchema):
    """POST /v1/oncall/schedules/{id}/layers and PUT …/layers/{layerId} (a full replace)."""

    name = text("name", max_length=255, required=True)
    rotation_type = one_of("rotationType", ROTATION_TYPES, required=True)
    # Required for every rotation type (§6.1.2); the upper bound is where date arithmetic would overflow.
    rotation_length_days = WholeNumber(
        data_key="rotationLengthDays",
        required=True,
        validate=validate.Range(min=1, max=chosen.MAX_ROTATION_LENGTH_DAYS, error="Must be between {min} and {max}."),
    )
    handoff_time = HandoffTime(
        data_key="handoffTime", required=True, metadata={"type": "string", "pattern": HANDOFF_TIME_PATTERN}
    )
    effective_from = Instant(data_key="effectiveFrom", required=True, metadata=instant_metadata())
    effective_until = Instant(data_key="effectiveUntil", allow_none=True, load_default=None, metadata=instant_metadata(True))
    # Emptiness and membership are business rules (400 invalid_participant), checked by the store.
    participant_ids = id_list("participantIds", required=True)

    # The length rule in the OpenAPI document (JSON Schema if/then; see openapi.py's OPENAPI_EXTRA hook).
    OPENAPI_EXTRA: ClassVar[dict[str, Any]] = {"allOf": [
        {"if": {"properties": {"rotationType": {"const": kind}}},
         "then": {"properties": {"rotationLengthDays": {"const": length}}}}
        for kind, length in chosen.FIXED_ROTATION_LENGTHS.items()
    ]}

    @validates_schema
    def _rotation_length(self, data: dict, **kwargs: object) -> None:
        kind, length = data.get("rotation_type"), data.get("rotation_length_days")
        fixed = chosen.FIXED_ROTATION_LENGTHS.get(kind)
        if fixed is not None and length is not None and length != fixed:
            raise ValidationError(f"Must be {fixed} for a {kind} rotation.", "rotationLengthDays")


class LayerOrderBody(StrictSchema):
    """PUT …/layers/order: the layer ids in their new order."""

    layer_ids = id_list("layerIds", required=True)


class ScheduleOverrideBody(StrictSchema):
    """POST /v1/oncall/schedules/{id}/overrides: who displaces the owner-bearing layer, and when (chosen/oncall.py)."""

    user_id = text("userId", max_length=255, required=True)
    starts_at = Instant(data_key="startsAt", required=True, metadata=instant_metadata())
    ends_at = Instant(data_key="endsAt", required=True, metadata=instant_metadata())
