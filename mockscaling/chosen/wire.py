"""Chosen decisions: §1 wire conventions (see the package docstring)."""

from datetime import UTC, datetime

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

# §1 Answers: JSON text in UTF-8, non-ASCII characters as themselves ("fällt", not "f\u00e4llt"); the docs
# show only ASCII examples, and both forms are the same JSON once parsed. True sends \uXXXX escapes (Flask's
# default) and writes answers with json.dumps instead of orjson, which is slower (web/flask_parts.py).
ANSWER_ASCII_ONLY = False

# §1 Error types: the docs table is cut off; these are the 422 codes per location.
VALIDATION_CODE_BODY = "invalid_body"
VALIDATION_CODE_QUERY = "invalid_query"
VALIDATION_CODE_PATH = "invalid_path"

# §1 Body size: bodies larger than this are refused with 413 request_entity_too_large (type invalid_request_error)
# before they are read. 1 MiB is ~100 times the largest valid API body. POST /_mock/state
# (a whole store) has its own, larger limit. Both can be changed per app: create_app(config={
# "MAX_CONTENT_LENGTH": n, "MOCKSCALING_MAX_STATE_BYTES": m}) or `serve --max-body-bytes/--max-state-bytes`.
MAX_BODY_BYTES = 1024 * 1024
MAX_STATE_BODY_BYTES = 32 * 1024 * 1024

# §1 Shape caps: checked on the decoded JSON before any schema runs and stopping at the first violation
# (marshmallow builds one error per list item, so a list of millions of bad items cost
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

# §1 Strict parsing: integer query parameters are ASCII digits only (no "+5", "5_0", Arabic-
# Indic or full-width digits); ids in paths are canonical lower-case UUID text only (no urn:uuid:, no
# braces, no missing dashes, no upper case); numbers in bodies are JSON numbers, never strings or
# booleans; paths are matched as sent: no 308 redirect for "//" or a trailing slash, just 404.
QUERY_INTEGER_PATTERN = r"[0-9]{1,9}"
UUID_TEXT_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"

# §1 Unknown route / wrong method: same envelope; 405 gets the invalid_request_error type.
METHOD_NOT_ALLOWED_TYPE = "invalid_request_error"

# §1 403 type: the docs give 403 no type.
FORBIDDEN_TYPE = "forbidden_error"

# §1 Request id header: requestId is also sent as this header on every response.
REQUEST_ID_HEADER = "X-Request-Id"

# §1 Lists: an undecodable cursor is 422 invalid_query; cursors are base64 of {"before": sequentialId},
# which keeps paging stable while new incidents are created.
CURSOR_FIELD = "before"

# §1 Auth: whitespace around the Authorization value is ignored (HTTP strips it on the wire anyway), so
# "Bearer " with nothing after it is 401 missing_authorization_header on every transport. Between
# "Bearer" and the key exactly one space: two spaces, a tab or text after the key is 401
# invalid_api_key.

# §1 Instants: accepted in bodies and queries (effectiveFrom, effectiveUntil, ?at=) and the server clock:
# naive means UTC; they must lie in this range (422 otherwise) so that date arithmetic never overflows.
INSTANT_RANGE = (datetime(1970, 1, 1, tzinfo=UTC), datetime(9000, 1, 1, tzinfo=UTC))

# §1 401 codes: the docs contradict each other. The errors page's table gives missing_authorization_header
# (no Authorization header) and invalid_api_key (unknown or expired key); every endpoint's own table gives
# not_authorized for "Missing or invalid API key". The fake keeps the errors page's reading for failed
# authentication (it is the only table that tells the cases apart) and answers not_authorized only to a
# member key on an admin-only endpoint (the team pages' wording). Both authentication codes are marked
# chosen in the OpenAPI document: a client should treat every 401 alike.

# §1 Provenance: every /v1 operation, path and query parameter, request and response field, error code, the
# X-Request-Id header and the bearer scheme say where they come from (docs, client or chosen) as
# `x-scaling-source` in the OpenAPI document, with their `x-scaling-evidence`: a docs page and a sentence
# quoted from it, a name in Scaling's client, or the name of a decision here (mockscaling/chosen/evidence.py;
# `mockscaling chosen --audit` checks them). A fact both documented and in the client is tagged docs.
# Incidents carry the union of the fields the docs' examples show (the reference pages, the quickstart);
# sequentialId, acknowledgedAt/By and the events trail are chosen.

# §6.1 Ids: UUIDv7 (RFC 9562) whose milliseconds are the fake clock's, with a random tail from one
# generator seeded once (reproducible with IdSource(seed=...)); ids made in the same millisecond, or after
# the clock went back, grow monotonically (RFC 9562 method 2), so ids sort by creation. Prefixed ids
# (status history sh_, invitations orginv_, tenants' org_/user_) are the prefix plus a 26-character ULID.
