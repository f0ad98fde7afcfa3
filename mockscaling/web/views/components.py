"""Component routes (contract §3, §6.2: paginated list, operationalStatus, maintenanceWindow)."""

from __future__ import annotations

from ...domain import errors
from ...schemas.components import CreateComponentBody, ListComponentsQuery, UpdateComponentBody
from .. import present
from ..api import api
from ..context import current_principal, current_store
from ..parsing import parse_body, parse_query, path_uuid
from ..responses import data, no_content
from ..spec import documented

CREATE_COMPONENT = CreateComponentBody()
UPDATE_COMPONENT = UpdateComponentBody()
LIST_COMPONENTS = ListComponentsQuery()


@api.get("/components")
@documented(source="client", query=LIST_COMPONENTS, response="responses.ComponentPageOut")
def list_components():
    """A page of the organization's components, newest first."""
    store = current_store()
    rows, next_cursor = store.list_components(current_principal(), **parse_query())
    return data({"components": [present.component(store, record, view) for record, view in rows], "nextCursor": next_cursor})


@api.post("/components")
@documented(source="client", body=CREATE_COMPONENT, response="responses.ComponentOut", status=201, errors=(errors.NameConflict,))
def create_component():
    """Add a component."""
    body = parse_body()
    store = current_store()
    return data(present.component(store, store.create_component(current_principal(), **body)), 201)


@api.get("/components/<component_id>")
@documented(source="client", response="responses.ComponentOut")
def get_component(component_id: str):
    """One component."""
    store = current_store()
    return data(present.component(store, store.get_component(current_principal(), path_uuid("id", component_id))))


@api.patch("/components/<component_id>")
@documented(source="client", body=UPDATE_COMPONENT, response="responses.ComponentOut", errors=(errors.NameConflict,))
def update_component(component_id: str):
    """Change some fields of a component (absent keeps, null clears description and groupLabel)."""
    component_id = path_uuid("id", component_id)
    body = parse_body()
    store = current_store()
    return data(present.component(store, store.update_component(current_principal(), component_id, **body)))


@api.delete("/components/<component_id>")
@documented(source="client", status=204, errors=(errors.InUse,))
def delete_component(component_id: str):
    """Remove a component."""
    current_store().delete_component(current_principal(), path_uuid("id", component_id))
    return no_content()
