"""Escalation policy routes (contract §3)."""

from __future__ import annotations

from ...domain import errors
from ...schemas.oncall import LayerOrderBody
from ...schemas.policies import CreatePolicyLayerBody, PolicyBody, ReplacePolicyBody, UpdatePolicyLayerBody
from .. import present_oncall
from ..api import api
from ..context import current_principal, current_store
from ..parsing import parse_body, path_uuid
from ..responses import data, no_content
from ..spec import documented

POLICY = PolicyBody()
REPLACE_POLICY = ReplacePolicyBody()
STEP_ERRORS = (errors.InvalidTarget, errors.InvalidWorkingHoursId, errors.InvalidStepPosition)
CREATE_LAYER = CreatePolicyLayerBody()
UPDATE_LAYER = UpdatePolicyLayerBody()
LAYER_ORDER = LayerOrderBody()


@api.get("/escalation/policies")
@documented(source="docs", response="responses_oncall.PolicyOut", many=True)
def list_policies():
    """The organization's escalation policies (without layers)."""
    return data([present_oncall.policy(item) for item in current_store().list_policies(current_principal())])


@api.post("/escalation/policies")
@documented(source="docs", body=POLICY, response="responses_oncall.PolicyStepsOut", status=201,
            errors=(errors.NameConflict, *STEP_ERRORS))
def create_policy():
    """Add an escalation policy, optionally with steps (answered with `steps` when the request sent the key)."""
    body = parse_body()
    client_form = "steps" in body  # the client always sends the key; the docs never do (chosen/, §6.2 steps)
    return data(present_oncall.policy(current_store().create_policy(current_principal(), **body), with_steps=client_form), 201)


@api.get("/escalation/policies/<policy_id>")
@documented(source="client", response="responses_oncall.PolicyDetailOut")
def get_policy(policy_id: str):
    """One escalation policy with its steps and layers (two views of the same records)."""
    record = current_store().get_policy(current_principal(), path_uuid("id", policy_id))
    return data(present_oncall.policy(record, with_layers=True))


@api.put("/escalation/policies/<policy_id>")
@documented(source="client", body=REPLACE_POLICY, response="responses_oncall.PolicyDetailOut",
            errors=(errors.NameConflict, *STEP_ERRORS))
def replace_policy(policy_id: str):
    """Replace name, description and all steps of a policy."""
    policy_id = path_uuid("id", policy_id)
    body = parse_body()
    return data(present_oncall.policy(current_store().replace_policy(current_principal(), policy_id, **body), with_layers=True))


@api.delete("/escalation/policies/<policy_id>")
@documented(source="client", status=204, errors=(errors.InUse,))
def delete_policy(policy_id: str):
    """Remove an escalation policy."""
    current_store().delete_policy(current_principal(), path_uuid("id", policy_id))
    return no_content()


@api.post("/escalation/policies/<policy_id>/layers")
@documented(source="docs", body=CREATE_LAYER, response="responses_oncall.PolicyLayerOut", status=201,
            errors=(errors.InvalidTarget,))
def create_policy_layer(policy_id: str):
    """Insert a layer (1-based position; the others shift down)."""
    policy_id = path_uuid("id", policy_id)
    body = parse_body()
    return data(present_oncall.policy_layer(current_store().create_policy_layer(current_principal(), policy_id, **body)), 201)


@api.put("/escalation/policies/<policy_id>/layers/order")
@documented(source="docs", body=LAYER_ORDER, response="responses_oncall.PolicyDetailOut", errors=(errors.InvalidLayerOrder,))
def reorder_policy_layers(policy_id: str):
    """Set the order of the policy's layers; answers the policy with its layers."""
    policy_id = path_uuid("id", policy_id)
    body = parse_body()
    record = current_store().reorder_policy_layers(current_principal(), policy_id, **body)
    return data(present_oncall.policy(record, with_layers=True))


@api.patch("/escalation/policies/<policy_id>/layers/<id_except('order'):layer_id>")
@documented(source="docs", body=UPDATE_LAYER, response="responses_oncall.PolicyLayerOut", errors=(errors.InvalidTarget,))
def update_policy_layer(policy_id: str, layer_id: str):
    """Change some fields of a layer."""
    policy_id, layer_id = path_uuid("id", policy_id), path_uuid("layerId", layer_id)
    body = parse_body()
    record = current_store().update_policy_layer(current_principal(), policy_id, layer_id, **body)
    return data(present_oncall.policy_layer(record))


@api.delete("/escalation/policies/<policy_id>/layers/<id_except('order'):layer_id>")
@documented(source="docs", status=204)
def delete_policy_layer(policy_id: str, layer_id: str):
    """Remove a layer; the positions after it close up."""
    current_store().delete_policy_layer(current_principal(), path_uuid("id", policy_id), path_uuid("layerId", layer_id))
    return no_content()
