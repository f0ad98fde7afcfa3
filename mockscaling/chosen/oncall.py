"""Chosen decisions: §3 on-call, escalation and team (see the package docstring)."""

# ==== §3 On-call, escalation, team ====================================================================

# §3 Rotation: the k-th hand-off (k >= 1) happens at handoffTime local time on the local date of
# effectiveFrom plus k * rotationLengthDays; a wall-clock time that does not exist (DST gap) is read
# with fold=0, i.e. it moves forward by the gap.

# §3 Rotation: an ambiguous wall-clock hand-off time (DST fall-back) is its FIRST occurrence
# (fold=0). The first participant is on duty from effectiveFrom until the first hand-off (k = 1), which
# may be a little more or less than rotationLengthDays after effectiveFrom.

# §3 Rotation length: rotationLengthDays is required on every layer (§6.1); daily and weekly have a fixed length (another
# value is 422); custom is any value from 1 to this maximum, the largest length whose first hand-off still
# fits Python's date range (year 9999) for every effectiveFrom the fake accepts (before 9000, INSTANT_RANGE).
FIXED_ROTATION_LENGTHS = {"daily": 1, "weekly": 7}
MAX_ROTATION_LENGTH_DAYS = 365_000

# participantIds: an empty list is 400 invalid_participant (like a non-member); the same member may appear
# twice (they take two turns per cycle). Names (schedules, layers, policies) are compared exactly.

# Schedule/layer bodies: description ≤ 10,000 chars; PUT schedule is a full replace (absent description
# becomes null; layers are kept). Creating, replacing, deleting or reordering layers bumps the schedule's
# updatedAt (policies likewise). POST schedule answers without `layers` (as the docs' example shows), POST
# policy without `layers` (with `steps` when the request sent them); reorder answers the whole
# schedule/policy with its layers.

# DELETE schedule: its layers go, and every escalation-policy layer targeting it is removed (the other
# layers close up). Incidents keep their owner (they never reference a schedule).

# Policy layers: `position` is required on POST (§6.1); one past the end appends. (The Python method
# store.create_policy_layer also appends when position is None.) PATCH `position` moves the
# layer (others shift); past the end means last. A target that is present but malformed in any way is 400
# invalid_target (§6.1): an unknown or missing type, a wrong field type or unknown key inside it, a
# schedule target without scheduleId or with userIds, a users target without userIds, with an empty list,
# the same user twice or a scheduleId; and (contract) an unknown schedule or a non-member. A missing or
# null target is 422 (a required, non-nullable field), and other fields' 422s are reported first.

# Escalation in progress while its policy changes: the next step pages the first layer whose position is
# greater than the position last paged, as the policy stands when the step fires. DELETE policy stops
# the escalation of incidents using it and sets their escalationPolicyId to null.

# Handoff pages: pages with reason "handoff" carry the position of the layer whose timer restarted, else null.

# Team: POST invite without `role` invites as this role; inviting an existing member's email or one with
# a pending invitation (case-insensitive) is 409 name_conflict. Revoked invitations leave the list;
# revoking one again is 404. Removing yourself is 400 cannot_remove_self (§6.1, code chosen); with
# cannot_change_own_role this means the API can never leave an organization without an admin.
# Member keys get 401 not_authorized on team endpoints before any body or path check.
DEFAULT_INVITATION_ROLE = "org:member"

# Effective window: a rotation layer whose effectiveUntil is not later than effectiveFrom: 400 with this code (a rule between
# two fields, which the OpenAPI document cannot state, so not a 422).
INVALID_EFFECTIVE_WINDOW_CODE = "invalid_effective_window"

# Whole numbers: the whole-number fields of these bodies (rotationLengthDays, position, ackTimeoutMinutes) accept any JSON
# integer, also written 5.0 (as JSON Schema does), never 1.5, "5" or true (422).

# Routing: `…/layers/order` and `/team/members/invite` are never taken for a layer or user id, so other
# methods on them answer 405 (the id_except converter in mockscaling/web/converters.py).

# DELETE member: their API keys are revoked; they leave every rotation layer and users target (a layer
# left with nobody is deleted, positions close up); open incidents they own get ownerId null (resolved
# incidents keep it as history). GET /v1/users lists members by joinedAt (ties: seed/creation order).

# Components: DELETE untags the component from incidents and touches their updatedAt (§2: every mutation);
# PATCH is a merge-patch (§6.1): null clears description/groupLabel, null on name or aliases is 422. store.create_component(component_id=...) with an id already in use (in any
# organization) is 409 name_conflict, never an overwrite.

# §6.1 Team: the code for an admin removing themselves (the docs state the rule, not the code).
CANNOT_REMOVE_SELF_CODE = "cannot_remove_self"

# Layer reorder bodies: the docs name a schedule layer reorder endpoint without its path or body, and give
# the policy one's path (PUT …/policies/{id}/layers/order) without its body; both take {"layerIds": [...]},
# every layer exactly once (else 400 invalid_layer_order), and the schedule one is served at PUT
# /v1/oncall/schedules/{id}/layers/order.

# Resolve answer: the docs say resolve returns the Schedule Owner, the Paging Targets and who is on call,
# without field names or a parameter for another instant; the fake answers {scheduleId, at, ownerId,
# pagingTargets, layers: [{layerId, position, onCallUserId}]} and reads `?at=` (an instant; default now).
# Documented-only mode answers it 404 (no documented field would be left).

# Policy layer extras: a policy layer also shows policyId, createdAt, updatedAt and the working-hours
# `condition` of its step (Scaling's client knows conditions on steps only); GET and PUT policy answer
# the policy's `layers` beside the client's `steps` (no docs page shows a policy with its layers).

# Schedule-wide override: the docs say a layer's position decides "which layer the schedule-wide override
# displaces when the override is active", and that position 0 is the owner-bearing layer with the highest
# precedence, but show neither the override's shape nor its path. The fake serves POST and GET
# /v1/oncall/schedules/{id}/overrides and DELETE …/overrides/{overrideId}, with {userId, startsAt, endsAt}
# (instants). While an override is active (startsAt <= t < endsAt, on the server clock) its user displaces
# the person of the layer at position 0: resolve's ownerId and that layer's onCallUserId (resolve also names
# the `overrideId`), the paging targets (the other layers' people follow), the owner of an incident created
# with ownerScheduleId and the pages of a policy targeting the schedule. A schedule without layers still
# gets the override's user as owner and only target. endsAt must be later than startsAt and overrides of
# one schedule may not overlap (400 with this code); userId must be a member (400 invalid_participant).
# DELETE ends an override at once; removing a member deletes their overrides; at most MAX_OVERRIDES per schedule.
INVALID_OVERRIDE_WINDOW_CODE = "invalid_override_window"
MAX_OVERRIDES = 1000
