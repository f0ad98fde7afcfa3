"""Chosen decisions: §2 incidents (see the package docstring)."""

from datetime import timedelta

# ==== §2 Incidents ====================================================================================

# §2 Codes for rules the docs state without a code: owner_required, invalid_owner_id,
# invalid_escalation_policy_id, empty_update, public_update_requires_body (see errors.py).

# §2 Owner from a schedule: a schedule with nobody on call leaves ownerId null.
# escalationPolicyId given explicitly overrides the policy derived from the schedule.
# When a schedule matches several policies, the first by creation wins.

# §2 Redaction window: how long an update's author may redact it (admins have no limit).
REDACTION_WINDOW = timedelta(minutes=5)

# §2 Redacting twice: redacting an already redacted update returns it unchanged (after the permission check).

# §2 Order of the 400 checks: on POST /updates, after incident_resolved (which comes first, per contract).
UPDATE_RULE_ORDER = ("empty_update", "public_update_requires_body", "invalid_status_transition", "no_public_surface")

# §2 Handoff and component replacement on a resolved incident: 400 incident_resolved.

# §2 "incident_resolved is checked before everything but auth, 404 and 422": a body that cannot be
# parsed at all (400 invalid_json) counts with the 422s, so it is reported before incident_resolved.

# §2/§3 Escalation: a step fires at its due instant (createdAt + timeouts), so an acknowledgement must
# arrive before that instant to cancel it. Paging adds events (incident_paged, escalation_exhausted) but
# does not change the incident's fields, so it does not bump updatedAt. The handoff page is recorded in
# the notification journal (reason "handoff") and as the incident_handed_off event, not as incident_paged.

# Events recorded by PATCH /status: the transition posts an internal update, so both
# `status_changed` and `update_posted` are recorded (the same as POST /updates with statusChange).

# Incident fields under chosen names: the docs describe an audit trail ("Every transition is recorded in a
# permanent audit trail") and acknowledgement ("your user is recorded as the acknowledger") but show no
# field for either; the fake answers them as `events` (GET one) and `acknowledgedAt`/`acknowledgedBy`.
# `sequentialId` (a number per organization) is shown by no API page. All four are left out in
# documented-only mode.

# Handoff path: the docs describe handing off (the owner becomes the target user, who is paged; the target
# must be a member of the organization) without an API path; the fake serves it as POST
# /v1/incidents/{id}/handoff with {"targetUserId": ...}, and answers 400 invalid_target_user for a
# non-member.

# Codes reused beyond the operations the docs list them for: the docs give incident_resolved for POST
# updates, invalid_component_id and duplicate_component_id for POST incidents, invalid_target for policy
# layers; the fake answers the same codes for the same rule on PUT components and handoff (incident_resolved),
# PUT components (the two component codes) and policy steps on POST/PUT policy (invalid_target), and
# name_conflict on invite (the errors page describes it for names, not email addresses).
