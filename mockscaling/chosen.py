"""Every [chosen] decision of the contract, in one place so it can be changed when better information arrives."""

from datetime import timedelta

# §1 Bodies: a body that is not JSON (or not an object) is 400 invalid_json. The Content-Type header is
# not checked, so `curl -d` without `-H 'Content-Type: application/json'` still works.
REQUIRE_JSON_CONTENT_TYPE = False

# §1 Bodies: unknown fields are rejected (422) so clients cannot rely on fields the real service ignores.
REJECT_UNKNOWN_FIELDS = True

# §1 Error types: the docs table is cut off; these are the 422 codes per location.
VALIDATION_CODE_BODY = "invalid_body"
VALIDATION_CODE_QUERY = "invalid_query"
VALIDATION_CODE_PATH = "invalid_path"

# §1 Unknown route / wrong method: same envelope; 405 gets the invalid_request_error type.
METHOD_NOT_ALLOWED_TYPE = "invalid_request_error"

# §1 403 has no documented type.
FORBIDDEN_TYPE = "forbidden_error"

# §1 requestId is also sent as this header on every response.
REQUEST_ID_HEADER = "X-Request-Id"

# §1 Lists: an undecodable cursor is 422 invalid_query; cursors are base64 of {"before": sequentialId},
# which keeps paging stable while new incidents are created.
CURSOR_FIELD = "before"

# §2 POST /incidents codes where the docs state the rule but not the code.
# A schedule with nobody on call leaves ownerId null.
# escalationPolicyId given explicitly overrides the policy derived from the schedule.
# When a schedule matches several policies, the first by creation wins.

# §2 Redaction window for an update's author (admins have none).
REDACTION_WINDOW = timedelta(minutes=5)

# §2 Redacting an already redacted update returns it unchanged (after the permission check).

# §2 Order of the 400 checks on POST /updates after incident_resolved (which comes first, per contract).
UPDATE_RULE_ORDER = ("empty_update", "public_update_requires_body", "invalid_status_transition", "no_public_surface")

# §2 Handoff and component replacement on a resolved incident: 400 incident_resolved.

# §3 Rotation: the k-th hand-off (k >= 1) happens at handoffTime local time on the local date of
# effectiveFrom plus k * rotationLengthDays; a wall-clock time that does not exist (DST gap) is read
# with fold=0, i.e. it moves forward by the gap.

# §4 Severity -> component status on the public page.
SEVERITY_COMPONENT_STATUS = {
    "critical": "major_outage",
    "high": "partial_outage",
    "medium": "degraded",
    "low": "degraded",
}

# §3 Team: the code for leaving an organization without an admin.
LAST_ADMIN_CODE = "last_admin"

# Events recorded by PATCH /status: the transition posts an internal update, so both
# `status_changed` and `update_posted` are recorded (the same as POST /updates with statusChange).
