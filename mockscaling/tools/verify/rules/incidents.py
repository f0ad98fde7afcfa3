"""Incident rules (contract §2 POST/GET and §1 Lists): creation, validation, owners, detail, listing and paging."""

from __future__ import annotations

from ..client import Client, check
from ..registry import error_rule, rule
from .core import MISSING_ID

TITLE = "[mockscaling verify] refused"


@rule("incidents.create", "[docs] §2 POST /v1/incidents")
def create(client: Client) -> None:
    """201, status investigating, createdAt == updatedAt, affectedComponents [] and a one-entry history."""
    incident = client.new_incident("create")
    check(incident["status"] == "investigating", f"new incident has status {incident['status']}")
    check(incident["createdAt"] == incident["updatedAt"], "createdAt and updatedAt differ on a new incident")
    check(incident.get("affectedComponents") == [], f"affectedComponents is {incident.get('affectedComponents')!r}, not []")
    check(incident["ownerId"] == client.owner_id, f"ownerId is {incident['ownerId']}, sent {client.owner_id}")
    history = client.get(incident["id"])["statusHistory"]
    check([entry["status"] for entry in history] == ["investigating"], f"statusHistory of a new incident: {history}")


@rule("incidents.owner_required", "[seed] §2 POST /v1/incidents (owner)")
def owner_required(client: Client) -> None:
    """Neither ownerId nor ownerScheduleId: 400 owner_required."""
    response = client.request("POST", "/incidents", json={"title": TITLE, "severity": "low"})
    if response.status_code == 201:  # broken server: clean up what it created
        client.created.append(response.json()["data"]["id"])
    client.error(response, 400, "owner_required", "invalid_request_error")


def _refused(name: str, source: str, body: dict, status: int, code: str, doc: str) -> None:
    error_rule(name, source, "POST", "/incidents", body, status, code, doc=doc)


_refused("incidents.title_required", "[docs] §2 POST body", {"severity": "low", "ownerId": "user_x"}, 422, "invalid_body",
         "No title: 422 invalid_body.")
_refused("incidents.title_length", "[docs] §2 POST body (title 1-100)", {"title": "x" * 101, "severity": "low"}, 422,
         "invalid_body", "A 101-character title: 422 invalid_body.")
_refused("incidents.severity_enum", "[docs] §2 Enums", {"title": TITLE, "severity": "sev1"}, 422, "invalid_body",
         "A severity outside critical|high|medium|low: 422 invalid_body.")
_refused("incidents.description_length", "[docs] §2 POST body (description ≤ 10,000)",
         {"title": TITLE, "severity": "low", "description": "x" * 10_001}, 422, "invalid_body",
         "A 10,001-character description: 422 invalid_body.")
_refused("incidents.invalid_owner_id", "[chosen] §2 ownerId not a member",
         {"title": TITLE, "severity": "low", "ownerId": "user_nobody_here"}, 400, "invalid_owner_id",
         "An ownerId that is not a member: 400 invalid_owner_id.")
_refused("incidents.unknown_owner_schedule", "[docs] §2 ownerScheduleId unknown",
         {"title": TITLE, "severity": "low", "ownerScheduleId": MISSING_ID}, 404, "not_found",
         "An unknown ownerScheduleId: 404 not_found.")


@rule("incidents.invalid_component_id", "[docs] §2 componentIds")
def invalid_component(client: Client) -> None:
    """An unknown component id: 400 invalid_component_id."""
    body = {"title": TITLE, "severity": "low", "ownerId": client.owner_id, "componentIds": [MISSING_ID]}
    client.error(client.request("POST", "/incidents", json=body), 400, "invalid_component_id", "invalid_request_error")


@rule("incidents.duplicate_component_id", "[docs] §2 componentIds")
def duplicate_component(client: Client) -> None:
    """The same component twice: 400 duplicate_component_id."""
    component = client.new_component("duplicate")
    body = {"title": TITLE, "severity": "low", "ownerId": client.owner_id, "componentIds": [component["id"]] * 2}
    client.error(client.request("POST", "/incidents", json=body), 400, "duplicate_component_id", "invalid_request_error")


@rule("incidents.invalid_escalation_policy_id", "[chosen] §2 escalationPolicyId unknown")
def invalid_policy(client: Client) -> None:
    """An unknown escalationPolicyId: 400 invalid_escalation_policy_id."""
    body = {"title": TITLE, "severity": "low", "ownerId": client.owner_id, "escalationPolicyId": MISSING_ID}
    client.error(client.request("POST", "/incidents", json=body), 400, "invalid_escalation_policy_id")


@rule("incidents.affected_components", "[docs] §2 affectedComponents")
def affected_components(client: Client) -> None:
    """componentIds become affectedComponents [{id, name}]."""
    component = client.new_component("affected")
    incident = client.new_incident("affected components", componentIds=[component["id"]])
    expected = [{"id": component["id"], "name": component["name"]}]
    check(incident["affectedComponents"] == expected, f"affectedComponents {incident['affectedComponents']}")


@rule("incidents.owner_from_schedule", "[docs] §2 ownerScheduleId")
def owner_from_schedule(client: Client) -> None:
    """With only ownerScheduleId, the owner is the schedule's on-call person (layer 0)."""
    schedule = client.new_schedule("owner from schedule", participants=[client.owner_id])
    incident = client.new_incident("owner from schedule", ownerId=None, ownerScheduleId=schedule["id"])
    check(incident["ownerId"] == client.owner_id, f"ownerId {incident['ownerId']}, on call is {client.owner_id}")


@rule("incidents.policy_pages_layer_one", "[docs] §2 escalation on create")
def policy_pages(client: Client) -> None:
    """With an escalationPolicyId, the incident carries it and layer 1 is paged at once (incident_paged)."""
    policy = client.new_policy("pages on create")
    target = {"type": "users", "userIds": [client.owner_id]}
    client.post(f"/escalation/policies/{policy['id']}/layers", {"position": 1, "ackTimeoutMinutes": 15, "target": target}, 201)
    incident = client.new_incident("policy pages", escalationPolicyId=policy["id"])
    check(incident["escalationPolicyId"] == policy["id"], f"escalationPolicyId {incident['escalationPolicyId']}")
    events = [event["type"] for event in client.get(incident["id"])["events"]]
    check("incident_paged" in events, f"no incident_paged event: {events}")


@rule("incidents.detail", "[docs] §2 GET one (statusHistory, events)")
def detail(client: Client) -> None:
    """GET one adds statusHistory and events; the first event is incident_created."""
    incident = client.get(client.new_incident("detail")["id"])
    check(isinstance(incident.get("statusHistory"), list) and isinstance(incident.get("events"), list),
          "GET one lacks statusHistory or events")
    check(incident["events"][:1] and incident["events"][0]["type"] == "incident_created",
          f"first event is {incident['events'][:1]}")


@rule("incidents.sequential_id", "[docs] §2 sequentialId")
def sequential_id(client: Client) -> None:
    """sequentialId counts up per organization."""
    first, second = client.new_incident("sequence 1"), client.new_incident("sequence 2")
    check(second["sequentialId"] > first["sequentialId"], f"sequentialId {first['sequentialId']} then {second['sequentialId']}")


error_rule("incidents.not_found", "[docs] §2 GET one", "GET", f"/incidents/{MISSING_ID}", None, 404, "not_found",
           "invalid_request_error", doc="An unknown incident id: 404 not_found.")


@rule("list.pagination", "[docs] §1 Lists and pagination")
def pagination(client: Client) -> None:
    """limit and nextCursor: newest first, pages do not overlap."""
    created = [client.new_incident(f"pagination {n}")["id"] for n in range(3)]
    first = client.read("/incidents", limit=2)
    ids = [item["id"] for item in first["incidents"]]
    check(ids == created[:0:-1], f"first page (limit 2) should be the two newest incidents {created[:0:-1]}, got {ids}")
    check(isinstance(first["nextCursor"], str) and first["nextCursor"], "nextCursor missing although more incidents exist")
    more = [item["id"] for item in client.read("/incidents", limit=2, cursor=first["nextCursor"])["incidents"]]
    check(more[:1] == created[:1], f"the next page should start with {created[0]}, got {more[:1]}")
    check(not set(ids) & set(more), "pages overlap")


@rule("list.shape", "[docs] §1 Lists", read_only=True)
def list_shape(client: Client) -> None:
    """GET /incidents: {"incidents": [...], "nextCursor": str|null}, newest first."""
    page = client.read("/incidents", limit=5)
    check(set(page) == {"incidents", "nextCursor"}, f"page keys {sorted(page)}")
    stamps = [item["createdAt"] for item in page["incidents"]]
    check(stamps == sorted(stamps, reverse=True), "the page is not newest first")


@rule("list.limit_bounds", "[docs] §1 Lists (limit 1-100)", read_only=True)
def limit_bounds(client: Client) -> None:
    """limit 0 and 101: 422 invalid_query."""
    for limit in (0, 101):
        client.error(client.request("GET", "/incidents", params={"limit": limit}), 422, "invalid_query", "validation_error")


error_rule("list.bad_cursor", "[chosen] §1 Lists (cursor)", "GET", "/incidents?cursor=not-a-cursor", None, 422,
           "invalid_query", "validation_error", doc="A cursor the server did not issue: 422 invalid_query.")
error_rule("list.bad_status_filter", "[docs] §1 Filters", "GET", "/incidents?status=open", None, 422, "invalid_query",
           doc="status=open (not in the enum): 422 invalid_query.")
error_rule("list.bad_date_filter", "[docs] §1 Filters", "GET", "/incidents?from=07-04-2026", None, 422, "invalid_query",
           doc="from=07-04-2026 (not YYYY-MM-DD): 422 invalid_query.")


@rule("list.status_filter", "[docs] §1 Filters", read_only=True)
def status_filter(client: Client) -> None:
    """?status=resolved&severity=low lists only resolved low incidents."""
    page = client.read("/incidents", status="resolved", severity="low", limit=100)
    wrong = [item["id"] for item in page["incidents"] if (item["status"], item["severity"]) != ("resolved", "low")]
    check(not wrong, f"the filter let through {wrong}")
