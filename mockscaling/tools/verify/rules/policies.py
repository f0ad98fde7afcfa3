"""Escalation policy rules (contract §3 Escalation policies, §6.1)."""

from __future__ import annotations

from ..client import Client, check
from ..registry import error_rule, rule
from .core import MISSING_ID


def _layer(client: Client, policy_id: str, position: int, minutes: int = 15) -> dict:
    target = {"type": "users", "userIds": [client.owner_id]}
    body = {"position": position, "ackTimeoutMinutes": minutes, "target": target}
    return client.post(f"/escalation/policies/{policy_id}/layers", body, 201)


def _positions(client: Client, policy_id: str) -> list[tuple[str, int]]:
    return [(layer["id"], layer["position"]) for layer in client.read(f"/escalation/policies/{policy_id}")["layers"]]


@rule("policies.create", "[docs] §3 Escalation policies, §6.1.7")
def create(client: Client) -> None:
    """POST 201 with no layers key; GET one has layers []; the list has it."""
    policy = client.new_policy("create", description="Verify")
    check("layers" not in policy, "POST answered a layers key")
    check(policy["description"] == "Verify", f"description {policy['description']!r}")
    check(client.read(f"/escalation/policies/{policy['id']}")["layers"] == [], "a new policy has layers")
    check(policy["id"] in {item["id"] for item in client.read("/escalation/policies")}, "the list lacks it")


@rule("policies.name_conflict", "[docs] §3 Escalation policies (unique name)")
def name_conflict(client: Client) -> None:
    """A second policy with the same name: 409 name_conflict."""
    policy = client.new_policy("policy conflict")
    client.error(client.request("POST", "/escalation/policies", json={"name": policy["name"]}), 409, "name_conflict")


error_rule("policies.not_found", "[client] §3 GET policy", "GET", f"/escalation/policies/{MISSING_ID}", None, 404,
           "not_found", doc="An unknown policy: 404 not_found.")


@rule("policies.delete", "[client] §3 DELETE policy")
def delete(client: Client) -> None:
    """DELETE 204, then GET 404."""
    policy = client.new_policy("delete")
    check(client.request("DELETE", f"/escalation/policies/{policy['id']}").status_code == 204, "DELETE did not answer 204")
    client.error(client.request("GET", f"/escalation/policies/{policy['id']}"), 404, "not_found")


@rule("policy_layers.insert_shifts", "[docs] §3 policy layers (1-based; insert shifts the others)")
def insert_shifts(client: Client) -> None:
    """Inserting at an occupied position shifts the others down."""
    policy = client.new_policy("insert")
    first = _layer(client, policy["id"], 1)
    inserted = _layer(client, policy["id"], 1, minutes=5)
    check(_positions(client, policy["id"]) == [(inserted["id"], 1), (first["id"], 2)], f"positions {_positions(client, policy['id'])}")


@rule("policy_layers.patch", "[docs] §3 PATCH policy layer (partial)")
def patch(client: Client) -> None:
    """PATCH ackTimeoutMinutes changes only that field."""
    policy = client.new_policy("patch layer")
    layer = _layer(client, policy["id"], 1)
    changed = client.ok(client.request("PATCH", f"/escalation/policies/{policy['id']}/layers/{layer['id']}",
                                       json={"ackTimeoutMinutes": 45}))
    check(changed["ackTimeoutMinutes"] == 45 and changed["target"] == layer["target"], f"PATCH gave {changed}")


@rule("policy_layers.delete_and_reorder", "[docs] §3 DELETE and reorder policy layers")
def delete_and_reorder(client: Client) -> None:
    """Reorder with a permutation; delete closes up the positions."""
    policy = client.new_policy("reorder layers")
    one, two = _layer(client, policy["id"], 1), _layer(client, policy["id"], 2)
    path = f"/escalation/policies/{policy['id']}/layers"
    client.ok(client.request("PUT", f"{path}/order", json={"layerIds": [two["id"], one["id"]]}))
    check(_positions(client, policy["id"]) == [(two["id"], 1), (one["id"], 2)], "reorder did not apply")
    client.error(client.request("PUT", f"{path}/order", json={"layerIds": [one["id"], one["id"]]}), 400, "invalid_layer_order")
    check(client.request("DELETE", f"{path}/{two['id']}").status_code == 204, "DELETE layer did not answer 204")
    check(_positions(client, policy["id"]) == [(one["id"], 1)], "positions did not close up")


@rule("policy_layers.invalid_target", "[docs] §3 policy layers (target), §6.1.3")
def invalid_target(client: Client) -> None:
    """An unknown schedule, a non-member or an unknown target type: 400 invalid_target."""
    policy = client.new_policy("invalid target")
    path = f"/escalation/policies/{policy['id']}/layers"
    for target in ({"type": "schedule", "scheduleId": MISSING_ID}, {"type": "users", "userIds": ["user_nobody_here"]},
                   {"type": "team", "teamId": "x"}):
        response = client.request("POST", path, json={"position": 1, "ackTimeoutMinutes": 5, "target": target})
        client.error(response, 400, "invalid_target")


@rule("policy_layers.position_required", "[docs] §6.1.2 position required on POST policy layer")
def position_required(client: Client) -> None:
    """POST a policy layer without position: 422 invalid_body."""
    policy = client.new_policy("position required")
    body = {"ackTimeoutMinutes": 5, "target": {"type": "users", "userIds": [client.owner_id]}}
    client.error(client.request("POST", f"/escalation/policies/{policy['id']}/layers", json=body), 422, "invalid_body")


@rule("policy_layers.ack_timeout_range", "[docs] §3 policy layers (ackTimeoutMinutes 1-10,080)")
def ack_timeout_range(client: Client) -> None:
    """ackTimeoutMinutes 0 and 10,081: 422 invalid_body."""
    policy = client.new_policy("ack range")
    for minutes in (0, 10_081):
        body = {"position": 1, "ackTimeoutMinutes": minutes, "target": {"type": "users", "userIds": [client.owner_id]}}
        client.error(client.request("POST", f"/escalation/policies/{policy['id']}/layers", json=body), 422, "invalid_body")


@rule("policy_layers.schedule_target", "[docs] §3 policy layers (schedule target)")
def schedule_target(client: Client) -> None:
    """A layer may target a schedule; an incident created from that schedule gets the policy."""
    schedule = client.new_schedule("policy target", participants=[client.owner_id])
    policy = client.new_policy("schedule target")
    body = {"position": 1, "ackTimeoutMinutes": 15, "target": {"type": "schedule", "scheduleId": schedule["id"]}}
    layer = client.post(f"/escalation/policies/{policy['id']}/layers", body, 201)
    check(layer["target"] == body["target"], f"target {layer['target']}")
    incident = client.new_incident("policy from schedule", ownerId=None, ownerScheduleId=schedule["id"])
    check(incident["escalationPolicyId"] == policy["id"], f"escalationPolicyId {incident['escalationPolicyId']}")
