"""Scaling's own client (its Terraform provider) against the fake: routing policies and inbound integrations (§6.2).

Each test sends exactly what the provider's Go client sends (method, path, headers, body fields, including the
explicit nulls and the `"description": ""` Terraform's default gives) and decodes the answer into the client's
shapes, written out below as field -> JSON type(s). A shape field missing from an answer, or of another type,
fails; so does a pointer (nullable) field that never carries a value, so every field is seen populated.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from .routing_support import ACME_ROUTING_DEFAULT, DATADOG
from .support import API_COMPONENT, DEFAULT_POLICY

USER_AGENT = "terraform-provider-scaling-cloud/0.1.0"
STR, NULLABLE_STR, BOOL = (str,), (str, type(None)), (bool,)

ROUTING_POLICY = {"id": STR, "orgId": STR, "name": STR, "description": NULLABLE_STR, "isDefault": BOOL,
                  "createdAt": STR, "updatedAt": STR}
ROUTING_RULE = {"severity": STR, "outcome": STR, "escalationPolicyId": NULLABLE_STR}
SELECTOR_MATCHER = {"key": STR, "value": STR}
ROUTING_SELECTOR = {"matchers": [SELECTOR_MATCHER], "routingPolicyId": STR}
INBOUND_INTEGRATION = {"id": STR, "orgId": STR, "name": STR, "componentId": STR, "routingPolicyId": NULLABLE_STR,
                       "selectors": [ROUTING_SELECTOR], "createdAt": STR, "updatedAt": STR}
API_ERROR = {"statusCode": (int,), "type": STR, "code": STR, "requestId": STR, "message": STR}


def decode(shape: Any, value: Any, seen: set[str], at: str = "") -> None:
    """Check `value` against a client shape; record in `seen` every nullable field that carried a value."""
    if isinstance(shape, list):
        assert isinstance(value, list), f"{at}: expected a JSON array, got {value!r}"
        for index, item in enumerate(value):
            decode(shape[0], item, seen, f"{at}[{index}]")
        return
    if isinstance(shape, dict):
        assert isinstance(value, dict), f"{at}: expected a JSON object, got {value!r}"
        for name, field_shape in shape.items():
            assert name in value, f"{at}.{name}: missing"
            decode(field_shape, value[name], seen, f"{at}.{name}")
        return
    is_bool_shape = bool in shape  # JSON true/false only where the Go field is a bool (Python's bool is an int)
    assert isinstance(value, shape) and is_bool_shape == isinstance(value, bool), f"{at}: {value!r} is not {shape}"
    if type(None) in shape and value is not None:
        seen.add(at.rsplit(".", 1)[-1])


def client_call(api, method: str, path: str, body: Any = None) -> Any:
    """One request as the Go client makes it: Bearer key, its User-Agent, Content-Type only with a body."""
    headers = {"User-Agent": USER_AGENT}
    data = None
    if body is not None:
        data = json.dumps(body, separators=(",", ":"))  # encoding/json's compact output
        headers["Content-Type"] = "application/json"
    reply = api.request(method, path, data=data, headers=headers)
    return reply


def ok(reply, status: int = 200) -> Any:
    assert reply.status == status, reply.text
    return reply.body["data"] if status != 204 else None


@pytest.fixture
def seen() -> set[str]:
    """The nullable shape fields seen carrying a value (filled by `decode`).

    Example::

        def test_x(api, seen): decode(ROUTING_POLICY, body, seen); assert "description" in seen
    """
    return set()


def rule_inputs(policy: str | None) -> list[dict[str, Any]]:
    """RoutingRuleInput x4 as the provider builds them (escalationPolicyId always sent, null when unset)."""
    return [
        {"severity": "critical", "outcome": "incident", "escalationPolicyId": policy},
        {"severity": "high", "outcome": "provisional_page", "escalationPolicyId": None},
        {"severity": "medium", "outcome": "notification", "escalationPolicyId": None},
        {"severity": "low", "outcome": "drop", "escalationPolicyId": None},
    ]


def test_routing_policy_lifecycle_as_the_client_sends_it(api, seen):
    # ListRoutingPolicies: GET, data is a bare array of RoutingPolicy (no rules).
    listed = ok(client_call(api, "GET", "/v1/routing/policies"))
    decode([ROUTING_POLICY], listed, seen)
    assert any(p["isDefault"] for p in listed)

    # CreateRoutingPolicy: description omitted when nil (omitempty) ...
    created = ok(client_call(api, "POST", "/v1/routing/policies", {"name": "Payments routing", "rules": rule_inputs(DEFAULT_POLICY)}), 201)
    decode({**ROUTING_POLICY, "rules": [ROUTING_RULE]}, created, seen)
    assert created["description"] is None and created["rules"][0]["escalationPolicyId"] == DEFAULT_POLICY
    # ... and "" from Terraform's default description.
    tf_created = ok(client_call(api, "POST", "/v1/routing/policies", {"name": "TF routing", "description": "", "rules": rule_inputs(None)}), 201)
    assert tf_created["description"] == ""

    # GetRoutingPolicy
    got = ok(client_call(api, "GET", f"/v1/routing/policies/{created['id']}"))
    decode({**ROUTING_POLICY, "rules": [ROUTING_RULE]}, got, seen)

    # UpdateRoutingPolicy: PUT, the full desired state, description always sent (a string, or null to clear).
    updated = ok(client_call(api, "PUT", f"/v1/routing/policies/{created['id']}",
                             {"name": "Renamed", "description": "Stricter routing", "rules": rule_inputs(DEFAULT_POLICY)}))
    decode({**ROUTING_POLICY, "rules": [ROUTING_RULE]}, updated, seen)
    assert (updated["name"], updated["description"]) == ("Renamed", "Stricter routing")
    cleared = ok(client_call(api, "PUT", f"/v1/routing/policies/{created['id']}",
                             {"name": "Renamed", "description": None, "rules": rule_inputs(None)}))
    assert cleared["description"] is None and cleared["rules"][0]["escalationPolicyId"] is None

    # DeleteRoutingPolicy: 204 with no body; then GET is 404, which the client reads as "deleted".
    assert ok(client_call(api, "DELETE", f"/v1/routing/policies/{created['id']}"), 204) is None
    gone = client_call(api, "GET", f"/v1/routing/policies/{created['id']}")
    assert gone.status == 404
    decode(API_ERROR, gone.body, seen)
    assert {"description", "escalationPolicyId"} <= seen  # every nullable field of the shapes carried a value


def test_deleting_the_default_is_an_api_error_the_client_can_read(api, seen):
    reply = client_call(api, "DELETE", f"/v1/routing/policies/{ACME_ROUTING_DEFAULT}")
    assert reply.status == 400
    decode(API_ERROR, reply.body, seen)
    assert reply.body["code"] == "cannot_delete_default"


def test_inbound_integrations_as_the_client_reads_and_sets_them(api, seen):
    policy = ok(client_call(api, "POST", "/v1/routing/policies", {"name": "Critical routing", "rules": rule_inputs(None)}), 201)["id"]
    # An integration with every field populated (routingPolicyId set), provisioned out of band.
    grafana = api.post("/_mock/integrations", json={"name": "Grafana", "componentId": API_COMPONENT, "routingPolicyId": policy}).data

    # ListInboundIntegrations: data is {"integrations": [...]}.
    listed = ok(client_call(api, "GET", "/v1/integrations/inbound"))
    decode({"integrations": [INBOUND_INTEGRATION]}, listed, seen)
    assert [i["name"] for i in listed["integrations"]] == ["Datadog", "Grafana"]

    # SetInboundSelectors: PUT the ordered rows wholesale.
    rows = [
        {"matchers": [{"key": "service", "value": "payments"}, {"key": "env", "value": "prod"}], "routingPolicyId": policy},
        {"matchers": [{"key": "env", "value": "staging"}], "routingPolicyId": ACME_ROUTING_DEFAULT},
    ]
    set_reply = ok(client_call(api, "PUT", f"/v1/integrations/inbound/{grafana['id']}/selectors", {"selectors": rows}))
    decode(INBOUND_INTEGRATION, set_reply, seen)
    assert set_reply["selectors"] == rows

    # GetInboundIntegration
    got = ok(client_call(api, "GET", f"/v1/integrations/inbound/{grafana['id']}"))
    decode(INBOUND_INTEGRATION, got, seen)
    assert got["routingPolicyId"] == policy and got["selectors"] == rows

    # The resource's Delete: an empty (non-nil) list clears the selectors.
    cleared = ok(client_call(api, "PUT", f"/v1/integrations/inbound/{grafana['id']}/selectors", {"selectors": []}))
    assert cleared["selectors"] == []
    assert "routingPolicyId" in seen

    # The data source looks an integration up by name in the list; the seeded one is there too.
    datadog = next(i for i in listed["integrations"] if i["name"] == "Datadog")
    assert datadog["id"] == DATADOG


def test_unknown_ids_are_404_so_the_client_drops_them(api, seen):
    for path in ("/v1/routing/policies/016f5e66-e800-7300-8000-00000000ffff",
                 "/v1/integrations/inbound/016f5e66-e800-7400-8000-00000000ffff"):
        reply = client_call(api, "GET", path)
        assert reply.status == 404
        decode(API_ERROR, reply.body, seen)
