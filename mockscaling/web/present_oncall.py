"""Presenters for escalation policies, team records and the notification journal (schedules: present.py)."""

from __future__ import annotations

from typing import Any

from ..models import EscalationPolicy, Invitation, Member, PolicyLayer
from .present import ts


def policy(record: EscalationPolicy, with_layers: bool = False) -> dict[str, Any]:
    """The escalation Policy object (layers only on GET one and reorder)."""
    body: dict[str, Any] = {
        "id": record.id,
        "orgId": record.org_id,
        "name": record.name,
        "description": record.description,
        "createdBy": record.created_by,
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }
    if with_layers:
        body["layers"] = [policy_layer(layer) for layer in sorted(record.layers, key=lambda l: l.position)]
    return body


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


def resolution(result: dict[str, Any]) -> dict[str, Any]:
    """The body of GET /oncall/schedules/{id}/resolve (the store's dict with a wire timestamp)."""
    return {**result, "at": ts(result["at"])}
