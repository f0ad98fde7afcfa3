"""Team rules: members, invitations, roles, removal (admin only), and the users directory (contract §3)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .. import chosen
from ..domain import errors
from ..domain.models import Invitation, Member
from .base import Principal, StoreBase, locked, mutating
from .schedules import renumber


class TeamRules(StoreBase):
    """Members and invitations of an organization; every write and the members list need an admin."""

    def _org_members(self, org_id: str) -> list[Member]:
        # Stable sort: members joined at the same instant keep their insertion order.
        return sorted(self.members.of_org(org_id), key=lambda m: m.joined_at)

    def _member_in_org(self, principal: Principal, user_id: str) -> Member:
        member = self._member_of(principal.org_id, user_id)
        if member is None:
            raise errors.NotFound("Member not found.")
        return member

    # ---- reads -----------------------------------------------------------------------------------
    @locked
    def list_team_members(self, principal: Principal) -> tuple[list[Member], list[Invitation]]:
        """(members, pending invitations) of the caller's organization; admins only.

        Example::

            members, invitations = store.list_team_members(admin)
        """
        self.require_admin(principal)
        invitations = sorted(
            (i for i in self.invitations.of_org(principal.org_id) if i.status == "pending"),
            key=lambda i: i.created_at,
        )
        return self._org_members(principal.org_id), invitations

    @locked
    def list_users(self, principal: Principal) -> list[Member]:
        """Everyone in the caller's organization (any key)."""
        return self._org_members(principal.org_id)

    # ---- writes ----------------------------------------------------------------------------------
    @mutating
    def invite_member(self, principal: Principal, email_address: str, role: str | None = None) -> Invitation:
        """Invite an email address (role default: chosen.DEFAULT_INVITATION_ROLE).

        Example::

            store.invite_member(admin, email_address="dee@acme.test", role="org:member")
        """
        self.require_admin(principal)
        wanted = email_address.casefold()
        if any(m.email.casefold() == wanted for m in self._org_members(principal.org_id)):
            raise errors.NameConflict(f"{email_address} is already a member of this organization.")
        if any(
            i.status == "pending" and i.email_address.casefold() == wanted
            for i in self.invitations.of_org(principal.org_id)
        ):
            raise errors.NameConflict(f"{email_address} already has a pending invitation.")
        invitation = Invitation(
            id=self.ids.prefixed("orginv"), org_id=principal.org_id, email_address=email_address,
            role=role or chosen.DEFAULT_INVITATION_ROLE, status="pending", created_at=self.now(),
        )
        self.invitations[invitation.id] = invitation
        return invitation

    @mutating
    def change_member_role(self, principal: Principal, user_id: str, role: str) -> Member:
        """Set another member's role, never your own (so the caller, an admin, always stays one)."""
        self.require_admin(principal)
        member = self._member_in_org(principal, user_id)
        if member.id == principal.user_id:
            raise errors.CannotChangeOwnRole()
        member.role = role
        return member

    @mutating
    def remove_member(self, principal: Principal, user_id: str) -> None:
        """Remove a member: their keys stop working at once; rotations, policies and incidents let go (chosen/)."""
        self.require_admin(principal)
        member = self._member_in_org(principal, user_id)
        if member.id == principal.user_id:
            raise errors.CannotRemoveSelf()
        del self.members[member.id]
        for api_key in self.api_keys.of_org(member.org_id):
            if api_key.user_id == member.id:
                api_key.revoked = True
        self._release_member(member)

    def _release_member(self, member: Member) -> None:
        now = self.now()
        for schedule in self._of_org(self.schedules, member.org_id):
            self._remove_from_layers(schedule, "participant_ids", member.id, first_position=0, now=now)
            self._release_overrides(schedule, member.id, now)  # store/overrides.py
        for policy in self._of_org(self.policies, member.org_id):
            self._remove_from_layers(policy, "user_ids", member.id, first_position=1, now=now)
        for incident in self.incidents.scan(member.org_id):
            if incident.owner_id == member.id and not incident.resolved:
                incident = self.incidents[incident.id]  # touched: a state file saves it
                incident.owner_id = None
                incident.updated_at = now

    @staticmethod
    def _remove_from_layers(owner: Any, attr: str, user_id: str, first_position: int, now: datetime) -> None:
        """Take `user_id` out of the `attr` id list of every layer of `owner` (a schedule or a policy).

        A layer left with nobody is deleted and the positions close up from `first_position`.
        """
        for layer in list(owner.layers):
            ids = getattr(layer, attr)
            if user_id in ids:
                setattr(layer, attr, [other for other in ids if other != user_id])
                layer.updated_at = owner.updated_at = now
                if not getattr(layer, attr):
                    owner.layers.remove(layer)
        renumber(owner.layers, first_position)

    @mutating
    def revoke_invitation(self, principal: Principal, invitation_id: str) -> None:
        """Revoke a pending invitation (it leaves the list); unknown or already revoked: 404."""
        self.require_admin(principal)
        invitation = self.invitations.get(invitation_id)
        if invitation is None or invitation.org_id != principal.org_id or invitation.status != "pending":
            raise errors.NotFound("Invitation not found.")
        invitation.status = "revoked"
