"""Routing policies (contract §6.2): CRUD, exactly four rules, the undeletable default, references, tenancy."""

from __future__ import annotations

import pytest

from mockscaling import Store

from .routing_support import (
    ACME_ROUTING_DEFAULT, DATADOG, DEFAULT_RULES, GLOBEX_ROUTING_DEFAULT, SEVERITIES, new_routing_policy, rules, selector,
)
from .support import DEFAULT_POLICY, GLOBEX_KEY, MEMBER_KEY, assert_error

INVALID_BODY = (422, "validation_error", "invalid_body")
LIST_FIELDS = {"id", "orgId", "name", "description", "isDefault", "createdAt", "updatedAt"}


def test_every_seeded_organization_has_one_default(api):
    for key, expected in ((None, ACME_ROUTING_DEFAULT), (GLOBEX_KEY, GLOBEX_ROUTING_DEFAULT)):
        listed = api.get("/routing/policies", **({"key": key} if key else {})).data
        assert [(p["id"], p["name"], p["isDefault"]) for p in listed] == [(expected, "Default", True)]
        assert set(listed[0]) == LIST_FIELDS  # the list carries no rules (the client's RoutingPolicy)
    detail = api.get(f"/routing/policies/{ACME_ROUTING_DEFAULT}").data
    assert detail["rules"] == DEFAULT_RULES and detail["orgId"] == "org_acme" and detail["description"] is None


def test_create_get_list_update(api, store):
    created = new_routing_policy(api, description="Stricter", rules=rules("incident", "provisional_page", "notification", "drop", policy=DEFAULT_POLICY))
    assert created["isDefault"] is False and created["description"] == "Stricter"
    assert created["createdAt"] == created["updatedAt"]
    assert created["rules"][0] == {"severity": "critical", "outcome": "incident", "escalationPolicyId": DEFAULT_POLICY}
    assert api.get(f"/routing/policies/{created['id']}").data == created
    assert [p["id"] for p in api.get("/routing/policies").data] == [ACME_ROUTING_DEFAULT, created["id"]]

    store.set_clock(advance=60)
    replaced = api.put(f"/routing/policies/{created['id']}", json={"name": "Renamed", "description": None, "rules": rules("drop", "drop", "drop", "drop")})
    assert replaced.status == 200, replaced.text
    body = replaced.data
    assert (body["name"], body["description"], body["isDefault"]) == ("Renamed", None, False)
    assert [r["outcome"] for r in body["rules"]] == ["drop"] * 4
    assert body["updatedAt"] > body["createdAt"] == created["createdAt"]
    assert api.get(f"/routing/policies/{created['id']}").data == body


def test_rules_keep_the_order_they_were_sent_in(api):
    sent = list(reversed(rules("incident", "incident", "notification", "drop")))
    assert new_routing_policy(api, rules=sent)["rules"] == sent


def test_the_default_can_be_replaced_but_stays_default(api):
    reply = api.put(f"/routing/policies/{ACME_ROUTING_DEFAULT}", json={"name": "Everything pages", "rules": rules(*["incident"] * 4)})
    assert reply.status == 200 and reply.data["isDefault"] is True and reply.data["name"] == "Everything pages"


def test_member_keys_manage_routing_policies_too(api):
    assert api.post("/routing/policies", json={"name": "By Bob", "rules": rules()}, key=MEMBER_KEY).status == 201


def test_delete_and_the_default_that_cannot_be_deleted(api):
    created = new_routing_policy(api)
    assert api.delete(f"/routing/policies/{created['id']}").status == 204
    assert_error(api.get(f"/routing/policies/{created['id']}"), 404, "invalid_request_error", "not_found")
    assert_error(api.delete(f"/routing/policies/{ACME_ROUTING_DEFAULT}"), 400, "invalid_request_error", "cannot_delete_default")
    assert api.get(f"/routing/policies/{ACME_ROUTING_DEFAULT}").status == 200


def test_a_policy_an_integration_routes_to_is_in_use(api):
    policy = new_routing_policy(api)
    assert api.put(f"/integrations/inbound/{DATADOG}/selectors", json={"selectors": [selector(policy["id"], env="prod")]}).status == 200
    assert_error(api.delete(f"/routing/policies/{policy['id']}"), 409, "invalid_request_error", "in_use")
    assert api.put(f"/integrations/inbound/{DATADOG}/selectors", json={"selectors": []}).status == 200
    assert api.delete(f"/routing/policies/{policy['id']}").status == 204


def test_an_escalation_policy_a_rule_pages_is_in_use(api):
    policy = new_routing_policy(api, rules=rules("incident", "notification", "notification", "drop", policy=DEFAULT_POLICY))
    assert_error(api.delete(f"/escalation/policies/{DEFAULT_POLICY}"), 409, "invalid_request_error", "in_use")
    api.put(f"/routing/policies/{policy['id']}", json={"name": policy["name"], "rules": rules()})
    assert api.delete(f"/escalation/policies/{DEFAULT_POLICY}").status == 204


def test_names_are_unique_per_organization(api):
    new_routing_policy(api, name="Quiet")
    assert_error(api.post("/routing/policies", json={"name": "Default", "rules": rules()}), 409, "invalid_request_error", "name_conflict")
    other = new_routing_policy(api, name="Loud")
    assert_error(api.put(f"/routing/policies/{other['id']}", json={"name": "Quiet", "rules": rules()}), 409, "invalid_request_error", "name_conflict")
    assert api.put(f"/routing/policies/{other['id']}", json={"name": "Loud", "rules": rules()}).status == 200  # its own name
    assert api.post("/routing/policies", json={"name": "Quiet", "rules": rules()}, key=GLOBEX_KEY).status == 201


@pytest.mark.parametrize("body", [
    {"rules": rules()},                                                      # no name
    {"name": "", "rules": rules()},
    {"name": "x" * 256, "rules": rules()},
    {"name": "P"},                                                           # no rules
    {"name": "P", "rules": None},
    {"name": "P", "rules": []},                                              # what a config without rule blocks sends
    {"name": "P", "rules": rules()[:3]},
    {"name": "P", "rules": rules() + rules()[:1]},
    {"name": "P", "rules": rules()[:3] + rules()[:1]},                       # critical twice, low missing
    {"name": "P", "rules": [{**rules()[0], "severity": "urgent"}] + rules()[1:]},
    {"name": "P", "rules": [{**rules()[0], "outcome": "page"}] + rules()[1:]},
    {"name": "P", "rules": [{**rules()[0], "escalationPolicyId": DEFAULT_POLICY}] + rules()[1:]},   # notification with a policy
    {"name": "P", "rules": [{**rules()[0], "extra": 1}] + rules()[1:]},
    {"name": "P", "rules": rules(), "isDefault": True},
    {"name": "P", "rules": "four"},
])
def test_invalid_bodies_are_422(api, body):
    assert_error(api.post("/routing/policies", json=body), *INVALID_BODY)
    assert_error(api.put(f"/routing/policies/{ACME_ROUTING_DEFAULT}", json=body), *INVALID_BODY)


def test_unknown_escalation_policy_in_a_rule_is_400(api):
    globex_policy = api.post("/escalation/policies", json={"name": "Globex"}, key=GLOBEX_KEY).data["id"]
    for policy_id in ("016f5e66-e800-7200-8000-00000000ffff", globex_policy, "not-a-uuid"):
        body = {"name": "P", "rules": rules("incident", "drop", "drop", "drop", policy=policy_id)}
        assert_error(api.post("/routing/policies", json=body), 400, "invalid_request_error", "invalid_escalation_policy_id")
    assert [p["name"] for p in api.get("/routing/policies").data] == ["Default"]  # nothing was created


def test_other_organizations_policies_are_not_found(api):
    for method, path in (("get", ""), ("delete", ""), ("put", "")):
        reply = getattr(api, method)(f"/routing/policies/{GLOBEX_ROUTING_DEFAULT}{path}", **({"json": {"name": "X", "rules": rules()}} if method == "put" else {}))
        assert_error(reply, 404, "invalid_request_error", "not_found")
    assert_error(api.get("/routing/policies/nope"), 422, "validation_error", "invalid_path")


def test_the_api_alias_answers_too(api):
    assert [p["id"] for p in api.get("/api/routing/policies").data] == [ACME_ROUTING_DEFAULT]


def test_a_new_tenant_gets_its_own_default(api):
    tenant = api.post("/_mock/tenants").data
    listed = api.get("/routing/policies", key=tenant["apiKey"]).data
    assert len(listed) == 1 and listed[0]["isDefault"] and listed[0]["orgId"] == tenant["orgId"]
    assert listed[0]["id"] not in (ACME_ROUTING_DEFAULT, GLOBEX_ROUTING_DEFAULT)
    assert_error(api.delete(f"/routing/policies/{listed[0]['id']}", key=tenant["apiKey"]), 400, "invalid_request_error", "cannot_delete_default")


def test_state_dump_and_load_keep_routing(api, store):
    policy = new_routing_policy(api, rules=rules("incident", "drop", "drop", "drop", policy=DEFAULT_POLICY))
    api.put(f"/integrations/inbound/{DATADOG}/selectors", json={"selectors": [selector(policy["id"], env="prod")]})
    dump = api.get("/_mock/state").data
    assert {p["id"] for p in dump["routingPolicies"]} == {ACME_ROUTING_DEFAULT, GLOBEX_ROUTING_DEFAULT, policy["id"]}
    api.post("/_mock/reset")
    assert api.post("/_mock/state", json=dump).status == 200
    assert api.get(f"/routing/policies/{policy['id']}").data == policy
    assert api.get(f"/integrations/inbound/{DATADOG}").data["selectors"][0]["routingPolicyId"] == policy["id"]


def test_a_state_document_without_routing_policies_still_loads_with_defaults(store):
    document = store.dump_state()
    del document["routingPolicies"], document["inboundIntegrations"]
    from mockscaling.store import StateError

    with pytest.raises(StateError, match="routingPolicies, inboundIntegrations"):
        store.load_state(document)  # POST /_mock/state takes whole documents only
    store.load_state(document, fill_missing=True)  # the migration path (`serve --import-state`)
    for org_id in ("org_acme", "org_globex"):
        default = store.default_routing_policy(org_id)
        assert default is not None and default.is_default and [r.severity for r in default.rules] == list(SEVERITIES)


@pytest.mark.parametrize("breakage", ["two defaults", "rule names another org's policy", "three rules", "selector names nothing"])
def test_state_documents_that_do_not_fit_are_refused(store, breakage):
    from mockscaling.store import StateError

    document = store.dump_state()
    acme_default = next(p for p in document["routingPolicies"] if p["id"] == ACME_ROUTING_DEFAULT)
    if breakage == "two defaults":
        document["routingPolicies"].append({**acme_default, "id": "016f5e66-e800-7300-8000-0000000000ff", "name": "Other"})
    elif breakage == "rule names another org's policy":
        globex = next(p for p in document["routingPolicies"] if p["id"] == GLOBEX_ROUTING_DEFAULT)
        globex["rules"][0]["escalation_policy_id"] = DEFAULT_POLICY
    elif breakage == "three rules":
        acme_default["rules"].pop()
    else:
        document["inboundIntegrations"][0]["selectors"] = [{"matchers": [{"key": "a", "value": "b"}], "routing_policy_id": "nope"}]
    with pytest.raises(StateError):
        store.load_state(document)


def test_routing_and_alerts_survive_a_state_file(tmp_path):
    """Routing policies, selectors, a tenant's default and alert pages are saved per request like everything else."""
    from mockscaling.worlds.persistence import StateFile

    first = Store()
    state = StateFile(tmp_path / "state.sqlite")
    state.attach(first)
    ada = first.authenticate("Bearer scl_live_" + "a" * 32)
    policy = first.create_routing_policy(ada, name="Saved", rules=[
        {"severity": s, "outcome": "notification", "escalation_policy_id": None} for s in SEVERITIES])
    first.set_integration_selectors(ada, DATADOG, [{"matchers": [{"key": "env", "value": "prod"}], "routing_policy_id": policy.id}])
    first.ingest_alert(DATADOG, severity="low", title="Saved alert", attributes={"env": "PROD"})
    tenant = first.create_tenant()
    state.close()
    second = Store(seed=None)
    reopened = StateFile(tmp_path / "state.sqlite")
    assert reopened.attach(second) is True
    reopened.close()
    assert second.dump_state() == first.dump_state()
    assert second.default_routing_policy(tenant.org_id) is not None
    assert [(p.reason, p.integration_id) for p in second.pages] == [("notification", DATADOG)]
