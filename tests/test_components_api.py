"""Component catalog endpoints (contract §3, §6.1.6, §6.2): CRUD, unique names, merge-patch PATCH, tenancy."""

from __future__ import annotations

import uuid

from .support import API_COMPONENT, DATABASE_COMPONENT, GLOBEX_KEY, MEMBER_KEY, WEB_COMPONENT, assert_error

NOW = "2026-04-07T10:00:00.000Z"
FIELDS = ["id", "orgId", "name", "description", "groupLabel", "aliases", "operationalStatus", "maintenanceWindow",
          "createdAt", "updatedAt"]


def test_list_has_the_seeded_components_newest_first(api):
    reply = api.get("/components")
    assert reply.status == 200 and list(reply.data) == ["components", "nextCursor"]
    page = reply.data["components"]
    assert [(c["id"], c["name"]) for c in page] == [(WEB_COMPONENT, "Web app"), (DATABASE_COMPONENT, "Database"), (API_COMPONENT, "API")]
    assert all(list(c) == FIELDS and c["orgId"] == "org_acme" for c in page)
    assert reply.data["nextCursor"] is None


def test_create_get_and_defaults(api):
    reply = api.post("/components", json={"name": "Search"})
    assert reply.status == 201
    component = reply.data
    uuid.UUID(component["id"])
    assert component | {"id": None} == {"id": None, "orgId": "org_acme", "name": "Search", "description": None,
                                         "groupLabel": None, "aliases": [], "operationalStatus": "operational",
                                         "maintenanceWindow": None, "createdAt": NOW, "updatedAt": NOW}
    assert api.get(f"/components/{component['id']}").data == component
    assert api.get("/components").data["components"][0] == component  # newest first


def test_create_with_every_field(api):
    body = {"name": "Payments", "description": "Card processing", "groupLabel": "Money", "aliases": ["pay", "stripe"]}
    reply = api.post("/components", json=body, key=MEMBER_KEY)
    assert reply.status == 201 and {k: reply.data[k] for k in body} == body


def test_name_boundaries(api):
    assert api.post("/components", json={"name": "n" * 100}).status == 201
    assert_error(api.post("/components", json={"name": "n" * 101}), 422, "validation_error", "invalid_body")
    assert_error(api.post("/components", json={"name": ""}), 422, "validation_error", "invalid_body")


def test_name_conflict(api):
    assert_error(api.post("/components", json={"name": "Database"}), 409, "invalid_request_error", "name_conflict")
    assert_error(api.patch(f"/components/{API_COMPONENT}", json={"name": "Web app"}), 409, "invalid_request_error", "name_conflict")
    # Renaming to its own name is no conflict; another organization may reuse the name.
    assert api.patch(f"/components/{API_COMPONENT}", json={"name": "API"}).status == 200
    assert api.post("/components", json={"name": "API"}, key=GLOBEX_KEY).status == 201


def test_patch_is_a_merge_patch(api, store):
    store.set_clock(advance=10)
    reply = api.patch(f"/components/{API_COMPONENT}", json={"description": "Public REST API"})
    assert reply.status == 200
    assert reply.data["name"] == "API" and reply.data["groupLabel"] == "Platform"
    assert reply.data["description"] == "Public REST API" and reply.data["updatedAt"] == "2026-04-07T10:00:10.000Z"
    reply = api.patch(f"/components/{API_COMPONENT}", json={"name": "Public API", "aliases": ["rest"]})
    assert (reply.data["name"], reply.data["description"], reply.data["aliases"]) == ("Public API", "Public REST API", ["rest"])
    reply = api.patch(f"/components/{API_COMPONENT}", json={"description": None, "groupLabel": None})  # §6.1.6: null clears
    assert (reply.data["description"], reply.data["groupLabel"], reply.data["name"]) == (None, None, "Public API")
    for field in ("name", "aliases"):  # not nullable: 422, nothing changes
        assert_error(api.patch(f"/components/{API_COMPONENT}", json={field: None}), 422, "validation_error", "invalid_body")
    assert api.get(f"/components/{API_COMPONENT}").data == reply.data


def test_renamed_component_shows_on_incidents(api):
    incident = api.new_incident(componentIds=[API_COMPONENT])
    api.patch(f"/components/{API_COMPONENT}", json={"name": "Gateway"})
    assert api.detail(incident["id"])["affectedComponents"] == [{"id": API_COMPONENT, "name": "Gateway"}]


def test_delete_then_404(api):
    created = api.post("/components", json={"name": "Temporary"}).data
    reply = api.delete(f"/components/{created['id']}")
    assert reply.status == 204 and reply.text == ""
    assert_error(api.get(f"/components/{created['id']}"), 404, "invalid_request_error", "not_found")
    assert_error(api.delete(f"/components/{created['id']}"), 404, "invalid_request_error", "not_found")
    assert_error(api.patch(f"/components/{created['id']}", json={"name": "x"}), 404, "invalid_request_error", "not_found")
    assert api.post("/components", json={"name": "Temporary"}).status == 201  # the name is free again


def test_deleted_component_leaves_incidents(api):
    incident = api.new_incident(componentIds=[DATABASE_COMPONENT, WEB_COMPONENT])
    assert api.delete(f"/components/{DATABASE_COMPONENT}").status == 204
    assert api.detail(incident["id"])["affectedComponents"] == [{"id": WEB_COMPONENT, "name": "Web app"}]
    assert_error(api.create_incident(componentIds=[DATABASE_COMPONENT]), 400, "invalid_request_error", "invalid_component_id")


def test_tenancy(api):
    for method in ("get", "delete"):
        assert_error(getattr(api, method)(f"/components/{API_COMPONENT}", key=GLOBEX_KEY), 404, "invalid_request_error", "not_found")
    assert_error(api.patch(f"/components/{API_COMPONENT}", json={"name": "Mine"}, key=GLOBEX_KEY), 404, "invalid_request_error", "not_found")
    assert api.get("/components", key=GLOBEX_KEY).data == {"components": [], "nextCursor": None}
    assert api.get(f"/components/{API_COMPONENT}").data["name"] == "API"


def test_bad_bodies(api):
    assert_error(api.post("/components", json={"name": "x", "aliases": "one"}), 422, "validation_error", "invalid_body")
    assert_error(api.post("/components", json={"name": "x", "aliases": [""]}), 422, "validation_error", "invalid_body")
    assert_error(api.post("/components", json={"name": 3}), 422, "validation_error", "invalid_body")
    assert_error(api.post("/components", data=b"name=x"), 400, "invalid_request_error", "invalid_json")
    assert_error(api.get("/components/not-a-uuid"), 422, "validation_error", "invalid_path")
