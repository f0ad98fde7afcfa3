"""Component catalog rules (contract §3 Components, §6.1 PATCH semantics)."""

from __future__ import annotations

from ..client import Client, check
from ..registry import error_rule, rule
from .core import MISSING_ID


@rule("components.create_get_delete", "[client] §3 Components")
def create_get_delete(client: Client) -> None:
    """POST 201 with the Component fields; GET one answers it; DELETE 204; GET again 404."""
    component = client.new_component("lifecycle", description="Verify", groupLabel="Verify", aliases=["verify"])
    for name, value in (("description", "Verify"), ("groupLabel", "Verify"), ("aliases", ["verify"])):
        check(component[name] == value, f"{name} is {component[name]!r}, sent {value!r}")
    check(client.read(f"/components/{component['id']}")["id"] == component["id"], "GET one answered another component")
    check(client.request("DELETE", f"/components/{component['id']}").status_code == 204, "DELETE did not answer 204")
    client.error(client.request("GET", f"/components/{component['id']}"), 404, "not_found")


@rule("components.name_conflict", "[client] §3 Components (unique name)")
def name_conflict(client: Client) -> None:
    """A second component with the same name: 409 name_conflict."""
    component = client.new_component("conflict")
    client.error(client.request("POST", "/components", json={"name": component["name"]}), 409, "name_conflict",
                 "invalid_request_error")


@rule("components.patch_partial", "[docs] §6.1.6 PATCH semantics")
def patch_partial(client: Client) -> None:
    """PATCH changes only the fields sent; an explicit null clears a nullable field."""
    component = client.new_component("patch", description="Before")
    path = f"/components/{component['id']}"
    changed = client.ok(client.request("PATCH", path, json={"groupLabel": "After"}))
    check(changed["description"] == "Before" and changed["groupLabel"] == "After", f"PATCH groupLabel gave {changed}")
    cleared = client.ok(client.request("PATCH", path, json={"description": None}))
    check(cleared["description"] is None and cleared["name"] == component["name"], f"PATCH description null gave {cleared}")


@rule("components.patch_null_name", "[docs] §6.1.6 PATCH semantics (null on a required field)")
def patch_null_name(client: Client) -> None:
    """PATCH name null: 422 invalid_body."""
    component = client.new_component("null name")
    client.error(client.request("PATCH", f"/components/{component['id']}", json={"name": None}), 422, "invalid_body")


@rule("components.aliases_replaced", "[client] §6.2 Components (aliases replaced wholesale)")
def aliases_replaced(client: Client) -> None:
    """PATCH aliases replaces the whole list."""
    component = client.new_component("aliases", aliases=["one", "two"])
    changed = client.ok(client.request("PATCH", f"/components/{component['id']}", json={"aliases": ["three"]}))
    check(changed["aliases"] == ["three"], f"aliases after PATCH: {changed['aliases']}")


error_rule("components.name_length", "[client] §3 Components (name 1-100)", "POST", "/components", {"name": "x" * 101},
           422, "invalid_body", doc="A 101-character name: 422 invalid_body.")
error_rule("components.not_found", "[client] §3 Components", "GET", f"/components/{MISSING_ID}", None, 404, "not_found",
           doc="An unknown component: 404 not_found.")


@rule("components.list_paginated", "[client] §6.2 Components (paginated list)", read_only=True)
def list_paginated(client: Client) -> None:
    """GET /components?limit=1: {"components": [...], "nextCursor"}; limit 0 is 422 invalid_query."""
    page = client.read("/components", limit=1)
    check(set(page) == {"components", "nextCursor"} and len(page["components"]) <= 1, f"page {page}")
    client.error(client.request("GET", "/components", params={"limit": 0}), 422, "invalid_query")


@rule("components.operational_status", "[client] §6.2 Components (operationalStatus)")
def operational_status(client: Client) -> None:
    """A new component is operational; a critical open incident makes it major_outage; resolving clears it."""
    component = client.new_component("operational status")
    check(component["operationalStatus"] == "operational" and component["maintenanceWindow"] is None, f"{component}")
    incident = client.new_incident("component outage", severity="critical", componentIds=[component["id"]])
    status = client.read(f"/components/{component['id']}")["operationalStatus"]
    check(status == "major_outage", f"operationalStatus {status} with a critical incident open")
    for step in ("identified", "monitoring", "resolved"):
        client.ok(client.move(incident["id"], step))
    status = client.read(f"/components/{component['id']}")["operationalStatus"]
    check(status == "operational", f"operationalStatus {status} after resolving")
