"""Chosen decisions: §6.2 Scaling's client: routing policies, inbound integrations, alert routing (see the package docstring)."""

# ==== §6.2 Routing policies, inbound integrations, alert routing ======================================

# §6.2 Default routing policy: every organization (seeded, tenant, loaded state) has one default routing policy with these rules
# (the provider's own test example of a default policy); no escalation policy, so an alert's incident pages
# no one until a rule names a policy. It can be renamed and its rules replaced, never deleted.
DEFAULT_ROUTING_POLICY_NAME = "Default"
DEFAULT_ROUTING_RULES = (
    ("critical", "incident"), ("high", "incident"), ("medium", "notification"), ("low", "notification"),
)

# §6.2 Routing error codes: deleting the default routing policy is 400 cannot_delete_default (the contract's code). An unknown
# routing policy named by a selector (or by POST /_mock/integrations) is 400 with this code; an unknown
# escalation policy in a rule is 400 invalid_escalation_policy_id, as on POST /v1/incidents.
INVALID_ROUTING_POLICY_ID_CODE = "invalid_routing_policy_id"

# §6.2 Rules: `rules` is required on POST and PUT and must hold exactly four rules, one per severity (else
# 422, which is also the answer to the `"rules": []` a Terraform config without rule blocks sends). Rules
# come back in the order they were sent. Only paging outcomes may name an escalation policy (422 on
# notification or drop); null is allowed ("falls back to the alert's component default" in the client's
# docs; the fake's components have no default policy, so nothing is paged then).
PAGING_OUTCOMES = ("incident", "provisional_page")

# §6.2 Deleting a record something still refers to is 409 in_use: a routing policy named by an integration
# or one of its selectors, an escalation policy named by a routing rule, a component an integration
# resolves its alerts to.

# §6.2 Selectors: at least one matcher each (the client's own rule), key and value 1–255 characters; a
# matcher with the key `severity` is 422, since severity is never a matcher. Keys are compared exactly
# (so `Severity` is an ordinary attribute), values case-insensitively (str.casefold). At most this many selectors per integration and matchers per
# selector, so routing one alert stays cheap.
MAX_SELECTORS = 100
MAX_MATCHERS_PER_SELECTOR = 50

# §6.2 Provisioning integrations: integrations are provisioned through POST /_mock/integrations (org = the component's org) and the
# seed; names are unique in an organization (409 name_conflict; the client's data source looks them up by
# name).

# §6.2 Alerts (POST /_mock/integrations/{id}/alerts, store.ingest_alert): `title` 1–100 characters (an
# incident title), `attributes` an object of strings. Answer 200 {routingPolicyId, selectorIndex, outcome,
# incidentId}. Outcomes:
# - incident: opens an incident on the integration's component through the usual creation rules, with the
#   rule's escalation policy (layer 1 paged at once). Owner: the on-call owner of the policy's first layer
#   when it targets a schedule, its first user when it targets users, else null. createdBy (and the
#   incident_created event's actor) is the integration's id.
# - provisional_page: pages the targets of the policy's first layer whose working-hours condition holds now
#   (the one escalation would page first; reason provisional_page, no incident, no timer); none: no page.
#   The incident outcome's owner comes from that same layer.
# - notification: one journal row with reason notification, userId and incidentId null; opens nothing.
# - drop: nothing at all.
ALERT_ANSWER_STATUS = 200
