"""Presenters of routing policies, inbound integrations and alert answers (contract §6.2)."""

from __future__ import annotations

from typing import Any

from ..domain.models import InboundIntegration, RoutingPolicy, RoutingRule
from ..store import AlertRouting
from .present import ts


def rule(record: RoutingRule) -> dict[str, Any]:
    """One routing rule."""
    return {"severity": record.severity, "outcome": record.outcome, "escalationPolicyId": record.escalation_policy_id}


def policy(record: RoutingPolicy, with_rules: bool = False) -> dict[str, Any]:
    """The RoutingPolicy object; `with_rules` adds its rules (POST, GET one, PUT)."""
    body: dict[str, Any] = {
        "id": record.id,
        "orgId": record.org_id,
        "name": record.name,
        "description": record.description,
        "isDefault": record.is_default,
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }
    if with_rules:
        body["rules"] = [rule(item) for item in record.rules]
    return body


def integration(record: InboundIntegration) -> dict[str, Any]:
    """The InboundIntegration object."""
    return {
        "id": record.id,
        "orgId": record.org_id,
        "name": record.name,
        "componentId": record.component_id,
        "routingPolicyId": record.routing_policy_id,
        "selectors": [
            {"matchers": [{"key": m.key, "value": m.value} for m in s.matchers], "routingPolicyId": s.routing_policy_id}
            for s in record.selectors
        ],
        "createdAt": ts(record.created_at),
        "updatedAt": ts(record.updated_at),
    }


def alert_routing(record: AlertRouting) -> dict[str, Any]:
    """What happened to an alert (POST /_mock/integrations/{id}/alerts)."""
    return {
        "routingPolicyId": record.routing_policy_id,
        "selectorIndex": record.selector_index,
        "outcome": record.outcome,
        "incidentId": record.incident_id,
    }
