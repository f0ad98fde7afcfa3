"""Components as Scaling's client sees them (§6.2): cursor pages, operationalStatus and maintenance windows."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import Store

from .support import API_COMPONENT, DATABASE_COMPONENT, GLOBEX_KEY, WEB_COMPONENT, assert_error

SEEDED = [WEB_COMPONENT, DATABASE_COMPONENT, API_COMPONENT]  # newest first


def all_pages(api, limit, key=None):
    """Walk GET /components page by page like the client's ListComponents; returns ids and page sizes."""
    ids, sizes, cursor = [], [], None
    while True:
        params = {"limit": limit} | ({"cursor": cursor} if cursor else {})
        reply = api.get("/components", params=params, **({"key": key} if key else {}))
        assert reply.status == 200, reply.text
        page = reply.data["components"]
        ids += [c["id"] for c in page]
        sizes.append(len(page))
        cursor = reply.data["nextCursor"]
        if cursor is None:
            return ids, sizes


def test_pages_walk_every_component_once(api):
    created = [api.post("/components", json={"name": f"C{i}"}).data["id"] for i in range(5)]
    ids, sizes = all_pages(api, 3)
    assert ids == created[::-1] + SEEDED and sizes == [3, 3, 2]
    assert all_pages(api, 8) == (created[::-1] + SEEDED, [8])


def test_default_limit_is_20(api):
    for i in range(20):
        api.post("/components", json={"name": f"C{i}"})
    first = api.get("/components").data
    assert len(first["components"]) == 20 and first["nextCursor"]
    assert len(api.get("/components", params={"cursor": first["nextCursor"]}).data["components"]) == 3


def test_paging_is_stable_while_components_are_created_and_deleted(api):
    first = api.get("/components", params={"limit": 1}).data
    assert [c["id"] for c in first["components"]] == [WEB_COMPONENT]
    api.post("/components", json={"name": "Newer"})  # lands before the cursor: not on the later pages
    api.delete(f"/components/{WEB_COMPONENT}")  # the cursor's own row may go
    rest = api.get("/components", params={"limit": 5, "cursor": first["nextCursor"]}).data
    assert [c["id"] for c in rest["components"]] == [DATABASE_COMPONENT, API_COMPONENT] and rest["nextCursor"] is None


@pytest.mark.parametrize("params", [
    {"limit": 0}, {"limit": 101}, {"limit": "ten"}, {"cursor": "!!"}, {"cursor": base64.urlsafe_b64encode(b'{"before": 3}').decode()},
    {"cursor": base64.urlsafe_b64encode(b"[]").decode()}, {"cursor": ""}, {"unknown": "1"},
])
def test_bad_queries_are_422_invalid_query(api, params):
    assert_error(api.get("/components", params=params), 422, "validation_error", "invalid_query")


def test_limit_bounds(api):
    assert len(api.get("/components", params={"limit": 1}).data["components"]) == 1
    assert len(api.get("/components", params={"limit": 100}).data["components"]) == 3


def test_another_organizations_components_never_show(api):
    api.post("/components", json={"name": "Globex thing"}, key=GLOBEX_KEY)
    assert all_pages(api, 1)[0] == SEEDED
    assert len(all_pages(api, 1, key=GLOBEX_KEY)[0]) == 1


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(["create", "delete"]), max_size=12), st.integers(1, 4))
def test_pages_partition_the_list_newest_first(ops, limit):
    """Property: for any history of creates and deletes, the pages are disjoint and concatenate to the list."""
    store = Store()
    ada = store.authenticate("Bearer scl_live_" + "a" * 32)
    created: list[str] = []  # only these are deleted (the seeded "API" carries an inbound integration)
    for number, op in enumerate(ops):
        if op == "create":
            created.append(store.create_component(ada, name=f"N{number}").id)
        elif created:
            store.delete_component(ada, created.pop(number % len(created)))
    alive = list(SEEDED[::-1]) + created
    seen, cursor = [], None
    while True:
        rows, cursor = store.list_components(ada, limit=limit, cursor=cursor)
        assert len(rows) <= limit
        seen += [component.id for component, _ in rows]
        if cursor is None:
            break
    assert seen == alive[::-1]


# ---- operationalStatus --------------------------------------------------------------------------
def status(api, component_id=API_COMPONENT):
    return api.get(f"/components/{component_id}").data["operationalStatus"]


@pytest.mark.parametrize(("severities", "expected"), [
    ([], "operational"), (["low"], "degraded"), (["medium"], "degraded"), (["high"], "partial_outage"),
    (["critical"], "major_outage"), (["low", "critical", "high"], "major_outage"), (["medium", "high"], "partial_outage"),
])
def test_worst_open_incident_decides(api, severities, expected):
    for severity in severities:
        api.new_incident(severity=severity, componentIds=[API_COMPONENT])
    assert status(api) == expected
    assert status(api, DATABASE_COMPONENT) == "operational"
    listed = {c["id"]: c["operationalStatus"] for c in api.get("/components").data["components"]}
    assert listed[API_COMPONENT] == expected


def test_resolved_incidents_no_longer_count(api):
    incident = api.new_incident(severity="critical", componentIds=[API_COMPONENT])
    for next_status in ("identified", "monitoring", "resolved"):
        api.patch(f"/incidents/{incident['id']}/status", json={"status": next_status})
    assert status(api) == "operational"


def test_priority_maintenance_then_manual_then_incidents(api, store):
    api.new_incident(severity="critical", componentIds=[API_COMPONENT])
    assert api.put(f"/_mock/components/{API_COMPONENT}/status", json={"status": "degraded"}).status == 200
    assert status(api) == "degraded"  # manual status beats incidents
    reply = api.put(f"/_mock/components/{API_COMPONENT}/maintenance", json={"endsAt": "2026-04-07T11:00:00Z"})
    assert reply.status == 200 and reply.data["operationalStatus"] == "maintenance"
    component = api.get(f"/components/{API_COMPONENT}").data
    assert component["maintenanceWindow"] == {"startedAt": "2026-04-07T10:00:00.000Z", "endsAt": "2026-04-07T11:00:00.000Z"}
    store.set_clock(advance=3600)  # the window ends: back to the manual status, window no longer shown
    component = api.get(f"/components/{API_COMPONENT}").data
    assert (component["operationalStatus"], component["maintenanceWindow"]) == ("degraded", None)
    assert api.put(f"/_mock/components/{API_COMPONENT}/status", json={"status": None}).status == 200
    assert status(api) == "major_outage"


def test_future_and_open_ended_windows(api, store):
    later = store.now().replace(hour=12)
    store.set_maintenance_window(API_COMPONENT, started_at=later)
    assert (status(api), api.get(f"/components/{API_COMPONENT}").data["maintenanceWindow"]) == ("operational", None)
    store.set_clock(advance=2 * 3600)
    assert api.get(f"/components/{API_COMPONENT}").data["maintenanceWindow"] == {"startedAt": "2026-04-07T12:00:00.000Z", "endsAt": None}
    store.set_clock(advance=365 * 86400)
    assert status(api) == "maintenance"  # open-ended
    store.clear_maintenance_window(API_COMPONENT)
    assert status(api) == "operational"


def test_status_page_uses_the_same_derivation(api, store):
    store.set_maintenance_window(API_COMPONENT)
    store.set_component_status(WEB_COMPONENT, "partial_outage")
    page = api.get("/status/acme.json").body
    shown = {c["id"]: c["status"] for c in page["components"]}
    assert shown == {API_COMPONENT: "maintenance", WEB_COMPONENT: "partial_outage"}
    store.set_component_override("acme", API_COMPONENT, "degraded")  # the page's own override still wins
    assert {c["id"]: c["status"] for c in api.get("/status/acme.json").body["components"]}[API_COMPONENT] == "degraded"


def test_control_plane_errors(api):
    assert_error(api.put(f"/_mock/components/{API_COMPONENT}/status", json={"status": "broken"}), 422, "validation_error", "invalid_body")
    assert_error(api.put(f"/_mock/components/{API_COMPONENT}/status", json={}), 422, "validation_error", "invalid_body")
    missing = "00000000-0000-4000-8000-000000000000"
    assert_error(api.put(f"/_mock/components/{missing}/status", json={"status": None}), 404, "invalid_request_error", "not_found")
    assert_error(api.delete(f"/_mock/components/{missing}/maintenance"), 404, "invalid_request_error", "not_found")
    body = {"startedAt": "2026-04-07T12:00:00Z", "endsAt": "2026-04-07T11:00:00Z"}
    assert_error(api.put(f"/_mock/components/{API_COMPONENT}/maintenance", json=body), 422, "validation_error", "invalid_body")
    assert_error(api.put(f"/_mock/components/{API_COMPONENT}/maintenance", json={"endsAt": "soon"}), 422, "validation_error", "invalid_body")


def test_manual_status_and_window_survive_a_state_round_trip(store):
    store.set_component_status(API_COMPONENT, "degraded")
    store.set_maintenance_window(DATABASE_COMPONENT)
    other = Store(seed=None)
    other.load_state(store.dump_state())
    assert other.components[API_COMPONENT].manual_status == "degraded"
    assert other.components[DATABASE_COMPONENT].maintenance_window == store.components[DATABASE_COMPONENT].maintenance_window
