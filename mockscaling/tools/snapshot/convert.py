"""From what the API answered to a seed document (format version 2): ids, timestamps and history kept as read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ... import chosen
from ...domain.ids import random_key
from ...domain.models import SEVERITIES
from .capture import Capture



@dataclass
class Converted:
    """The seed document, the fresh keys it holds (role -> (user id, key)) and what could not be captured."""

    document: dict[str, Any]
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)
    not_captured: list[str] = field(default_factory=list)


def fresh_key() -> str:
    """A new fake API key (`scl_live_` + 32 hex digits), never the one the snapshot was taken with."""
    return random_key("scl_live_")


def to_seed(found: Capture, source: str, taken_at: str) -> Converted:
    """The seed document for `found`, read from `source` at `taken_at` (an ISO instant).

    Example::

        converted = to_seed(capture(reader), "https://api.scaling.cloud", "2026-12-07T00:00:00.000Z")
        json.dumps(converted.document)
    """
    notes: list[str] = []
    org_id = _org_id(found)
    if org_id is None:
        org_id = "org_snapshot"
        notes.append("the organization's id (no record carried an orgId; the seed says org_snapshot)")
    members = _members(found, notes)
    keys = _keys(members)
    explained = _explained_statuses(found)
    organization = {
        "id": org_id,
        "name": org_id,
        "members": members,
        "components": [_component(c, explained) for c in reversed(found.components)],  # the API lists newest first
        "schedules": [_schedule(s) for s in found.schedules],
        "workingHours": [_working_hours(w) for w in found.working_hours],
        "escalationPolicies": [_policy(p) for p in found.policies],
        "routingPolicies": [_routing_policy(p) for p in found.routing_policies],
        "inboundIntegrations": [_integration(i) for i in found.integrations],
        "statusPages": [_status_page(p, found) for p in found.status_pages],
        "incidents": [recorded_incident(i) for i in reversed(found.incidents)],  # oldest first: sequential ids in order
    }
    notes[:0] = [
        "the organization's name (no API shows it; the seed names it by its id)",
        "other organizations (a key sees its own only)",
        "status pages not named with --status-page (the API has no list of them); unpublished ones",
        "the notification history (pages sent)",
        "API keys (the seed gets fresh ones, printed at the end)",
    ]
    if found.invitations:
        notes.append(f"{found.invitations} pending invitation(s) and their tokens")
    if found.incidents_left:
        notes.append("older incidents (raise --incidents or use --since)")
    document = {
        "version": 2,
        "description": f"Snapshot of {source} taken at {taken_at} by mockscaling snapshot",
        "seededAt": taken_at,
        "organizations": [organization],
    }
    return Converted(document=document, keys=keys, not_captured=notes)


def _org_id(found: Capture) -> str | None:
    for records in (found.components, found.incidents, found.schedules, found.policies, found.working_hours,
                    found.routing_policies, found.integrations):
        for record in records:
            if isinstance(record.get("orgId"), str):
                return record["orgId"]
    return None


def _members(found: Capture, notes: list[str]) -> list[dict[str, Any]]:
    """Team members as the team list shows them; with a member's key, the users list (roles unknown)."""
    if found.members is not None:
        rows = [dict(m) for m in found.members]
    else:
        notes.append("roles and join dates (the key is not an admin's: everybody is written as org:member)")
        rows = [{**u, "role": "org:member", "imageUrl": None, "joinedAt": None} for u in found.users]
    members = []
    missing_email = 0
    for row in rows:
        email = row.get("email")
        if not email:
            missing_email += 1
            email = f"{row['id']}@unknown.invalid"
        members.append({
            "id": row["id"], "email": email, "firstName": row.get("firstName") or "", "lastName": row.get("lastName") or "",
            "role": row["role"], "imageUrl": row.get("imageUrl"), "joinedAt": row.get("joinedAt"),
        })
    if missing_email:
        notes.append(f"the email of {missing_email} user(s) (the API answered null; the seed says <id>@unknown.invalid)")
    return members


def _keys(members: list[dict[str, Any]]) -> dict[str, tuple[str, str]]:
    """A fresh key for the first member of each role (stored on the member, returned to be printed)."""
    keys: dict[str, tuple[str, str]] = {}
    for member in members:
        if member["role"] not in keys:
            member["apiKey"] = fresh_key()
            keys[member["role"]] = (member["id"], member["apiKey"])
    return keys


def _stamps(record: dict[str, Any]) -> dict[str, Any]:
    return {"createdAt": record["createdAt"], "updatedAt": record["updatedAt"]}


def _component(record: dict[str, Any], explained: dict[str, str]) -> dict[str, Any]:
    component = {
        "id": record["id"], "name": record["name"], "description": record.get("description"),
        "groupLabel": record.get("groupLabel"), "aliases": list(record.get("aliases") or []),
        "maintenanceWindow": record.get("maintenanceWindow"), **_stamps(record),
    }
    status = record.get("operationalStatus")
    if record.get("maintenanceWindow") is None and status is not None and status != explained.get(record["id"], "operational"):
        component["status"] = status  # set by hand on the source (no incident explains it)
    return component


def _explained_statuses(found: Capture) -> dict[str, str]:
    """Component id -> the status the captured open incidents give it (§4 mapping), as the fake derives it."""
    worst: dict[str, str] = {}
    for incident in found.incidents:
        if incident["status"] == "resolved":
            continue
        status = chosen.SEVERITY_COMPONENT_STATUS.get(incident["severity"], "operational")
        for component in incident["affectedComponents"]:
            before = worst.get(component["id"], "operational")
            worst[component["id"]] = max(before, status, key=chosen.COMPONENT_STATUS_RANK.__getitem__)
    return worst


def _schedule(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": record["id"], "name": record["name"], "description": record.get("description"),
        "timezone": record["timezone"], "createdBy": record.get("createdBy"), **_stamps(record),
        "layers": [
            {
                "id": layer["id"], "name": layer["name"], "rotationType": layer["rotationType"],
                "rotationLengthDays": layer["rotationLengthDays"], "handoffTime": layer["handoffTime"],
                "effectiveFrom": layer["effectiveFrom"], "effectiveUntil": layer.get("effectiveUntil"),
                "participantIds": list(layer["participantIds"]), **_stamps(layer),
            }
            for layer in sorted(record.get("layers", []), key=lambda layer: layer["position"])
        ],
    }


def _working_hours(record: dict[str, Any]) -> dict[str, Any]:
    return {"id": record["id"], "name": record["name"], "timezone": record["timezone"],
            "windows": [dict(window) for window in record["windows"]], **_stamps(record)}


def _policy(record: dict[str, Any]) -> dict[str, Any]:
    """A policy with its layers: targets from the layer view, exact timeouts (seconds) from the step view."""
    seconds = {step["id"]: step["escalateAfterSeconds"] for step in record.get("steps", [])}
    layers = []
    for layer in sorted(record.get("layers", []), key=lambda layer: layer["position"]):
        target = layer["target"]
        condition = layer.get("condition")
        layers.append({
            "id": layer["id"], "position": layer["position"],
            "escalateAfterSeconds": seconds.get(layer["id"], 60 * layer["ackTimeoutMinutes"]),
            "target": ({"type": "schedule", "scheduleId": target["scheduleId"]} if target["type"] == "schedule"
                       else {"type": "users", "userIds": list(target["userIds"])}),
            "condition": None if condition is None else {
                "workingHoursId": condition["workingHoursId"], "when": condition["when"]},
            **_stamps(layer),
        })
    return {"id": record["id"], "name": record["name"], "description": record.get("description"),
            "createdBy": record.get("createdBy"), **_stamps(record), "layers": layers}


def _routing_policy(record: dict[str, Any]) -> dict[str, Any]:
    rules = sorted(record.get("rules", []), key=lambda rule: SEVERITIES.index(rule["severity"]))
    return {
        "id": record["id"], "name": record["name"], "description": record.get("description"),
        "isDefault": bool(record.get("isDefault")), **_stamps(record),
        "rules": [{"severity": r["severity"], "outcome": r["outcome"], "escalationPolicy": r.get("escalationPolicyId")}
                  for r in rules],
    }


def _integration(record: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": record["id"], "name": record["name"], "component": record["componentId"],
        "routingPolicy": record.get("routingPolicyId"), **_stamps(record),
        "selectors": [{"matchers": [dict(m) for m in s["matchers"]], "routingPolicy": s["routingPolicyId"]}
                      for s in record.get("selectors", [])],
    }


def _status_page(page: dict[str, Any], found: Capture) -> dict[str, Any]:
    """A public status page: its components by id; a status that differs from the component's own is an override."""
    statuses = {c["id"]: c.get("operationalStatus") for c in found.components}
    return {
        "slug": page["slug"], "name": page["name"], "published": True,
        "components": [c["id"] for c in page["components"]],
        "overrides": {c["id"]: c["status"] for c in page["components"]
                      if c["id"] in statuses and c["status"] != statuses[c["id"]]},
    }


def _ref_id(user: dict[str, Any] | None) -> str | None:
    return None if user is None else user["id"]


def recorded_incident(record: dict[str, Any]) -> dict[str, Any]:
    """A seed's recorded incident from GET /v1/incidents/{id} (plus its `updates`, from GET …/updates).

    Example::

        recorded_incident({**detail, "updates": updates})   # {"id": …, "sequentialId": …, "statusHistory": […], …}
    """
    return {
        "id": record["id"], "sequentialId": record["sequentialId"], "title": record["title"],
        "description": record.get("description"), "severity": record["severity"], "status": record["status"],
        "owner": record.get("ownerId"), "components": [c["id"] for c in record["affectedComponents"]],
        "escalationPolicy": record.get("escalationPolicyId"), "createdBy": record.get("createdBy"),
        "createdAt": record["createdAt"], "updatedAt": record["updatedAt"],
        "acknowledgedAt": record.get("acknowledgedAt"), "acknowledgedBy": record.get("acknowledgedBy"),
        "statusHistory": [
            {"id": h["id"], "status": h["status"], "changedAt": h["changedAt"], "resolutionNote": h.get("resolutionNote")}
            for h in record["statusHistory"]
        ],
        "events": [
            {"id": e["id"], "type": e["type"], "actorId": e.get("actorId"), "occurredAt": e["occurredAt"],
             "data": e.get("data") or {}}
            for e in record["events"]
        ],
        "updates": [
            {"id": u["id"], "visibility": u["visibility"], "body": u.get("body"), "statusChange": u.get("statusChange"),
             "postedAt": u["postedAt"], "postedBy": _ref_id(u.get("postedBy")), "redactedAt": u.get("redactedAt"),
             "redactedBy": _ref_id(u.get("redactedBy"))}
            for u in record.get("updates", [])
        ],
    }
