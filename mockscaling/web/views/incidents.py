"""Incident routes (contract §2): parse, call the store method of the same name, serialise."""

from __future__ import annotations

from ...domain import errors
from ...schemas.incidents import (
    CreateIncidentBody,
    CreateUpdateBody,
    HandoffBody,
    ListIncidentsQuery,
    SetComponentsBody,
    UpdateStatusBody,
)
from .. import present
from ..api import api
from ..context import current_principal, current_store
from ..parsing import parse_body, parse_query, path_uuid
from ..responses import data
from ..spec import documented

CREATE_INCIDENT = CreateIncidentBody()
LIST_INCIDENTS = ListIncidentsQuery()
UPDATE_STATUS = UpdateStatusBody()
CREATE_UPDATE = CreateUpdateBody()
HANDOFF = HandoffBody()
SET_COMPONENTS = SetComponentsBody()


@api.post("/incidents")
@documented(source="docs", body=CREATE_INCIDENT, response="responses.IncidentOut", status=201, errors=(
    errors.OwnerRequired, errors.InvalidOwnerId, errors.InvalidComponentId, errors.DuplicateComponentId,
    errors.InvalidEscalationPolicyId, errors.NotFound,
))
def create_incident():
    """Open an incident."""
    body = parse_body()
    store = current_store()
    return data(present.incident(store, store.create_incident(current_principal(), **body)), 201)


@api.get("/incidents")
@documented(source="docs", query=LIST_INCIDENTS, response="responses.IncidentPageOut")
def list_incidents():
    """A page of incidents, newest first."""
    query = parse_query()
    store = current_store()
    page, next_cursor = store.list_incidents(current_principal(), **query)
    return data({"incidents": [present.incident(store, item) for item in page], "nextCursor": next_cursor})


@api.get("/incidents/<incident_id>")
@documented(source="docs", response="responses.IncidentDetailOut")
def get_incident(incident_id: str):
    """One incident with its status history and events."""
    store = current_store()
    record = store.get_incident(current_principal(), path_uuid("id", incident_id))
    return data(present.incident_detail(store, record))


@api.patch("/incidents/<incident_id>/status")
@documented(source="docs", body=UPDATE_STATUS, response="responses.IncidentOut", errors=(errors.InvalidStatusTransition,))
def update_incident_status(incident_id: str):
    """Move an incident to its next status."""
    incident_id = path_uuid("id", incident_id)
    body = parse_body()
    store = current_store()
    return data(present.incident(store, store.update_incident_status(current_principal(), incident_id, **body)))


@api.post("/incidents/<incident_id>/updates")
@documented(source="docs", body=CREATE_UPDATE, response="responses.UpdateOut", status=201, errors=(
    errors.IncidentResolved, errors.EmptyUpdate, errors.PublicUpdateRequiresBody, errors.InvalidStatusTransition,
    errors.NoPublicSurface,
))
def create_update(incident_id: str):
    """Post an update."""
    incident_id = path_uuid("id", incident_id)
    body = parse_body()
    store = current_store()
    return data(present.update(store, store.create_update(current_principal(), incident_id, **body)), 201)


@api.get("/incidents/<incident_id>/updates")
@documented(source="docs", response="responses.UpdateListOut")
def list_updates(incident_id: str):
    """Every update, oldest first."""
    store = current_store()
    updates = store.list_updates(current_principal(), path_uuid("id", incident_id))
    return data({"updates": [present.update(store, item) for item in updates]})


@api.post("/incidents/<incident_id>/updates/<update_id>/redact")
@documented(source="docs", response="responses.UpdateOut", errors=(errors.RedactionNotPermitted,))
def redact_update(incident_id: str, update_id: str):
    """Blank an update's body."""
    store = current_store()
    record = store.redact_update(current_principal(), path_uuid("id", incident_id), path_uuid("updateId", update_id))
    return data(present.update(store, record))


@api.post("/incidents/<incident_id>/acknowledge")
@documented(source="docs", response="responses.IncidentOut")
def acknowledge_incident(incident_id: str):
    """Acknowledge (idempotent)."""
    store = current_store()
    return data(present.incident(store, store.acknowledge_incident(current_principal(), path_uuid("id", incident_id))))


@api.post("/incidents/<incident_id>/handoff")
@documented(source="chosen", body=HANDOFF, response="responses.IncidentOut",
            errors=(errors.IncidentResolved, errors.InvalidTargetUser))
def handoff_incident(incident_id: str):
    """Hand the incident to another member."""
    incident_id = path_uuid("id", incident_id)
    body = parse_body()
    store = current_store()
    return data(present.incident(store, store.handoff_incident(current_principal(), incident_id, **body)))


@api.put("/incidents/<incident_id>/components")
@documented(source="docs", body=SET_COMPONENTS, response="responses.IncidentOut", errors=(
    errors.IncidentResolved, errors.InvalidComponentId, errors.DuplicateComponentId,
))
def set_incident_components(incident_id: str):
    """Replace the affected components."""
    incident_id = path_uuid("id", incident_id)
    body = parse_body()
    store = current_store()
    return data(present.incident(store, store.set_incident_components(current_principal(), incident_id, **body)))
