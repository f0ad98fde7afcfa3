"""Routing-policy and inbound-integration routes (contract §6.2, the surface of Scaling's own client)."""

from __future__ import annotations

from ...domain import errors
from ...schemas.routing import RoutingPolicyBody, SelectorsBody
from .. import present_routing
from ..api import api
from ..context import current_principal, current_store
from ..parsing import parse_body, path_uuid
from ..responses import data, no_content
from ..spec import documented

ROUTING_POLICY = RoutingPolicyBody()
SELECTORS = SelectorsBody()


# ---- routing policies ----------------------------------------------------------------------------
@api.get("/routing/policies")
@documented(source="client", response="responses_routing.RoutingPolicyOut", many=True)
def list_routing_policies():
    """The organization's routing policies (without rules), the default among them."""
    records = current_store().list_routing_policies(current_principal())
    return data([present_routing.policy(item) for item in records])


@api.post("/routing/policies")
@documented(source="client",
    body=ROUTING_POLICY, response="responses_routing.RoutingPolicyDetailOut", status=201,
    errors=(errors.NameConflict, errors.InvalidEscalationPolicyId),
)
def create_routing_policy():
    """Add a routing policy: exactly four rules, one per severity."""
    body = parse_body()
    record = current_store().create_routing_policy(current_principal(), **body)
    return data(present_routing.policy(record, with_rules=True), 201)


@api.get("/routing/policies/<policy_id>")
@documented(source="client", response="responses_routing.RoutingPolicyDetailOut")
def get_routing_policy(policy_id: str):
    """One routing policy with its rules."""
    record = current_store().get_routing_policy(current_principal(), path_uuid("id", policy_id))
    return data(present_routing.policy(record, with_rules=True))


@api.put("/routing/policies/<policy_id>")
@documented(source="client",
    body=ROUTING_POLICY, response="responses_routing.RoutingPolicyDetailOut",
    errors=(errors.NameConflict, errors.InvalidEscalationPolicyId),
)
def update_routing_policy(policy_id: str):
    """Replace a routing policy's name, description and rules."""
    policy_id = path_uuid("id", policy_id)
    body = parse_body()
    record = current_store().update_routing_policy(current_principal(), policy_id, **body)
    return data(present_routing.policy(record, with_rules=True))


@api.delete("/routing/policies/<policy_id>")
@documented(source="client", status=204, errors=(errors.CannotDeleteDefault, errors.InUse))
def delete_routing_policy(policy_id: str):
    """Remove a routing policy (never the default; never one an integration routes to)."""
    current_store().delete_routing_policy(current_principal(), path_uuid("id", policy_id))
    return no_content()


# ---- inbound integrations ------------------------------------------------------------------------
@api.get("/integrations/inbound")
@documented(source="client", response="responses_routing.IntegrationListOut")
def list_integrations():
    """The organization's inbound integrations."""
    records = current_store().list_integrations(current_principal())
    return data({"integrations": [present_routing.integration(item) for item in records]})


@api.get("/integrations/inbound/<integration_id>")
@documented(source="client", response="responses_routing.IntegrationOut")
def get_integration(integration_id: str):
    """One inbound integration with its selectors."""
    record = current_store().get_integration(current_principal(), path_uuid("id", integration_id))
    return data(present_routing.integration(record))


@api.put("/integrations/inbound/<integration_id>/selectors")
@documented(source="client", body=SELECTORS, response="responses_routing.IntegrationOut", errors=(errors.InvalidRoutingPolicyId,))
def set_integration_selectors(integration_id: str):
    """Replace the integration's ordered selectors wholesale (`[]` clears them)."""
    integration_id = path_uuid("id", integration_id)
    body = parse_body()
    record = current_store().set_integration_selectors(current_principal(), integration_id, **body)
    return data(present_routing.integration(record))
