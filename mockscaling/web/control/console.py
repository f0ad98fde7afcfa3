"""Control plane: incidents as JSON without an API key, for the console's links (/_mock/incidents[/<id>])."""

from __future__ import annotations

from ...schemas.incidents import PeekIncidentsQuery
from ..context import current_store
from ..parsing import parse_query
from ..present import incident, incident_detail
from ..responses import data
from . import control


@control.get("/incidents/<incident_id>")
def peek_incident(incident_id: str):
    """The incident as GET /v1/incidents/{id} shows it (statusHistory and events included), any organization."""
    store = current_store()
    return data(incident_detail(store, store.peek_incident(incident_id)))


PEEK = PeekIncidentsQuery()


@control.get("/incidents")
def peek_incidents():
    """`?orgId=` organization's incidents as GET /v1/incidents lists them (same filters, cursor), without a key."""
    query = parse_query(PEEK)
    store = current_store()
    page, next_cursor = store.peek_incidents(query.pop("org_id"), **query)
    return data({"incidents": [incident(store, item) for item in page], "nextCursor": next_cursor})
