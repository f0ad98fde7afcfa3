"""Response schemas (dump-only, for the OpenAPI document) of policies, team, users, resolve and the pages journal."""

from __future__ import annotations

from marshmallow import fields, validate

from .. import chosen
from ..domain.models import CONDITION_WHENS, ROLES
from .responses import MemberOut, ResponseSchema, enum, many, string, timestamp, uuid


class TargetOut(ResponseSchema):
    """A policy layer's target: `scheduleId` for type schedule, `userIds` for type users."""

    SOURCE = "docs"

    type = enum(("schedule", "users"))
    scheduleId = fields.UUID(dump_only=True)
    userIds = fields.List(fields.String(), dump_only=True)


class ConditionOut(ResponseSchema):
    """A step's working-hours condition (§6.2)."""

    SOURCE = "client"

    workingHoursId = uuid()
    when = enum(CONDITION_WHENS)


class StepOut(ResponseSchema):
    """A policy layer as Scaling's client sees it: an escalation Step (present_oncall.step, §6.2)."""

    SOURCE = "client"

    id = uuid()
    position = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=1))
    targetType = enum(("schedule", "user", "users"))
    targetId = string()
    escalateAfterSeconds = fields.Integer(
        required=True, dump_only=True, validate=validate.Range(min=60, max=chosen.MAX_ESCALATE_AFTER_SECONDS)
    )
    condition = fields.Nested(ConditionOut, required=True, allow_none=True, dump_only=True)
    createdAt = timestamp()
    updatedAt = timestamp()


class PolicyLayerOut(ResponseSchema):
    """The escalation policy Layer object (present_oncall.policy_layer)."""

    SOURCE = "docs"
    FIELD_SOURCES = {"policyId": "chosen", "createdAt": "chosen", "updatedAt": "chosen", "condition": "chosen"}

    id = uuid()
    policyId = uuid()
    position = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=1))
    ackTimeoutMinutes = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=1, max=10_080))
    target = fields.Nested(TargetOut, required=True, dump_only=True)
    condition = fields.Nested(ConditionOut, required=True, allow_none=True, dump_only=True)
    createdAt = timestamp()
    updatedAt = timestamp()


class PolicyOut(ResponseSchema):
    """The escalation Policy object without layers (present_oncall.policy)."""

    SOURCE = "docs"

    id = uuid()
    orgId = string()
    name = string()
    description = string(nullable=True)
    createdBy = string()
    createdAt = timestamp()
    updatedAt = timestamp()


class PolicyStepsOut(PolicyOut):
    """POST /escalation/policies: the policy, with `steps` when the request sent a `steps` key (no layers, §6.1.7)."""

    FIELD_SOURCES = {"steps": "client"}

    steps = fields.List(fields.Nested(StepOut), dump_only=True)


class PolicyDetailOut(PolicyOut):
    """One policy with its steps and its layers (two views of the same records), ordered by position."""

    FIELD_SOURCES = {"steps": "client", "layers": "chosen"}  # the client knows only steps

    steps = many(StepOut)
    layers = many(PolicyLayerOut)


class WindowOut(ResponseSchema):
    """One weekly window of a working-hours set."""

    SOURCE = "client"

    days = fields.List(fields.Integer(validate=validate.Range(min=1, max=7)), required=True, dump_only=True)
    start = string(validate=validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))
    end = string(validate=validate.Regexp(r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))


class WorkingHoursOut(ResponseSchema):
    """The WorkingHours object (present_oncall.working_hours, §6.2)."""

    SOURCE = "client"

    id = uuid()
    orgId = string()
    name = string()
    timezone = string()
    windows = many(WindowOut)
    createdAt = timestamp()
    updatedAt = timestamp()


class InvitationOut(ResponseSchema):
    """The Invitation object (present_oncall.invitation)."""

    SOURCE = "docs"

    id = string(validate=validate.Regexp(r"^orginv_"))
    emailAddress = string()
    role = enum(ROLES)
    status = enum(("pending", "revoked"))
    createdAt = timestamp()


class TeamOut(ResponseSchema):
    """GET /team/members."""

    SOURCE = "docs"

    members = many(MemberOut)
    invitations = many(InvitationOut)


class UserOut(ResponseSchema):
    """A row of GET /users."""

    SOURCE = "client"

    id = string()
    email = string()
    firstName = string()
    lastName = string()


class UsersOut(ResponseSchema):
    """GET /users."""

    SOURCE = "client"

    users = many(UserOut)


class LayerOnCallOut(ResponseSchema):
    """Who is on call in one rotation layer."""

    SOURCE = "chosen"

    layerId = uuid()
    position = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=0))
    onCallUserId = string(nullable=True)


class ResolutionOut(ResponseSchema):
    """GET /oncall/schedules/{id}/resolve."""

    SOURCE = "chosen"

    scheduleId = uuid()
    at = timestamp()
    overrideId = uuid(nullable=True)
    ownerId = string(nullable=True)
    pagingTargets = fields.List(fields.String(), required=True, dump_only=True)
    layers = many(LayerOnCallOut)


class ScheduleOverrideOut(ResponseSchema):
    """A schedule-wide override (present_oncall.schedule_override; chosen/oncall.py)."""

    SOURCE = "chosen"

    id = uuid()
    scheduleId = uuid()
    userId = string()
    startsAt = timestamp()
    endsAt = timestamp()
    createdBy = string()
    createdAt = timestamp()
