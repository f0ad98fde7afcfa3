"""The evidence of every request and response field (by schema name, then wire name); see evidence.py."""

from __future__ import annotations

from .evidence_pages import SCHEDULE_LAYERS_QUOTE, COMPONENTS, CREATE, ERRORS_PAGE, FIRST_INCIDENT, GET, HANDOFF, INCIDENT_FIELDS, INVITE_GUIDE, LAYERS, LIST, OVERRIDE, POLICIES, POLICY_GUIDE, POLICY_LAYERS, POLICY_LAYER_EXTRAS, QUICKSTART, REORDER, RESOLVE, SCHEDULES, SCHEDULE_GUIDE, STATUS, TEAM, UPDATES, UPDATES_LIST
from .provenance import client, client_fields, docs, quoting

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
    "ScheduleDetail": {"layers": docs(SCHEDULES, SCHEDULE_LAYERS_QUOTE)},
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
