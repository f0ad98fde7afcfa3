"""Update rules (contract §2 updates and redaction): visibility, empty and public updates, status changes, redaction."""

from __future__ import annotations

from ..client import Client, check
from ..registry import rule
from .core import MISSING_ID


def _post(client: Client, incident_id: str, body: dict):
    return client.request("POST", f"/incidents/{incident_id}/updates", json=body)


@rule("updates.empty_update", "[docs] §2 POST updates (code chosen)")
def empty_update(client: Client) -> None:
    """Neither body nor statusChange: 400 empty_update."""
    incident = client.new_incident("empty update")
    client.error(_post(client, incident["id"], {"visibility": "internal"}), 400, "empty_update", "invalid_request_error")


@rule("updates.public_update_requires_body", "[docs] §2 POST updates (code chosen)")
def public_requires_body(client: Client) -> None:
    """A public update without a body: 400 public_update_requires_body (and no transition happens)."""
    incident = client.new_incident("public update without body")
    response = _post(client, incident["id"], {"visibility": "public", "statusChange": "identified"})
    client.error(response, 400, "public_update_requires_body", "invalid_request_error")
    check(client.get(incident["id"])["status"] == "investigating", "the refused update changed the status")


@rule("updates.visibility_required", "[docs] §2 POST updates (visibility has no default)")
def visibility_required(client: Client) -> None:
    """visibility has no default: 422 invalid_body without it."""
    incident = client.new_incident("update without visibility")
    client.error(_post(client, incident["id"], {"body": "hello"}), 422, "invalid_body", "validation_error")


@rule("updates.body_length", "[docs] §2 POST updates (body 1-10,000)")
def body_length(client: Client) -> None:
    """A 10,001-character body: 422 invalid_body."""
    incident = client.new_incident("update body length")
    client.error(_post(client, incident["id"], {"visibility": "internal", "body": "x" * 10_001}), 422, "invalid_body")


@rule("updates.no_public_surface", "[docs] §2 POST updates (public needs a published page)")
def no_public_surface(client: Client) -> None:
    """A public update on an incident that no published status page shows: 400 no_public_surface."""
    incident = client.new_incident("no public surface")
    client.error(_post(client, incident["id"], {"visibility": "public", "body": "Hello"}), 400, "no_public_surface")


@rule("updates.internal_listed", "[docs] §2 GET updates (oldest first)")
def internal_listed(client: Client) -> None:
    """An internal update is listed with its body; a status move also lists its internal update, oldest first."""
    incident = client.new_incident("updates list")
    posted = client.ok(_post(client, incident["id"], {"visibility": "internal", "body": "Looking into it"}), 201)
    check(posted["visibility"] == "internal" and posted["body"] == "Looking into it", f"posted update: {posted}")
    client.ok(client.move(incident["id"], "identified"))
    updates = client.read(f"/incidents/{incident['id']}/updates")["updates"]
    check([u["id"] for u in updates][:1] == [posted["id"]], "the first update is not listed first")
    check(any(u.get("statusChange") == "identified" for u in updates), "the status move posted no update with statusChange")


@rule("updates.status_change", "[docs] §2 POST updates (statusChange)")
def status_change(client: Client) -> None:
    """An update with statusChange identified moves the incident atomically."""
    incident = client.new_incident("status change")
    update = client.ok(_post(client, incident["id"], {"visibility": "internal", "statusChange": "identified"}), 201)
    check(update["statusChange"] == "identified" and update["body"] is None, f"update {update}")
    check(client.get(incident["id"])["status"] == "identified", "the incident did not move to identified")


@rule("updates.status_change_rejected", "[docs] §2 POST updates (same engine as PATCH status)")
def status_change_rejected(client: Client) -> None:
    """statusChange that skips a step: 400 invalid_status_transition, and no update is posted."""
    incident = client.new_incident("status change skip")
    response = _post(client, incident["id"], {"visibility": "internal", "body": "skip", "statusChange": "resolved"})
    client.error(response, 400, "invalid_status_transition")
    check(client.read(f"/incidents/{incident['id']}/updates")["updates"] == [], "a refused update was stored")


@rule("updates.redaction", "[docs] §2 redact")
def redaction(client: Client) -> None:
    """Redact by the author at once: body null, redactedAt/redactedBy set, postedAt kept; the list shows it redacted."""
    incident = client.new_incident("redaction")
    posted = client.ok(_post(client, incident["id"], {"visibility": "internal", "body": "secret"}), 201)
    redacted = client.post(f"/incidents/{incident['id']}/updates/{posted['id']}/redact")
    check(redacted["body"] is None, f"redacted body is {redacted['body']!r}")
    check(redacted["redactedAt"] is not None and redacted["redactedBy"] is not None, "redactedAt/redactedBy not set")
    check(redacted["postedAt"] == posted["postedAt"], "redaction changed postedAt")
    listed = client.read(f"/incidents/{incident['id']}/updates")["updates"]
    row = next((u for u in listed if u["id"] == posted["id"]), None)
    check(row is not None and row["body"] is None, "the redacted update is missing or still has its body in the list")


@rule("updates.redact_twice", "[chosen] §2 redact (already redacted)")
def redact_twice(client: Client) -> None:
    """Redacting an already redacted update returns it unchanged."""
    incident = client.new_incident("redact twice")
    posted = client.ok(_post(client, incident["id"], {"visibility": "internal", "body": "secret"}), 201)
    path = f"/incidents/{incident['id']}/updates/{posted['id']}/redact"
    first, second = client.post(path), client.post(path)
    check(first == second, f"the second redaction changed the update: {first} -> {second}")


@rule("updates.redact_after_resolve", "[seed] §2 redact survives resolved")
def redact_after_resolve(client: Client) -> None:
    """Redaction is allowed on a resolved incident."""
    incident = client.new_incident("redact resolved")
    posted = client.ok(_post(client, incident["id"], {"visibility": "internal", "body": "secret"}), 201)
    for status in ("identified", "monitoring", "resolved"):
        client.ok(client.move(incident["id"], status))
    check(client.post(f"/incidents/{incident['id']}/updates/{posted['id']}/redact")["body"] is None, "not redacted")


@rule("updates.redact_unknown", "[docs] §2 redact (unknown update)")
def redact_unknown(client: Client) -> None:
    """Redacting an unknown update: 404 not_found."""
    incident = client.new_incident("redact unknown")
    client.error(client.request("POST", f"/incidents/{incident['id']}/updates/{MISSING_ID}/redact"), 404, "not_found")
