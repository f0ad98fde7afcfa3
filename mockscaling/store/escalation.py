"""Escalation rules: paging policy layers on the server clock, and the notification journal."""

from __future__ import annotations

import heapq
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from ..domain.models import Escalation, Incident, Page, PolicyLayer
from ..domain.rotation import resolve_schedule
from ..domain.timefmt import format_time
from ..domain.workhours import condition_holds
from .base import StoreBase, locked


def page_document(record: Page) -> dict[str, Any]:
    """One row of the notification journal as GET /_mock/pages serves it."""
    return {
        "id": record.id,
        "orgId": record.org_id,
        "incidentId": record.incident_id,
        "userId": record.user_id,
        "sentAt": format_time(record.sent_at),
        "reason": record.reason,
        "layerPosition": record.layer_position,
        "integrationId": record.integration_id,
    }


class EscalationRules(StoreBase):
    """Pages layer after layer until someone acknowledges; no background thread.

    Due steps fire, at their exact due instants, whenever the store is used or the clock is moved.
    Pending steps wait in a heap keyed on (due instant, sequential id, incident id): checking costs
    O(1) when nothing is due and firing k steps O(k log n). Entries are never removed early; an entry
    whose incident no longer has that due instant (acknowledged, resolved, handed off) is skipped.
    """

    _escalation_timer: list[tuple[datetime, int, str]]

    def _clear_hooks(self) -> list:
        return [*super()._clear_hooks(), self._clear_escalation_timer]

    def _clear_escalation_timer(self) -> None:
        self._escalation_timer = []

    def _arm(self, incident: Incident) -> None:
        """Put the incident's current due instant on the timer (older entries for it become stale)."""
        escalation = incident.escalation
        if escalation is not None and escalation.due_at is not None:
            heapq.heappush(self._escalation_timer, (escalation.due_at, incident.sequential_id, incident.id))

    def _rearm_escalations(self, incidents: Iterable[Incident]) -> None:
        for incident in incidents:
            self._arm(incident)

    def _policy_layer(self, policy_id: str, position: int) -> PolicyLayer | None:
        policy = self.policies.get(policy_id)
        if policy is None:
            return None
        return next((layer for layer in policy.layers if layer.position == position), None)

    def _layer_targets(self, layer: PolicyLayer, at: datetime) -> list[str]:
        if layer.target_type == "schedule":
            schedule = self.schedules.get(layer.schedule_id or "")
            return resolve_schedule(schedule, at)[1] if schedule is not None else []
        return list(layer.user_ids)

    def _page(self, incident: Incident, user_ids: list[str], at: datetime, reason: str, position: int | None) -> None:
        for user_id in user_ids:
            self.pages.append(
                Page(
                    id=self.ids.uuid(),
                    org_id=incident.org_id,
                    incident_id=incident.id,
                    user_id=user_id,
                    sent_at=at,
                    reason=reason,
                    layer_position=position,
                )
            )

    def _page_layer(self, incident: Incident, layer: PolicyLayer, at: datetime) -> None:
        targets = self._layer_targets(layer, at)
        self._page(incident, targets, at, "escalation", layer.position)
        self._event(incident, "incident_paged", None, at, layerPosition=layer.position, targetUserIds=targets)
        assert incident.escalation is not None
        incident.escalation.layer_position = layer.position
        incident.escalation.due_at = at + timedelta(seconds=layer.escalate_after_seconds)
        self._arm(incident)

    def start_escalation(self, incident: Incident, now: datetime) -> None:
        """Page the policy's first layer at once and arm the timer for the next one."""
        if incident.escalation_policy_id is None:
            return
        policy = self.policies.get(incident.escalation_policy_id)
        if policy is None or not policy.layers:
            return
        incident.escalation = Escalation(policy_id=policy.id, layer_position=0, due_at=None)
        self._escalate_after(incident, 0, now)

    def stop_escalation(self, incident: Incident) -> None:
        """Cancel any pending escalation step (acknowledge, resolve)."""
        if incident.escalation is not None:
            incident.escalation.due_at = None  # its timer entry goes stale

    def page_handoff(self, incident: Incident, user_id: str, now: datetime) -> None:
        """Page the new owner and restart the timer on the current layer if escalation is pending.

        The handoff page carries the position of the layer whose timer restarted (None when none did).
        """
        escalation = incident.escalation
        restarted = None
        if escalation is not None and escalation.due_at is not None:
            layer = self._policy_layer(escalation.policy_id, escalation.layer_position)
            if layer is not None:
                escalation.due_at = now + timedelta(seconds=layer.escalate_after_seconds)
                self._arm(incident)
                restarted = layer.position
        self._page(incident, [user_id], now, "handoff", restarted)

    def _fire_due_escalations(self) -> bool:
        timer = self._escalation_timer
        if not timer:
            return False
        now = self.clock.now()
        fired = False
        # The earliest step fires first (ties: lower sequential id), so events and pages keep their
        # global order; a fired step may arm the next one, which the heap orders among the rest.
        while timer and timer[0][0] <= now:
            due_at, _, incident_id = heapq.heappop(timer)
            incident = self.incidents.get(incident_id)  # through the table: a state file sees the change
            if incident is None or incident.escalation is None or incident.escalation.due_at != due_at:
                continue  # stale: acknowledged, resolved, handed off (re-armed) or gone
            self._fire_step(incident)
            fired = True
        return fired

    def _fire_step(self, incident: Incident) -> None:
        escalation = incident.escalation
        assert escalation is not None and escalation.due_at is not None
        self._escalate_after(incident, escalation.layer_position, escalation.due_at)

    def _escalate_after(self, incident: Incident, after_position: int, at: datetime) -> None:
        """Page the first layer after `after_position` whose working-hours condition holds at `at`.

        A layer whose condition fails is skipped at once (an `escalation_step_skipped` event, nobody paged);
        when no layer is left, `escalation_exhausted` is recorded (chosen/, §6.2).
        """
        escalation = incident.escalation
        assert escalation is not None
        policy = self.policies.get(escalation.policy_id)
        later = sorted(
            (layer for layer in (policy.layers if policy else []) if layer.position > after_position),
            key=lambda layer: layer.position,
        )
        for layer in later:
            condition = layer.condition
            hours = self.working_hours.get(condition.working_hours_id) if condition is not None else None
            if condition_holds(condition, hours, at):
                self._page_layer(incident, layer, at)
                return
            assert condition is not None
            self._event(incident, "escalation_step_skipped", None, at, layerPosition=layer.position,
                        workingHoursId=condition.working_hours_id, when=condition.when)
            escalation.layer_position = layer.position
        self._event(incident, "escalation_exhausted", None, at, layerPosition=escalation.layer_position)
        self.stop_escalation(incident)

    @locked
    def list_pages(self, org_id: str | None = None, incident_id: str | None = None) -> list[dict[str, Any]]:
        """The notification journal, oldest first, optionally for one organization or incident: the same
        documents as GET /_mock/pages (`store.pages` holds the records themselves).

        Example::

            [page["userId"] for page in store.list_pages(incident_id=incident.id)]
        """
        return [
            page_document(page)
            for page in self.pages
            if (org_id is None or page.org_id == org_id) and (incident_id is None or page.incident_id == incident_id)
        ]
