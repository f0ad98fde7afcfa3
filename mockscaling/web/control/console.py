"""Control plane: an incident as JSON without an API key, for the console's links (/_mock/incidents/<id>)."""

from __future__ import annotations

from ..context import current_store
from ..present import incident_detail
from ..responses import data
from . import control


@control.get("/incidents/<incident_id>")
def peek_incident(incident_id: str):
    """The incident as GET /v1/incidents/{id} shows it (statusHistory and events included), any organization."""
    store = current_store()
    return data(incident_detail(store, store.peek_incident(incident_id)))
