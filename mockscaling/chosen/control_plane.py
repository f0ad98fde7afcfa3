"""Chosen decisions: §5 the control plane (see the package docstring)."""

# ==== §5 Control plane ================================================================================

# §5 Clock: freeze/advance must keep the server clock in [INSTANT_RANGE) (else 422 invalid_body); dates near
# the ends of Python's datetime range would overflow schedule and escalation arithmetic.

# §5 POST /_mock/state: a document whose records refer to organizations or members it does not contain,
# or whose organization's next sequentialId is not above its incidents', is refused (400 invalid_json).
# So is null in a non-optional field, or a value no request could set (enums, time zones, rotation length,
# ack timeout: mockscaling/state/values.py), which would otherwise load and make later requests 500.

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
# are the request headers as received with Authorization, Cookie, X-Api-Key and the control token masked
# to their last 4 characters ("Bearer ****aaaa"), `json` the parsed request body and `response` the parsed
# response body (None when empty or not JSON). A body over JOURNAL_BODY_BYTES is not kept (its field is
# None and named in `truncated`), so the journal holds at most about 2 x JOURNAL_SIZE x JOURNAL_BODY_BYTES
# (64 MiB) however big the requests.
# userId/orgId are the API key's (null without a valid key). Reads of the journal itself are not
# recorded; other /_mock requests are recorded but listed only with ?include=control. Not part of the
# state dump; reset clears it.
JOURNAL_SIZE = 1000
JOURNAL_SKIPS_ITSELF = True
JOURNAL_BODY_BYTES = 32 * 1024
JOURNAL_MASKED_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "x-api-key", "x-mockscaling-token"})
JOURNAL_FIELDS = ("method", "path", "query", "headers", "userId", "orgId", "json", "status", "response",
                  "requestId", "at", "truncated")

# Fault statuses: the statuses a POST /_mock/faults plan may answer with; 500 is the contract's
# internal_error/server_error. 429 and 503 are not in the docs: their type/code are chosen here.
RATE_LIMITED_TYPE = "rate_limit_error"
RATE_LIMITED_CODE = "rate_limited"
SERVICE_UNAVAILABLE_TYPE = "internal_error"  # a server-side failure, like 500, for clients switching on type
SERVICE_UNAVAILABLE_CODE = "service_unavailable"

# Fault error types: 401 is the documented invalid_api_key ("invalid or has expired": a session that ran out); the others are
# not in the docs. 403 keeps the forbidden_error type of redaction_not_permitted; 502 and 504 are
# server-side failures like 500 and 503, so a client switching on `type` treats all four alike.
FORBIDDEN_TYPE = "forbidden_error"
FORBIDDEN_CODE = "forbidden"
BAD_GATEWAY_TYPE = "internal_error"
BAD_GATEWAY_CODE = "bad_gateway"
GATEWAY_TIMEOUT_TYPE = "internal_error"
GATEWAY_TIMEOUT_CODE = "gateway_timeout"
FAULT_STATUSES = (401, 403, 429, 500, 502, 503, 504)

# Network faults: named by "network" in a plan. What a client sees, over a socket and in-process:
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

# Scoped plans: plans may be scoped: `orgId` matches only requests whose API key belongs to that organization, `apiKey`
# only requests with that key (so developers sharing a server through tenants do not break each other).
# A scoped plan never matches a request without a valid key (public status pages included).

# Prefer header: per request, `Prefer: code=503` (the header Prism reads) answers that status's error at once, before
# authentication and without executing the request; only the FAULT_STATUSES are allowed (another code is
# 400 unsupported_prefer_code); other preferences in the header are ignored; never on /_mock or OPTIONS.
FAULT_DEFAULT_RETRY_AFTER = 1  # seconds, for a 429 plan without retryAfter

# Prefer success codes and ?__code=: `Prefer: code=2xx` answers normally when 2xx is what the operation answers on
# success (its documented status), else 400 unsupported_prefer_code naming that status, decided before anything
# runs (so a refused write changes nothing). `?__code=NNN`, Prism's form for clients that cannot set a header
# (an <img>, an EventSource, a link), does what `Prefer: code=NNN` does; the header wins when both are given,
# and the parameter is never read as one of the operation's query fields.
QUERY_CODE_PARAM = "__code"
FAULT_RETRY_AFTER_STATUSES = (429, 503)

# Fault seed: without `seed` a probabilistic plan uses seed 0: every run is reproducible unless you choose otherwise.
FAULT_DEFAULT_SEED = 0
FAULT_MAX_LATENCY_MS = 30_000

# Plan order: plans are tried in the order added; the first that matches (method or "*", glob path with fnmatch
# where "*" also crosses "/") and fires (count left, probability draw) applies: its latency, then its
# error. Without count a plan fires on every match until cleared; with count it fires at most count times.
# Faults apply to every path except /_mock (so the control plane always works) and OPTIONS requests
# (CORS preflights). They are not part of the state dump; reset() and load_state() clear them.
# The fault hook runs before authentication: a faulted request fails the same with or without a key.
