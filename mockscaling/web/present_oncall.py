"""Presenters for escalation policies, team records and the notification journal (schedules: present.py)."""

from __future__ import annotations

from typing import Any

from ..domain.models import EscalationPolicy, Invitation, Member, PolicyLayer, ScheduleOverride, StepCondition, WorkingHours
from .present import ts


def policy(record: EscalationPolicy, with_layers: bool = False, with_steps: bool = False) -> dict[str, Any]:
    """The escalation Policy object; `with_steps`: the client's `steps` (POST); `with_layers`: `steps` and the docs'
    `layers` (GET one, PUT, reorder) — two views of the same records."""
    body: dict[str, Any] = {
        "id": record.id,
        "orgId": record.org_id,
        "name": record.name,
        "description": record.description,
        "createdBy": record.created_by,
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }
    ordered = sorted(record.layers, key=lambda layer: layer.position)
    if with_steps or with_layers:
        body["steps"] = [step(layer) for layer in ordered]
    if with_layers:
        body["layers"] = [policy_layer(layer) for layer in ordered]
    return body


def condition(record: StepCondition | None) -> dict[str, Any] | None:
    """A step's working-hours condition, or None."""
    return None if record is None else {"workingHoursId": record.working_hours_id, "when": record.when}


def step(record: PolicyLayer) -> dict[str, Any]:
    """A policy layer as Scaling's client sees it: an escalation Step (chosen/: targetType user/users)."""
    if record.target_type == "schedule":
        target_type, target_id = "schedule", record.schedule_id
    else:
        target_type = "user" if len(record.user_ids) == 1 else "users"
        target_id = record.user_ids[0] if record.user_ids else None
    return {
        "id": record.id,
        "position": record.position,
        "targetType": target_type,
        "targetId": target_id,
        "escalateAfterSeconds": record.escalate_after_seconds,
        "condition": condition(record.condition),
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }


def working_hours(record: WorkingHours) -> dict[str, Any]:
    """The WorkingHours object."""
    return {
        "id": record.id,
        "orgId": record.org_id,
        "name": record.name,
        "timezone": record.timezone,
        "windows": [
            {"days": list(window.days), "start": window.start.strftime("%H:%M"), "end": window.end.strftime("%H:%M")}
            for window in record.windows
        ],
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }


def policy_layer(record: PolicyLayer) -> dict[str, Any]:
    """The escalation policy Layer object with its target."""
    if record.target_type == "schedule":
        target: dict[str, Any] = {"type": "schedule", "scheduleId": record.schedule_id}
    else:
        target = {"type": "users", "userIds": list(record.user_ids)}
    return {
        "id": record.id,
        "policyId": record.policy_id,
        "position": record.position,
        "ackTimeoutMinutes": record.ack_timeout_minutes,
        "target": target,
        "condition": condition(record.condition),
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }


def invitation(record: Invitation) -> dict[str, Any]:
    """The Invitation object."""
    return {
        "id": record.id,
        "emailAddress": record.email_address,
        "role": record.role,
        "status": record.status,
        "createdAt": ts(record.created_at),
    }


def user(record: Member) -> dict[str, Any]:
    """A row of GET /v1/users."""
    return {"id": record.id, "email": record.email, "firstName": record.first_name, "lastName": record.last_name}


def schedule_override(record: ScheduleOverride) -> dict[str, Any]:
    """The ScheduleOverride object (chosen shape)."""
    return {
        "id": record.id,
        "scheduleId": record.schedule_id,
        "userId": record.user_id,
        "startsAt": ts(record.starts_at),
        "endsAt": ts(record.ends_at),
        "createdBy": record.created_by,
        "createdAt": ts(record.created_at),
    }


def resolution(result: dict[str, Any]) -> dict[str, Any]:
    """The body of GET /oncall/schedules/{id}/resolve (the store's dict with a wire timestamp)."""
    return {**result, "at": ts(result["at"])}
