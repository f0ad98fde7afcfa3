"""The evidence of every x-scaling-source tag: a docs quote, a client name or a chosen name (see provenance.py).

Operations, error codes, headers and security schemes are here; fields in evidence_fields.py; the pages and
chosen entries both cite in evidence_pages.py.

Keys: operations as "METHOD /v1/path"; fields by schema name (the OpenAPI name: response schemas without
"Out", request and query schemas by class name) then wire name; error codes by code, or by
"METHOD /v1/path code" where one operation differs; headers and security schemes by name.
`mockscaling chosen --audit` (and tests/test_provenance_evidence.py) checks every docs quote against
fixtures/docs/quotes.json, every client name against fixtures/client/names.json and every chosen name
against the constants and entry titles of mockscaling/chosen/.
"""

from __future__ import annotations

from .evidence_fields import FIELDS  # noqa: F401  (one place to read every table from)
from .evidence_pages import (
    SCHEDULE_LAYERS_QUOTE,
    CREATE,
    LIST,
    GET,
    STATUS,
    UPDATES,
    UPDATES_LIST,
    REDACT,
    QUICKSTART,
    ACK,
    COMPONENTS,
    SCHEDULES,
    LAYERS,
    SCHEDULE_GUIDE,
    POLICIES,
    POLICY_LAYERS,
    TEAM,
    INVITE_GUIDE,
    ERRORS_PAGE,
    HANDOFF,
    REUSED_CODES,
    REORDER,
    RULE_CODES,
    OVERRIDE,
    AUTH_CODES,
)
from .provenance import client, decided, docs


# ---- operations ------------------------------------------------------------------------------------
def _method(file: str, name: str) -> dict[str, str]:
    return client(file, "ScalingClient", name)


OPERATIONS: dict[str, dict[str, str]] = {
    "POST /v1/incidents": docs(CREATE, "Creates a new incident in your organization."),
    "GET /v1/incidents": docs(LIST, "Returns a paginated list of incidents for your organization."),
    "GET /v1/incidents/{incidentId}": docs(GET, "Returns a single incident including its full status history."),
    "PATCH /v1/incidents/{incidentId}/status": docs(STATUS, "Transitions an incident to the next status in its lifecycle."),
    "POST /v1/incidents/{incidentId}/updates": docs(UPDATES, "Posts a new update on an incident."),
    "GET /v1/incidents/{incidentId}/updates": docs(
        UPDATES_LIST, "Returns every update posted on an incident — both internal and public — in chronological order."),
    "POST /v1/incidents/{incidentId}/updates/{updateId}/redact": docs(REDACT, "Removes the body of an incident update."),
    "POST /v1/incidents/{incidentId}/acknowledge": docs(ACK, "POST /v1/incidents/{id}/acknowledge with your API key."),
    "POST /v1/incidents/{incidentId}/handoff": HANDOFF,
    "PUT /v1/incidents/{incidentId}/components": docs(
        COMPONENTS, "You can also update the set of affected components on an existing incident:"),
    "GET /v1/components": _method("components.go", "ListComponents"),
    "POST /v1/components": _method("components.go", "CreateComponent"),
    "GET /v1/components/{componentId}": _method("components.go", "GetComponent"),
    "PATCH /v1/components/{componentId}": _method("components.go", "UpdateComponent"),
    "DELETE /v1/components/{componentId}": _method("components.go", "DeleteComponent"),
    "GET /v1/oncall/schedules": docs(SCHEDULES, "List all on-call schedules for your organization."),
    "POST /v1/oncall/schedules": docs(SCHEDULES, "Create a new on-call schedule for your organization."),
    "GET /v1/oncall/schedules/{scheduleId}": docs(SCHEDULES, SCHEDULE_LAYERS_QUOTE),
    "PUT /v1/oncall/schedules/{scheduleId}": _method("oncall_schedules.go", "UpdateOncallSchedule"),
    "DELETE /v1/oncall/schedules/{scheduleId}": _method("oncall_schedules.go", "DeleteOncallSchedule"),
    "GET /v1/oncall/schedules/{scheduleId}/resolve": docs(
        SCHEDULE_GUIDE, "GET request to /api/oncall/schedules/{scheduleId}/resolve."),
    "POST /v1/oncall/schedules/{scheduleId}/layers": docs(LAYERS, "Add a rotation layer to an existing schedule."),
    "PUT /v1/oncall/schedules/{scheduleId}/layers/order": REORDER,
    "GET /v1/oncall/schedules/{scheduleId}/overrides": OVERRIDE,
    "POST /v1/oncall/schedules/{scheduleId}/overrides": OVERRIDE,
    "DELETE /v1/oncall/schedules/{scheduleId}/overrides/{overrideId}": OVERRIDE,
    "PUT /v1/oncall/schedules/{scheduleId}/layers/{layerId}": _method("oncall_layers.go", "UpdateOncallLayer"),
    "DELETE /v1/oncall/schedules/{scheduleId}/layers/{layerId}": _method("oncall_layers.go", "DeleteOncallLayer"),
    "GET /v1/escalation/policies": docs(POLICIES, "List all escalation policies for your organization."),
    "POST /v1/escalation/policies": docs(POLICIES, "Create a new escalation policy."),
    "GET /v1/escalation/policies/{policyId}": _method("escalation_policies.go", "GetEscalationPolicy"),
    "PUT /v1/escalation/policies/{policyId}": _method("escalation_policies.go", "UpdateEscalationPolicy"),
    "DELETE /v1/escalation/policies/{policyId}": _method("escalation_policies.go", "DeleteEscalationPolicy"),
    "POST /v1/escalation/policies/{policyId}/layers": docs(POLICY_LAYERS, "Add a layer to an escalation policy."),
    "PUT /v1/escalation/policies/{policyId}/layers/order": docs(
        POLICY_LAYERS, "Use PUT /escalation/policies/{policyId}/layers/order after adding multiple layers to set the "
                       "final escalation order in one request."),
    "PATCH /v1/escalation/policies/{policyId}/layers/{layerId}": docs(
        POLICY_LAYERS, "PATCH /escalation/policies/{policyId}/layers/{layerId}"),
    "DELETE /v1/escalation/policies/{policyId}/layers/{layerId}": docs(
        POLICIES, "See Policy Layers for endpoints that add, update, reorder, or remove layers from a policy."),
    "GET /v1/team/members": docs(TEAM, "List all current members of your organization and any pending invitations."),
    "POST /v1/team/members/invite": docs(TEAM, "Send an invitation to a new member by email address."),
    "PATCH /v1/team/members/{userId}/role": docs(TEAM, "Update the role of an existing organization member."),
    "DELETE /v1/team/members/{userId}": docs(TEAM, "Remove a member from your organization."),
    "DELETE /v1/team/members/invitations/{invitationId}": docs(
        INVITE_GUIDE, "DELETE request to /api/team/members/invitations/{invitationId}."),
    "GET /v1/users": _method("users.go", "ListUsers"),
    "GET /v1/working-hours": client("lists_test.go", "ScalingClient", "ListWorkingHours"),
    "POST /v1/working-hours": _method("working_hours.go", "CreateWorkingHours"),
    "GET /v1/working-hours/{workingHoursId}": _method("working_hours.go", "GetWorkingHours"),
    "PATCH /v1/working-hours/{workingHoursId}": _method("working_hours.go", "UpdateWorkingHours"),
    "DELETE /v1/working-hours/{workingHoursId}": _method("working_hours.go", "DeleteWorkingHours"),
    "GET /v1/routing/policies": _method("routing_policies.go", "ListRoutingPolicies"),
    "POST /v1/routing/policies": _method("routing_policies.go", "CreateRoutingPolicy"),
    "GET /v1/routing/policies/{policyId}": _method("routing_policies.go", "GetRoutingPolicy"),
    "PUT /v1/routing/policies/{policyId}": _method("routing_policies.go", "UpdateRoutingPolicy"),
    "DELETE /v1/routing/policies/{policyId}": _method("routing_policies.go", "DeleteRoutingPolicy"),
    "GET /v1/integrations/inbound": _method("integrations.go", "ListInboundIntegrations"),
    "GET /v1/integrations/inbound/{integrationId}": _method("integrations.go", "GetInboundIntegration"),
    "PUT /v1/integrations/inbound/{integrationId}/selectors": _method("integrations.go", "SetInboundSelectors"),
}

# ---- error codes -----------------------------------------------------------------------------------
ERRORS: dict[str, dict[str, str]] = {
    "missing_authorization_header": AUTH_CODES,
    "invalid_api_key": AUTH_CODES,
    "not_authorized": docs(TEAM, "Requests from non-admin members will receive a 401 not_authorized error."),
    "invalid_json": decided("REQUIRE_JSON_CONTENT_TYPE"),
    "invalid_body": decided("VALIDATION_CODE_BODY"),
    "invalid_query": decided("VALIDATION_CODE_QUERY"),
    "invalid_path": decided("VALIDATION_CODE_PATH"),
    "not_found": docs(ERRORS_PAGE, "not_found | 404 | The requested resource does not exist or is not accessible to your organization. |"),
    "name_conflict": docs(ERRORS_PAGE, "name_conflict | 409 | A resource with the same name already exists in your organization. |"),
    "in_use": decided("Deleting a record something still refers to is 409 in_use"),
    "invalid_target": docs(
        POLICY_LAYERS,
        "400 | invalid_target | The referenced scheduleId does not exist in your organization, or the target object is malformed. |"),
    "invalid_working_hours_id": decided("INVALID_WORKING_HOURS_ID_CODE"),
    "invalid_step_position": decided("INVALID_STEP_POSITION_CODE"),
    "invalid_layer_order": REORDER,
    "invalid_effective_window": decided("INVALID_EFFECTIVE_WINDOW_CODE"),
    "invalid_override_window": decided("INVALID_OVERRIDE_WINDOW_CODE"),
    "owner_required": RULE_CODES,
    "invalid_owner_id": RULE_CODES,
    "invalid_escalation_policy_id": RULE_CODES,
    "empty_update": RULE_CODES,
    "public_update_requires_body": RULE_CODES,
    "invalid_component_id": docs(CREATE, "400 | invalid_component_id | One of the componentIds does not exist in your organization. |"),
    "duplicate_component_id": docs(CREATE, "400 | duplicate_component_id |"),
    "incident_resolved": docs(UPDATES, "POST against a resolved incident returns 400 incident_resolved."),
    "invalid_target_user": HANDOFF,
    "invalid_status_transition": docs(STATUS, "resolved incident — will return a 400 error with code invalid_status_transition."),
    "no_public_surface": docs(
        UPDATES, "Posting public is rejected with no_public_surface (400) when the incident has no published Status Page "
                 "whose selected components overlap with the incident’s affected components."),
    "redaction_not_permitted": docs(REDACT, "403 | redaction_not_permitted |"),
    "invalid_routing_policy_id": decided("INVALID_ROUTING_POLICY_ID_CODE"),
    "cannot_delete_default": decided("Routing error codes"),
    "invalid_participant": decided("participantIds"),
    "cannot_remove_self": decided("CANNOT_REMOVE_SELF_CODE"),
    "cannot_change_own_role": docs(
        TEAM, "400 | cannot_change_own_role | You attempted to change your own role, which is not allowed. |"),
    "invalid_request_error": docs(TEAM, "400 | invalid_request_error | The request body is missing or contains invalid fields. |"),
    # The same code on an operation the docs do not list it for.
    "PUT /v1/incidents/{incidentId}/components incident_resolved": REUSED_CODES,
    "PUT /v1/incidents/{incidentId}/components invalid_component_id": REUSED_CODES,
    "PUT /v1/incidents/{incidentId}/components duplicate_component_id": REUSED_CODES,
    "POST /v1/incidents/{incidentId}/handoff incident_resolved": REUSED_CODES,
    "POST /v1/escalation/policies invalid_target": REUSED_CODES,
    "PUT /v1/escalation/policies/{policyId} invalid_target": REUSED_CODES,
    "POST /v1/team/members/invite name_conflict": REUSED_CODES,
    "POST /v1/oncall/schedules/{scheduleId}/overrides invalid_participant": OVERRIDE,
}

HEADERS: dict[str, dict[str, str]] = {"X-Request-Id": decided("REQUEST_ID_HEADER")}
SECURITY: dict[str, dict[str, str]] = {
    "bearerAuth": docs(QUICKSTART, "Send a POST request to /v1/incidents with your API key in the Authorization header."),
}
