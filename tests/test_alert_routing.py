"""Alert routing (contract §6.2): which policy an alert reaches, and what every outcome does (table tests)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import Principal, Store

from .routing_support import ACME_ROUTING_DEFAULT, DATADOG, new_routing_policy, rules, selector
from .support import ADA, API_COMPONENT, DEFAULT_POLICY, PRIMARY_SCHEDULE, assert_error

ALERTS = f"/_mock/integrations/{DATADOG}/alerts"


def send(api, severity="critical", title="5xx above 5%", **attributes):
    """POST one alert to the seeded Datadog integration; the answer's data."""
    reply = api.post(ALERTS, json={"severity": severity, "title": title, "attributes": attributes})
    assert reply.status == 200, reply.text
    return reply.data


def pages(api):
    return api.get("/_mock/pages").data["pages"]


def incident_ids(api):
    return [i["id"] for i in api.get("/incidents").data["incidents"]]


# ---- which policy: selectors, the integration's policy, the org default ----------------------------
# (selectors as (policy name, matchers), the integration's own policy, alert attributes) -> (policy, selectorIndex)
SELECTOR_CASES = {
    "no selectors, no integration policy: the org default": ([], None, {"env": "prod"}, "default", None),
    "no selectors: the integration's policy": ([], "B", {"env": "prod"}, "B", None),
    "one matcher matches": ([("A", {"env": "prod"})], None, {"env": "prod"}, "A", 0),
    "values ignore case": ([("A", {"env": "prod"})], None, {"env": "PROD"}, "A", 0),
    "keys do not ignore case": ([("A", {"env": "prod"})], "B", {"Env": "prod"}, "B", None),
    "a missing attribute does not match": ([("A", {"env": "prod"})], "B", {}, "B", None),
    "a different value does not match": ([("A", {"env": "prod"})], None, {"env": "staging"}, "default", None),
    "all matchers must match (AND)": ([("A", {"env": "prod", "service": "payments"})], "B", {"env": "prod", "service": "search"}, "B", None),
    "all matchers match": ([("A", {"env": "prod", "service": "payments"})], "B", {"env": "Prod", "service": "PAYMENTS", "x": "y"}, "A", 0),
    "the first matching row wins": ([("A", {"env": "prod"}), ("B", {"env": "prod"})], None, {"env": "prod"}, "A", 0),
    "a later row when the first misses": ([("A", {"env": "prod"}), ("B", {"team": "db"})], None, {"team": "DB"}, "B", 1),
    "severity in the attributes changes nothing": ([("A", {"env": "prod"})], None, {"severity": "critical"}, "default", None),
    "no row matches: the integration's policy": ([("A", {"env": "prod"}), ("B", {"team": "db"})], "C", {"env": "dev"}, "C", None),
}


@pytest.mark.parametrize("case", SELECTOR_CASES, ids=list(SELECTOR_CASES))
def test_which_routing_policy_an_alert_reaches(inproc, case):
    rows, integration_policy, attributes, expected_policy, expected_index = SELECTOR_CASES[case]
    ids = {name: new_routing_policy(inproc, name=name)["id"] for name in ("A", "B", "C")}
    ids["default"] = ACME_ROUTING_DEFAULT
    body = {"name": "Prometheus", "componentId": API_COMPONENT, "routingPolicyId": ids.get(integration_policy),
            "selectors": [selector(ids[name], **matchers) for name, matchers in rows]}
    integration = inproc.post("/_mock/integrations", json=body).data
    reply = inproc.post(f"/_mock/integrations/{integration['id']}/alerts", json={"severity": "low", "title": "t", "attributes": attributes})
    assert reply.status == 200, reply.text
    assert (reply.data["routingPolicyId"], reply.data["selectorIndex"]) == (ids[expected_policy], expected_index)


def test_an_alert_without_attributes_reaches_the_default(inproc):
    reply = inproc.post(ALERTS, json={"severity": "medium", "title": "Disk 80%"})
    assert reply.data == {"routingPolicyId": ACME_ROUTING_DEFAULT, "selectorIndex": None, "outcome": "notification", "incidentId": None}


# ---- what happens: every outcome -----------------------------------------------------------------
def _on_call_now(api) -> str:
    return api.get(f"/oncall/schedules/{PRIMARY_SCHEDULE}/resolve").data["ownerId"]


@pytest.fixture
def routed_to(api):
    """Point Datadog's `env=prod` selector at a policy with the given four outcomes (paging ones on DEFAULT_POLICY).

    Example::

        def test_x(api, routed_to): routed_to("incident", "drop", "drop", "drop", policy=None)
    """

    def route(*outcomes: str, policy: str | None = DEFAULT_POLICY) -> str:
        routing = new_routing_policy(api, name="Table", rules=rules(*outcomes, policy=policy))["id"]
        assert api.put(f"/integrations/inbound/{DATADOG}/selectors", json={"selectors": [selector(routing, env="prod")]}).status == 200
        return routing

    return route


def test_incident_opens_on_the_component_and_pages_layer_one(api, routed_to):
    routing = routed_to("incident", "drop", "drop", "drop")
    on_call = _on_call_now(api)
    answer = send(api, "critical", "Checkout 5xx", env="prod")
    assert (answer["routingPolicyId"], answer["selectorIndex"], answer["outcome"]) == (routing, 0, "incident")
    incident = api.detail(answer["incidentId"])
    assert (incident["title"], incident["severity"], incident["status"]) == ("Checkout 5xx", "critical", "investigating")
    assert incident["affectedComponents"] == [{"id": API_COMPONENT, "name": "API"}]
    assert (incident["escalationPolicyId"], incident["ownerId"], incident["createdBy"]) == (DEFAULT_POLICY, on_call, DATADOG)
    assert [e["type"] for e in incident["events"]] == ["incident_created", "incident_paged"]
    paged = [(p["userId"], p["reason"], p["layerPosition"]) for p in api.get("/_mock/pages", params={"incidentId": incident["id"]}).data["pages"]]
    assert paged == [(on_call, "escalation", 1)]
    api.post("/_mock/clock", json={"advance": 15 * 60})  # escalation runs as for any incident
    assert [p["userId"] for p in api.get("/_mock/pages", params={"incidentId": incident["id"]}).data["pages"]] == [on_call, ADA]


def test_incident_owned_by_the_first_user_of_a_users_layer(api, routed_to):
    policy = api.post("/escalation/policies", json={"name": "Ada first"}).data["id"]
    api.post(f"/escalation/policies/{policy}/layers", json={"position": 1, "ackTimeoutMinutes": 5, "target": {"type": "users", "userIds": [ADA]}})
    routed_to("incident", "drop", "drop", "drop", policy=policy)
    incident = api.detail(send(api, "critical", env="prod")["incidentId"])
    assert (incident["ownerId"], incident["escalationPolicyId"]) == (ADA, policy)


def test_incident_without_an_escalation_policy_has_no_owner_and_pages_no_one(api, routed_to):
    routed_to("incident", "drop", "drop", "drop", policy=None)
    answer = send(api, "critical", env="prod")
    incident = api.detail(answer["incidentId"])
    assert (incident["ownerId"], incident["escalationPolicyId"]) == (None, None)
    assert pages(api) == []


def test_provisional_page_pages_layer_one_and_opens_nothing(api, routed_to):
    routing = routed_to("drop", "provisional_page", "drop", "drop")
    on_call = _on_call_now(api)
    before = incident_ids(api)
    answer = send(api, "high", env="prod")
    assert answer == {"routingPolicyId": routing, "selectorIndex": 0, "outcome": "provisional_page", "incidentId": None}
    assert incident_ids(api) == before
    assert [(p["userId"], p["reason"], p["incidentId"], p["integrationId"], p["layerPosition"]) for p in pages(api)] == [
        (on_call, "provisional_page", None, DATADOG, 1)
    ]
    api.post("/_mock/clock", json={"advance": 3600})
    assert len(pages(api)) == 1  # no timer: nothing escalates


def test_provisional_page_without_a_policy_pages_no_one(api, routed_to):
    routed_to("drop", "provisional_page", "drop", "drop", policy=None)
    assert send(api, "high", env="prod")["outcome"] == "provisional_page"
    assert pages(api) == []


def test_notification_records_one_page_and_opens_nothing(api, routed_to):
    routed_to("drop", "drop", "notification", "drop")
    before = incident_ids(api)
    answer = send(api, "medium", env="prod")
    assert (answer["outcome"], answer["incidentId"]) == ("notification", None)
    assert incident_ids(api) == before
    (page,) = pages(api)
    assert (page["reason"], page["userId"], page["incidentId"], page["integrationId"], page["orgId"]) == (
        "notification", None, None, DATADOG, "org_acme")


def test_drop_does_nothing(api, routed_to):
    routed_to("drop", "drop", "drop", "drop")
    state_before = (incident_ids(api), pages(api))
    assert send(api, "low", env="prod")["outcome"] == "drop"
    assert (incident_ids(api), pages(api)) == state_before


def test_the_severity_picks_the_rule(api, routed_to):
    routed_to("incident", "provisional_page", "notification", "drop")
    outcomes = [send(api, severity, env="prod")["outcome"] for severity in ("critical", "high", "medium", "low")]
    assert outcomes == ["incident", "provisional_page", "notification", "drop"]


def test_the_seeded_default_policy(api):
    """Datadog has no selectors: critical and high open incidents, medium and low notify."""
    answers = [send(api, severity) for severity in ("critical", "high", "medium", "low")]
    assert [a["outcome"] for a in answers] == ["incident", "incident", "notification", "notification"]
    assert all(a["routingPolicyId"] == ACME_ROUTING_DEFAULT and a["selectorIndex"] is None for a in answers)
    assert [a["incidentId"] is not None for a in answers] == [True, True, False, False]


# ---- alert validation ------------------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    {"title": "t"},
    {"severity": "urgent", "title": "t"},
    {"severity": "low"},
    {"severity": "low", "title": ""},
    {"severity": "low", "title": "x" * 101},
    {"severity": "low", "title": "t", "attributes": {"env": 3}},
    {"severity": "low", "title": "t", "attributes": ["env"]},
    {"severity": "low", "title": "t", "source": "datadog"},
])
def test_invalid_alerts_are_422(inproc, body):
    assert_error(inproc.post(ALERTS, json=body), 422, "validation_error", "invalid_body")
    assert pages(inproc) == []


def test_unknown_integration_is_404(inproc):
    reply = inproc.post("/_mock/integrations/016f5e66-e800-7400-8000-00000000ffff/alerts", json={"severity": "low", "title": "t"})
    assert_error(reply, 404, "invalid_request_error", "not_found")


def test_ingest_alert_in_python(store):
    routed = store.ingest_alert(DATADOG, severity="critical", title="From Python", attributes={"env": "prod"})
    assert (routed.routing_policy_id, routed.selector_index, routed.outcome) == (ACME_ROUTING_DEFAULT, None, "incident")
    ada = Principal(org_id="org_acme", user_id=ADA, role="org:admin")
    assert store.get_incident(ada, routed.incident_id).component_ids == [API_COMPONENT]


# ---- property: routing equals an independent reference ---------------------------------------------
KEYS, VALUES = ("env", "Env", "team"), ("prod", "PROD", "Prod", "db", "")
PROPERTY_STORE = Store()
POLICIES = [
    PROPERTY_STORE.create_routing_policy(Principal("org_acme", ADA, "org:admin"), name=f"P{i}", rules=[
        {"severity": s, "outcome": "drop", "escalation_policy_id": None} for s in ("critical", "high", "medium", "low")])
    for i in range(3)
]
matchers = st.lists(st.tuples(st.sampled_from(KEYS), st.sampled_from(VALUES[:4])), min_size=1, max_size=3)
selectors = st.lists(st.tuples(matchers, st.sampled_from(range(3))), max_size=4)
attributes = st.dictionaries(st.sampled_from(KEYS), st.sampled_from(VALUES), max_size=3)


def reference_route(rows, attrs, fallback):
    """The contract's rule written out plainly: the first row whose matchers all hold, else the fallback."""
    for index, (row_matchers, policy) in enumerate(rows):
        if all(key in attrs and attrs[key].lower() == value.lower() for key, value in row_matchers):
            return POLICIES[policy].id, index
    return fallback, None


@settings(max_examples=60, deadline=None)
@given(rows=selectors, attrs=attributes, own_policy=st.sampled_from([None, 0, 1, 2]))
def test_routing_matches_a_reference(rows, attrs, own_policy):
    integration = PROPERTY_STORE.create_integration(
        name=f"I{len(PROPERTY_STORE.integrations)}", component_id=API_COMPONENT,
        routing_policy_id=POLICIES[own_policy].id if own_policy is not None else None,
        selectors=[{"matchers": [{"key": k, "value": v} for k, v in m], "routing_policy_id": POLICIES[p].id} for m, p in rows],
    )
    fallback = POLICIES[own_policy].id if own_policy is not None else ACME_ROUTING_DEFAULT
    policy, index = PROPERTY_STORE.route_alert(integration, attrs)
    assert (policy.id, index) == reference_route(rows, attrs, fallback)


BERLIN_OFFICE = "016f5e66-e800-7500-8000-000000000001"  # seeded working hours: Mon-Fri 09:00-17:00 Europe/Berlin


@pytest.mark.parametrize(("at", "expected_step"), [
    ("2026-04-07T10:00:00.000Z", 1),   # Tuesday 12:00 in Berlin: inside office hours, step 1 holds
    ("2026-04-07T20:00:00.000Z", 2),   # Tuesday 22:00 in Berlin: step 1 is skipped, as escalation skips it
])
def test_alert_pages_follow_working_hours_conditions(api, routed_to, at, expected_step):
    steps = [
        {"position": 1, "targetType": "user", "targetId": ADA, "escalateAfterSeconds": 300,
         "condition": {"workingHoursId": BERLIN_OFFICE, "when": "during"}},
        {"position": 2, "targetType": "user", "targetId": "user_bob", "escalateAfterSeconds": 300, "condition": None},
    ]
    reply = api.post("/escalation/policies", json={"name": "Office first", "steps": steps})
    assert reply.status == 201, reply.text
    routed_to("incident", "provisional_page", "drop", "drop", policy=reply.data["id"])
    api.post("/_mock/clock", json={"freeze": at})
    send(api, "high", env="prod")
    assert [(p["userId"], p["layerPosition"]) for p in pages(api)] == [([ADA, "user_bob"][expected_step - 1], expected_step)]
    incident = api.detail(send(api, "critical", env="prod")["incidentId"])
    assert incident["ownerId"] == [ADA, "user_bob"][expected_step - 1]
