"""Component routes (contract §3)."""

from __future__ import annotations

from ... import errors
from ...schemas.components import CreateComponentBody, UpdateComponentBody
from ...schemas.responses import ComponentOut
from .. import present
from ..api import api
from ..context import current_principal, current_store
from ..parsing import parse_body, path_uuid
from ..responses import data, no_content
from ..spec import documented

CREATE_COMPONENT = CreateComponentBody()
UPDATE_COMPONENT = UpdateComponentBody()


@api.get("/components")
@documented(source="client", response=ComponentOut, many=True)
def list_components():
    """The organization's components."""
    return data([present.component(item) for item in current_store().list_components(current_principal())])


@api.post("/components")
@documented(source="client", body=CREATE_COMPONENT, response=ComponentOut, status=201, errors=(errors.NameConflict,))
def create_component():
    """Add a component."""
    body = parse_body()
    return data(present.component(current_store().create_component(current_principal(), **body)), 201)


@api.get("/components/<component_id>")
@documented(source="client", response=ComponentOut)
def get_component(component_id: str):
    """One component."""
    return data(present.component(current_store().get_component(current_principal(), path_uuid("id", component_id))))


@api.patch("/components/<component_id>")
@documented(source="client", body=UPDATE_COMPONENT, response=ComponentOut, errors=(errors.NameConflict,))
def update_component(component_id: str):
    """Change some fields of a component."""
    component_id = path_uuid("id", component_id)
    body = parse_body()
    return data(present.component(current_store().update_component(current_principal(), component_id, **body)))


@api.delete("/components/<component_id>")
@documented(source="client", status=204, errors=(errors.InUse,))
def delete_component(component_id: str):
    """Remove a component."""
    current_store().delete_component(current_principal(), path_uuid("id", component_id))
    return no_content()
