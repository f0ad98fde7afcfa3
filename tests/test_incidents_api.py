"""The incident endpoints of contract §2 end to end, on both transports: create, read, list, tenancy, /api."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from .support import (
    ADA,
    API_COMPONENT,
    BOB,
    CY,
    DEFAULT_POLICY,
    GIL,
    GLOBEX_KEY,
    MEMBER_KEY,
    PRIMARY_SCHEDULE,
    STATUSES,
    WEB_COMPONENT,
    assert_error,
)

WIRE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
INCIDENT_FIELDS = [
    "id", "orgId", "sequentialId", "title", "description", "severity", "status", "ownerId", "escalationPolicyId",
    "affectedComponents", "acknowledgedAt", "acknowledgedBy", "createdBy", "createdAt", "updatedAt",
]
NOW = "2026-04-07T10:00:00.000Z"


def on_call_at(at: datetime) -> str:
    """The seeded weekly rotation worked out by hand: Bob from Monday 2020-01-06 09:00 Berlin, then Cy, alternating."""
    local = at.astimezone(ZoneInfo("Europe/Berlin")).replace(tzinfo=None)
    weeks = (local - datetime(2020, 1, 6, 9, 0)) // timedelta(days=7)
    return [BOB, CY][weeks % 2]


def walk(api, incident_id: str, upto: str) -> None:
    for status in STATUSES[1 : STATUSES.index(upto) + 1]:
        assert api.move(incident_id, status).status == 200


def event_types(detail: dict) -> list[str]:
    return [event["type"] for event in detail["events"]]


# ---- create ----------------------------------------------------------------------------------------
def test_create_fills_the_defaults(api):
    reply = api.create_incident(title="Checkout is down", severity="high", ownerId=BOB)
    assert reply.status == 201
    incident = reply.data
    assert list(incident) == INCIDENT_FIELDS
    uuid.UUID(incident["id"])
    assert incident | {"id": None} == {
        "id": None, "orgId": "org_acme", "sequentialId": 1, "title": "Checkout is down", "description": None,
        "severity": "high", "status": "investigating", "ownerId": BOB, "escalationPolicyId": None,
        "affectedComponents": [], "acknowledgedAt": None, "acknowledgedBy": None, "createdBy": ADA,
        "createdAt": NOW, "updatedAt": NOW,
    }
    uuid.UUID(reply.headers["X-Request-Id"])


def test_create_records_the_creator_and_components(api):
    incident = api.new_incident(key=MEMBER_KEY, componentIds=[WEB_COMPONENT, API_COMPONENT], description="")
    assert incident["createdBy"] == BOB
    assert incident["description"] == ""
    assert incident["affectedComponents"] == [{"id": WEB_COMPONENT, "name": "Web app"}, {"id": API_COMPONENT, "name": "API"}]


def test_sequential_ids_count_per_organization(api):
    assert [api.new_incident()["sequentialId"] for _ in range(3)] == [1, 2, 3]
    globex = api.create_incident(key=GLOBEX_KEY, ownerId=GIL)
    assert globex.status == 201 and globex.data["sequentialId"] == 1
    assert api.new_incident()["sequentialId"] == 4


def test_the_hand_computed_rotation_agrees_with_itself():
    """Sanity of the test's own oracle: the seed's first week is Bob's, the second Cy's."""
    assert on_call_at(datetime(2020, 1, 6, 8, 0, tzinfo=UTC)) == BOB
    assert on_call_at(datetime(2020, 1, 13, 8, 0, tzinfo=UTC)) == CY
    assert on_call_at(datetime(2020, 1, 13, 7, 59, tzinfo=UTC)) == BOB


def test_owner_from_schedule_pages_the_seeded_policy(api):
    expected = on_call_at(datetime(2026, 4, 7, 10, 0, tzinfo=UTC))
    incident = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)
    assert incident["ownerId"] == expected
    assert incident["escalationPolicyId"] == DEFAULT_POLICY
    detail = api.detail(incident["id"])
    assert event_types(detail) == ["incident_created", "incident_paged"]
    paged = detail["events"][1]
    assert paged["data"] == {"layerPosition": 1, "targetUserIds": [expected]}
    assert paged["occurredAt"] == NOW and paged["actorId"] is None


@pytest.mark.parametrize(
    "at",
    [
        datetime(2026, 4, 13, 6, 59, 59, 999000, tzinfo=UTC),  # Monday 08:59:59.999 Berlin (summer time)
        datetime(2026, 4, 13, 7, 0, tzinfo=UTC),  # Monday 09:00 Berlin: hand-off
        datetime(2026, 1, 12, 7, 59, tzinfo=UTC),  # Monday 08:59 Berlin (winter time)
        datetime(2026, 1, 12, 8, 0, tzinfo=UTC),  # Monday 09:00 Berlin: hand-off
        datetime(2026, 3, 30, 7, 0, tzinfo=UTC),  # first Monday after the switch to summer time
    ],
    ids=lambda at: at.isoformat(),
)
def test_owner_from_schedule_around_hand_offs(api, store, at):
    store.set_clock(freeze=at)
    assert api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)["ownerId"] == on_call_at(at)


def test_hand_off_flips_the_owner(api, store):
    store.set_clock(freeze=datetime(2026, 4, 13, 6, 59, tzinfo=UTC))
    before = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)["ownerId"]
    store.set_clock(advance=60)
    after = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)["ownerId"]
    assert {before, after} == {BOB, CY}


def test_nobody_on_call_leaves_the_owner_null(api, store):
    store.set_clock(freeze=datetime(2019, 12, 1, tzinfo=UTC))  # before the layer starts
    incident = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)
    assert incident["ownerId"] is None and incident["escalationPolicyId"] == DEFAULT_POLICY


def test_owner_id_wins_over_the_schedule_which_still_attaches_its_policy(api):
    incident = api.new_incident(ownerId=ADA, ownerScheduleId=PRIMARY_SCHEDULE)
    assert incident["ownerId"] == ADA and incident["escalationPolicyId"] == DEFAULT_POLICY


def test_explicit_policy_is_attached_and_paged(api):
    incident = api.new_incident(escalationPolicyId=DEFAULT_POLICY)
    assert incident["escalationPolicyId"] == DEFAULT_POLICY
    assert event_types(api.detail(incident["id"])) == ["incident_created", "incident_paged"]


def test_no_policy_no_page(api):
    assert event_types(api.detail(api.new_incident()["id"])) == ["incident_created"]


def test_acknowledge_cancels_the_escalation(api, store):
    incident = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)
    store.set_clock(advance=60)
    assert api.post(f"/incidents/{incident['id']}/acknowledge").status == 200
    store.set_clock(advance=3600)
    assert event_types(api.detail(incident["id"])) == ["incident_created", "incident_paged", "incident_acknowledged"]


# ---- read --------------------------------------------------------------------------------------------
def test_detail_has_history_and_events(api, store):
    incident = api.new_incident()
    store.set_clock(advance=90)
    api.move(incident["id"], "identified", resolutionNote="found it")
    detail = api.detail(incident["id"])
    assert list(detail) == INCIDENT_FIELDS + ["statusHistory", "events"]
    history = detail["statusHistory"]
    assert [(h["status"], h["changedAt"], h["resolutionNote"]) for h in history] == [
        ("investigating", NOW, None), ("identified", "2026-04-07T10:01:30.000Z", "found it")]
    assert all(h["id"].startswith("sh_") for h in history) and len({h["id"] for h in history}) == 2
    assert event_types(detail) == ["incident_created", "status_changed", "update_posted"]
    for event in detail["events"]:
        assert set(event) == {"id", "type", "actorId", "occurredAt", "data"}
        assert event["actorId"] == ADA and WIRE_TIME.match(event["occurredAt"])
        uuid.UUID(event["id"])


def test_list_is_newest_first_with_limit(api, store):
    created = []
    for _ in range(5):
        created.append(api.new_incident()["id"])
    reply = api.get("/incidents")
    assert [i["id"] for i in reply.data["incidents"]] == created[::-1]
    assert reply.data["nextCursor"] is None
    page = api.get("/incidents", params={"limit": 2}).data
    assert [i["id"] for i in page["incidents"]] == created[:-3:-1] and page["nextCursor"]
    assert "statusHistory" not in page["incidents"][0]


def test_list_default_limit_is_20(api):
    for _ in range(21):
        api.new_incident()
    data = api.get("/incidents").data
    assert len(data["incidents"]) == 20 and data["nextCursor"] is not None
    assert len(api.get("/incidents", params={"limit": 100}).data["incidents"]) == 21


def test_list_filters(api, store):
    store.set_clock(freeze=datetime(2026, 4, 1, 23, 59, 59, tzinfo=UTC))
    first = api.new_incident(severity="critical")
    store.set_clock(freeze=datetime(2026, 4, 2, 0, 0, tzinfo=UTC))
    second = api.new_incident(severity="low")
    walk(api, second["id"], "monitoring")
    store.set_clock(freeze=datetime(2026, 4, 3, 12, 0, tzinfo=UTC))
    third = api.new_incident(severity="critical")

    def ids(**params):
        reply = api.get("/incidents", params=params)
        assert reply.status == 200, reply.text
        return [i["id"] for i in reply.data["incidents"]]

    assert ids(severity="critical") == [third["id"], first["id"]]
    assert ids(status="monitoring") == [second["id"]]
    assert ids(status="resolved") == []
    assert ids(**{"from": "2026-04-02"}) == [third["id"], second["id"]]
    assert ids(to="2026-04-02") == [second["id"], first["id"]]
    assert ids(**{"from": "2026-04-02", "to": "2026-04-02"}) == [second["id"]]
    assert ids(**{"from": "2026-04-03", "severity": "critical", "status": "investigating"}) == [third["id"]]
    assert ids(**{"from": "2026-04-04"}) == []


def test_pagination_is_stable_while_incidents_are_created(api):
    older = [api.new_incident(title=f"old {n}")["id"] for n in range(7)]
    seen, cursor, newer = [], None, []
    while True:
        params = {"limit": 3} | ({"cursor": cursor} if cursor else {})
        page = api.get("/incidents", params=params).data
        seen.extend(i["id"] for i in page["incidents"])
        newer.append(api.new_incident(title="created between pages")["id"])
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == older[::-1]
    assert len(seen) == len(set(seen))
    assert not set(newer) & set(seen)


def test_pagination_with_filters_walks_every_match(api):
    made = [api.new_incident(severity=["low", "high"][n % 2])["id"] for n in range(9)]
    seen, cursor = [], None
    while True:
        params = {"limit": 2, "severity": "low"} | ({"cursor": cursor} if cursor else {})
        page = api.get("/incidents", params=params).data
        seen.extend(i["id"] for i in page["incidents"])
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert seen == made[::2][::-1]


def test_tenancy(api):
    incident = api.new_incident()
    assert_error(api.get(f"/incidents/{incident['id']}", key=GLOBEX_KEY), 404, "invalid_request_error", "not_found")
    assert_error(api.get(f"/incidents/{incident['id']}/updates", key=GLOBEX_KEY), 404, "invalid_request_error", "not_found")
    assert_error(api.post(f"/incidents/{incident['id']}/acknowledge", key=GLOBEX_KEY), 404, "invalid_request_error", "not_found")
    assert api.get("/incidents", key=GLOBEX_KEY).data == {"incidents": [], "nextCursor": None}
    assert api.detail(incident["id"])["status"] == "investigating"


# ---- the /api alias ------------------------------------------------------------------------------------
def _every_route(api, prefix: str) -> list[tuple[str, int]]:
    """Call one route of each family under `prefix`; (route, status) pairs."""
    out = []
    created = api.post(f"{prefix}/incidents", json={"title": "alias", "severity": "low", "ownerId": BOB,
                                                    "componentIds": [API_COMPONENT]})
    out.append(("create", created.status))
    iid = created.data["id"]
    out.append(("list", api.get(f"{prefix}/incidents").status))
    out.append(("get", api.get(f"{prefix}/incidents/{iid}").status))
    out.append(("status", api.patch(f"{prefix}/incidents/{iid}/status", json={"status": "identified"}).status))
    posted = api.post(f"{prefix}/incidents/{iid}/updates", json={"visibility": "public", "body": "hi"})
    out.append(("post update", posted.status))
    out.append(("list updates", api.get(f"{prefix}/incidents/{iid}/updates").status))
    out.append(("redact", api.post(f"{prefix}/incidents/{iid}/updates/{posted.data['id']}/redact").status))
    out.append(("ack", api.post(f"{prefix}/incidents/{iid}/acknowledge").status))
    out.append(("handoff", api.post(f"{prefix}/incidents/{iid}/handoff", json={"targetUserId": CY}).status))
    out.append(("set components", api.put(f"{prefix}/incidents/{iid}/components", json={"componentIds": []}).status))
    component = api.post(f"{prefix}/components", json={"name": f"c{prefix}"})
    out.append(("create component", component.status))
    cid = component.data["id"]
    out.append(("list components", api.get(f"{prefix}/components").status))
    out.append(("get component", api.get(f"{prefix}/components/{cid}").status))
    out.append(("patch component", api.patch(f"{prefix}/components/{cid}", json={"description": "d"}).status))
    out.append(("delete component", api.delete(f"{prefix}/components/{cid}").status))
    out.append(("schedules", api.get(f"{prefix}/oncall/schedules").status))
    out.append(("schedule", api.get(f"{prefix}/oncall/schedules/{PRIMARY_SCHEDULE}").status))
    out.append(("no auth", api.get(f"{prefix}/incidents", key=None).status))
    out.append(("unknown", api.get(f"{prefix}/incidents/{uuid.UUID(int=7)}").status))
    return out


def test_api_alias_answers_every_route_family(api):
    canonical = _every_route(api, "/v1")
    assert canonical == _every_route(api, "/api")
    assert [status for _, status in canonical] == [201, 200, 200, 200, 201, 200, 200, 200, 200, 200, 201, 200, 200, 200, 204,
                                                    200, 200, 401, 404]


def test_alias_and_canonical_share_data(api):
    incident = api.post("/api/incidents", json={"title": "via alias", "severity": "low", "ownerId": BOB}).data
    assert api.get(f"/v1/incidents/{incident['id']}").data["title"] == "via alias"
