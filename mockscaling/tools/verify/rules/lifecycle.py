"""Status lifecycle rules (contract §2 PATCH /status): one step forward at a time, resolved is terminal."""

from __future__ import annotations

from ..client import Client, check
from ..registry import rule


@rule("lifecycle.one_step", "[seed] §2 PATCH status")
def one_step(client: Client) -> None:
    """investigating -> identified -> monitoring -> resolved, each step 200, history in order."""
    incident = client.new_incident("one step at a time")
    for status in ("identified", "monitoring", "resolved"):
        moved = client.ok(client.move(incident["id"], status))
        check(moved["status"] == status, f"after PATCH status={status} the incident is {moved['status']}")
    history = [entry["status"] for entry in client.get(incident["id"])["statusHistory"]]
    check(history == ["investigating", "identified", "monitoring", "resolved"], f"statusHistory is {history}")


def _rejected_move(client: Client, incident_id: str, status: str) -> None:
    """A refused move: 400 invalid_status_transition and nothing changes."""
    before = client.get(incident_id)
    client.error(client.move(incident_id, status), 400, "invalid_status_transition", "invalid_request_error")
    after = client.get(incident_id)
    check(after["status"] == before["status"], f"a rejected move changed the status to {after['status']}")
    check(after["updatedAt"] == before["updatedAt"], "a rejected move changed updatedAt")
    check(len(after["statusHistory"]) == len(before["statusHistory"]), "a rejected move added a statusHistory entry")


@rule("lifecycle.skip_rejected", "[seed] §2 PATCH status")
def skip_rejected(client: Client) -> None:
    """investigating -> monitoring (and -> resolved) is refused."""
    incident = client.new_incident("skip a step")
    _rejected_move(client, incident["id"], "monitoring")
    _rejected_move(client, incident["id"], "resolved")


@rule("lifecycle.backward_rejected", "[seed] §2 PATCH status")
def backward_rejected(client: Client) -> None:
    """identified -> investigating is refused."""
    incident = client.new_incident("go backwards")
    client.ok(client.move(incident["id"], "identified"))
    _rejected_move(client, incident["id"], "investigating")


@rule("lifecycle.repeat_rejected", "[seed] §2 PATCH status")
def repeat_rejected(client: Client) -> None:
    """identified -> identified is refused."""
    incident = client.new_incident("repeat a status")
    client.ok(client.move(incident["id"], "identified"))
    _rejected_move(client, incident["id"], "identified")


@rule("lifecycle.resolved_terminal", "[seed] §2 resolved is terminal")
def resolved_terminal(client: Client) -> None:
    """A resolved incident refuses every status move and new updates (400 incident_resolved)."""
    incident = client.new_incident("resolved is terminal")
    for status in ("identified", "monitoring", "resolved"):
        client.ok(client.move(incident["id"], status))
    for status in ("investigating", "identified", "monitoring", "resolved"):
        _rejected_move(client, incident["id"], status)
    response = client.request("POST", f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": "late"})
    client.error(response, 400, "incident_resolved", "invalid_request_error")


@rule("lifecycle.resolution_note", "[seed] §2 resolutionNote")
def resolution_note(client: Client) -> None:
    """resolutionNote is stored on its transition's statusHistory entry."""
    incident = client.new_incident("resolution note")
    client.ok(client.move(incident["id"], "identified", resolutionNote="Found the bad deploy"))
    history = client.get(incident["id"])["statusHistory"]
    check(history[-1].get("resolutionNote") == "Found the bad deploy", f"last statusHistory entry: {history[-1]}")


@rule("lifecycle.status_enum", "[seed] §2 PATCH status (enum)")
def status_enum(client: Client) -> None:
    """A status outside the enum: 422 invalid_body."""
    incident = client.new_incident("status enum")
    client.error(client.move(incident["id"], "closed"), 422, "invalid_body", "validation_error")


@rule("lifecycle.note_length", "[seed] §2 resolutionNote ≤ 2,000")
def note_length(client: Client) -> None:
    """A 2,001-character resolutionNote: 422 invalid_body, and nothing moves."""
    incident = client.new_incident("note length")
    client.error(client.move(incident["id"], "identified", resolutionNote="x" * 2001), 422, "invalid_body")
    check(client.get(incident["id"])["status"] == "investigating", "a refused move changed the status")


@rule("lifecycle.updated_at", "[docs] §2 updatedAt")
def updated_at(client: Client) -> None:
    """A move changes updatedAt (and not createdAt)."""
    incident = client.new_incident("updatedAt")
    moved = client.ok(client.move(incident["id"], "identified"))
    check(moved["createdAt"] == incident["createdAt"], "a move changed createdAt")
    check(moved["updatedAt"] >= incident["updatedAt"], "updatedAt went backwards")


@rule("lifecycle.status_event", "[chosen] §2 events (status_changed)")
def status_event(client: Client) -> None:
    """A move records a status_changed event with from and to."""
    incident = client.new_incident("status event")
    client.ok(client.move(incident["id"], "identified"))
    events = [e for e in client.get(incident["id"])["events"] if e["type"] == "status_changed"]
    check(len(events) == 1 and events[0]["data"].get("from") == "investigating" and events[0]["data"].get("to") == "identified",
          f"status_changed events: {events}")


@rule("lifecycle.posts_internal_update", "[docs] §2 PATCH status posts an internal update")
def posts_internal_update(client: Client) -> None:
    """A move posts an internal update with statusChange and the note as body."""
    incident = client.new_incident("internal update")
    client.ok(client.move(incident["id"], "identified", resolutionNote="Cause found"))
    updates = client.read(f"/incidents/{incident['id']}/updates")["updates"]
    check(any(u["statusChange"] == "identified" and u["visibility"] == "internal" and u["body"] == "Cause found" for u in updates),
          f"no internal update with statusChange identified and the note: {updates}")
