"""Seed format 2, recorded incidents: incidents given with their `id` (as a snapshot writes them) load as they are.

A recorded incident keeps its id, sequential id, timestamps, status history, updates and events exactly, so a
fake loaded from a snapshot answers the same GETs as the server it was taken from. Nothing is replayed; the
only state rebuilt is where an open incident's escalation stands, read from its own events.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from ..domain.models import Escalation, Event, Incident, StatusHistoryEntry, Update
from .seed_time import seed_time


class RecordedIncidentError(ValueError):
    """A recorded incident that cannot join the store (its sequential id is already taken)."""


def load_recorded_incident(store: Any, org: dict[str, Any], item: dict[str, Any], now: datetime) -> Incident:
    """Put one recorded incident (`item`, with `id`) of `org` into the store as it is.

    Example::

        load_recorded_incident(store, org, {"id": "0196…", "sequentialId": 7, "status": "resolved", …}, now)
    """
    def at(value: str | None) -> datetime | None:
        return None if value is None else seed_time(value, now)

    org_id = org["id"]
    organization = store.organizations[org_id]
    number = item["sequentialId"]
    below = next(store.incidents.newest_first(org_id, before=number + 1), None)
    if below is not None and below.sequential_id == number:
        raise RecordedIncidentError(f"sequentialId {number} is held by another incident")
    if store.incidents.get(item["id"]) is not None:
        raise RecordedIncidentError(f"id {item['id']} is held by another incident")
    components = {c.name: c.id for c in store.components.scan(org_id)}
    policies = {p.name: p.id for p in store.policies.scan(org_id)}
    incident = Incident(
        id=item["id"], org_id=org_id, sequential_id=number, title=item["title"], description=item.get("description"),
        severity=item["severity"], status=item["status"], owner_id=item.get("owner"),
        escalation_policy_id=policies.get(item.get("escalationPolicy"), item.get("escalationPolicy")),
        component_ids=[components.get(ref, ref) for ref in item.get("components", [])],
        created_by=item.get("createdBy") or "", created_at=at(item["createdAt"]), updated_at=at(item["updatedAt"]),
        acknowledged_at=at(item.get("acknowledgedAt")), acknowledged_by=item.get("acknowledgedBy"),
        status_history=[
            StatusHistoryEntry(id=h["id"], status=h["status"], changed_at=at(h["changedAt"]),
                               resolution_note=h.get("resolutionNote"))
            for h in item["statusHistory"]
        ],
        events=[
            Event(id=e["id"], type=e["type"], actor_id=e.get("actorId"), occurred_at=at(e["occurredAt"]),
                  data=dict(e.get("data") or {}))
            for e in item.get("events") or []
        ],
    )
    incident.updates = [
        Update(
            id=u.get("id") or store.ids.uuid(at(u["postedAt"])), incident_id=incident.id, body=u.get("body"),
            status_change=u.get("statusChange"), visibility=u["visibility"], posted_by=u.get("postedBy") or incident.created_by,
            posted_at=at(u["postedAt"]), redacted_at=at(u.get("redactedAt")), redacted_by=u.get("redactedBy"),
        )
        for u in item.get("updates", [])
    ]
    incident.escalation = _escalation(store, incident)
    store.incidents[incident.id] = incident
    organization.next_sequential_id = max(organization.next_sequential_id, number + 1)
    store._rearm_escalations([incident])
    return incident


def _escalation(store: Any, incident: Incident) -> Escalation | None:
    """Where the escalation stands after the incident's events (the rules of store/escalation.py, read back).

    A page arms the next step after that layer's timeout; a handoff restarts it; an acknowledgement, the
    last layer running out or the incident resolving stops it. The timeouts are the policy's current ones.
    """
    if incident.escalation_policy_id is None:
        return None
    policy = store.policies.get(incident.escalation_policy_id)
    timeouts = {layer.position: layer.escalate_after_seconds for layer in policy.layers} if policy is not None else {}
    escalation: Escalation | None = None
    for event in incident.events:
        position = event.data.get("layerPosition")
        if event.type == "incident_paged" and isinstance(position, int):
            due = event.occurred_at + timedelta(seconds=timeouts[position]) if position in timeouts else None
            escalation = Escalation(policy_id=incident.escalation_policy_id, layer_position=position, due_at=due)
        elif escalation is None:
            continue
        elif event.type == "escalation_step_skipped" and isinstance(position, int):
            escalation.layer_position = position
        elif event.type in ("escalation_exhausted", "incident_acknowledged") or (
            event.type == "status_changed" and event.data.get("to") == "resolved"
        ):
            escalation.due_at = None
        elif event.type == "incident_handed_off" and escalation.due_at is not None:
            timeout = timeouts.get(escalation.layer_position)
            escalation.due_at = event.occurred_at + timedelta(seconds=timeout) if timeout else None
    if escalation is not None and (incident.resolved or incident.acknowledged_at is not None):
        escalation.due_at = None
    return escalation
