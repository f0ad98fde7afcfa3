"""Request schemas of the team endpoints (contract §3)."""

from __future__ import annotations

from marshmallow import fields, validate

from ..models import ROLES
from .common import StrictSchema, one_of


class InviteBody(StrictSchema):
    """POST /v1/team/members/invite."""

    email_address = fields.Email(
        data_key="emailAddress",
        required=True,
        validate=validate.Length(max=320, error="Must be at most {max} characters."),
        error_messages={"invalid": "Must be a valid email address."},
    )
    role = one_of("role", ROLES)  # not given: chosen.DEFAULT_INVITATION_ROLE (the store fills it in)


class RoleBody(StrictSchema):
    """PATCH /v1/team/members/{userId}/role."""

    role = one_of("role", ROLES, required=True)
