"""Chosen decisions: §7 Scaling's MCP server (see the package docstring)."""

# ==== §7 MCP server ===================================================================================

# §7.1 Transport: MCP Streamable HTTP at MCP_PATH on the `serve` port, built on the official SDK (the `mcp`
# extra). Stateless (no Mcp-Session-Id: every POST stands alone, so no session outlives its request and an
# open stream cannot hold a server thread) and answered as plain JSON rather than an SSE stream; GET /mcp
# (the optional server-to-client stream) is 405 with `Allow: POST, DELETE`, as the transport allows.
# MCP_MAX_BODY_BYTES is the JSON-RPC body cap (larger bodies: HTTP 413 before the SDK reads them).
MCP_PATH = "/mcp"
MCP_STATELESS = True
MCP_JSON_RESPONSE = True
MCP_MAX_BODY_BYTES = 1024 * 1024
MCP_SERVER_NAME = "scaling-mockscaling"

# §7.1 Tokens: MCP access tokens are `mcp_at_` + 32 hex digits, refresh tokens `mcp_rt_` + 32, both from
# the id source (reproducible in a seeded run); an access token lasts MCP_ACCESS_TOKEN_SECONDS of fake
# time, a refresh token MCP_REFRESH_TOKEN_SECONDS, an authorization code MCP_CODE_SECONDS. A token made
# through POST /_mock/mcp/tokens belongs to a client called MCP_CONTROL_CLIENT_NAME. Clients, codes and
# tokens are records of the state dump (so a state file keeps connections); reset clears them. Refresh
# tokens rotate (the used one is spent); revoking a connection deletes its tokens.
MCP_ACCESS_TOKEN_PREFIX = "mcp_at_"
MCP_REFRESH_TOKEN_PREFIX = "mcp_rt_"
MCP_ACCESS_TOKEN_SECONDS = 3600
MCP_REFRESH_TOKEN_SECONDS = 30 * 24 * 3600
MCP_CODE_SECONDS = 300
MCP_CONTROL_CLIENT_NAME = "mockscaling control plane"

# §7.2 Answers: every tool answers `structuredContent` (the object REST puts in `data`) and one text item
# holding the same JSON. list_incidents answers `{"incidents": [...]}` without a cursor (the docs name no
# paging argument); get_incident_timeline answers the incident's events of MCP_TIMELINE_EVENTS, oldest
# first, in the REST `events` shape; who_is_on_call answers one row per person on duty per schedule (every
# layer, first layer first, a person once per schedule) with `until` = that layer's next hand-off (or its
# effectiveUntil when sooner); a schedule nobody covers now has no row.
MCP_TIMELINE_EVENTS = ("incident_created", "status_changed", "incident_paged", "incident_handed_off",
                       "incident_acknowledged", "escalation_exhausted")

# §7.2 Errors: arguments failing the input schema are JSON-RPC error -32602 with the REST validation
# message (`title: Must be between 1 and 100 characters.`); an unknown tool is -32602 too (as the SDK
# answers it). A rule refusal is a result with isError and the REST envelope; its journal entry carries
# the envelope's statusCode, a schema failure 422.
MCP_INVALID_PARAMS = -32602

# §7.2 Output schemas: each tool's outputSchema is `{"type": "object", "anyOf": [<its answer>, <the error
# envelope>]}`: some clients (the MCP Inspector's TypeScript SDK) check a refused call's structuredContent
# against the output schema too, and the contract puts the REST envelope there.

# §7.2 Tool calls in the request journal: one entry per tool call, in-process or over HTTP, with method
# MCP_JOURNAL_METHOD, path `/mcp/tools/<name>`, `json` = the arguments and `response` = structuredContent;
# the raw POST /mcp HTTP request is not journaled beside it.
MCP_JOURNAL_METHOD = "TOOL"

# §7.2 Fault plans for tools: `{"tool": name or "*", "status": ...}` fails the whole HTTP request as an
# outage would (the envelope with that status); with `"isError": true` the call answers a tool result with
# isError and that envelope instead. In-process (no HTTP request) both answer the tool error. Tool plans
# never hit REST paths, and path plans never hit tool calls.

# §7.2 Idempotency: a key is scoped to the caller's organization and the tool; the first successful
# answer is kept for MCP_IDEMPOTENCY_SECONDS of fake time (a refused call keeps nothing, so a retry with
# the same key may succeed). "The same arguments" compares the arguments without the key, after schema
# defaults (an explicit null equals an absent optional argument).
MCP_IDEMPOTENCY_SECONDS = 24 * 3600
MCP_IDEMPOTENCY_KEY_MAX = 255

# §7.1 Refused writes: every MCP write (a client registration, an authorization code, a token exchange or
# refresh, a control-plane token, a revoked connection, an idempotent tool call) is one saved store write:
# when the state file cannot take it, nothing changes. /register, /token and the control plane answer 503
# in the REST envelope; /authorize sends the browser back with OAuth's MCP_AUTHORIZE_UNSAVED error (the
# authorization endpoint answers by redirect, RFC 6749 §4.1.2.1); a tool call answers a tool error
# (isError) holding the 503 envelope, like any other refusal of §7.2, and keeps no idempotency record.
MCP_AUTHORIZE_UNSAVED = "temporarily_unavailable"

# §7.1 Last use of a connection: a tool call is a read, so a full disk must not refuse it (nor turn its
# token into a 401). With a state file the "last used" stamp waits in memory and is saved with the next
# successful write of anything (dropped by reset or a state load, lost if the process dies first: it is a
# hint, not data); GET /_mock/mcp/connections shows it at once. Saving it on every call would also put a
# disk write under the store lock on every read.
