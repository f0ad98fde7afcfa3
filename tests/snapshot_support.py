"""A busy source organization for the snapshot tests, and the GETs that compare two fakes."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from mockscaling import create_app, get_store

ADMIN = {"Authorization": "Bearer scl_live_" + "a" * 32}


def ok(response: Any, status: int = 200) -> Any:
    """The `data` of a success answer (assert on anything else)."""
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return response.get_json()["data"] if response.get_data() else None


def busy_source() -> Any:
    """The busy-org scenario plus what it lacks: components (aliases, a manual status, a maintenance window),
    a second schedule with two layers, working hours, a policy with conditioned steps, a routing policy,
    selectors, updates (public, internal, redacted), acknowledgements, a handoff and a member who left."""
    app = create_app(seed="busy-org")
    store = get_store(app)
    client = app.test_client()

    def call(method: str, path: str, body: Any = None, status: int = 200) -> Any:
        return ok(client.open(f"/v1{path}", method=method, json=body, headers=ADMIN), status)

    extra = [call("POST", "/components", {"name": f"Service {n}", "description": f"The {n} service", "groupLabel": "Backend",
                                          "aliases": [f"svc-{n}", f"s{n}"]}, 201) for n in range(25)]
    store.set_component_status(extra[3]["id"], "degraded")
    store.set_maintenance_window(extra[4]["id"], started_at=store.now() - timedelta(hours=1))
    hours = call("POST", "/working-hours", {"name": "Tokyo office", "timezone": "Asia/Tokyo",
                                            "windows": [{"days": [1, 2, 3, 4, 5], "start": "09:00", "end": "18:00"}]}, 201)
    schedule = call("POST", "/oncall/schedules", {"name": "Database on-call", "description": "DBAs", "timezone": "Asia/Tokyo"}, 201)
    for name, people in (("Primary", ["user_bob", "user_cy"]), ("Shadow", ["user_ada"])):
        call("POST", f"/oncall/schedules/{schedule['id']}/layers", {
            "name": name, "rotationType": "daily", "rotationLengthDays": 1, "handoffTime": "10:30",
            "effectiveFrom": "2026-01-05T01:00:00.000Z", "participantIds": people}, 201)
    policy = call("POST", "/escalation/policies", {"name": "Database", "description": "Page the DBAs", "steps": [
        {"targetType": "schedule", "targetId": schedule["id"], "escalateAfterSeconds": 390,
         "condition": {"workingHoursId": hours["id"], "when": "during"}},
        {"targetType": "user", "targetId": "user_ada", "escalateAfterSeconds": 600}]}, 201)
    routing = call("POST", "/routing/policies", {"name": "Databases", "description": "DB alerts", "rules": [
        {"severity": s, "outcome": "incident", "escalationPolicyId": policy["id"]} for s in ("critical", "high", "medium", "low")]}, 201)
    integration = call("GET", "/integrations/inbound")["integrations"][0]
    call("PUT", f"/integrations/inbound/{integration['id']}/selectors",
         {"selectors": [{"matchers": [{"key": "service", "value": "postgres"}], "routingPolicyId": routing["id"]}]})
    open_ones = call("GET", "/incidents?status=investigating")["incidents"]
    api = next(c for c in call("GET", "/components?limit=100")["components"] if c["name"] == "API")
    for n, incident in enumerate(open_ones[:6]):
        path = f"/incidents/{incident['id']}"
        call("PUT", f"{path}/components", {"componentIds": [api["id"], extra[n]["id"]]})
        call("POST", f"{path}/updates", {"visibility": "public", "body": f"We are looking at it ({n})."}, 201)
        note = call("POST", f"{path}/updates", {"visibility": "internal", "body": f"Internal note {n}",
                                                 "statusChange": "identified"}, 201)
        if n % 2:
            call("POST", f"{path}/updates/{note['id']}/redact")
        if n % 3 == 0:
            call("POST", f"{path}/acknowledge")
        if n == 1:
            call("POST", f"{path}/handoff", {"targetUserId": "user_ada"})
    created = call("POST", "/incidents", {"title": "Replica lag", "severity": "high", "ownerScheduleId": schedule["id"],
                                          "escalationPolicyId": policy["id"], "componentIds": [extra[0]["id"]]}, 201)
    call("PATCH", f"/incidents/{created['id']}/status", {"status": "identified", "resolutionNote": "Found the slow query"})
    call("DELETE", "/team/members/user_cy", status=204)
    store.set_component_override("acme", api["id"], "partial_outage")  # an admin's override on the public page
    store.set_clock(freeze=store.now())  # both fakes compared at one instant (escalations, on-call)
    return app


def pages(client: Any, path: str, key: str, headers: dict[str, str], limit: int) -> list[dict[str, Any]]:
    """Every page of a cursor list, whole (items and nextCursor)."""
    found, cursor = [], None
    while True:
        query = f"?limit={limit}" + (f"&cursor={cursor}" if cursor else "")
        data = ok(client.get(f"/v1{path}{query}", headers=headers))
        found.append(data)
        cursor = data["nextCursor"]
        if cursor is None:
            return found


def every_get(app: Any, headers: dict[str, str]) -> dict[str, Any]:
    """The answer to every list and get of the API the snapshot reads (components' cursors left out: they
    carry a store-wide creation number)."""
    client = app.test_client()

    def get(path: str) -> Any:
        return ok(client.get(f"/v1{path}", headers=headers))

    answers: dict[str, Any] = {"/users": get("/users"), "/team/members": get("/team/members")}
    components = [item for page in pages(client, "/components", "components", headers, 7) for item in page["components"]]
    answers["/components"] = components
    for component in components:
        answers[f"/components/{component['id']}"] = get(f"/components/{component['id']}")
    for path, id_key in (("/oncall/schedules", None), ("/escalation/policies", None), ("/working-hours", None),
                         ("/routing/policies", None), ("/integrations/inbound", "integrations")):
        listed = get(path)
        answers[path] = listed
        for record in listed[id_key] if id_key else listed:
            answers[f"{path}/{record['id']}"] = get(f"{path}/{record['id']}")
            if path == "/oncall/schedules":
                answers[f"{path}/{record['id']}/resolve"] = get(f"{path}/{record['id']}/resolve")
    for query in ("", "&status=resolved", "&severity=critical"):
        answers[f"/incidents?{query}"] = pages(client, "/incidents", "incidents", headers, 100) if not query else ok(
            client.get(f"/v1/incidents?limit=50{query}", headers=headers))
    for page in answers["/incidents?"]:
        for incident in page["incidents"]:
            answers[f"/incidents/{incident['id']}"] = get(f"/incidents/{incident['id']}")
            answers[f"/incidents/{incident['id']}/updates"] = get(f"/incidents/{incident['id']}/updates")
    return answers
