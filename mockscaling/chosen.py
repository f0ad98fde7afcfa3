"""Every [chosen] decision of the contract, in one place so it can be changed when better information arrives.

Grouped by the contract's sections (§1 wire conventions ... §5 control plane), then mockscaling's own
tools. Each block is either a constant the code reads or a comment naming a behaviour the code has; the
"Chosen behaviours" table of docs/chosen.md lists the same decisions.
"""

from datetime import UTC, datetime, timedelta

# ==== §1 Wire conventions =============================================================================

# §1 Bodies: a body that is not JSON (or not an object) is 400 invalid_json. The Content-Type header is
# not checked, so `curl -d` without `-H 'Content-Type: application/json'` still works.
REQUIRE_JSON_CONTENT_TYPE = False

# §1 Bodies: unknown fields are rejected (422) so clients cannot rely on fields the real service ignores.
REJECT_UNKNOWN_FIELDS = True

# §1 Bodies: a JSON string holding a lone UTF-16 surrogate escape ("\ud800" without its pair) is valid JSON
# grammar but no Unicode text; it could be stored but never encoded again (HTML page, state file). Such a
# body is 400 invalid_json, like any other body that is not JSON text. Paired escapes ("\ud83d\udd25") are fine.
REJECT_LONE_SURROGATES = True

# §1 Error types: the docs table is cut off; these are the 422 codes per location.
VALIDATION_CODE_BODY = "invalid_body"
VALIDATION_CODE_QUERY = "invalid_query"
VALIDATION_CODE_PATH = "invalid_path"

# §1 Bodies larger than this are refused with 413 request_entity_too_large (type invalid_request_error)
# before they are read (issue 12). 1 MiB is ~100 times the largest valid API body. POST /_mock/state
# (a whole store) has its own, larger limit. Both can be changed per app: create_app(config={
# "MAX_CONTENT_LENGTH": n, "MOCKSCALING_MAX_STATE_BYTES": m}) or `serve --max-body-bytes/--max-state-bytes`.
MAX_BODY_BYTES = 1024 * 1024
MAX_STATE_BODY_BYTES = 32 * 1024 * 1024

# §1 Shape caps, checked on the decoded JSON before any schema runs and stopping at the first violation
# (issue 12: marshmallow builds one error per list item, so a list of millions of bad items cost
# gigabytes). Every list in a request body holds at most MAX_LIST_ITEMS items, every object at most
# MAX_OBJECT_MEMBERS members, every string at most MAX_STRING_CHARS characters (the longest field the
# contract documents, a 10,000-character description), nesting at most MAX_JSON_DEPTH levels. A body
# breaking one is 422 invalid_body. Schemas cap lists again (BoundedList) and stop at the first bad item.
MAX_LIST_ITEMS = 1000
MAX_OBJECT_MEMBERS = 100
MAX_STRING_CHARS = 10_000
MAX_JSON_DEPTH = 16
# State documents (POST /_mock/state, state files) may hold long lists but nest no deeper than this
# (a dump nests about 6 levels; event data is free-form, so the cap keeps GET /_mock/state encodable).
MAX_STATE_DEPTH = 24
# Component aliases: at most this many per component (one request stored 5 million of them).
MAX_ALIASES = 50

# §1 Strict parsing (issue 12): integer query parameters are ASCII digits only (no "+5", "5_0", Arabic-
# Indic or full-width digits); ids in paths are canonical lower-case UUID text only (no urn:uuid:, no
# braces, no missing dashes, no upper case); numbers in bodies are JSON numbers, never strings or
# booleans; paths are matched as sent: no 308 redirect for "//" or a trailing slash, just 404.
QUERY_INTEGER_PATTERN = r"[0-9]{1,9}"
UUID_TEXT_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# §1 Unknown route / wrong method: same envelope; 405 gets the invalid_request_error type.
METHOD_NOT_ALLOWED_TYPE = "invalid_request_error"

# §1 403 has no documented type.
FORBIDDEN_TYPE = "forbidden_error"

# §1 requestId is also sent as this header on every response.
REQUEST_ID_HEADER = "X-Request-Id"

# §1 Lists: an undecodable cursor is 422 invalid_query; cursors are base64 of {"before": sequentialId},
# which keeps paging stable while new incidents are created.
CURSOR_FIELD = "before"

# §1 Auth: whitespace around the Authorization value is ignored (HTTP strips it on the wire anyway), so
# "Bearer " with nothing after it is 401 missing_authorization_header on every transport. Between
# "Bearer" and the key exactly one space (issue 12): two spaces, a tab or text after the key is 401
# invalid_api_key.
# §1 Instants accepted in bodies and queries (effectiveFrom, effectiveUntil, ?at=) and the server clock:
# naive means UTC; they must lie in this range (422 otherwise) so that date arithmetic never overflows.
INSTANT_RANGE = (datetime(1970, 1, 1, tzinfo=UTC), datetime(9000, 1, 1, tzinfo=UTC))

# ==== §2 Incidents ====================================================================================

# §2 Codes for rules the docs state without a code: owner_required, invalid_owner_id,
# invalid_escalation_policy_id, empty_update, public_update_requires_body (see errors.py).
# A schedule with nobody on call leaves ownerId null.
# escalationPolicyId given explicitly overrides the policy derived from the schedule.
# When a schedule matches several policies, the first by creation wins.

# §2 Redaction window for an update's author (admins have none).
REDACTION_WINDOW = timedelta(minutes=5)

# §2 Redacting an already redacted update returns it unchanged (after the permission check).

# §2 Order of the 400 checks on POST /updates after incident_resolved (which comes first, per contract).
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

# ==== §3 On-call, escalation, team ====================================================================

# §3 Rotation: the k-th hand-off (k >= 1) happens at handoffTime local time on the local date of
# effectiveFrom plus k * rotationLengthDays; a wall-clock time that does not exist (DST gap) is read
# with fold=0, i.e. it moves forward by the gap.

# §3 Rotation: an ambiguous wall-clock hand-off time (DST fall-back) is its FIRST occurrence
# (fold=0). The first participant is on duty from effectiveFrom until the first hand-off (k = 1), which
# may be a little more or less than rotationLengthDays after effectiveFrom.
# rotationLengthDays is required on every layer (§6.1); daily and weekly have a fixed length (another
# value is 422); custom is any value from 1 to this maximum, the largest length whose first hand-off still
# fits Python's date range (year 9999) for every effectiveFrom the fake accepts (before 9000, INSTANT_RANGE).
FIXED_ROTATION_LENGTHS = {"daily": 1, "weekly": 7}
MAX_ROTATION_LENGTH_DAYS = 365_000
# participantIds: an empty list is 400 invalid_participant (like a non-member); the same member may appear
# twice (they take two turns per cycle). Names (schedules, layers, policies) are compared exactly.
# Schedule/layer bodies: description ≤ 10,000 chars; PUT schedule is a full replace (absent description
# becomes null; layers are kept). Creating, replacing, deleting or reordering layers bumps the schedule's
# updatedAt (policies likewise). POST schedule/policy answer with `layers: []`; reorder answers the whole
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
# Handoff pages (reason "handoff") carry the position of the layer whose timer restarted, else null.
# Team: POST invite without `role` invites as this role; inviting an existing member's email or one with
# a pending invitation (case-insensitive) is 409 name_conflict. Revoked invitations leave the list;
# revoking one again is 404. Removing yourself is 400 cannot_remove_self (§6.1, code chosen); with
# cannot_change_own_role this means the API can never leave an organization without an admin.
# Member keys get 401 not_authorized on team endpoints before any body or path check.
DEFAULT_INVITATION_ROLE = "org:member"
# A rotation layer whose effectiveUntil is not later than effectiveFrom: 400 with this code (a rule between
# two fields, which the OpenAPI document cannot state, so not a 422).
INVALID_EFFECTIVE_WINDOW_CODE = "invalid_effective_window"
# Whole-number fields of these bodies (rotationLengthDays, position, ackTimeoutMinutes) accept any JSON
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

# ==== §4 Status pages =================================================================================

# §4 Severity -> component status on the public page.
SEVERITY_COMPONENT_STATUS = {
    "critical": "major_outage",
    "high": "partial_outage",
    "medium": "degraded",
    "low": "degraded",
}

# §4 Status pages. Component statuses from best to worst; `maintenance` is outside the ranking because it
# never raises the banner above an outage; when every other component is operational and at least one is
# in maintenance, the banner is "maintenance" (§6.1: the banner takes five values).
COMPONENT_STATUS_RANK = {"operational": 0, "degraded": 1, "partial_outage": 2, "major_outage": 3}
# Uptime bars on the status page (JSON: each component's "uptime"): one bar per UTC calendar day for the
# last UPTIME_DAYS days, today included (partial), oldest first. A day's bar is the worst impact (the
# severity mapping above) of the incidents tagging the component that were open at any moment of that day;
# a day without one is operational. `percent` (2 decimals) is the share of the window — from the start of
# the oldest day until now — during which no open incident of an impact in UPTIME_DOWN_IMPACTS tagged the
# component (overlaps counted once); degraded-only time counts as up. Manual overrides and maintenance
# leave no history, so they never count.
UPTIME_DAYS = 90
UPTIME_DOWN_IMPACTS = ("major_outage", "partial_outage")
# Customer-facing words on the HTML page: an incident's impact (from its severity through the mapping
# above) instead of the internal word "severity"; times as "Nov 26, 12:04 UTC" (the year added when it is
# not the page's current year) inside <time datetime="ISO">. `?refresh=N` adds a meta refresh of N
# seconds; N must be an integer in STATUS_PAGE_REFRESH_RANGE, else 422 invalid_query.
STATUS_PAGE_REFRESH_RANGE = (10, 3600)
# History shows incidents resolved at most this long ago by the server clock (inclusive boundary).
STATUS_PAGE_HISTORY = timedelta(days=90)
# Slugs: lower-case letters, digits and dashes (so "<slug>.json" is never ambiguous); unique across
# organizations (409 name_conflict) because /status/<slug> has no organization in it.
STATUS_PAGE_SLUG_PATTERN = r"[a-z0-9][a-z0-9-]{0,62}"
# The page shows only the components it selects: an incident's other components are not named; groups
# follow the order in which the page selects components; components without a groupLabel form one group
# with label null ("Other" in the HTML). Active incidents newest first by createdAt; history newest first
# by resolvedAt; both with the same public timeline (no author names, no visibility, no redaction flag on
# internal rows). Severity, title and ids of incidents are public.
# An unpublished or unknown slug: /status/<slug>.json answers 404 not_found in the error envelope;
# /status/<slug> (HTML, read by people) answers 404 with a small HTML page carrying the request id.
# Control plane: /_mock/status-pages accepts components by id or by name; overrides only for components
# the page shows (else 400 invalid_component_id); narrowing a page's components drops their overrides.

# ==== §5 Control plane ================================================================================

# §5 Clock: freeze/advance must keep the server clock in [INSTANT_RANGE) (else 422 invalid_body); dates near
# the ends of Python's datetime range would overflow schedule and escalation arithmetic.
# §5 POST /_mock/state: a document whose records refer to organizations or members it does not contain,
# or whose organization's next sequentialId is not above its incidents', is refused (400 invalid_json).
# So is null in a non-optional field, or a value no request could set (enums, time zones, rotation length,
# ack timeout: mockscaling/state_values.py), which would otherwise load and make later requests 500.
# §5 POST /_mock/tenants: a tenant is an organization with one admin member and one API key (32 hex
# digits from the id source after `scl_live_`), nothing else. Without a `name` the organization is
# called "Tenant <last 8 characters of its id>" (ids are ULIDs: the first characters are the time); the
# admin is "Tenant Admin" with this email (the id's ULID in lower case).
TENANT_NAME = "Tenant {suffix}"
TENANT_NAME_MAX = 100  # characters, like component names
TENANT_ADMIN_FIRST_NAME = "Tenant"
TENANT_ADMIN_LAST_NAME = "Admin"
TENANT_ADMIN_EMAIL = "admin@{suffix}.tenant.test"

# Request journal (GET /_mock/requests, `fake.calls` in pytest): the last JOURNAL_SIZE requests, oldest
# first, each with the fields below. `query` is a dict (a repeated parameter becomes a list), `headers`
# are the request headers as received with Authorization masked to its last 4 characters ("Bearer
# ****aaaa"), `json` the parsed request body and `response` the parsed response body (None when empty or
# not JSON). A body over JOURNAL_BODY_BYTES is not kept (its field is None and named in `truncated`), so
# the journal holds at most about 2 x JOURNAL_SIZE x JOURNAL_BODY_BYTES (64 MiB) however big the requests.
# userId/orgId are the API key's (null without a valid key). Reads of the journal itself are not
# recorded; other /_mock requests are recorded but listed only with ?include=control. Not part of the
# state dump; reset clears it.
JOURNAL_SIZE = 1000
JOURNAL_SKIPS_ITSELF = True
JOURNAL_BODY_BYTES = 32 * 1024
JOURNAL_MASKED_HEADERS = frozenset({"authorization", "proxy-authorization"})
JOURNAL_FIELDS = ("method", "path", "query", "headers", "userId", "orgId", "json", "status", "response",
                  "requestId", "at", "truncated")

# Faults (POST /_mock/faults). Statuses a plan may answer with; 500 is the contract's
# internal_error/server_error. 429 and 503 are not in the docs: their type/code are chosen here.
RATE_LIMITED_TYPE = "rate_limit_error"
RATE_LIMITED_CODE = "rate_limited"
SERVICE_UNAVAILABLE_TYPE = "internal_error"  # a server-side failure, like 500, for clients switching on type
SERVICE_UNAVAILABLE_CODE = "service_unavailable"
# 401 is the documented invalid_api_key ("invalid or has expired": a session that ran out); the others are
# not in the docs. 403 keeps the forbidden_error type of redaction_not_permitted; 502 and 504 are
# server-side failures like 500 and 503, so a client switching on `type` treats all four alike.
FORBIDDEN_TYPE = "forbidden_error"
FORBIDDEN_CODE = "forbidden"
BAD_GATEWAY_TYPE = "internal_error"
BAD_GATEWAY_CODE = "bad_gateway"
GATEWAY_TIMEOUT_TYPE = "internal_error"
GATEWAY_TIMEOUT_CODE = "gateway_timeout"
FAULT_STATUSES = (401, 403, 429, 500, 502, 503, 504)
# Network faults, named by "network" in a plan. What a client sees, over a socket and in-process:
# - "close": nothing is executed; the connection closes without a byte of answer (over the socket the
#   client's library reports a dropped connection; in-process the call raises mockscaling's
#   ConnectionDropped, a ConnectionError; interception raises the client library's own error).
# - "hang": nothing is executed; the answer is held for latencyMs (default FAULT_DEFAULT_HANG_MS, at most
#   FAULT_MAX_LATENCY_MS, so no test can deadlock on it), or until the plan is removed, faults are
#   cleared or the fake is reset; then the connection closes without an answer, as "close".
# - "malformed_json": the request IS executed (a POST creates its incident); its answer keeps its status
#   and headers but the body is only the first half of its JSON (Content-Length matching), so it does
#   not parse. An empty body becomes "{".
# - "truncate": the request IS executed; the answer keeps its status, headers and the full
#   Content-Length, but only the first half of the body is sent before the connection closes (in-process
#   the client gets the half body with the full Content-Length header).
# The journal records "close" and "hang" with status null (no answer was sent).
NETWORK_FAULTS = ("close", "hang", "malformed_json", "truncate")
FAULT_DEFAULT_HANG_MS = 30_000
# Plans may be scoped: `orgId` matches only requests whose API key belongs to that organization, `apiKey`
# only requests with that key (so developers sharing a server through tenants do not break each other).
# A scoped plan never matches a request without a valid key (public status pages included).
# Per request, `Prefer: code=503` (the header Prism reads) answers that status's error at once, before
# authentication and without executing the request; only the FAULT_STATUSES are allowed (another code is
# 400 unsupported_prefer_code); other preferences in the header are ignored; never on /_mock or OPTIONS.
FAULT_DEFAULT_RETRY_AFTER = 1  # seconds, for a 429 plan without retryAfter
FAULT_RETRY_AFTER_STATUSES = (429, 503)
# Without `seed` a probabilistic plan uses seed 0: every run is reproducible unless you choose otherwise.
FAULT_DEFAULT_SEED = 0
FAULT_MAX_LATENCY_MS = 30_000
# Plans are tried in the order added; the first that matches (method or "*", glob path with fnmatch
# where "*" also crosses "/") and fires (count left, probability draw) applies: its latency, then its
# error. Without count a plan fires on every match until cleared; with count it fires at most count times.
# Faults apply to every path except /_mock (so the control plane always works) and OPTIONS requests
# (CORS preflights). They are not part of the state dump; reset() and load_state() clear them.
# The fault hook runs before authentication: a faulted request fails the same with or without a key.

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

# §6.2 Steps and layers are one record (models.PolicyLayer). The engine uses escalateAfterSeconds
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

# ==== §6.2 Routing policies, inbound integrations, alert routing ======================================

# §6.2 Every organization (seeded, tenant, loaded state) has one default routing policy with these rules
# (the provider's own test example of a default policy); no escalation policy, so an alert's incident pages
# no one until a rule names a policy. It can be renamed and its rules replaced, never deleted.
DEFAULT_ROUTING_POLICY_NAME = "Default"
DEFAULT_ROUTING_RULES = (
    ("critical", "incident"), ("high", "incident"), ("medium", "notification"), ("low", "notification"),
)

# §6.2 Deleting the default routing policy is 400 cannot_delete_default (the contract's code). An unknown
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

# §6.2 Integrations are provisioned through POST /_mock/integrations (org = the component's org) and the
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

# ==== mockscaling's own tools: CORS, state file, pytest plugin, OpenAPI, verify =======================

# Response headers (issue 12). Every response: X-Content-Type-Options: nosniff. API and control-plane
# answers (these prefixes): Cache-Control: no-store (keys and incident data must not sit in caches).
# Every HTML page (status pages, their 404 page, the console at /): this Content-Security-Policy with a
# fresh nonce per request ({{ csp_nonce() }} in templates) for inline <script>/<style>, scripts and
# styles also from the server itself ('self'), fetch/XHR only to the server itself (so the console can
# call /_mock), no plugins, no framing (frame-ancestors 'none', and X-Frame-Options: DENY for old
# browsers), no <base>, forms post only to the server itself.
NO_STORE_PREFIXES = ("/v1", "/api", "/_mock")
HTML_CSP = (
    "default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HTML_REFERRER_POLICY = "no-referrer"

# CORS (flask-cors). create_app() sends no CORS headers unless given cors_origins; `mockscaling serve`
# allows these origins by default (a local server is for browsers). `--cors-origin` replaces the
# defaults. Covered paths: /v1, /api, /_mock and also /status (public data, handy for status widgets).
DEFAULT_CORS_ORIGINS = (r"^http://localhost(:\d+)?\Z", r"^http://127\.0\.0\.1(:\d+)?\Z")
CORS_PATHS = (r"/v1/.*", r"/api/.*", r"/_mock/.*", r"/status/.*", r"/openapi\.json")  # /openapi.json: for browser tools
CORS_ALLOW_HEADERS = ("Authorization", "Content-Type", "Prefer", "X-Mockscaling-Token")  # Prefer: the per-request fault override
CORS_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
CORS_EXPOSE_HEADERS = ("X-Request-Id", "Retry-After")
CORS_MAX_AGE = 600
# A CORS preflight (OPTIONS) never needs an API key and is never hit by a fault plan. `serve
# --cors-header NAME` (repeatable) allows more request headers (tracing: sentry-trace, baggage, traceparent).

# `mockscaling serve` logs one line per request to stdout (`--quiet` silences it): wall-clock time
# HH:MM:SS.mmm (UTC, not the fake's clock, so it lines up with the browser's network panel), method, path
# with query, status ("dropped" for a close/hang fault), duration in ms, the key's user id or "-".
# Startup errors (seed, state file, port in use, bad host, bad --cors-origin regex or --cors-header) are
# one "Error: ..." line on stderr and exit status 1, before the banner.

# The live console at `/` (mockscaling's own page, like /_mock): per organization, the newest
# CONSOLE_INCIDENTS_PER_STATUS incidents of each status; the newest CONSOLE_JOURNAL_ROWS requests and pages;
# every fault plan; the clock. It refreshes every CONSOLE_REFRESH_SECONDS by fetching itself again. Its
# incident links open GET /_mock/incidents/<id>: the incident as GET /v1/incidents/{id} shows it, without
# a key and for any organization (a browser link cannot send a key). Its buttons POST JSON to /_mock.
CONSOLE_INCIDENTS_PER_STATUS = 20
CONSOLE_JOURNAL_ROWS = 50
CONSOLE_REFRESH_SECONDS = 2

# Guard (issue 12; `mockscaling serve` turns it on, create_app() and the pytest plugin leave it off so
# in-process tests are unaffected; config MOCKSCALING_GUARD=True turns it on for any app):
# - Host: a request whose Host header names something other than a loopback name (localhost, *.localhost),
#   an IP address literal or a name given with --allowed-host ("*" for any) is 400 invalid_host, on every
#   path. DNS rebinding needs a host *name*, so IP literals (e.g. the LAN address of a 0.0.0.0 bind) stay fine.
# - Control-plane writes (POST, PUT, PATCH under /_mock) need Content-Type: application/json (415
#   unsupported_media_type otherwise), even without a body: it forces browsers into a CORS preflight.
#   DELETE is never a "simple" request, so it needs none.
# - A write under /_mock carrying an Origin header that the CORS settings do not allow and that is not
#   the server's own origin (scheme://Host) is 403 origin_not_allowed (type forbidden_error).
# - Token: when a control token is set (serve binds a non-loopback address: a random token printed at start,
#   or --control-token; --no-control-token turns it off), every /_mock request but a CORS preflight needs
#   the header below (401 invalid_control_token, type not_authorized_error). The API (/v1) keeps its keys.
LOOPBACK_HOST_NAMES = ("localhost",)  # and any name ending in ".localhost" (RFC 6761)
CONTROL_TOKEN_HEADER = "X-Mockscaling-Token"
CONTROL_TOKEN_BYTES = 24  # secrets.token_urlsafe(24): 32 characters

# Server (issue 12: ~98 idle connections locked every new client out, with waitress's defaults of 100
# connections and a 120 s idle timeout). `serve` and the in-process ThreadedServer use these; `serve`
# has --threads, --connection-limit and --idle-timeout. Idle (or half-open) connections are closed after
# SERVE_IDLE_TIMEOUT seconds, checked every SERVE_CLEANUP_INTERVAL seconds; poll() instead of select()
# lifts select's 1,024-descriptor ceiling. /_mock requests run on their own SERVE_CONTROL_THREADS
# worker threads, so latency or hang faults holding every API worker never delay the control plane.
SERVE_THREADS = 8
SERVE_CONNECTION_LIMIT = 1000
SERVE_IDLE_TIMEOUT = 15
SERVE_CLEANUP_INTERVAL = 5
SERVE_CONTROL_THREADS = 2

# State file (`serve --state-file`): a SQLite database (WAL mode) holding one row per record. Each
# request commits the records it changed in one transaction before it is answered; a failed commit
# undoes the request in memory and answers 503 service_unavailable. The server holds the file's lock
# while it runs (a second server on it is refused at start). A missing or empty file is filled from the
# seed at start. Faults and the clock are not part of the state. synchronous=NORMAL (in WAL mode): a
# commit survives the server being killed (kill -9) at any moment; a power loss or OS crash may lose
# the last commits but never corrupts the file. FULL would fsync every commit (slower, survives power
# loss). Older JSON state files are imported with `serve --state-file NEW --import-state OLD.json`.
STATE_FILE_SYNCHRONOUS = "NORMAL"

# Interception (pytest plugin): calls to api.scaling.cloud over https AND http, on any path (/v1, /api,
# /_mock), go to the in-process fake; every other host passes through untouched.
INTERCEPT_HOST = "api.scaling.cloud"

# A 404 for a path outside these prefixes that would exist under /v1 (`GET /incidents`) says
# "did you mean /v1/incidents?" in its message; code and type stay not_found.
ROUTE_PREFIXES = ("/v1", "/api", "/_mock", "/status", "/openapi.json")

# Seeds (issue 13). Format version 2 adds `incidents` to an organization, replayed through the rules when
# the seed loads; version 1 (no `version` key) still loads. Times in seed incidents may be ISO instants or
# relative to the server clock at load: "now", "now-3d", "now-2h30m". A seed may say `"extends": "<seed>"`
# (its organizations extend the base's with the same id: lists appended, other keys replaced). A history
# step given without its own actor is done by the incident's creator; an incident without createdBy is
# created by the organization's first admin. Seeds are validated before the first load (unknown keys
# refused at every level). A document with top-level `apiKeys` or `members` is a state dump and loads as one.
# Scenario seeds ship with the package: major-outage, quiet-week, follow-the-sun (JSON) and busy-org
# (generated by scenarios.py with a fixed random seed).
BUSY_ORG_INCIDENTS = 500
BUSY_ORG_RANDOM_SEED = 13

# Pytest plugin: the `mockscaling` fixture resets the store before each test (not after), so a failed
# test's state can still be inspected in a debugger; the clock runs in real time unless the
# `mockscaling` marker gives `now`.

# OpenAPI (GET /openapi.json, `mockscaling openapi`): only the canonical /v1 paths are listed; the /api
# alias answers the same operations but is left out so that every operation appears once. /_mock and the
# public status pages are mockscaling's own and not part of Scaling's API, so they are left out too.
# Path parameters are named in camelCase ({incidentId}); every /v1 operation documents 401, and 400
# invalid_json / 404 / 422 wherever a body / path parameter / body, query or path parameter exists.
OPENAPI_API_ALIAS = "omitted"

# `mockscaling verify`: the incidents it creates are titled with this prefix, and the owner is the
# first user of GET /v1/users unless --owner-id is given. It refuses a non-loopback host unless
# --i-understand-this-writes is given.
VERIFY_TITLE_PREFIX = "[mockscaling verify]"
