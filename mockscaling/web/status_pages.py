"""Public status pages (contract §4): /status/<slug> as server-rendered HTML and /status/<slug>.json."""

from __future__ import annotations

from flask import Blueprint, g, render_template

from .. import errors
from .documented_only import documented_only
from .context import current_store

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


@status_pages.get("/status/<slug>")
def status_page_html(slug: str):
    """The page as server-rendered HTML; unknown or unpublished slug → a 404 HTML page."""
    try:
        view = current_store().status_page_view(slug)
    except errors.NotFound:
        html = render_template("status_not_found.html", slug=slug, request_id=g.get("request_id", ""))
        return html, 404, {"Content-Type": "text/html; charset=utf-8"}
    return render_template(
        "status_page.html",
        view=view,
        status_labels=STATUS_LABELS,
        banner_labels=BANNER_LABELS,
        incident_status_labels=INCIDENT_STATUS_LABELS,
    )
