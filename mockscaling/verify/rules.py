"""The contract's lifecycle rules, one function each; every rule creates the incidents it needs.

A rule passes by returning and fails by raising RuleFailed (from `check` or the client's helpers).
The names are what `mockscaling verify` prints, so a failing server is told which rule it broke.
"""

from __future__ import annotations

from collections.abc import Callable

from .client import Client, RuleFailed, check

Rule = Callable[[Client], None]
RULES: list[tuple[str, Rule]] = []


def rule(name: str) -> Callable[[Rule], Rule]:
    """Register a rule under `name` (the order of definition is the order of the run)."""

    def register(function: Rule) -> Rule:
        RULES.append((name, function))
        return function

    return register


@rule("auth.missing_header")
def missing_header(client: Client) -> None:
    """No Authorization header: 401 missing_authorization_header."""
    client.error(client.request("GET", "/incidents", key=None), 401, "missing_authorization_header", "not_authorized_error")


@rule("auth.invalid_key")
def invalid_key(client: Client) -> None:
    """An unknown key: 401 invalid_api_key."""
    client.error(client.request("GET", "/incidents", key="scl_live_" + "0" * 32), 401, "invalid_api_key", "not_authorized_error")


# A well-formed UUID that no server will have issued (the nil-like version-4 id).
MISSING_INCIDENT_ID = "00000000-0000-4000-8000-000000000000"


@rule("errors.envelope")
def error_envelope(client: Client) -> None:
    """A missing incident: 404 not_found in the envelope; the X-Request-Id header (if sent) equals requestId."""
    response = client.request("GET", f"/incidents/{MISSING_INCIDENT_ID}")
    body = client.error(response, 404, "not_found", "invalid_request_error")
    header = response.headers.get("X-Request-Id")
    check(header is None or header == body["requestId"], f"X-Request-Id {header} differs from requestId {body['requestId']}")


@rule("incidents.create")
def create(client: Client) -> None:
    """201, status investigating, createdAt == updatedAt, affectedComponents [] and a one-entry history."""
    incident = client.new_incident("create")
    check(incident["status"] == "investigating", f"new incident has status {incident['status']}")
    check(incident["createdAt"] == incident["updatedAt"], "createdAt and updatedAt differ on a new incident")
    check(incident.get("affectedComponents") == [], f"affectedComponents is {incident.get('affectedComponents')!r}, not []")
    history = client.get(incident["id"])["statusHistory"]
    check([entry["status"] for entry in history] == ["investigating"], f"statusHistory of a new incident: {history}")


@rule("incidents.owner_required")
def owner_required(client: Client) -> None:
    """Neither ownerId nor ownerScheduleId: 400 owner_required."""
    response = client.request("POST", "/incidents", json={"title": "[mockscaling verify] no owner", "severity": "low"})
    if response.status_code == 201:  # broken server: clean up what it created
        client.created.append(response.json()["data"]["id"])
    client.error(response, 400, "owner_required", "invalid_request_error")


@rule("lifecycle.one_step")
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


@rule("lifecycle.skip_rejected")
def skip_rejected(client: Client) -> None:
    """investigating -> monitoring (and -> resolved) is refused."""
    incident = client.new_incident("skip a step")
    _rejected_move(client, incident["id"], "monitoring")
    _rejected_move(client, incident["id"], "resolved")


@rule("lifecycle.backward_rejected")
def backward_rejected(client: Client) -> None:
    """identified -> investigating is refused."""
    incident = client.new_incident("go backwards")
    client.ok(client.move(incident["id"], "identified"))
    _rejected_move(client, incident["id"], "investigating")


@rule("lifecycle.repeat_rejected")
def repeat_rejected(client: Client) -> None:
    """identified -> identified is refused."""
    incident = client.new_incident("repeat a status")
    client.ok(client.move(incident["id"], "identified"))
    _rejected_move(client, incident["id"], "identified")


@rule("lifecycle.resolved_terminal")
def resolved_terminal(client: Client) -> None:
    """A resolved incident refuses every status move and new updates (400 incident_resolved)."""
    incident = client.new_incident("resolved is terminal")
    for status in ("identified", "monitoring", "resolved"):
        client.ok(client.move(incident["id"], status))
    for status in ("investigating", "identified", "monitoring", "resolved"):
        _rejected_move(client, incident["id"], status)
    response = client.request("POST", f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": "late"})
    client.error(response, 400, "incident_resolved", "invalid_request_error")


@rule("lifecycle.resolution_note")
def resolution_note(client: Client) -> None:
    """resolutionNote is stored on its transition's statusHistory entry."""
    incident = client.new_incident("resolution note")
    client.ok(client.move(incident["id"], "identified", resolutionNote="Found the bad deploy"))
    history = client.get(incident["id"])["statusHistory"]
    check(history[-1].get("resolutionNote") == "Found the bad deploy", f"last statusHistory entry: {history[-1]}")


@rule("updates.empty_update")
def empty_update(client: Client) -> None:
    """Neither body nor statusChange: 400 empty_update."""
    incident = client.new_incident("empty update")
    response = client.request("POST", f"/incidents/{incident['id']}/updates", json={"visibility": "internal"})
    client.error(response, 400, "empty_update", "invalid_request_error")


@rule("updates.public_update_requires_body")
def public_requires_body(client: Client) -> None:
    """A public update without a body: 400 public_update_requires_body (and no transition happens)."""
    incident = client.new_incident("public update without body")
    response = client.request("POST", f"/incidents/{incident['id']}/updates",
                              json={"visibility": "public", "statusChange": "identified"})
    client.error(response, 400, "public_update_requires_body", "invalid_request_error")
    check(client.get(incident["id"])["status"] == "investigating", "the refused update changed the status")


@rule("updates.visibility_required")
def visibility_required(client: Client) -> None:
    """visibility has no default: 422 validation_error without it."""
    incident = client.new_incident("update without visibility")
    response = client.request("POST", f"/incidents/{incident['id']}/updates", json={"body": "hello"})
    check(response.status_code == 422, f"expected 422, got {response.status_code} {response.text[:200]}")
    check(response.json().get("type") == "validation_error", f"expected type validation_error: {response.text[:200]}")


@rule("updates.internal_listed")
def internal_listed(client: Client) -> None:
    """An internal update is listed with its body; a status move also lists its internal update, oldest first."""
    incident = client.new_incident("updates list")
    posted = client.ok(client.request("POST", f"/incidents/{incident['id']}/updates",
                                      json={"visibility": "internal", "body": "Looking into it"}), 201)
    check(posted["visibility"] == "internal" and posted["body"] == "Looking into it", f"posted update: {posted}")
    client.ok(client.move(incident["id"], "identified"))
    updates = client.ok(client.request("GET", f"/incidents/{incident['id']}/updates"))["updates"]
    check([u["id"] for u in updates][:1] == [posted["id"]], "the first update is not listed first")
    check(any(u.get("statusChange") == "identified" for u in updates), "the status move posted no update with statusChange")


@rule("updates.redaction")
def redaction(client: Client) -> None:
    """Redact by the author at once: body null, redactedAt/redactedBy set, postedAt kept; the list shows it redacted."""
    incident = client.new_incident("redaction")
    posted = client.ok(client.request("POST", f"/incidents/{incident['id']}/updates",
                                      json={"visibility": "internal", "body": "secret"}), 201)
    redacted = client.ok(client.request("POST", f"/incidents/{incident['id']}/updates/{posted['id']}/redact"))
    check(redacted["body"] is None, f"redacted body is {redacted['body']!r}")
    check(redacted["redactedAt"] is not None and redacted["redactedBy"] is not None, "redactedAt/redactedBy not set")
    check(redacted["postedAt"] == posted["postedAt"], "redaction changed postedAt")
    listed = client.ok(client.request("GET", f"/incidents/{incident['id']}/updates"))["updates"]
    row = next((u for u in listed if u["id"] == posted["id"]), None)
    check(row is not None and row["body"] is None, "the redacted update is missing or still has its body in the list")


@rule("acknowledge.idempotent")
def acknowledge_idempotent(client: Client) -> None:
    """The first acknowledge sets acknowledgedAt/By; the second changes nothing; status stays."""
    incident = client.new_incident("acknowledge twice")
    first = client.ok(client.request("POST", f"/incidents/{incident['id']}/acknowledge"))
    check(first["acknowledgedAt"] is not None and first["acknowledgedBy"] is not None, "acknowledge did not set acknowledgedAt/By")
    check(first["status"] == "investigating", f"acknowledge changed the status to {first['status']}")
    second = client.ok(client.request("POST", f"/incidents/{incident['id']}/acknowledge"))
    for name in ("acknowledgedAt", "acknowledgedBy", "updatedAt", "status"):
        check(second[name] == first[name], f"a second acknowledge changed {name}: {first[name]} -> {second[name]}")


@rule("list.pagination")
def pagination(client: Client) -> None:
    """limit and nextCursor: newest first, pages do not overlap, limit outside 1..100 is 422."""
    created = [client.new_incident(f"pagination {n}")["id"] for n in range(3)]
    first = client.ok(client.request("GET", "/incidents", params={"limit": 2}))
    ids = [item["id"] for item in first["incidents"]]
    check(ids == created[:0:-1], f"first page (limit 2) should be the two newest incidents {created[:0:-1]}, got {ids}")
    check(isinstance(first["nextCursor"], str) and first["nextCursor"], "nextCursor missing although more incidents exist")
    second = client.ok(client.request("GET", "/incidents", params={"limit": 2, "cursor": first["nextCursor"]}))
    more = [item["id"] for item in second["incidents"]]
    check(more[:1] == created[:1], f"the next page should start with {created[0]}, got {more[:1]}")
    check(not set(ids) & set(more), "pages overlap")
    for limit in (0, 101):
        response = client.request("GET", "/incidents", params={"limit": limit})
        check(response.status_code == 422, f"limit={limit} should be 422, got {response.status_code}")


__all__ = ["RULES", "RuleFailed", "rule"]
