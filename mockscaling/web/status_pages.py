"""Public status pages (contract §4): /status/<slug> as server-rendered HTML and /status/<slug>.json."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, render_template, request

from .. import chosen
from ..domain import errors
from .context import current_request_id, current_store
from .documented_only import documented_only

status_pages = Blueprint("status_pages", __name__)

# Human labels for the HTML page (the JSON keeps the contract's status names).
STATUS_LABELS = {
    "operational": "Operational",
    "degraded": "Degraded performance",
    "partial_outage": "Partial outage",
    "major_outage": "Major outage",
    "maintenance": "Under maintenance",
}
BANNER_LABELS = {
    "operational": "All systems operational",
    "degraded": "Some systems are degraded",
    "partial_outage": "Partial system outage",
    "major_outage": "Major system outage",
}
INCIDENT_STATUS_LABELS = {
    "investigating": "Investigating",
    "identified": "Identified",
    "monitoring": "Monitoring",
    "resolved": "Resolved",
}


@status_pages.get("/status/<slug>.json")
def status_page_json(slug: str):
    """The page's data as JSON; unknown or unpublished slug → 404 not_found in the error envelope."""
    if documented_only():  # the JSON form of the page is chosen (§6.1.9); the HTML page is documented
        raise errors.NotFound("The status page JSON is not in Scaling's documentation (documented-only mode).")
    return current_store().status_page_view(slug)


def readable_time(iso: str | None, now_iso: str | None = None) -> str:
    """`Nov 26, 12:04 UTC` for a wire timestamp (with the year when it is not `now_iso`'s year).

    Example::

        readable_time("2026-11-26T12:04:05.120Z", "2026-11-26T13:00:00.000Z")   # 'Nov 26, 12:04 UTC'
    """
    if not iso:
        return ""
    moment = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ")
    year = "" if now_iso and now_iso[:4] == iso[:4] else f" {moment.year}"
    return f"{moment:%b} {moment.day}{year}, {moment:%H:%M} UTC"


def _refresh_seconds() -> int | None:
    """`?refresh=N` (chosen.STATUS_PAGE_REFRESH_RANGE), None when absent; 422 invalid_query otherwise."""
    given = request.args.get("refresh")
    if given is None:
        return None
    low, high = chosen.STATUS_PAGE_REFRESH_RANGE
    if not given.isdigit() or not low <= int(given) <= high:
        raise errors.ValidationFailed(f"refresh: Must be a whole number of seconds from {low} to {high}.",
                                      code=chosen.VALIDATION_CODE_QUERY)
    return int(given)


@status_pages.get("/status/<slug>")
def status_page_html(slug: str):
    """The page as server-rendered HTML; unknown or unpublished slug → a 404 HTML page; `?refresh=30` reloads it."""
    refresh = _refresh_seconds()
    try:
        view = current_store().status_page_view(slug)
    except errors.NotFound:
        html = render_template("status_not_found.html", slug=slug, request_id=current_request_id())
        return html, 404, {"Content-Type": "text/html; charset=utf-8"}
    return render_template(
        "status_page.html",
        view=view,
        status_labels=STATUS_LABELS,
        banner_labels=BANNER_LABELS,
        incident_status_labels=INCIDENT_STATUS_LABELS,
        impact_labels={severity: STATUS_LABELS[status] for severity, status in chosen.SEVERITY_COMPONENT_STATUS.items()},
        readable_time=readable_time,
        refresh=refresh,
    )
