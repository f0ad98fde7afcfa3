"""The evidence of every x-scaling-source tag: a docs quote, a client name or a chosen name (see provenance.py).

Keys: operations as "METHOD /v1/path"; fields by schema name (the OpenAPI name: response schemas without
"Out", request and query schemas by class name) then wire name; error codes by code, or by
"METHOD /v1/path code" where one operation differs; headers and security schemes by name.
`mockscaling chosen --audit` (and tests/test_provenance_evidence.py) checks every docs quote against
fixtures/docs/quotes.json, every client name against fixtures/client/names.json and every chosen name
against the constants and entry titles of mockscaling/chosen/.
"""

from __future__ import annotations

from .provenance import client, client_fields, decided, docs, quoting

# ---- pages -----------------------------------------------------------------------------------------
CREATE = "api/incidents/create"
LIST = "api/incidents/list"
GET = "api/incidents/get"
STATUS = "api/incidents/update-status"
UPDATES = "api/incidents/updates-put"
UPDATES_LIST = "api/incidents/updates-list"
REDACT = "api/incidents/updates-redact"
QUICKSTART = "quickstart"
FIRST_INCIDENT = "guides/create-first-incident"
ACK = "concepts/acknowledgment-and-handoff"
COMPONENTS = "concepts/components"
SCHEDULES = "api/oncall/schedules"
LAYERS = "api/oncall/layers"
SCHEDULE_GUIDE = "guides/set-up-oncall-schedule"
POLICIES = "api/escalation/policies"
POLICY_LAYERS = "api/escalation/layers"
POLICY_GUIDE = "guides/configure-escalation-policy"
TEAM = "api/team/members"
INVITE_GUIDE = "guides/invite-team-members"
ERRORS_PAGE = "api/errors"

# ---- chosen entries (titles in mockscaling/chosen/) ---------------------------------------------------
INCIDENT_FIELDS = decided("Incident fields under chosen names")
HANDOFF = decided("Handoff path")
REUSED_CODES = decided("Codes reused beyond the operations the docs list them for")
REORDER = decided("Layer reorder bodies")
RESOLVE = decided("Resolve answer")
POLICY_LAYER_EXTRAS = decided("Policy layer extras")
RULE_CODES = decided("Codes for rules the docs state without a code")
OVERRIDE = decided("Schedule-wide override")
AUTH_CODES = decided("401 codes")

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
    "GET /v1/oncall/schedules/{scheduleId}": docs(
        SCHEDULES, "Returns schedule metadata only — to include rotation layers, fetch an individual schedule with "
                   "GET /oncall/schedules/{scheduleId}."),
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

# ---- response fields -------------------------------------------------------------------------------
_INCIDENT = {
    **quoting(CREATE, {
        "id": '"id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",',
        "orgId": '"orgId": "org_01HX4K9MNPQRST",',
        "title": '"title": "Payment service elevated error rate",',
        "severity": '"severity": "critical",',
        "status": '"status": "investigating",',
        "affectedComponents": '"affectedComponents": [',
        "createdAt": '"createdAt": "2025-04-07T08:23:11.000Z",',
        "updatedAt": '"updatedAt": "2025-04-07T08:23:11.000Z"',
    }),
    **quoting(QUICKSTART, {
        "description": '"description": "P99 latency above 2s for the past 10 minutes.",',
        "ownerId": '"ownerId": null,',
        "escalationPolicyId": '"escalationPolicyId": null,',
        "createdBy": '"createdBy": "user_2xyz789",',
    }),
    "sequentialId": INCIDENT_FIELDS,
    "acknowledgedAt": INCIDENT_FIELDS,
    "acknowledgedBy": INCIDENT_FIELDS,
}
_UPDATE = quoting(UPDATES, {
    "id": '"id": "0193e1a2-3b4c-7890-abcd-ef1234567890",',
    "incidentId": '"incidentId": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",',
    "body": "The update may carry a message body, a status transition, or both — at least one is required.",
    "statusChange": '"statusChange": "identified",',
    "visibility": '"visibility": "public",',
    "postedBy": '"postedBy": { "id": "user_2b9a3d4e5f6g7h8j", "name": "Alice Chen" },',
    "postedAt": '"postedAt": "2025-04-07T09:14:00.000Z",',
    "redactedAt": '"redactedAt": null,',
    "redactedBy": '"redactedBy": null',
})
_SCHEDULE = quoting(SCHEDULES, {
    "id": '"id": "a1b2c3d4-e5f6-7890-abcd-ef1234567890",',
    "orgId": '"orgId": "org_2abc123def456",',
    "name": '"name": "Platform On-call",',
    "description": '"description": "Primary rotation for the platform engineering team",',
    "timezone": '"timezone": "America/New_York",',
    "createdBy": '"createdBy": "user_9xyz",',
    "createdAt": '"createdAt": "2026-01-01T09:00:00.000Z",',
    "updatedAt": '"updatedAt": "2026-03-15T14:22:00.000Z"',
})
_ROTATION_LAYER = {
    **quoting(LAYERS, {
        "name": "Display name for the layer. Must be unique within the schedule. 1–255 characters.",
        "position": "Each layer has a position (integer, unique per schedule) that controls precedence for ownership resolution.",
        "rotationType": "Each layer has a rotationType that controls how rotationLengthDays is interpreted:",
        "rotationLengthDays": "Each layer has a rotationType that controls how rotationLengthDays is interpreted:",
    }),
    **quoting(SCHEDULE_GUIDE, {
        "handoffTime": "handoffTime | Time of day the rotation switches, in HH:MM 24-hour format |",
        "effectiveFrom": "effectiveFrom | ISO 8601 datetime when this layer becomes active |",
        "effectiveUntil": "effectiveUntil | Optional ISO 8601 datetime when this layer expires; null means it runs indefinitely |",
        "participantIds": "participantIds | Ordered list of user IDs who rotate through the layer |",
    }),
    **client_fields("models.go", "OncallLayer", "id scheduleId createdAt updatedAt"),
}
_POLICY = quoting(POLICIES, {
    "id": '"id": "d4e5f6a7-b8c9-0123-defa-234567890123",',
    "orgId": '"orgId": "org_2abc123def456",',
    "name": '"name": "Platform default",',
    "description": '"description": "Default escalation for all platform incidents",',
    "createdBy": '"createdBy": "user_9xyz",',
    "createdAt": '"createdAt": "2026-01-05T08:00:00.000Z",',
    "updatedAt": '"updatedAt": "2026-03-20T16:45:00.000Z"',
})
_TARGET = quoting(POLICY_LAYERS, {
    "type": "The target field is a discriminated union on type:",
    "scheduleId": '{ "type": "schedule", "scheduleId": "a1b2c3d4-e5f6-7890-abcd-ef1234567890" }',
    "userIds": '{ "type": "users", "userIds": ["user_aaa111", "user_bbb222"] }',
})
_POLICY_LAYER = {
    **quoting(POLICY_LAYERS, {
        "id": "PATCH /escalation/policies/{policyId}/layers/{layerId}",
        "position": "1-based position of this layer in the escalation sequence.",
        "ackTimeoutMinutes": "If that layer does not acknowledge within ackTimeoutMinutes, it moves to position: 2, and so on.",
        "target": "Each layer has a target that specifies who to notify.",
    }),
    "policyId": POLICY_LAYER_EXTRAS,
    "createdAt": POLICY_LAYER_EXTRAS,
    "updatedAt": POLICY_LAYER_EXTRAS,
    "condition": POLICY_LAYER_EXTRAS,
}
_COMPONENT_DOCS = quoting(COMPONENTS, {
    "name": "nameYes1–100 characters. Must be unique within your organization.",
    "description": "descriptionNoShort context about what the component is and what depends on it.",
    "groupLabel": "groupLabelNoA grouping label (e.g., Platform, Payments). Used on public status pages to cluster related components.",
})
_MEMBER = quoting(TEAM, {
    "id": '"id": "user_2abc123def456",',
    "email": '"email": "jane@example.com",',
    "firstName": '"firstName": "Jane",',
    "lastName": '"lastName": "Smith",',
    "imageUrl": '"imageUrl": "https://example.com/avatars/jane.jpg",',
    "role": '"role": "org:admin",',
    "joinedAt": '"joinedAt": "2025-01-15T09:30:00.000Z"',
})

FIELDS: dict[str, dict[str, dict[str, str]]] = {
    "Error": {
        **quoting(ERRORS_PAGE, {
            "statusCode": '"statusCode": 404,',
            "type": '"type": "invalid_request_error",',
            "code": '"code": "not_found",',
            "requestId": '"requestId": "550e8400-e29b-41d4-a716-446655440000"',
        }),
        "message": client("errors.go", "APIError", "Message", "message"),
    },
    "Incident": _INCIDENT,
    "IncidentDetail": {
        "statusHistory": docs(GET, '"statusHistory": ['),
        "events": INCIDENT_FIELDS,
    },
    "ComponentRef": quoting(CREATE, {
        "id": '{ "id": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "name": "Payments API" }',
        "name": '{ "id": "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "name": "Payments API" }',
    }),
    "StatusHistory": quoting(GET, {
        "id": '"id": "sh_01HX4KABCDE001",',
        "status": '"status": "monitoring",',
        "changedAt": '"changedAt": "2025-04-07T08:23:11.000Z",',
        "resolutionNote": '"resolutionNote": null',
    }),
    "Event": {name: INCIDENT_FIELDS for name in ("id", "type", "actorId", "occurredAt", "data")},
    "IncidentPage": quoting(LIST, {
        "incidents": '"incidents": [',
        "nextCursor": '"nextCursor": "eyJpZCI6ImIyYzNkNGU1LWY2YTctODkwMSJ9"',
    }),
    "Update": _UPDATE,
    "UserRef": {name: docs(UPDATES, _UPDATE["postedBy"]["quote"]) for name in ("id", "name")},
    "UpdateList": {"updates": docs(UPDATES_LIST, '"updates": [')},
    "MaintenanceWindow": client_fields("models.go", "MaintenanceWindow", "startedAt endsAt"),
    "Component": {
        **client_fields("models.go", "Component", "id orgId aliases operationalStatus maintenanceWindow createdAt updatedAt"),
        **_COMPONENT_DOCS,
    },
    "ComponentPage": {name: client("components.go", "ScalingClient", "ListComponents", name) for name in ("components", "nextCursor")},
    "Schedule": _SCHEDULE,
    "ScheduleDetail": {"layers": docs(SCHEDULES, OPERATIONS["GET /v1/oncall/schedules/{scheduleId}"]["quote"])},
    "RotationLayer": _ROTATION_LAYER,
    "Member": _MEMBER,
    "Invitation": quoting(TEAM, {
        "id": '"id": "orginv_4lmn321opq654",',
        "emailAddress": '"emailAddress": "alice@example.com",',
        "role": '"role": "org:member",',
        "status": '"status": "pending",',
        "createdAt": '"createdAt": "2026-04-05T10:00:00.000Z"',
    }),
    "Team": quoting(TEAM, {"members": '"members": [', "invitations": '"invitations": ['}),
    # The User struct's ID and Email are read in users_test.go; its first and last names only as the JSON the
    # ListUsers test answers with.
    "User": {
        **client_fields("users_test.go", "User", "id email"),
        **{name: client("users_test.go", "ScalingClient", "ListUsers", name) for name in ("firstName", "lastName")},
    },
    "Users": {"users": client("users.go", "ScalingClient", "ListUsers", "users")},
    "Target": _TARGET,
    "Condition": client_fields("models.go", "WorkingHoursCondition", "workingHoursId when"),
    "Step": client_fields("models.go", "EscalationStep",
                          "id position targetType targetId escalateAfterSeconds condition createdAt updatedAt"),
    "PolicyLayer": _POLICY_LAYER,
    "Policy": _POLICY,
    "PolicySteps": {"steps": client("models.go", "EscalationPolicyWithSteps", "Steps", "steps")},
    "PolicyDetail": {
        "steps": client("models.go", "EscalationPolicyWithSteps", "Steps", "steps"),
        "layers": POLICY_LAYER_EXTRAS,
    },
    "Window": client_fields("models.go", "WorkingHoursWindow", "days start end"),
    "WorkingHours": client_fields("models.go", "WorkingHours", "id orgId name timezone windows createdAt updatedAt"),
    "LayerOnCall": {name: RESOLVE for name in ("layerId", "position", "onCallUserId")},
    "Resolution": {**{name: RESOLVE for name in ("scheduleId", "at", "ownerId", "pagingTargets", "layers")},
                   "overrideId": OVERRIDE},
    "ScheduleOverride": {name: OVERRIDE for name in (
        "id", "scheduleId", "userId", "startsAt", "endsAt", "createdBy", "createdAt")},
    "RoutingRule": client_fields("models.go", "RoutingRule", "severity outcome escalationPolicyId"),
    "RoutingPolicy": client_fields("models.go", "RoutingPolicy", "id orgId name description isDefault createdAt updatedAt"),
    "RoutingPolicyDetail": {"rules": client("models.go", "RoutingPolicyWithRules", "Rules", "rules")},
    "Matcher": client_fields("models.go", "SelectorMatcher", "key value"),
    "Selector": client_fields("models.go", "RoutingSelector", "matchers routingPolicyId"),
    "Integration": client_fields("models.go", "InboundIntegration",
                                 "id orgId name componentId routingPolicyId selectors createdAt updatedAt"),
    "IntegrationList": {"integrations": client("integrations.go", "ScalingClient", "ListInboundIntegrations", "integrations")},
    # ---- request bodies and query parameters ----
    "CreateIncidentBody": {
        **quoting(CREATE, {
            "title": '"title": "Payment service elevated error rate",',
            "description": '"description": "The payment processing service is returning 5xx errors at 12% above baseline.",',
            "severity": '"severity": "critical",',
            "ownerId": "Pass ownerId to assign a specific user, or ownerScheduleId to let the server resolve the current "
                       "on-call responder and attach a matching escalation policy — at least one is required.",
            "ownerScheduleId": '"ownerScheduleId": "f47ac10b-58cc-4372-a567-0e02b2c3d479",',
            "componentIds": '"componentIds": ["6ba7b810-9dad-11d1-80b4-00c04fd430c8"]',
        }),
        "escalationPolicyId": docs(POLICY_GUIDE, "escalationPolicyId field when creating an incident."),
    },
    "ListIncidentsQuery": quoting(LIST, {
        "limit": '--url "https://api.scaling.cloud/v1/incidents?status=investigating&severity=critical&limit=10" \\',
        "cursor": "Use the cursor parameter to paginate through large result sets.",
        "status": "Filter by incident status. One of investigating, identified, monitoring, or resolved.",
        "severity": "Filter by incident severity. One of critical, high, medium, or low.",
        # The parameter table as the page shows it: name, type, description.
        "from": "from\nstring\nReturn incidents created on or after this date. ISO 8601 date format (e.g. 2025-01-01).",
        "to": "to\nstring\nReturn incidents created on or before this date. ISO 8601 date format (e.g. 2025-12-31).",
    }),
    "UpdateStatusBody": {
        "status": docs(STATUS, '"status": "identified"'),
        "resolutionNote": docs(FIRST_INCIDENT, "PATCH /status endpoint with an optional staff-only resolutionNote."),
    },
    "CreateUpdateBody": {
        "visibility": docs(UPDATES, "visibility is required on every request — there is no default."),
        "body": _UPDATE["body"],
        "statusChange": _UPDATE["statusChange"],
    },
    "HandoffBody": {"targetUserId": HANDOFF},
    "SetComponentsBody": {"componentIds": docs(COMPONENTS, '{"componentIds": ["cmp_01j...", "cmp_02k..."]}')},
    "CreateComponentBody": {**_COMPONENT_DOCS, "aliases": client("models.go", "CreateComponentRequest", "Aliases", "aliases")},
    "UpdateComponentBody": {**_COMPONENT_DOCS, "aliases": client("models.go", "UpdateComponentRequest", "Aliases", "aliases")},
    "ListComponentsQuery": {name: client("components.go", "ScalingClient", "ListComponents", name) for name in ("limit", "cursor")},
    "ScheduleBody": quoting(SCHEDULE_GUIDE, {
        "name": '"name": "Platform On-call",',
        "description": '"description": "Primary platform rotation",',
        "timezone": '"timezone": "America/New_York"',
    }),
    "ResolveQuery": {"at": RESOLVE},
    "RotationLayerBody": {name: _ROTATION_LAYER[name] for name in (
        "name", "rotationType", "rotationLengthDays", "handoffTime", "effectiveFrom", "effectiveUntil", "participantIds")},
    "LayerOrderBody": {"layerIds": REORDER},
    "ScheduleOverrideBody": {name: OVERRIDE for name in ("userId", "startsAt", "endsAt")},
    "PolicyBody": {
        **quoting(POLICY_GUIDE, {
            "name": '"name": "Platform Default",',
            "description": '"description": "Default escalation for platform incidents"',
        }),
        "steps": client("models.go", "CreateEscalationPolicyRequest", "Steps", "steps"),
    },
    "ReplacePolicyBody": client_fields("models.go", "UpdateEscalationPolicyRequest", "name description steps"),
    "StepBody": client_fields("models.go", "EscalationStepInput", "position targetType targetId escalateAfterSeconds condition"),
    "ConditionBody": client_fields("models.go", "WorkingHoursCondition", "workingHoursId when"),
    "TargetBody": _TARGET,
    "_LayerBody": {name: _POLICY_LAYER[name] for name in ("position", "ackTimeoutMinutes", "target")},
    "InviteBody": quoting(INVITE_GUIDE, {
        "emailAddress": '"emailAddress": "jane@example.com",',
        "role": '"role": "org:member"',
    }),
    "RoleBody": {"role": docs(TEAM, "The new role to assign to the member.")},
    "WindowBody": client_fields("models.go", "WorkingHoursWindow", "days start end"),
    "WorkingHoursBody": client_fields("models.go", "CreateWorkingHoursRequest", "name timezone windows"),
    "UpdateWorkingHoursBody": client_fields("models.go", "UpdateWorkingHoursRequest", "name timezone windows"),
    "RoutingRuleBody": client_fields("models.go", "RoutingRuleInput", "severity outcome escalationPolicyId"),
    "RoutingPolicyBody": client_fields("models.go", "CreateRoutingPolicyRequest", "name description rules"),
    "MatcherBody": client_fields("models.go", "SelectorMatcher", "key value"),
    "SelectorBody": client_fields("models.go", "RoutingSelector", "matchers routingPolicyId"),
    "SelectorsBody": client_fields("models.go", "SetSelectorsRequest", "selectors"),
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
