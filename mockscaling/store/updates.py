"""Update rules: post (with an optional status change), list, redact."""

from __future__ import annotations

from .. import chosen
from ..domain import errors
from ..domain.models import Incident, Update
from .base import Principal, StoreBase, locked, mutating


class UpdateRules(StoreBase):
    """Incident updates of contract §2: append-only, with visibility rules and redaction."""

    def _append_update(self, principal: Principal, incident: Incident, visibility: str, body: str | None, status_change: str | None) -> Update:
        now = self.now()
        update = Update(
            id=self.ids.uuid(),
            incident_id=incident.id,
            body=body,
            status_change=status_change,
            visibility=visibility,
            posted_by=principal.user_id,
            posted_at=now,
        )
        incident.updates.append(update)
        incident.updated_at = now
        self._event(incident, "update_posted", principal.user_id, now, updateId=update.id, visibility=visibility, statusChange=status_change)
        return update

    def has_public_surface(self, incident: Incident) -> bool:
        """True when a published status page selects at least one of the incident's components."""
        wanted = set(incident.component_ids)
        return any(
            page.published and wanted.intersection(page.component_ids)
            for page in self.status_pages.of_org(incident.org_id)
        )

    @mutating
    def create_update(
        self,
        principal: Principal,
        incident_id: str,
        visibility: str,
        body: str | None = None,
        status_change: str | None = None,
    ) -> Update:
        """Post an update; with `status_change` the transition and the update happen together.

        Example::

            store.create_update(principal, incident.id, visibility="internal", body="Looking into it")
        """
        incident = self._in_org(self.incidents, incident_id, principal, "Incident")
        if incident.resolved:
            raise errors.IncidentResolved()
        checks = {
            "empty_update": (body is None and status_change is None, errors.EmptyUpdate),
            "public_update_requires_body": (visibility == "public" and body is None, errors.PublicUpdateRequiresBody),
            "invalid_status_transition": (
                status_change is not None and self.next_status(incident) != status_change,
                errors.InvalidStatusTransition,
            ),
            "no_public_surface": (visibility == "public" and not self.has_public_surface(incident), errors.NoPublicSurface),
        }
        for rule in chosen.UPDATE_RULE_ORDER:
            broken, error = checks[rule]
            if broken:
                raise error()
        if status_change is not None:
            self._transition(principal, incident, status_change, None)
        return self._append_update(principal, incident, visibility, body, status_change)

    @locked
    def list_updates(self, principal: Principal, incident_id: str) -> list[Update]:
        """Every update of an incident, oldest first."""
        incident = self._in_org(self.incidents, incident_id, principal, "Incident")
        return sorted(incident.updates, key=lambda update: update.posted_at)

    @mutating
    def redact_update(self, principal: Principal, incident_id: str, update_id: str) -> Update:
        """Blank an update's body: its author within 5 minutes, or an admin at any time.

        Example::

            store.redact_update(principal, incident.id, update.id)
        """
        incident = self._in_org(self.incidents, incident_id, principal, "Incident")
        update = next((u for u in incident.updates if u.id == update_id), None)
        if update is None:
            raise errors.NotFound("Update not found.")
        now = self.now()
        is_author_in_time = update.posted_by == principal.user_id and now - update.posted_at <= chosen.REDACTION_WINDOW
        if not (principal.is_admin or is_author_in_time):
            raise errors.RedactionNotPermitted()
        if update.redacted_at is None:
            update.body = None
            update.redacted_at = now
            update.redacted_by = principal.user_id
            incident.updated_at = now
            self._event(incident, "update_redacted", principal.user_id, now, updateId=update.id)
        return update
