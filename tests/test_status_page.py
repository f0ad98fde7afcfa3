"""Public status pages (contract §4): derivation, what customers may see, the 90-day history, 404s, control plane."""

from __future__ import annotations

import pytest

from .support import ADMIN_KEY, API_COMPONENT, BOB, DATABASE_COMPONENT, WEB_COMPONENT, assert_error

# Distinctive strings for staff-only data: none may ever reach the public page.
DESCRIPTION = "DESC-SECRET-7f3e"
INTERNAL_BODY = "INTERNAL-SECRET-91ab"
NOTE_ON_IDENTIFIED = "NOTE-ON-IDENTIFIED-SECRET-55"
RESOLUTION_NOTE = "RESOLUTION-SECRET-c4d2"
REDACTED_BODY = "REDACTED-SECRET-0e0e"
PUBLIC_BODY = "We are rolling back the deploy."
STAFF_STRINGS = [DESCRIPTION, INTERNAL_BODY, NOTE_ON_IDENTIFIED, RESOLUTION_NOTE, REDACTED_BODY,
                 "user_bob", "Bob Member", "user_ada", "Ada Admin", "ownerId", "resolutionNote", "description"]
DAY = 86400


def page_json(api, slug="acme"):
    reply = api.get(f"/status/{slug}.json", key=None)
    assert reply.status == 200, reply.text
    return reply.body


def statuses(view):
    return {component["name"]: component["status"] for component in view["components"]}


@pytest.fixture
def ada(store):
    return store.authenticate("Bearer " + ADMIN_KEY)


@pytest.mark.parametrize(
    ("incidents", "overrides", "expected_api", "expected_banner"),
    [
        ([], {}, "operational", "operational"),
        ([("critical", "open")], {}, "major_outage", "major_outage"),
        ([("high", "open")], {}, "partial_outage", "partial_outage"),
        ([("medium", "open")], {}, "degraded", "degraded"),
        ([("low", "open")], {}, "degraded", "degraded"),
        ([("low", "open"), ("high", "open"), ("medium", "open")], {}, "partial_outage", "partial_outage"),
        ([("critical", "resolved"), ("low", "open")], {}, "degraded", "degraded"),
        ([("critical", "resolved")], {}, "operational", "operational"),
        # an override wins over incidents, in both directions
        ([("critical", "open")], {"API": "operational"}, "operational", "operational"),
        ([], {"API": "partial_outage"}, "partial_outage", "partial_outage"),
        # maintenance never outranks an outage; with the rest operational the banner is maintenance (§6.1.5)
        ([("critical", "open")], {"API": "maintenance"}, "maintenance", "maintenance"),
        ([], {"API": "maintenance", "Web app": "maintenance"}, "maintenance", "maintenance"),
        ([("high", "open")], {"API": "maintenance", "Web app": "degraded"}, "maintenance", "degraded"),
    ],
)
def test_component_status_derivation(store, ada, incidents, overrides, expected_api, expected_banner):
    for severity, state in incidents:
        incident = store.create_incident(ada, title="x", severity=severity, owner_id=BOB, component_ids=[API_COMPONENT])
        if state == "resolved":
            for status in ("identified", "monitoring", "resolved"):
                store.update_incident_status(ada, incident.id, status)
    for component, status in overrides.items():
        store.set_component_override("acme", component, status)
    view = store.status_page_view("acme")
    assert statuses(view)["API"] == expected_api
    assert statuses(view)["Web app"] == overrides.get("Web app", "operational")
    assert view["status"] == expected_banner


def test_banner_is_the_worst_component_and_groups_follow_labels(api):
    api.new_incident(severity="medium", componentIds=[WEB_COMPONENT])
    api.new_incident(severity="critical", componentIds=[API_COMPONENT])
    view = page_json(api)
    assert view["status"] == "major_outage"
    assert [(g["label"], [c["name"] for c in g["components"]]) for g in view["groups"]] == [
        ("Platform", ["API"]), ("Product", ["Web app"]),
    ]
    html = api.get("/status/acme", key=None)
    assert html.status == 200 and html.headers["Content-Type"].startswith("text/html")
    assert 'data-status="major_outage"' in html.text and "Major system outage" in html.text


def test_components_not_on_the_page_neither_count_nor_show(api):
    api.new_incident(severity="critical", componentIds=[DATABASE_COMPONENT], title="Database only")
    view = page_json(api)
    assert view["status"] == "operational"
    assert view["activeIncidents"] == []
    shared = api.new_incident(severity="low", componentIds=[DATABASE_COMPONENT, API_COMPONENT])
    view = page_json(api)
    (shown,) = view["activeIncidents"]
    assert shown["id"] == shared["id"]
    assert [c["name"] for c in shown["affectedComponents"]] == ["API"]  # "Database" is not on this page
    assert "Database" not in api.get("/status/acme", key=None).text


def _walk_with_staff_data(api):
    """An incident carrying every kind of staff-only data, left in `monitoring`."""
    incident = api.new_incident(severity="high", componentIds=[API_COMPONENT], description=DESCRIPTION, title="Checkout errors")
    base = f"/incidents/{incident['id']}"
    assert api.move(incident["id"], "identified", resolutionNote=NOTE_ON_IDENTIFIED).status == 200
    assert api.post(base + "/updates", json={"visibility": "internal", "body": INTERNAL_BODY}).status == 201
    oops = api.post(base + "/updates", json={"visibility": "public", "body": REDACTED_BODY})
    assert oops.status == 201
    assert api.post(base + f"/updates/{oops.data['id']}/redact").status == 200
    public = {"visibility": "public", "body": PUBLIC_BODY, "statusChange": "monitoring"}
    assert api.post(base + "/updates", json=public).status == 201
    return incident


def _assert_nothing_staff_only(api):
    for text in (api.get("/status/acme.json", key=None).text, api.get("/status/acme", key=None).text):
        assert PUBLIC_BODY in text
        for secret in STAFF_STRINGS:
            assert secret not in text, secret


def test_staff_only_data_never_appears_while_active_or_in_history(api):
    incident = _walk_with_staff_data(api)
    _assert_nothing_staff_only(api)
    (active,) = page_json(api)["activeIncidents"]
    # newest first: public+monitoring, redacted public (no body), identified (bare); internal note absent
    assert [(r["statusChange"], r["body"], r["redacted"]) for r in active["timeline"]] == [
        ("monitoring", PUBLIC_BODY, False), (None, None, True), ("identified", None, False),
    ]
    assert api.move(incident["id"], "resolved", resolutionNote=RESOLUTION_NOTE).status == 200
    _assert_nothing_staff_only(api)
    view = page_json(api)
    assert view["activeIncidents"] == [] and view["status"] == "operational"
    (past,) = view["history"]
    assert past["id"] == incident["id"] and past["resolvedAt"] is not None
    assert past["timeline"][0] == {**past["timeline"][0], "statusChange": "resolved", "body": None}


def test_history_keeps_90_days_by_the_server_clock(api, store, ada):
    incident = store.create_incident(ada, title="Old one", severity="low", owner_id=BOB, component_ids=[WEB_COMPONENT])
    for status in ("identified", "monitoring", "resolved"):
        store.update_incident_status(ada, incident.id, status)
    store.set_clock(advance=90 * DAY)
    assert [i["title"] for i in page_json(api)["history"]] == ["Old one"]
    store.set_clock(advance=1)
    assert page_json(api)["history"] == []
    assert "Old one" not in api.get("/status/acme", key=None).text


def test_html_escapes_incident_text(api):
    api.new_incident(severity="low", componentIds=[API_COMPONENT], title="<script>alert(1)</script>")
    text = api.get("/status/acme", key=None).text
    assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text


def test_unpublished_and_unknown_pages_are_404(api):
    assert_error(api.get("/status/nope.json", key=None), 404, "invalid_request_error", "not_found")
    assert api.patch("/_mock/status-pages/acme", json={"published": False}).status == 200
    assert_error(api.get("/status/acme.json", key=None), 404, "invalid_request_error", "not_found")
    html = api.get("/status/acme", key=None)
    assert html.status == 404 and html.headers["Content-Type"].startswith("text/html")
    assert "Status page not found" in html.text and html.headers["X-Request-Id"] in html.text


def test_control_plane_manages_pages_and_overrides(api):
    created = api.post("/_mock/status-pages", json={
        "orgId": "org_acme", "slug": "internal", "name": "Internal", "componentIds": ["Database", API_COMPONENT]})
    assert created.status == 201, created.text
    assert created.data["componentIds"] == [DATABASE_COMPONENT, API_COMPONENT] and created.data["published"] is True
    assert [p["slug"] for p in api.get("/_mock/status-pages").data] == ["acme", "internal"]
    assert page_json(api, "internal")["page"] == {"slug": "internal", "name": "Internal"}
    set_reply = api.put("/_mock/status-pages/internal/overrides", json={"componentId": "Database", "status": "maintenance"})
    assert set_reply.data["overrides"] == {DATABASE_COMPONENT: "maintenance"}
    assert statuses(page_json(api, "internal"))["Database"] == "maintenance"
    cleared = api.delete(f"/_mock/status-pages/internal/overrides/{DATABASE_COMPONENT}")
    assert cleared.status == 200 and cleared.data["overrides"] == {}
    api.put("/_mock/status-pages/internal/overrides", json={"componentId": "API", "status": "degraded"})
    api.put("/_mock/status-pages/internal/overrides", json={"componentId": "API", "status": None})
    assert statuses(page_json(api, "internal"))["API"] == "operational"
    renamed = api.patch("/_mock/status-pages/internal", json={"slug": "ops", "componentIds": ["API"], "name": "Ops"})
    assert renamed.data["slug"] == "ops" and renamed.data["componentIds"] == [API_COMPONENT]
    assert api.get("/_mock/status-pages/ops").data["name"] == "Ops"


def test_control_plane_errors(api):
    body = {"orgId": "org_acme", "slug": "acme", "name": "Again"}
    assert_error(api.post("/_mock/status-pages", json=body), 409, "invalid_request_error", "name_conflict")
    assert_error(api.post("/_mock/status-pages", json={**body, "slug": "Bad Slug!"}), 422, "validation_error", "invalid_body")
    assert_error(api.post("/_mock/status-pages", json={**body, "slug": "x", "componentIds": ["Nope"]}),
                 400, "invalid_request_error", "invalid_component_id")
    assert_error(api.post("/_mock/status-pages", json={**body, "slug": "x", "componentIds": ["API", "API"]}),
                 400, "invalid_request_error", "duplicate_component_id")
    assert_error(api.post("/_mock/status-pages", json={**body, "slug": "x", "orgId": "org_nope"}),
                 404, "invalid_request_error", "not_found")
    assert_error(api.post("/_mock/status-pages", json={**body, "slug": "x", "extra": 1}), 422, "validation_error", "invalid_body")
    assert_error(api.put("/_mock/status-pages/acme/overrides", json={"componentId": "Database", "status": "degraded"}),
                 400, "invalid_request_error", "invalid_component_id")
    assert_error(api.put("/_mock/status-pages/acme/overrides", json={"componentId": "API", "status": "on_fire"}),
                 422, "validation_error", "invalid_body")
    assert_error(api.get("/_mock/status-pages/nope"), 404, "invalid_request_error", "not_found")


def test_seed_overrides_and_state_round_trip(store):
    seed = {"organizations": [{
        "id": "org_s", "name": "S", "components": [{"name": "Edge", "groupLabel": "Net"}],
        "statusPages": [{"slug": "s", "name": "S status", "components": ["Edge"], "overrides": {"Edge": "degraded"}}],
    }]}
    from mockscaling import Store

    seeded = Store(seed=seed)
    assert seeded.status_page_view("s")["status"] == "degraded"
    copy = Store(seed=None)
    copy.load_state(seeded.dump_state())
    assert copy.status_page_view("s")["components"][0]["status"] == "degraded"
