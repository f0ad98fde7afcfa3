"""Request schemas of the escalation-policy endpoints (contract §3)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

from .. import chosen
from ..domain import errors
from ..domain.models import CONDITION_WHENS
from .common import BoundedList, StrictSchema, first_error, id_list, one_of, text
from .oncall import WholeNumber
from .patch import patch_schema

TARGET_TYPES = ("schedule", "users")
STEP_TARGET_TYPES = ("schedule", "user")
ESCALATE_AFTER = validate.Range(min=60, max=chosen.MAX_ESCALATE_AFTER_SECONDS, error="Must be between {min} and {max}.")
ACK_TIMEOUT = validate.Range(min=1, max=10_080, error="Must be between {min} and {max}.")
POSITION = validate.Range(min=1, error="Must be at least {min}.")


class ConditionBody(StrictSchema):
    """A step's working-hours condition: page only `during` or `outside` the set's windows."""

    working_hours_id = text("workingHoursId", max_length=255, required=True)
    when = one_of("when", CONDITION_WHENS, required=True)


class StepBody(StrictSchema):
    """One escalation step as Scaling's client sends it (§6.2); a `position` that is sent must match the list
    order, a rule between the step and the list that the store checks (400 invalid_step_position)."""

    position = WholeNumber(data_key="position", allow_none=True, load_default=None, validate=POSITION)
    target_type = one_of("targetType", STEP_TARGET_TYPES, required=True)
    target_id = text("targetId", max_length=255, required=True)
    escalate_after_seconds = WholeNumber(data_key="escalateAfterSeconds", required=True, validate=ESCALATE_AFTER)
    condition = fields.Nested(ConditionBody, data_key="condition", allow_none=True, load_default=None)


class PolicyBody(StrictSchema):
    """POST /v1/escalation/policies (`steps`: the client's view of the layers, optional)."""

    name = text("name", max_length=255, required=True)
    description = text("description", max_length=10_000, min_length=0)
    steps = BoundedList(fields.Nested(StepBody), max_items=chosen.MAX_STEPS, data_key="steps", allow_none=True)


class ReplacePolicyBody(StrictSchema):
    """PUT /v1/escalation/policies/{id}: the full desired state (name and steps keys required; null steps = none)."""

    name = text("name", max_length=255, required=True)
    description = text("description", max_length=10_000, min_length=0)
    steps = BoundedList(fields.Nested(StepBody), max_items=chosen.MAX_STEPS, data_key="steps", required=True, allow_none=True)


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
