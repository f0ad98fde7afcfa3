"""Seeded ids and body builders shared by the routing-policy, integration and alert-routing tests (§6.2)."""

from __future__ import annotations

from typing import Any

from .support import ApiClient

ACME_ROUTING_DEFAULT = "016f5e66-e800-7300-8000-000000000001"
GLOBEX_ROUTING_DEFAULT = "016f5e66-e800-7300-8000-000000000002"
DATADOG = "016f5e66-e800-7400-8000-000000000001"
SEVERITIES = ("critical", "high", "medium", "low")  # the tests' own copy
DEFAULT_RULES = [
    {"severity": "critical", "outcome": "incident", "escalationPolicyId": None},
    {"severity": "high", "outcome": "incident", "escalationPolicyId": None},
    {"severity": "medium", "outcome": "notification", "escalationPolicyId": None},
    {"severity": "low", "outcome": "notification", "escalationPolicyId": None},
]


def rules(*outcomes: str, policy: str | None = None) -> list[dict[str, Any]]:
    """Four rules in severity order; `policy` goes on the paging ones (incident, provisional_page).

    Example::

        rules("incident", "provisional_page", "notification", "drop", policy=DEFAULT_POLICY)
    """
    outcomes = outcomes or ("notification",) * 4
    return [
        {"severity": severity, "outcome": outcome,
         "escalationPolicyId": policy if outcome in ("incident", "provisional_page") else None}
        for severity, outcome in zip(SEVERITIES, outcomes, strict=True)
    ]


def new_routing_policy(api: ApiClient, name: str = "Payments routing", **body: Any) -> dict[str, Any]:
    """POST /routing/policies (four notification rules unless `rules` is given); asserts 201."""
    body.setdefault("rules", rules())
    reply = api.post("/routing/policies", json={"name": name, **body})
    assert reply.status == 201, reply.text
    return reply.data


def selector(policy_id: str, **matchers: str) -> dict[str, Any]:
    """One selector row in wire form: `selector(pid, env="prod")`."""
    return {"matchers": [{"key": k, "value": v} for k, v in matchers.items()], "routingPolicyId": policy_id}
