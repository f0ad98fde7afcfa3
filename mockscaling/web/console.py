"""The live console at `/`: server-rendered HTML of the whole fake, refreshed by a few lines of JavaScript."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template

from .. import chosen
from ..domain.models import STATUSES
from .context import current_store
from .present import ts

console = Blueprint("console", __name__)

# The console's own path: it is not journaled, logged or faulted, so refreshing it changes nothing it shows.
CONSOLE_PATH = "/"


def _incident_row(record: Any) -> dict[str, Any]:
    return {"id": record.id, "sequentialId": record.sequential_id, "title": record.title,
            "severity": record.severity, "createdAt": ts(record.created_at)}


@console.get(CONSOLE_PATH)
def console_view():
    """Every organization's incidents by status, the request and page journals, fault plans and the clock."""
    view = current_store().console_view()
    organizations = [
        {"id": entry["org"].id, "name": entry["org"].name,
         "incidents": {status: [_incident_row(record) for record in entry["incidents"][status]] for status in STATUSES},
         "counts": entry["counts"]}
        for entry in view["organizations"]
    ]
    pages = [{"sentAt": ts(page.sent_at), "userId": page.user_id, "incidentId": page.incident_id, "reason": page.reason,
              "layerPosition": page.layer_position, "orgId": page.org_id} for page in view["pages"]]
    html = render_template(
        "console.html", now=ts(view["now"]), frozen=view["frozen"], organizations=organizations, statuses=STATUSES,
        requests=view["requests"], pages=pages, faults=[plan.as_dict() for plan in view["faults"]],
        refresh_seconds=chosen.CONSOLE_REFRESH_SECONDS, per_status=chosen.CONSOLE_INCIDENTS_PER_STATUS,
        more_organizations=view["more_organizations"],
    )
    return html, 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
