"""Request schemas of the escalation-policy endpoints (contract §3)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from .common import StrictSchema, id_list, one_of, text

TARGET_TYPES = ("schedule", "users")
ACK_TIMEOUT = validate.Range(min=1, max=10_080, error="Must be between {min} and {max}.")
POSITION = validate.Range(min=1, error="Must be at least {min}.")


class PolicyBody(StrictSchema):
    """POST /v1/escalation/policies."""

    name = text("name", max_length=255, required=True)
    description = text("description", max_length=10_000, min_length=0)


class TargetBody(StrictSchema):
    """A layer's target: `{"type": "schedule", "scheduleId"}` or `{"type": "users", "userIds": [...]}`."""

    type = one_of("type", TARGET_TYPES, required=True)
    schedule_id = text("scheduleId", max_length=255)
    user_ids = id_list("userIds")

    @validates_schema
    def _shape(self, data: dict, **kwargs: object) -> None:
        if data.get("type") == "schedule":
            if data.get("schedule_id") is None:
                raise ValidationError("Required for a schedule target.", "scheduleId")
            if data.get("user_ids") is not None:
                raise ValidationError("Only allowed on a users target.", "userIds")
        elif data.get("type") == "users":
            ids = data.get("user_ids")
            if not ids:
                raise ValidationError("Give at least one user id.", "userIds")
            if len(set(ids)) != len(ids):
                raise ValidationError("Must not name the same user twice.", "userIds")
            if data.get("schedule_id") is not None:
                raise ValidationError("Only allowed on a schedule target.", "scheduleId")


class CreatePolicyLayerBody(StrictSchema):
    """POST /v1/escalation/policies/{id}/layers (no position: appended at the end)."""

    position = fields.Integer(data_key="position", allow_none=True, load_default=None, strict=True, validate=POSITION)
    ack_timeout_minutes = fields.Integer(data_key="ackTimeoutMinutes", required=True, strict=True, validate=ACK_TIMEOUT)
    target = fields.Nested(TargetBody, data_key="target", required=True)


class UpdatePolicyLayerBody(StrictSchema):
    """PATCH …/layers/{layerId}: every field optional; absent or null fields keep their value."""

    position = fields.Integer(data_key="position", allow_none=True, strict=True, validate=POSITION)
    ack_timeout_minutes = fields.Integer(data_key="ackTimeoutMinutes", allow_none=True, strict=True, validate=ACK_TIMEOUT)
    target = fields.Nested(TargetBody, data_key="target", allow_none=True)


class PagesQuery(StrictSchema):
    """GET /_mock/pages: optional filters of the notification journal."""

    incident_id = text("incidentId", max_length=255)
    org_id = text("orgId", max_length=255)
