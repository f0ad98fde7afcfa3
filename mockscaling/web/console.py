"""The live console at `/`: server-rendered HTML of the whole fake, refreshed by a few lines of JavaScript."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template, request

from .. import chosen
from ..domain.clock import utc_now
from ..domain.models import STATUSES
from .console_rows import request_detail, request_row, shown_time
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
    selected = request.args.get("request")
    opened = next((entry for entry in view["requests"] if entry["requestId"] == selected), None)
    html = render_template(
        "console.html", now=ts(view["now"]), frozen=view["frozen"], organizations=organizations, statuses=STATUSES,
        requests=[request_row(entry) for entry in view["requests"]], pages=pages,
        faults=[plan.as_dict() for plan in view["faults"]], wall_now=ts(utc_now()), shown_time=shown_time,
        detail=request_detail(opened) if opened is not None else None, selected=selected,
        refresh_seconds=chosen.CONSOLE_REFRESH_SECONDS, per_status=chosen.CONSOLE_INCIDENTS_PER_STATUS,
        # The guard let this request in, so its caller holds the token: the page carries it for its own calls.
        control_token=current_app.config.get("MOCKSCALING_CONTROL_TOKEN") or "",
        token_header=chosen.CONTROL_TOKEN_HEADER, token_query=chosen.CONTROL_TOKEN_QUERY,
        more_organizations=view["more_organizations"],
    )
    return html, 200, {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"}
