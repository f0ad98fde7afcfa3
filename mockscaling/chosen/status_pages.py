"""Chosen decisions: §4 status pages (see the package docstring)."""

from datetime import timedelta

# ==== §4 Status pages =================================================================================

# §4 Severity mapping: severity -> component status on the public page.
SEVERITY_COMPONENT_STATUS = {
    "critical": "major_outage",
    "high": "partial_outage",
    "medium": "degraded",
    "low": "degraded",
}

# §4 Banner: component statuses from best to worst; `maintenance` is outside the ranking because it
# never raises the banner above an outage; when every other component is operational and at least one is
# in maintenance, the banner is "maintenance" (§6.1: the banner takes five values).
COMPONENT_STATUS_RANK = {"operational": 0, "degraded": 1, "partial_outage": 2, "major_outage": 3}

# §4 Uptime bars: on the status page (JSON: each component's "uptime"): one bar per UTC calendar day for the
# last UPTIME_DAYS days, today included (partial), oldest first. A day's bar is the worst impact (the
# severity mapping above) of the incidents tagging the component that were open at any moment of that day;
# a day without one is operational. `percent` (2 decimals) is the share of the window — from the start of
# the oldest day until now — during which no open incident of an impact in UPTIME_DOWN_IMPACTS tagged the
# component (overlaps counted once); degraded-only time counts as up. Manual overrides and maintenance
# leave no history, so they never count.
UPTIME_DAYS = 90
UPTIME_DOWN_IMPACTS = ("major_outage", "partial_outage")

# §4 Customer-facing words: on the HTML page, an incident's impact (from its severity through the mapping
# above) instead of the internal word "severity"; times as "Nov 26, 12:04 UTC" (the year added when it is
# not the page's current year) inside <time datetime="ISO">. `?refresh=N` adds a meta refresh of N
# seconds; N must be an integer in STATUS_PAGE_REFRESH_RANGE, else 422 invalid_query.
STATUS_PAGE_REFRESH_RANGE = (10, 3600)

# §4 History window: the history shows incidents resolved at most this long ago by the server clock (inclusive boundary).
STATUS_PAGE_HISTORY = timedelta(days=90)

# Slugs: lower-case letters, digits and dashes (so "<slug>.json" is never ambiguous); unique across
# organizations (409 name_conflict) because /status/<slug> has no organization in it.
STATUS_PAGE_SLUG_PATTERN = r"[a-z0-9][a-z0-9-]{0,62}"

# Page contents: the page shows only the components it selects; an incident's other components are not named; groups
# follow the order in which the page selects components; components without a groupLabel form one group
# with label null ("Other" in the HTML). Active incidents newest first by createdAt; history newest first
# by resolvedAt; both with the same public timeline (no author names, no visibility, no redaction flag on
# internal rows). Severity, title and ids of incidents are public.

# Unknown slugs: an unpublished or unknown slug: /status/<slug>.json answers 404 not_found in the error envelope;
# /status/<slug> (HTML, read by people) answers 404 with a small HTML page carrying the request id.

# Control plane: /_mock/status-pages accepts components by id or by name; overrides only for components
# the page shows (else 400 invalid_component_id); narrowing a page's components drops their overrides.
