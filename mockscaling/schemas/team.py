"""Request schemas of the team endpoints (contract §3)."""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

from ..domain import errors
from ..domain.models import ROLES
from .common import StrictSchema, first_error, one_of


class InviteBody(StrictSchema):
    """POST /v1/team/members/invite: a body failing validation is 400 invalid_request_error (§6.1.4), not 422."""

    def handle_error(self, error: ValidationError, data: Any, *, many: bool, **kwargs: Any) -> None:
        # The invite endpoint's error table lists 400 invalid_request_error for a bad emailAddress or role.
        raise errors.InvalidRequest(first_error(error.messages)) from error

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
