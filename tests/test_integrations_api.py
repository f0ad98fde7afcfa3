"""Inbound integrations (contract §6.2): list, get, PUT selectors, and provisioning through /_mock/integrations."""

from __future__ import annotations

import pytest

from .routing_support import ACME_ROUTING_DEFAULT, DATADOG, GLOBEX_ROUTING_DEFAULT, new_routing_policy, selector
from .support import API_COMPONENT, DATABASE_COMPONENT, GLOBEX_KEY, MEMBER_KEY, assert_error

INTEGRATION_FIELDS = {"id", "orgId", "name", "componentId", "routingPolicyId", "selectors", "createdAt", "updatedAt"}


def test_the_seeded_datadog_integration(api):
    listed = api.get("/integrations/inbound").data
    assert list(listed) == ["integrations"]
    (datadog,) = listed["integrations"]
    assert set(datadog) == INTEGRATION_FIELDS
    assert (datadog["id"], datadog["name"], datadog["orgId"], datadog["componentId"]) == (DATADOG, "Datadog", "org_acme", API_COMPONENT)
    assert datadog["routingPolicyId"] is None and datadog["selectors"] == []
    assert api.get(f"/integrations/inbound/{DATADOG}").data == datadog
    assert api.get("/integrations/inbound", key=GLOBEX_KEY).data == {"integrations": []}
    assert_error(api.get(f"/integrations/inbound/{DATADOG}", key=GLOBEX_KEY), 404, "invalid_request_error", "not_found")


def test_selectors_are_replaced_wholesale_in_order_and_cleared_by_an_empty_list(api, store):
    critical, low = new_routing_policy(api, name="Critical")["id"], new_routing_policy(api, name="Low")["id"]
    rows = [selector(critical, service="payments", env="prod"), selector(low, env="staging")]
    store.set_clock(advance=30)
    reply = api.put(f"/integrations/inbound/{DATADOG}/selectors", json={"selectors": rows})
    assert reply.status == 200, reply.text
    assert reply.data["selectors"] == rows and reply.data["updatedAt"] > reply.data["createdAt"]
    assert api.get(f"/integrations/inbound/{DATADOG}").data["selectors"] == rows
    reversed_rows = list(reversed(rows))
    assert api.put(f"/integrations/inbound/{DATADOG}/selectors", json={"selectors": reversed_rows}).data["selectors"] == reversed_rows
    assert api.put(f"/integrations/inbound/{DATADOG}/selectors", json={"selectors": []}, key=MEMBER_KEY).data["selectors"] == []


@pytest.mark.parametrize("body", [
    {},
    {"selectors": None},
    {"selectors": {}},
    {"selectors": [{"matchers": [], "routingPolicyId": ACME_ROUTING_DEFAULT}]},               # at least one matcher
    {"selectors": [{"matchers": [{"key": "env", "value": "prod"}]}]},                         # no policy
    {"selectors": [{"matchers": [{"key": "", "value": "prod"}], "routingPolicyId": ACME_ROUTING_DEFAULT}]},
    {"selectors": [{"matchers": [{"key": "env", "value": ""}], "routingPolicyId": ACME_ROUTING_DEFAULT}]},
    {"selectors": [{"matchers": [{"key": "env", "value": "x" * 256}], "routingPolicyId": ACME_ROUTING_DEFAULT}]},
    {"selectors": [{"matchers": [{"key": "severity", "value": "critical"}], "routingPolicyId": ACME_ROUTING_DEFAULT}]},
    {"selectors": [{"matchers": [{"key": "env", "value": "prod", "op": "eq"}], "routingPolicyId": ACME_ROUTING_DEFAULT}]},
    {"selectors": [selector(ACME_ROUTING_DEFAULT, env="prod")] * 101},
    {"selectors": [], "routingPolicyId": ACME_ROUTING_DEFAULT},
])
def test_invalid_selector_bodies_are_422(api, body):
    assert_error(api.put(f"/integrations/inbound/{DATADOG}/selectors", json=body), 422, "validation_error", "invalid_body")
    assert api.get(f"/integrations/inbound/{DATADOG}").data["selectors"] == []


def test_a_selector_naming_no_policy_of_the_org_is_400(api):
    for policy_id in (GLOBEX_ROUTING_DEFAULT, "016f5e66-e800-7300-8000-00000000ffff"):
        reply = api.put(f"/integrations/inbound/{DATADOG}/selectors", json={"selectors": [selector(policy_id, env="prod")]})
        assert_error(reply, 400, "invalid_request_error", "invalid_routing_policy_id")


def test_unknown_integration_is_404_and_a_bad_id_422(api):
    body = {"selectors": []}
    assert_error(api.put("/integrations/inbound/016f5e66-e800-7400-8000-00000000ffff/selectors", json=body), 404, "invalid_request_error", "not_found")
    assert_error(api.get("/integrations/inbound/int_123"), 422, "validation_error", "invalid_path")


# ---- provisioning through the control plane --------------------------------------------------------
def test_provision_an_integration(api):
    policy = new_routing_policy(api, name="Grafana routing")["id"]
    reply = api.post("/_mock/integrations", json={"name": "Grafana", "componentId": DATABASE_COMPONENT, "routingPolicyId": policy,
                                                  "selectors": [selector(policy, team="db")]})
    assert reply.status == 201, reply.text
    created = reply.data
    assert (created["orgId"], created["componentId"], created["routingPolicyId"]) == ("org_acme", DATABASE_COMPONENT, policy)
    assert created["selectors"] == [selector(policy, team="db")]
    assert api.get(f"/integrations/inbound/{created['id']}").data == created
    assert [i["name"] for i in api.get("/integrations/inbound").data["integrations"]] == ["Datadog", "Grafana"]
    assert [i["id"] for i in api.get("/_mock/integrations").data["integrations"]] == [DATADOG, created["id"]]
    assert_error(api.delete(f"/routing/policies/{policy}"), 409, "invalid_request_error", "in_use")


def test_provisioning_rules(api):
    globex_component = api.post("/components", json={"name": "Globex API"}, key=GLOBEX_KEY).data["id"]
    assert_error(api.post("/_mock/integrations", json={"name": "Datadog", "componentId": DATABASE_COMPONENT}), 409, "invalid_request_error", "name_conflict")
    assert api.post("/_mock/integrations", json={"name": "Datadog", "componentId": globex_component}).data["orgId"] == "org_globex"
    assert_error(api.post("/_mock/integrations", json={"name": "X", "componentId": "nope"}), 400, "invalid_request_error", "invalid_component_id")
    assert_error(api.post("/_mock/integrations", json={"name": "X", "componentId": globex_component, "routingPolicyId": ACME_ROUTING_DEFAULT}),
                 400, "invalid_request_error", "invalid_routing_policy_id")
    for body in ({"componentId": API_COMPONENT}, {"name": "X"}, {"name": "", "componentId": API_COMPONENT}, {"name": "X", "componentId": API_COMPONENT, "orgId": "org_acme"}):
        assert_error(api.post("/_mock/integrations", json=body), 422, "validation_error", "invalid_body")


def test_a_component_an_integration_uses_is_in_use(api):
    assert_error(api.delete(f"/components/{API_COMPONENT}"), 409, "invalid_request_error", "in_use")
    assert api.get(f"/components/{API_COMPONENT}").status == 200


def test_the_store_methods(store):
    from mockscaling.store import Principal

    ada = Principal(org_id="org_acme", user_id="user_ada", role="org:admin")
    integration = store.create_integration(name="Sentry", component_id=DATABASE_COMPONENT)
    assert integration.org_id == "org_acme" and integration in store.list_integrations(ada)
    store.set_integration_selectors(ada, integration.id, [{"matchers": [{"key": "env", "value": "prod"}], "routing_policy_id": ACME_ROUTING_DEFAULT}])
    assert store.get_integration(ada, integration.id).selectors[0].matchers[0].value == "prod"
