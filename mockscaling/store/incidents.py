"""Incident rules: create, list, get, status transitions, acknowledge, handoff, components."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import date

from .. import chosen
from ..domain import errors
from ..domain.models import STATUSES, Incident, StatusHistoryEntry
from .base import Principal, StoreBase, locked, mutating
from .tables import first_matches

# The lifecycle: each status may only move to the one after it; resolved is terminal.
NEXT_STATUS = dict(zip(STATUSES, STATUSES[1:]))


def encode_cursor(sequential_id: int) -> str:
    """An opaque cursor pointing just below `sequential_id`."""
    raw = json.dumps({chosen.CURSOR_FIELD: sequential_id}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    """The sequential id a cursor points below; ValidationFailed(invalid_query) when it is not ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        value = json.loads(raw)[chosen.CURSOR_FIELD]
    except (binascii.Error, ValueError, TypeError, KeyError, IndexError, RecursionError):
        value = None
    if type(value) is not int or value < 1:
        raise errors.ValidationFailed("cursor: Not a valid cursor.", code=chosen.VALIDATION_CODE_QUERY)
    return value


class IncidentRules(StoreBase):
    """The incident lifecycle of contract §2."""

    # ---- create ----------------------------------------------------------------------------------
    @mutating
    def create_incident(
        self,
        principal: Principal,
        title: str,
        severity: str,
        description: str | None = None,
        owner_id: str | None = None,
        owner_schedule_id: str | None = None,
        component_ids: list[str] | None = None,
        escalation_policy_id: str | None = None,
    ) -> Incident:
        """Open an incident (status investigating) and page escalation layer 1 if a policy is attached.

        Example::

            store.create_incident(principal, title="API down", severity="critical", owner_id="user_bob")
        """
        if owner_id is None and owner_schedule_id is None:
            raise errors.OwnerRequired()
        return self._open_incident(
            principal, title, severity, description, owner_id, owner_schedule_id, component_ids, escalation_policy_id
        )

    def _open_incident(
        self,
        principal: Principal,
        title: str,
        severity: str,
        description: str | None,
        owner_id: str | None,
        owner_schedule_id: str | None,
        component_ids: list[str] | None,
        escalation_policy_id: str | None,
    ) -> Incident:
        """create_incident without the owner requirement (an alert's incident may have no owner; chosen/)."""
        now = self.now()
        policy_id = None
        derived_owner = None
        if owner_schedule_id is not None:
            schedule = self._in_org(self.schedules, owner_schedule_id, principal, "Schedule")
            derived_owner = self.on_call_owner(schedule, now)
            policy_id = self.policy_for_schedule(principal.org_id, schedule.id)
        if owner_id is not None and self._member_of(principal.org_id, owner_id) is None:
            raise errors.InvalidOwnerId()
        components = self._checked_component_ids(principal, component_ids) if component_ids else []
        if escalation_policy_id is not None:
            policy = self.policies.get(escalation_policy_id)
            if policy is None or policy.org_id != principal.org_id:
                raise errors.InvalidEscalationPolicyId()
            policy_id = policy.id

        org = self.organizations[principal.org_id]
        incident = Incident(
            id=self.ids.uuid(),
            org_id=org.id,
            sequential_id=org.next_sequential_id,
            title=title,
            description=description,
            severity=severity,
            status=STATUSES[0],
            owner_id=owner_id if owner_id is not None else derived_owner,
            escalation_policy_id=policy_id,
            component_ids=components,
            created_by=principal.user_id,
            created_at=now,
            updated_at=now,
        )
        org.next_sequential_id += 1
        incident.status_history.append(StatusHistoryEntry(id=self.ids.prefixed("sh"), status=incident.status, changed_at=now))
        self._event(incident, "incident_created", principal.user_id, now, title=title, severity=severity)
        self.incidents[incident.id] = incident
        self.start_escalation(incident, now)
        return incident

    def _checked_component_ids(self, principal: Principal, component_ids: list[str]) -> list[str]:
        if len(set(component_ids)) != len(component_ids):
            raise errors.DuplicateComponentId()
        for component_id in component_ids:
            component = self.components.get(component_id)
            if component is None or component.org_id != principal.org_id:
                raise errors.InvalidComponentId(f"componentIds: unknown component {component_id}.")
        return list(component_ids)

    # ---- read ------------------------------------------------------------------------------------
    @locked
    def get_incident(self, principal: Principal, incident_id: str) -> Incident:
        """One incident of the caller's organization, or 404."""
        return self._in_org(self.incidents, incident_id, principal, "Incident")

    @locked
    def list_incidents(
        self,
        principal: Principal,
        limit: int = 20,
        cursor: str | None = None,
        status: str | None = None,
        severity: str | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
    ) -> tuple[list[Incident], str | None]:
        """A page of incidents, newest first, and the cursor of the next page (None on the last).

        Example::

            page, next_cursor = store.list_incidents(principal, limit=10)
        """
        before = decode_cursor(cursor) if cursor is not None else None
        # Sequential ids grow with creation, so they order newest-first even when createdAt ties. The
        # incidents come from one sorted list of this organization's ids per filter value, between two
        # bisections (store/facets.py): the page costs its own length, however rarely the filters match.
        matching = self.incidents.select(principal.org_id, before, status, severity, from_date, to_date)
        page, more = first_matches(matching, limit)
        next_cursor = encode_cursor(page[-1].sequential_id) if more else None
        return page, next_cursor

    # ---- status ----------------------------------------------------------------------------------
    @staticmethod
    def next_status(incident: Incident) -> str | None:
        """The only status `incident` may move to, or None when resolved."""
        return NEXT_STATUS.get(incident.status)

    def _transition(self, principal: Principal, incident: Incident, status: str, note: str | None) -> None:
        """Move to `status` if it is the next one; a rejected move changes nothing."""
        if NEXT_STATUS.get(incident.status) != status:
            raise errors.InvalidStatusTransition(
                f"Cannot move from {incident.status} to {status}: "
                + (f"the only next status is {NEXT_STATUS[incident.status]}." if incident.status in NEXT_STATUS else "resolved is final.")
            )
        now = self.now()
        previous = incident.status
        with self.incidents.changing(incident):  # the indexes read the status and when it became resolved
            incident.status = status
            incident.status_history.append(
                StatusHistoryEntry(id=self.ids.prefixed("sh"), status=status, changed_at=now, resolution_note=note)
            )
        incident.updated_at = now
        self._event(incident, "status_changed", principal.user_id, now, **{"from": previous, "to": status})
        if incident.resolved:
            self.stop_escalation(incident)

    @mutating
    def update_incident_status(self, principal: Principal, incident_id: str, status: str, resolution_note: str | None = None) -> Incident:
        """Move an incident to the next status, posting the internal update that records it.

        Example::

            store.update_incident_status(principal, incident.id, "identified")
        """
        incident = self._in_org(self.incidents, incident_id, principal, "Incident")
        self._transition(principal, incident, status, resolution_note)
        self._append_update(principal, incident, visibility="internal", body=resolution_note, status_change=status)
        return incident

    @mutating
    def resolve_incident(self, principal: Principal, incident_id: str, resolution_note: str | None = None) -> Incident:
        """Walk the remaining statuses to resolved in one call, each step in statusHistory with its internal
        update (the note goes on the last step); already resolved is 400 invalid_status_transition.

        Example::

            store.resolve_incident(principal, incident.id, resolution_note="Rolled back")
        """
        incident = self._in_org(self.incidents, incident_id, principal, "Incident")
        if incident.resolved:
            self._transition(principal, incident, STATUSES[-1], resolution_note)  # raises: resolved is final
        while not incident.resolved:
            status = NEXT_STATUS[incident.status]
            note = resolution_note if status == STATUSES[-1] else None
            self._transition(principal, incident, status, note)
            self._append_update(principal, incident, visibility="internal", body=note, status_change=status)
        return incident

    # ---- acknowledge, handoff, components --------------------------------------------------------
    @mutating
    def acknowledge_incident(self, principal: Principal, incident_id: str) -> Incident:
        """Acknowledge once (later calls and resolved incidents: no change) and cancel the escalation."""
        incident = self._in_org(self.incidents, incident_id, principal, "Incident")
        if incident.acknowledged_at is None and not incident.resolved:
            now = self.now()
            incident.acknowledged_at = now
            incident.acknowledged_by = principal.user_id
            incident.updated_at = now
            self._event(incident, "incident_acknowledged", principal.user_id, now)
            self.stop_escalation(incident)
        return incident

    @mutating
    def handoff_incident(self, principal: Principal, incident_id: str, target_user_id: str) -> Incident:
        """Make `target_user_id` the owner, page them and restart the escalation timer on the current layer."""
        incident = self._in_org(self.incidents, incident_id, principal, "Incident")
        if incident.resolved:
            raise errors.IncidentResolved()
        if self._member_of(principal.org_id, target_user_id) is None:
            raise errors.InvalidTargetUser()
        now = self.now()
        previous = incident.owner_id
        incident.owner_id = target_user_id
        incident.updated_at = now
        self._event(incident, "incident_handed_off", principal.user_id, now, previousOwnerId=previous, newOwnerId=target_user_id)
        self.page_handoff(incident, target_user_id, now)
        return incident

    @mutating
    def set_incident_components(self, principal: Principal, incident_id: str, component_ids: list[str]) -> Incident:
        """Replace the incident's affected components (`[]` clears them)."""
        incident = self._in_org(self.incidents, incident_id, principal, "Incident")
        if incident.resolved:
            raise errors.IncidentResolved()
        components = self._checked_component_ids(principal, component_ids)
        now = self.now()
        previous = incident.component_ids
        with self.incidents.changing(incident):
            incident.component_ids = components
        incident.updated_at = now
        self._event(incident, "components_changed", principal.user_id, now, previousComponentIds=previous, componentIds=components)
        return incident
