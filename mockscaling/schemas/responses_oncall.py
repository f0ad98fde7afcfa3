"""Response schemas (dump-only, for the OpenAPI document) of policies, team, users, resolve and the pages journal."""

from __future__ import annotations

from marshmallow import fields, validate

from ..models import ROLES
from .responses import MemberOut, ResponseSchema, enum, many, string, timestamp, uuid


class TargetOut(ResponseSchema):
    """A policy layer's target: `scheduleId` for type schedule, `userIds` for type users."""

    SOURCE = "docs"

    type = enum(("schedule", "users"))
    scheduleId = fields.UUID(dump_only=True)
    userIds = fields.List(fields.String(), dump_only=True)


class PolicyLayerOut(ResponseSchema):
    """The escalation policy Layer object (present_oncall.policy_layer)."""

    SOURCE = "docs"
    FIELD_SOURCES = {"policyId": "chosen", "createdAt": "chosen", "updatedAt": "chosen"}

    id = uuid()
    policyId = uuid()
    position = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=1))
    ackTimeoutMinutes = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=1, max=10_080))
    target = fields.Nested(TargetOut, required=True, dump_only=True)
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


class PolicyDetailOut(PolicyOut):
    """One policy with its layers, ordered by position."""

    FIELD_SOURCES = {"layers": "client"}

    layers = many(PolicyLayerOut)


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
    ownerId = string(nullable=True)
    pagingTargets = fields.List(fields.String(), required=True, dump_only=True)
    layers = many(LayerOnCallOut)
