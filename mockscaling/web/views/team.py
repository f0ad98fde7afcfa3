"""Team routes (contract §3): admin keys only, checked before the body so members always get 401."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ...domain import errors
from ...schemas.team import InviteBody, RoleBody
from .. import present, present_oncall
from ..api import api
from ..context import current_principal, current_store
from ..parsing import parse_body
from ..responses import data, no_content
from ..spec import documented

INVITE = InviteBody()
ROLE = RoleBody()
USER_PATH = {"user_id": {"type": "string"}}


def admin_only(view: Callable[..., Any]) -> Callable[..., Any]:
    """Apply the store's admin rule before any body or path check, so a member key always gets 401.

    Example::

        @api.get("/team/members")
        @admin_only
        def list_team_members(): ...
    """

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        current_store().require_admin(current_principal())
        return view(*args, **kwargs)

    return wrapper


@api.get("/team/members")
@documented(source="docs", response="responses_oncall.TeamOut", errors=(errors.NotAuthorized,))
@admin_only
def list_team_members():
    """Members and pending invitations."""
    members, invitations = current_store().list_team_members(current_principal())
    return data({
        "members": [present.member(m) for m in members],
        "invitations": [present_oncall.invitation(i) for i in invitations],
    })


@api.post("/team/members/invite")
@documented(source="docs", body=INVITE, response="responses_oncall.InvitationOut", status=201,
            errors=(errors.NotAuthorized, errors.InvalidRequest, errors.NameConflict))
@admin_only
def invite_member():
    """Invite an email address."""
    body = parse_body()
    return data(present_oncall.invitation(current_store().invite_member(current_principal(), **body)), 201)


@api.patch("/team/members/<id_except('invite', 'invitations'):user_id>/role")
@documented(source="docs",
    body=ROLE, response="responses.MemberOut", path=USER_PATH,
    errors=(errors.NotAuthorized, errors.CannotChangeOwnRole),
)
@admin_only
def change_member_role(user_id: str):
    """Change another member's role."""
    body = parse_body()
    return data(present.member(current_store().change_member_role(current_principal(), user_id, **body)))


@api.delete("/team/members/<id_except('invite', 'invitations'):user_id>")
@documented(source="docs", status=204, errors=(errors.NotAuthorized, errors.CannotRemoveSelf), path=USER_PATH)
@admin_only
def remove_member(user_id: str):
    """Remove a member (their keys stop working at once)."""
    current_store().remove_member(current_principal(), user_id)
    return no_content()


@api.delete("/team/members/invitations/<invitation_id>")
@documented(source="docs", status=204, errors=(errors.NotAuthorized,), path={"invitation_id": {"type": "string"}})
@admin_only
def revoke_invitation(invitation_id: str):
    """Revoke a pending invitation."""
    current_store().revoke_invitation(current_principal(), invitation_id)
    return no_content()


@api.get("/users")
@documented(source="client", response="responses_oncall.UsersOut")
def list_users():
    """Everyone in the organization (any key)."""
    return data({"users": [present_oncall.user(m) for m in current_store().list_users(current_principal())]})
