"""Working hours and policy steps (contract §6.2, Scaling's own client): steps and layers are two views of one model."""

from __future__ import annotations

from ..client import Client, check
from ..registry import error_rule, rule
from .core import MISSING_ID

WINDOWS = [{"days": [1, 2, 3, 4, 5], "start": "09:00", "end": "17:00"}]


def _working_hours(client: Client, purpose: str) -> dict:
    return client.create("/working-hours", {"name": client.name(purpose, 255), "timezone": "Europe/Berlin",
                                            "windows": WINDOWS})


def _step(client: Client, seconds: int = 300, **extra: object) -> dict:
    return {"targetType": "user", "targetId": client.owner_id, "escalateAfterSeconds": seconds, **extra}


@rule("working_hours.create_get_delete", "[client] §6.2 Working hours")
def create_get_delete(client: Client) -> None:
    """POST 201 with the WorkingHours fields; GET one and the list have it; DELETE 204; GET 404."""
    created = _working_hours(client, "hours")
    check((created["timezone"], created["windows"]) == ("Europe/Berlin", WINDOWS), f"created {created}")
    check(client.read(f"/working-hours/{created['id']}")["id"] == created["id"], "GET one answered another set")
    check(created["id"] in {item["id"] for item in client.read("/working-hours")}, "the list lacks it")
    check(client.request("DELETE", f"/working-hours/{created['id']}").status_code == 204, "DELETE did not answer 204")
    client.error(client.request("GET", f"/working-hours/{created['id']}"), 404, "not_found")


@rule("working_hours.name_conflict", "[client] §6.2 Working hours (unique name)")
def name_conflict(client: Client) -> None:
    """A second set with the same name: 409 name_conflict."""
    created = _working_hours(client, "hours conflict")
    body = {"name": created["name"], "timezone": "UTC", "windows": WINDOWS}
    client.error(client.request("POST", "/working-hours", json=body), 409, "name_conflict")


error_rule("working_hours.windows_required", "[client] §6.2 Working hours (at least one window)", "POST", "/working-hours",
           {"name": "[mockscaling verify] no windows", "timezone": "UTC", "windows": []}, 422, "invalid_body",
           doc="windows []: 422 invalid_body.")
error_rule("working_hours.not_found", "[client] §6.2 Working hours", "GET", f"/working-hours/{MISSING_ID}", None, 404,
           "not_found", doc="An unknown set: 404 not_found.")


@rule("working_hours.patch_partial", "[client] §6.2 Working hours PATCH, §6.1.6")
def patch_partial(client: Client) -> None:
    """PATCH name keeps timezone and windows."""
    created = _working_hours(client, "hours patch")
    name = client.name("hours renamed", 255)
    changed = client.ok(client.request("PATCH", f"/working-hours/{created['id']}", json={"name": name}))
    check((changed["name"], changed["timezone"], changed["windows"]) == (name, "Europe/Berlin", WINDOWS), f"{changed}")


@rule("working_hours.in_use", "[chosen] §6.2 Working hours (referenced by a step)")
def in_use(client: Client) -> None:
    """Deleting a set a step's condition references: 409 in_use."""
    hours = _working_hours(client, "hours in use")
    client.new_policy("hours in use", steps=[_step(client, condition={"workingHoursId": hours["id"], "when": "during"})])
    client.error(client.request("DELETE", f"/working-hours/{hours['id']}"), 409, "in_use")


@rule("steps.two_views", "[client] §6.2 Escalation policies with steps (one model)")
def two_views(client: Client) -> None:
    """A policy created with steps shows them on GET, and as layers with ackTimeoutMinutes = seconds / 60."""
    policy = client.new_policy("steps", steps=[_step(client, 300)])
    detail = client.read(f"/escalation/policies/{policy['id']}")
    check([(s["position"], s["targetType"], s["escalateAfterSeconds"]) for s in detail["steps"]] == [(1, "user", 300)],
          f"steps {detail['steps']}")
    check([layer["ackTimeoutMinutes"] for layer in detail["layers"]] == [5], f"layers {detail['layers']}")


@rule("steps.layer_shows_as_step", "[client] §6.2 steps and layers are two views")
def layer_shows_as_step(client: Client) -> None:
    """A layer added through the layers endpoint shows as a step with escalateAfterSeconds = 60 · minutes."""
    policy = client.new_policy("layer as step")
    body = {"position": 1, "ackTimeoutMinutes": 2, "target": {"type": "users", "userIds": [client.owner_id]}}
    client.post(f"/escalation/policies/{policy['id']}/layers", body, 201)
    steps = client.read(f"/escalation/policies/{policy['id']}")["steps"]
    check([s["escalateAfterSeconds"] for s in steps] == [120], f"steps {steps}")


@rule("steps.put_replaces", "[client] §6.2 PUT policy (name, description, steps wholesale)")
def put_replaces(client: Client) -> None:
    """PUT replaces name, description and the whole step list."""
    policy = client.new_policy("put steps", steps=[_step(client, 300), _step(client, 600)])
    body = {"name": policy["name"], "description": "Replaced", "steps": [_step(client, 900)]}
    replaced = client.ok(client.request("PUT", f"/escalation/policies/{policy['id']}", json=body))
    check(replaced["description"] == "Replaced" and [s["escalateAfterSeconds"] for s in replaced["steps"]] == [900],
          f"PUT gave {replaced}")


@rule("steps.escalate_after_minimum", "[client] §6.2 Step (escalateAfterSeconds ≥ 60)")
def escalate_after_minimum(client: Client) -> None:
    """escalateAfterSeconds 59: 422 invalid_body."""
    body = {"name": client.name("short step", 255), "steps": [_step(client, 59)]}
    response = client.request("POST", "/escalation/policies", json=body)
    if response.status_code == 201:  # broken server: remove what it created
        client.deletions.append(f"/escalation/policies/{response.json()['data']['id']}")
    client.error(response, 422, "invalid_body")
