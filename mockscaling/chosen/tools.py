"""Chosen decisions: mockscaling's own tools (CORS, state file, pytest plugin, OpenAPI, verify, serve) (see the package docstring)."""

from datetime import timedelta

# ==== mockscaling's own tools: CORS, state file, pytest plugin, OpenAPI, verify =======================

# Response headers: every response carries X-Content-Type-Options: nosniff. API and control-plane
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

# CORS: create_app() (flask-cors) sends no CORS headers unless given cors_origins; `mockscaling serve`
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

# Console requests: the Requests table shows the query string as sent, who sent each request (the key's user,
# faulted requests included, else the key's last 4 characters), hides CORS preflights until "preflights" is
# ticked, prints every time by the fake's clock (the wall-clock time is the tooltip), and a click on a row
# shows that request's headers and both bodies, as the request journal keeps them: every secret header
# (JOURNAL_MASKED_HEADERS: keys, cookies, the control token) shows only its last 4 characters.

# Console size: a column heads with its status's full count and, past its CONSOLE_INCIDENTS_PER_STATUS
# incidents, an "N more" link to GET /_mock/incidents?orgId=&status= (the organization's list as
# GET /v1/incidents gives it, same filters and cursor, without a key); the first CONSOLE_ORGANIZATIONS
# organizations get a board (seed order, then tenants as made), the rest one "N more organizations" line.
# So the page's size, and its cost every refresh, does not grow with the data.
CONSOLE_ORGANIZATIONS = 20

# Serve guard: `mockscaling serve` turns it on; create_app() and the pytest plugin leave it off so
# in-process tests are unaffected (config MOCKSCALING_GUARD=True turns it on for any app):
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

# One guard for every surface: the console at / and the MCP endpoint sit behind the same token and
# JSON-only/Origin checks as /_mock (the console shows every tenant's incidents and full fault-plan keys).
# A browser cannot add a header to a page it opens, so GET and HEAD requests may carry the token as the
# query parameter below instead: serve prints the console's address with it, and the page sends the
# header on its own calls. `mockscaling proxy` applies the same guard before forwarding.
TOKEN_PATH_PREFIXES = ("/_mock", "/mcp")  # and the console, exactly "/"
CONTROL_TOKEN_QUERY = "token"

# Proxy recordings: `mockscaling proxy --record` keeps the journal's masked headers and the ones below
# masked to their last 4 characters, as the request journal does; `--mask NAME` adds a header or a JSON field (at
# any depth, in request and response bodies and the query). Cookies are not forwarded to the upstream
# unless `--forward-cookies` is given (the proxy is a contract checker, not a browser session).
PROXY_MASKED_HEADERS = frozenset({"set-cookie"})  # and every JOURNAL_MASKED_HEADERS name

# Server: connection limits and timeouts (~98 idle connections locked every new client out, with waitress's defaults of 100
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

# Slow clients: one header line every 5 s from 1,010 connections kept every new client out for 73 s (the
# idle timeout only counts the gap between bytes). A request head (request line and headers) must arrive
# whole within SERVE_HEAD_DEADLINE seconds and the whole request within SERVE_REQUEST_DEADLINE seconds of
# its first byte, else the connection is answered 408 request_timeout and closed (checked every
# SERVE_CLEANUP_INTERVAL seconds). And at the connection limit the server does not stop accepting: it
# closes the connection that has waited longest without a complete request (idle keep-alive connections
# and trickling heads alike), so a new client is served at once while the limit holds.
SERVE_HEAD_DEADLINE = 10
SERVE_REQUEST_DEADLINE = 30

# Refusals before the app: what waitress refuses before the app runs is answered in the error envelope
# too (type invalid_request_error, or internal_error from 500 up; code from the HTTP reason, as for every
# status without a class of its own): a NUL or other bad character in a header, a malformed request line
# or a target that is not UTF-8 -> 400 bad_request; headers over SERVE_MAX_HEADER_BYTES -> 431
# request_header_fields_too_large; a Content-Length over the largest body cap -> 413
# request_entity_too_large (the body unread); an unsupported Transfer-Encoding -> 501 not_implemented.
# `mockscaling proxy` answers a request target that is not a path (`@host:port/x`) 400 bad_request.
SERVE_MAX_HEADER_BYTES = 256 * 1024

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

# Missing /v1 hint: a 404 for a path outside these prefixes that would exist under /v1 (`GET /incidents`) says
# "did you mean /v1/incidents?" in its message; code and type stay not_found.
ROUTE_PREFIXES = ("/v1", "/api", "/_mock", "/status", "/openapi.json")

# Not-found hints: a 404 for a path no route has names the fix when one is plain: a near miss of a route
# (`/v1/incident`: "did you mean /v1/incidents?"; every fixed segment equal or at least NEAR_MISS_RATIO alike),
# the top-level resources for `/v1` itself, and where the API is described for the usual documentation paths.
# Code and type stay not_found; only the message helps.
NEAR_MISS_RATIO = 0.7
DOCS_HINT_PATHS = ("/docs", "/doc", "/swagger", "/swagger.json", "/swagger-ui", "/redoc", "/openapi", "/openapi.yaml",
                   "/api-docs", "/v1/docs", "/v1/openapi.json")
DOCS_HINT = ("the API is described by /openapi.json (OpenAPI 3.1; `mockscaling openapi --format yaml` prints it as YAML), "
             "and the console at / shows the fake's data and every request it answered.")

# Seeds: format version 2 adds `incidents` to an organization, replayed through the rules when
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

# Resets without replay: a seed is loaded (its incidents replayed through the rules) once per process
# for each seed, id seed and reset instant; every reset of every store then starts from that world,
# sharing its records and copying one the first time the store hands it out by id (for a change, or to a
# caller of `store.incidents[...]`; lists only read them), so a reset costs about the same
# on a seed of 500 incidents as on the default one and a write never shows in the next test. With a frozen
# reset clock the world is exactly the one a replay would give. With a running clock, relative seed times
# ("now-2d") are read when the world was loaded: it is reused while that was at most SEED_WORLD_REUSE ago
# (so a relative time may be that much older than a fresh replay's), then loaded again. At most
# SEED_WORLDS_KEPT worlds are kept (then all are dropped and loaded again on use).
SEED_WORLD_REUSE = timedelta(seconds=1)
SEED_WORLDS_KEPT = 32

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

# Documented-only mode: create_app(documented_only=True), `mockscaling serve --documented-only` and
# @pytest.mark.mockscaling(documented_only=True) answer 404 not_found (before authentication, like an
# unknown path) on every operation whose source is chosen, on every operation whose answer would keep no
# field (GET …/resolve), on every operation whose request needs a chosen field (the layer reorders: the
# docs name them, not their `layerIds` body) and on /status/<slug>.json; every response leaves out the
# fields whose source is chosen; a request body field or query parameter whose source is chosen is refused
# with 422 (invalid_body, invalid_query) naming it. Its /openapi.json (and `mockscaling openapi --documented-only`) lists only what
# it serves. The /_mock control plane and the HTML status page stay. The default is the full fake.

# Snapshot, reads and retries: `mockscaling snapshot` reads an organization through GET requests only
# and retries like Scaling's own client (its Terraform provider): 429, 502, 503, 504 and timeouts, up to
# SNAPSHOT_RETRIES more times; a 429's integer Retry-After is honoured (capped at SNAPSHOT_RETRY_AFTER_CAP
# seconds), otherwise a random wait up to SNAPSHOT_BACKOFF_BASE * 2**attempt seconds (capped at
# SNAPSHOT_BACKOFF_CAP). It reads SNAPSHOT_INCIDENTS incidents by default (newest first), SNAPSHOT_PAGE_LIMIT
# per page, SNAPSHOT_WORKERS at a time, and refuses to write a seed larger than SNAPSHOT_MAX_BYTES
# (`--max-bytes` raises it). Plain http is refused for a non-loopback host (the key would travel in clear).
SNAPSHOT_RETRIES = 3
SNAPSHOT_RETRY_AFTER_CAP = 60
SNAPSHOT_BACKOFF_BASE = 1.0
SNAPSHOT_BACKOFF_CAP = 30.0
SNAPSHOT_TIMEOUT = 30.0
SNAPSHOT_INCIDENTS = 500
SNAPSHOT_PAGE_LIMIT = 100
SNAPSHOT_WORKERS = 4
SNAPSHOT_MAX_BYTES = 100 * 1024 * 1024

# Snapshot, updates read only where there are some: an incident whose events hold `incident_created` (the
# trail is whole) and none of these (an update posted or redacted, or a status change, which posts an
# internal update) has no updates, so GET /v1/incidents/{id}/updates is not sent for it (one request per
# incident saved); every other incident's updates are read.
SNAPSHOT_UPDATE_EVENTS = ("update_posted", "update_redacted", "status_changed")
