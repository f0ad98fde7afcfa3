"""Chosen decisions: §6.2 Scaling's client: components, escalation steps, working hours (see the package docstring)."""

# ==== §6.2 Scaling's own client: components, escalation steps, working hours ===========================

# §6.2 Components list: newest first by creation order (ties impossible: every component gets the next
# store-wide sequence number); the cursor is base64 of {"before": [sequence, createdAt, id]} of the last
# row shown, so paging stays stable while components are created or deleted. Undecodable: 422 invalid_query.
# §6.2 operationalStatus, by priority: an active maintenance window (startedAt <= now < endsAt, endsAt null
# = open-ended) -> "maintenance"; else the manual status set through the control plane or the seed (any
# of the five statuses); else the worst severity of open incidents tagging it (§4 mapping); else
# "operational". `maintenanceWindow` is shown only while active (null before it starts and after it
# ends), as the client's model says ("the active maintenance interval ... or nil"). The status page uses
# the same derivation, below its own per-page override.
# §6.1.6 PATCH /v1/components/{id}: absent keeps, null clears description/groupLabel, null name or
# aliases is 422; aliases are replaced wholesale. POST: null means "not given" (§1), so the client's
# `"aliases": null` (a Go nil slice) creates a component without aliases.

# §6.2 Steps and layers: one record (models.PolicyLayer). The engine uses escalateAfterSeconds
# exactly; the layer view shows ackTimeoutMinutes = escalateAfterSeconds // 60 (rounded DOWN, so the
# docs' view never promises more time to acknowledge than the engine gives); setting ackTimeoutMinutes m
# sets escalateAfterSeconds = 60*m. escalateAfterSeconds is 60..MAX_ESCALATE_AFTER_SECONDS (the layer
# view's 10,080-minute cap), else 422.
MAX_ESCALATE_AFTER_SECONDS = 10_080 * 60
# Caps (like MAX_LIST_ITEMS): steps per policy, windows per working-hours set (422 above).
MAX_STEPS = 100
MAX_WINDOWS = 100
# Step targetType "user" (one member) is the layer target {"type": "users", "userIds": [id]}; a layer
# with several users shows as targetType "users" with targetId = its first user (the client's shape has
# one id; the layer view lists them all). Steps accept only "schedule" and "user". Unknown schedule or
# non-member: 400 invalid_target (as layers, §6.1.3). Step `position` may be omitted; when sent it must
# equal the step's 1-based place in the list, since the list order decides: else 400 with this code (a rule
# between a field and the list, which the OpenAPI document cannot state, so not a 422).
INVALID_STEP_POSITION_CODE = "invalid_step_position"
# PUT /v1/escalation/policies/{id}: name and steps are required keys, description null/absent clears it,
# `"steps": null` (a Go nil slice) means no steps. The steps are replaced by new records (new ids,
# createdAt = now). POST answers the policy with `steps` when the request sent a `steps` key (the client
# always sends it, null included) and with the docs' exact shape (no `steps`, no `layers`, §6.1.7) when it
# did not; GET one and PUT answer both `steps` and `layers`. Layers carry `condition` too (null when the step has none).
# A condition naming an unknown working-hours set: 400 with this code.
INVALID_WORKING_HOURS_ID_CODE = "invalid_working_hours_id"
# A step whose condition fails when its turn comes is skipped at once (an `escalation_step_skipped` event
# with layerPosition, workingHoursId and when; nobody paged); the next step is considered at the same
# instant. If every remaining step is skipped, `escalation_exhausted` is recorded at that instant.

# §6.2 Working hours: windows are wall-clock in the set's zone. A window with end > start covers
# [start, end) on each listed day; end <= start runs across midnight: from start on a listed day to end
# on the next day (Sunday 7 wraps to Monday 1); end == start is a full 24 hours from start. In a DST
# spring-forward gap a boundary inside the skipped hour takes effect when the clock jumps past it; in
# the repeated fall-back hour both passes count (the test is on the local wall time, never on UTC
# offsets). days: 1..7, at least one, no repeats; at least one window; HH:MM 00:00..23:59 (else 422).
# List oldest first. Deleting a set that a step references: 409 in_use (errors.InUse).
