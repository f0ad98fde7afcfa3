"""Escalation policy routes (contract §3)."""

from __future__ import annotations

from ...schemas.oncall import LayerOrderBody
from ...schemas.policies import CreatePolicyLayerBody, PolicyBody, UpdatePolicyLayerBody
from .. import present_oncall
from ..api import api
from ..context import current_principal, current_store
from ..parsing import parse_body, path_uuid
from ..responses import data, no_content

POLICY = PolicyBody()
CREATE_LAYER = CreatePolicyLayerBody()
UPDATE_LAYER = UpdatePolicyLayerBody()
LAYER_ORDER = LayerOrderBody()


@api.get("/escalation/policies")
def list_policies():
    """The organization's escalation policies (without layers)."""
    return data([present_oncall.policy(item) for item in current_store().list_policies(current_principal())])


@api.post("/escalation/policies")
def create_policy():
    """Add an escalation policy."""
    body = parse_body(POLICY)
    return data(present_oncall.policy(current_store().create_policy(current_principal(), **body), with_layers=True), 201)


@api.get("/escalation/policies/<policy_id>")
def get_policy(policy_id: str):
    """One escalation policy with its layers."""
    record = current_store().get_policy(current_principal(), path_uuid("id", policy_id))
    return data(present_oncall.policy(record, with_layers=True))


@api.delete("/escalation/policies/<policy_id>")
def delete_policy(policy_id: str):
    """Remove an escalation policy."""
    current_store().delete_policy(current_principal(), path_uuid("id", policy_id))
    return no_content()


@api.post("/escalation/policies/<policy_id>/layers")
def create_policy_layer(policy_id: str):
    """Insert a layer (1-based position; the others shift down)."""
    policy_id = path_uuid("id", policy_id)
    body = parse_body(CREATE_LAYER)
    return data(present_oncall.policy_layer(current_store().create_policy_layer(current_principal(), policy_id, **body)), 201)


@api.put("/escalation/policies/<policy_id>/layers/order")
def reorder_policy_layers(policy_id: str):
    """Set the order of the policy's layers; answers the policy with its layers."""
    policy_id = path_uuid("id", policy_id)
    body = parse_body(LAYER_ORDER)
    record = current_store().reorder_policy_layers(current_principal(), policy_id, **body)
    return data(present_oncall.policy(record, with_layers=True))


@api.patch("/escalation/policies/<policy_id>/layers/<layer_id>")
def update_policy_layer(policy_id: str, layer_id: str):
    """Change some fields of a layer."""
    policy_id, layer_id = path_uuid("id", policy_id), path_uuid("layerId", layer_id)
    body = parse_body(UPDATE_LAYER)
    return data(present_oncall.policy_layer(current_store().update_policy_layer(current_principal(), policy_id, layer_id, **body)))


@api.delete("/escalation/policies/<policy_id>/layers/<layer_id>")
def delete_policy_layer(policy_id: str, layer_id: str):
    """Remove a layer; the positions after it close up."""
    current_store().delete_policy_layer(current_principal(), path_uuid("id", policy_id), path_uuid("layerId", layer_id))
    return no_content()
