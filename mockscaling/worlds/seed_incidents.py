"""Seed format 2: incidents with their history, replayed through the store's own rules while the seed loads.

Each incident is created at its `createdAt`, then its history steps, updates and acknowledgement happen
in time order, each with the server clock stopped at that moment, so every status history entry, event,
page and id is what the real rules produce. The clock is put back afterwards.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .seed_time import seed_time
from ..store import Principal


def _principal(store: Any, org_id: str, user_id: str | None, fallback: str) -> Principal:
    member = store.members.get(user_id or fallback)
    return Principal(org_id=org_id, user_id=member.id, role=member.role)


def _by_name(records: Any, org_id: str, ref: str | None) -> str | None:
    if ref is None:
        return None
    for record in records:
        if record.org_id == org_id and ref in (record.id, record.name):
            return record.id
    return ref  # validated before loading; an id the store will check itself


def load_incidents(store: Any, org: dict[str, Any], now: datetime) -> None:
    """Replay `org["incidents"]` (seed format 2) through the store's incident and update rules.

    Example::

        load_incidents(store, {"id": "org_acme", "incidents": [{"title": "t", "severity": "low",
                       "owner": "user_bob", "createdAt": "now-2d", "history": [...]}]}, store.now())
    """
    if not org.get("incidents"):
        return
    org_id = org["id"]
    admin = next((m["id"] for m in org.get("members", []) if m["role"] == "org:admin"), None) or org["members"][0]["id"]
    components = list(store.components.values())
    for item in org.get("incidents", []):
        creator = _principal(store, org_id, item.get("createdBy"), admin)
        store.clock.freeze(seed_time(item["createdAt"], now))
        incident = store.create_incident(
            creator, title=item["title"], severity=item["severity"], description=item.get("description"),
            owner_id=item.get("owner"), owner_schedule_id=_by_name(store.schedules.values(), org_id, item.get("ownerSchedule")),
            component_ids=[_by_name(components, org_id, ref) for ref in item.get("components", [])],
            escalation_policy_id=_by_name(store.policies.values(), org_id, item.get("escalationPolicy")),
        )
        steps: list[tuple[datetime, int, Any]] = []
        for order, entry in enumerate(item.get("history", [])):
            steps.append((seed_time(entry["at"], now), order, ("status", entry)))
        for order, update in enumerate(item.get("updates", [])):
            steps.append((seed_time(update["postedAt"], now), order, ("update", update)))
        if item.get("acknowledgedAt"):
            steps.append((seed_time(item["acknowledgedAt"], now), 0, ("ack", item)))
        # Stable: equal times keep history before updates before the acknowledgement, each in seed order.
        kinds = {"status": 0, "update": 1, "ack": 2}
        for at, _, (kind, entry) in sorted(steps, key=lambda step: (step[0], kinds[step[2][0]], step[1])):
            store.clock.freeze(at)
            if kind == "status":
                actor = _principal(store, org_id, entry.get("by"), creator.user_id)
                store.update_incident_status(actor, incident.id, status=entry["status"], resolution_note=entry.get("resolutionNote"))
            elif kind == "update":
                actor = _principal(store, org_id, entry.get("postedBy"), creator.user_id)
                store.create_update(actor, incident.id, visibility=entry["visibility"], body=entry.get("body"),
                                    status_change=entry.get("statusChange"))
            else:
                store.acknowledge_incident(_principal(store, org_id, entry.get("acknowledgedBy"), creator.user_id), incident.id)

