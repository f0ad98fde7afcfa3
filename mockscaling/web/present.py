"""Presenters: store records -> the JSON shapes of the contract (camelCase, wire timestamps)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain.models import Component, Event, Incident, Member, RotationLayer, Schedule, StatusHistoryEntry, Update
from ..store import Store
from ..domain.timefmt import format_time


def ts(moment: datetime | None) -> str | None:
    """Wire timestamp or None."""
    return format_time(moment) if moment is not None else None


def user_ref(store: Store, user_id: str | None) -> dict[str, str] | None:
    """`{id, name}` for a user id."""
    if user_id is None:
        return None
    member = store.member(user_id)
    return {"id": user_id, "name": member.name if member else user_id}


def incident(store: Store, record: Incident) -> dict[str, Any]:
    """The Incident object."""
    affected = []
    for component_id in record.component_ids:
        component = store.component(component_id)
        affected.append({"id": component_id, "name": component.name if component else ""})
    return {
        "id": record.id,
        "orgId": record.org_id,
        "sequentialId": record.sequential_id,
        "title": record.title,
        "description": record.description,
        "severity": record.severity,
        "status": record.status,
        "ownerId": record.owner_id,
        "escalationPolicyId": record.escalation_policy_id,
        "affectedComponents": affected,
        "acknowledgedAt": ts(record.acknowledged_at),
        "acknowledgedBy": record.acknowledged_by,
        "createdBy": record.created_by,
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }


def history_entry(entry: StatusHistoryEntry) -> dict[str, Any]:
    """One statusHistory row."""
    return {"id": entry.id, "status": entry.status, "changedAt": ts(entry.changed_at), "resolutionNote": entry.resolution_note}


def event(record: Event) -> dict[str, Any]:
    """One audit event."""
    return {"id": record.id, "type": record.type, "actorId": record.actor_id, "occurredAt": ts(record.occurred_at), "data": record.data}


def incident_detail(store: Store, record: Incident) -> dict[str, Any]:
    """The Incident object plus statusHistory and events (GET /incidents/{id})."""
    body = incident(store, record)
    body["statusHistory"] = [history_entry(entry) for entry in record.status_history]
    body["events"] = [event(item) for item in record.events]
    return body


def update(store: Store, record: Update) -> dict[str, Any]:
    """The Update object."""
    return {
        "id": record.id,
        "incidentId": record.incident_id,
        "body": record.body,
        "statusChange": record.status_change,
        "visibility": record.visibility,
        "postedBy": user_ref(store, record.posted_by),
        "postedAt": ts(record.posted_at),
        "redactedAt": ts(record.redacted_at),
        "redactedBy": user_ref(store, record.redacted_by),
    }


def component(store: Store, record: Component, view: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Component object; `view` is its derived part (`store.component_view`, computed when not given)."""
    view = view if view is not None else store.component_view(record)
    window = view["maintenance_window"]
    return {
        "id": record.id,
        "orgId": record.org_id,
        "name": record.name,
        "description": record.description,
        "groupLabel": record.group_label,
        "aliases": list(record.aliases),
        "operationalStatus": view["operational_status"],
        "maintenanceWindow": None if window is None else {
            "startedAt": ts(window.started_at), "endsAt": ts(window.ends_at) if window.ends_at else None,
        },
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }


def schedule(record: Schedule, with_layers: bool = False) -> dict[str, Any]:
    """The Schedule object (layers only on GET one)."""
    body: dict[str, Any] = {
        "id": record.id,
        "orgId": record.org_id,
        "name": record.name,
        "description": record.description,
        "timezone": record.timezone,
        "createdBy": record.created_by,
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }
    if with_layers:
        body["layers"] = [rotation_layer(layer) for layer in sorted(record.layers, key=lambda l: l.position)]
    return body


def rotation_layer(record: RotationLayer) -> dict[str, Any]:
    """The rotation Layer object."""
    return {
        "id": record.id,
        "scheduleId": record.schedule_id,
        "name": record.name,
        "position": record.position,
        "rotationType": record.rotation_type,
        "rotationLengthDays": record.rotation_length_days,
        "handoffTime": record.handoff_time.strftime("%H:%M"),
        "effectiveFrom": ts(record.effective_from),
        "effectiveUntil": ts(record.effective_until),
        "participantIds": list(record.participant_ids),
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }


def member(record: Member) -> dict[str, Any]:
    """The team Member object."""
    return {
        "id": record.id,
        "email": record.email,
        "firstName": record.first_name,
        "lastName": record.last_name,
        "imageUrl": record.image_url,
        "role": record.role,
        "joinedAt": ts(record.joined_at),
    }
