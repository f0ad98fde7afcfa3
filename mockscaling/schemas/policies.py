"""Request schemas of the escalation-policy endpoints (contract §3)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

from .. import errors
from .common import StrictSchema, first_error, id_list, one_of, text
from .oncall import WholeNumber
from .patch import patch_schema

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

    # How the type and the id fields fit together is a business rule (400 invalid_target), checked by the store.


class _LayerBody(StrictSchema):
    """A policy-layer body: a target that is present but malformed is 400 invalid_target (§6.1.3), not 422."""

    def handle_error(self, error: ValidationError, data: Any, *, many: bool, **kwargs: Any) -> None:
        messages = error.messages if isinstance(error.messages, dict) else {}
        # Only when the target is the one offending field: other fields' 422s come first, like every
        # schema error before a business rule, and a null or absent target stays a 422 (§6.1.6).
        if set(messages) == {"target"} and isinstance(data, dict) and data.get("target") is not None:
            raise errors.InvalidTarget(first_error(messages)) from error


class CreatePolicyLayerBody(_LayerBody):
    """POST /v1/escalation/policies/{id}/layers (position is required, §6.1.2)."""

    position = WholeNumber(data_key="position", required=True, validate=POSITION)
    ack_timeout_minutes = WholeNumber(data_key="ackTimeoutMinutes", required=True, validate=ACK_TIMEOUT)
    target = fields.Nested(TargetBody, data_key="target", required=True)


# PATCH …/layers/{layerId}: merge-patch (§6.1.6); absent fields keep their value, none of them may be null.
UpdatePolicyLayerBody = patch_schema(
    CreatePolicyLayerBody, nullable=(), base=_LayerBody, name="UpdatePolicyLayerBody",
    doc="PATCH …/layers/{layerId}: absent fields keep their value; none of them may be null (422).",
)


class PagesQuery(StrictSchema):
    """GET /_mock/pages: optional filters of the notification journal."""

    incident_id = text("incidentId", max_length=255)
    org_id = text("orgId", max_length=255)
