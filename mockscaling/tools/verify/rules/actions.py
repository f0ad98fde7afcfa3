"""Incident action rules (contract §2): acknowledge, handoff and the affected-components set."""

from __future__ import annotations

from ..client import Client, check
from ..registry import rule
from .core import MISSING_ID


def _resolved(client: Client, purpose: str) -> dict:
    incident = client.new_incident(purpose)
    for status in ("identified", "monitoring", "resolved"):
        client.ok(client.move(incident["id"], status))
    return incident


def _other_user(client: Client) -> str:
    users = [user["id"] for user in client.read("/users")["users"] if user["id"] != client.owner_id]
    check(bool(users), "GET /v1/users lists nobody but the owner: handoff needs a second member")
    return users[0]


@rule("acknowledge.idempotent", "[docs] §2 acknowledge")
def acknowledge_idempotent(client: Client) -> None:
    """The first acknowledge sets acknowledgedAt/By; the second changes nothing; status stays."""
    incident = client.new_incident("acknowledge twice")
    first = client.post(f"/incidents/{incident['id']}/acknowledge")
    check(first["acknowledgedAt"] is not None and first["acknowledgedBy"] is not None, "acknowledge did not set acknowledgedAt/By")
    check(first["status"] == "investigating", f"acknowledge changed the status to {first['status']}")
    second = client.post(f"/incidents/{incident['id']}/acknowledge")
    for name in ("acknowledgedAt", "acknowledgedBy", "updatedAt", "status"):
        check(second[name] == first[name], f"a second acknowledge changed {name}: {first[name]} -> {second[name]}")
    events = [e["type"] for e in client.get(incident["id"])["events"]]
    check(events.count("incident_acknowledged") == 1, f"incident_acknowledged recorded {events.count('incident_acknowledged')} times")


@rule("acknowledge.resolved_is_noop", "[docs] §2 acknowledge (resolved)")
def acknowledge_resolved(client: Client) -> None:
    """Acknowledging a resolved incident answers 200 and changes nothing."""
    incident = _resolved(client, "acknowledge resolved")
    before = client.get(incident["id"])
    after = client.post(f"/incidents/{incident['id']}/acknowledge")
    check(after["updatedAt"] == before["updatedAt"] and after["status"] == "resolved", "acknowledge changed a resolved incident")


@rule("acknowledge.unknown", "[docs] §2 acknowledge (404)")
def acknowledge_unknown(client: Client) -> None:
    """Acknowledging an unknown incident: 404 not_found."""
    client.error(client.request("POST", f"/incidents/{MISSING_ID}/acknowledge"), 404, "not_found")


@rule("handoff.sets_owner", "[docs] §2 handoff")
def handoff(client: Client) -> None:
    """Handoff sets the owner and records incident_handed_off with the previous and new owner."""
    incident = client.new_incident("handoff")
    target = _other_user(client)
    moved = client.post(f"/incidents/{incident['id']}/handoff", {"targetUserId": target})
    check(moved["ownerId"] == target, f"ownerId is {moved['ownerId']}, handed to {target}")
    events = [e for e in client.get(incident["id"])["events"] if e["type"] == "incident_handed_off"]
    check(len(events) == 1 and events[0]["data"].get("previousOwnerId") == client.owner_id
          and events[0]["data"].get("newOwnerId") == target, f"incident_handed_off events: {events}")


@rule("handoff.invalid_target", "[docs] §2 handoff (not a member)")
def handoff_invalid(client: Client) -> None:
    """A target that is not a member: 400 invalid_target_user."""
    incident = client.new_incident("handoff invalid")
    response = client.request("POST", f"/incidents/{incident['id']}/handoff", json={"targetUserId": "user_nobody_here"})
    client.error(response, 400, "invalid_target_user", "invalid_request_error")


@rule("handoff.target_required", "[docs] §2 handoff (targetUserId required)")
def handoff_required(client: Client) -> None:
    """No targetUserId: 422 invalid_body."""
    incident = client.new_incident("handoff without target")
    client.error(client.request("POST", f"/incidents/{incident['id']}/handoff", json={}), 422, "invalid_body")


@rule("handoff.resolved", "[chosen] §2 handoff (resolved)")
def handoff_resolved(client: Client) -> None:
    """Handing off a resolved incident: 400 incident_resolved."""
    incident = _resolved(client, "handoff resolved")
    response = client.request("POST", f"/incidents/{incident['id']}/handoff", json={"targetUserId": client.owner_id})
    client.error(response, 400, "incident_resolved")


@rule("incident_components.replace", "[docs] §2 PUT components")
def replace_components(client: Client) -> None:
    """PUT componentIds replaces the set; [] clears it."""
    component = client.new_component("replace set")
    incident = client.new_incident("replace components")
    path = f"/incidents/{incident['id']}/components"
    updated = client.ok(client.request("PUT", path, json={"componentIds": [component["id"]]}))
    check([c["id"] for c in updated["affectedComponents"]] == [component["id"]], f"affectedComponents {updated['affectedComponents']}")
    cleared = client.ok(client.request("PUT", path, json={"componentIds": []}))
    check(cleared["affectedComponents"] == [], f"[] left {cleared['affectedComponents']}")


@rule("incident_components.invalid", "[docs] §2 PUT components (unknown, duplicate)")
def invalid_components(client: Client) -> None:
    """An unknown id: 400 invalid_component_id; the same id twice: 400 duplicate_component_id."""
    component = client.new_component("invalid set")
    path = f"/incidents/{client.new_incident('invalid components')['id']}/components"
    client.error(client.request("PUT", path, json={"componentIds": [MISSING_ID]}), 400, "invalid_component_id")
    client.error(client.request("PUT", path, json={"componentIds": [component["id"]] * 2}), 400, "duplicate_component_id")


@rule("incident_components.resolved", "[chosen] §2 PUT components (resolved)")
def components_resolved(client: Client) -> None:
    """Changing the components of a resolved incident: 400 incident_resolved."""
    incident = _resolved(client, "components resolved")
    client.error(client.request("PUT", f"/incidents/{incident['id']}/components", json={"componentIds": []}), 400,
                 "incident_resolved")
