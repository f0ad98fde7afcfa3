"""Routing policies and inbound integrations (contract §6.2, Scaling's own client)."""

from __future__ import annotations

from ..client import Client, check
from ..registry import RuleSkipped, error_rule, rule
from .core import MISSING_ID

SEVERITIES = ("critical", "high", "medium", "low")


def _rules(outcome: str = "incident") -> list[dict]:
    return [{"severity": severity, "outcome": outcome, "escalationPolicyId": None} for severity in SEVERITIES]


def _integration(client: Client) -> dict:
    integrations = client.read("/integrations/inbound")["integrations"]
    if not integrations:
        raise RuleSkipped("no inbound integration to read (they are provisioned out of band)")
    return integrations[0]


@rule("routing.one_default", "[client] §6.2 Routing policies (one default)", read_only=True)
def one_default(client: Client) -> None:
    """The organization has exactly one default routing policy."""
    policies = client.read("/routing/policies")
    check(sum(1 for p in policies if p["isDefault"]) == 1, f"isDefault on {[p['name'] for p in policies if p['isDefault']]}")


@rule("routing.create_replace_delete", "[client] §6.2 Routing policies")
def create_replace_delete(client: Client) -> None:
    """POST 201 with four rules; GET one has them; PUT replaces them; DELETE 204."""
    policy = client.create("/routing/policies", {"name": client.name("routing", 255), "rules": _rules()})
    check(not policy["isDefault"] and sorted(r["severity"] for r in policy["rules"]) == sorted(SEVERITIES), f"{policy}")
    path = f"/routing/policies/{policy['id']}"
    check(client.read(path)["rules"] == policy["rules"], "GET one shows other rules")
    replaced = client.ok(client.request("PUT", path, json={"name": policy["name"], "description": None, "rules": _rules("drop")}))
    check({r["outcome"] for r in replaced["rules"]} == {"drop"}, f"PUT gave {replaced['rules']}")
    check(client.request("DELETE", path).status_code == 204, "DELETE did not answer 204")


@rule("routing.four_rules", "[client] §6.2 Routing policies (exactly four rules)")
def four_rules(client: Client) -> None:
    """Three rules: refused with 4xx in the envelope."""
    response = client.request("POST", "/routing/policies", json={"name": client.name("three rules", 255), "rules": _rules()[:3]})
    if response.status_code == 201:  # broken server: remove what it created
        client.deletions.append(f"/routing/policies/{response.json()['data']['id']}")
    check(response.status_code in (400, 422), f"three rules answered {response.status_code}")
    client.error(response, response.status_code, None)


@rule("routing.cannot_delete_default", "[client] §6.2 Routing policies (code chosen)")
def cannot_delete_default(client: Client) -> None:
    """Deleting the default policy: 400 cannot_delete_default."""
    default = next((p for p in client.read("/routing/policies") if p["isDefault"]), None)
    check(default is not None, "no default routing policy")
    client.error(client.request("DELETE", f"/routing/policies/{default['id']}"), 400, "cannot_delete_default")


@rule("routing.name_conflict", "[client] §6.2 Routing policies (unique name)")
def name_conflict(client: Client) -> None:
    """A second routing policy with the same name: 409 name_conflict."""
    policy = client.create("/routing/policies", {"name": client.name("routing conflict", 255), "rules": _rules()})
    client.error(client.request("POST", "/routing/policies", json={"name": policy["name"], "rules": _rules()}), 409,
                 "name_conflict")


error_rule("routing.not_found", "[client] §6.2 Routing policies", "GET", f"/routing/policies/{MISSING_ID}", None, 404,
           "not_found", doc="An unknown routing policy: 404 not_found.")


@rule("integrations.list", "[client] §6.2 Inbound integrations", read_only=True)
def integrations_list(client: Client) -> None:
    """GET /integrations/inbound: {"integrations": [...]}, each readable by id."""
    integration = _integration(client)
    check(client.read(f"/integrations/inbound/{integration['id']}")["id"] == integration["id"], "GET one answered another")
    check(isinstance(integration["selectors"], list), f"selectors {integration['selectors']!r}")


@rule("integrations.selectors_replaced", "[client] §6.2 PUT selectors (wholesale; [] clears)")
def selectors_replaced(client: Client) -> None:
    """PUT selectors replaces the list; the previous list is put back at the end."""
    integration = _integration(client)
    path = f"/integrations/inbound/{integration['id']}/selectors"
    target = next(p["id"] for p in client.read("/routing/policies") if p["isDefault"])
    wanted = [{"matchers": [{"key": "service", "value": f"verify-{client.token}"}], "routingPolicyId": target}]
    try:
        changed = client.ok(client.request("PUT", path, json={"selectors": wanted}))
        check(changed["selectors"] == wanted, f"selectors after PUT: {changed['selectors']}")
        check(client.ok(client.request("PUT", path, json={"selectors": []}))["selectors"] == [], "[] did not clear")
    finally:
        client.request("PUT", path, json={"selectors": integration["selectors"]})


error_rule("integrations.not_found", "[client] §6.2 Inbound integrations", "GET", f"/integrations/inbound/{MISSING_ID}",
           None, 404, "not_found", doc="An unknown integration: 404 not_found.")
