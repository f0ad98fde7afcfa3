"""Incident actions of contract §2 on both transports: updates, redaction, acknowledge, handoff, components."""

from __future__ import annotations

import re
import uuid

from .support import ADA, API_COMPONENT, BOB, CY, DATABASE_COMPONENT, MEMBER_KEY, STATUSES, WEB_COMPONENT, assert_error

WIRE_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def walk(api, incident_id: str, upto: str) -> None:
    for status in STATUSES[1 : STATUSES.index(upto) + 1]:
        assert api.move(incident_id, status).status == 200


def event_types(detail: dict) -> list[str]:
    return [event["type"] for event in detail["events"]]


# ---- updates ---------------------------------------------------------------------------------------------
def test_updates_are_listed_oldest_first(api, store):
    incident = api.new_incident(componentIds=[API_COMPONENT])
    bodies = []
    for n, visibility in enumerate(["internal", "public", "internal"]):
        store.set_clock(advance=10)
        reply = api.post(f"/incidents/{incident['id']}/updates", json={"visibility": visibility, "body": f"u{n}"})
        assert reply.status == 201
        bodies.append((f"u{n}", visibility))
    store.set_clock(advance=10)
    api.move(incident["id"], "identified", resolutionNote="cause")
    updates = api.get(f"/incidents/{incident['id']}/updates").data["updates"]
    assert [(u["body"], u["visibility"]) for u in updates] == bodies + [("cause", "internal")]
    assert [u["postedAt"] for u in updates] == sorted(u["postedAt"] for u in updates)
    assert updates[-1]["statusChange"] == "identified"
    assert set(updates[0]) == {"id", "incidentId", "body", "statusChange", "visibility", "postedBy", "postedAt",
                               "redactedAt", "redactedBy"}
    assert updates[0]["postedBy"] == {"id": ADA, "name": "Ada Admin"}


def test_patch_status_posts_an_internal_update(api):
    incident = api.new_incident()
    api.move(incident["id"], "identified")
    (update,) = api.get(f"/incidents/{incident['id']}/updates").data["updates"]
    assert (update["visibility"], update["body"], update["statusChange"]) == ("internal", None, "identified")


def test_status_change_update_is_atomic_with_the_transition(api, store):
    incident = api.new_incident(componentIds=[WEB_COMPONENT])
    store.set_clock(advance=42)
    reply = api.post(f"/incidents/{incident['id']}/updates",
                     json={"visibility": "public", "body": "We found it", "statusChange": "identified"})
    assert reply.status == 201
    assert reply.data["statusChange"] == "identified" and reply.data["body"] == "We found it"
    detail = api.detail(incident["id"])
    assert detail["status"] == "identified"
    assert detail["statusHistory"][-1]["changedAt"] == reply.data["postedAt"] == detail["updatedAt"]
    assert event_types(detail)[-2:] == ["status_changed", "update_posted"]
    assert len(api.get(f"/incidents/{incident['id']}/updates").data["updates"]) == 1


def test_plain_update_touches_updated_at_but_not_status(api, store):
    incident = api.new_incident()
    store.set_clock(advance=5)
    api.post(f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": "note"})
    detail = api.detail(incident["id"])
    assert detail["status"] == "investigating" and detail["updatedAt"] == "2026-04-07T10:00:05.000Z"
    assert len(detail["statusHistory"]) == 1


def test_null_optional_fields_mean_not_given(api):
    incident = api.new_incident(ownerId=BOB, description=None, componentIds=None, escalationPolicyId=None, ownerScheduleId=None)
    assert incident["description"] is None and incident["affectedComponents"] == []
    reply = api.post(f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": "x", "statusChange": None})
    assert reply.status == 201 and reply.data["statusChange"] is None


# ---- redaction ------------------------------------------------------------------------------------------
def _bob_update(api):
    incident = api.new_incident()
    reply = api.post(f"/incidents/{incident['id']}/updates", json={"visibility": "internal", "body": "oops"}, key=MEMBER_KEY)
    assert reply.status == 201
    return incident["id"], reply.data


def test_author_may_redact_at_exactly_five_minutes(api, store):
    incident_id, update = _bob_update(api)
    store.set_clock(advance=300)
    reply = api.post(f"/incidents/{incident_id}/updates/{update['id']}/redact", key=MEMBER_KEY)
    assert reply.status == 200, reply.text
    assert reply.data == update | {"body": None, "redactedAt": "2026-04-07T10:05:00.000Z",
                                   "redactedBy": {"id": BOB, "name": "Bob Member"}}
    detail = api.detail(incident_id)
    assert detail["events"][-1]["type"] == "update_redacted" and detail["events"][-1]["data"] == {"updateId": update["id"]}
    assert api.get(f"/incidents/{incident_id}/updates").data["updates"][0]["body"] is None


def test_author_may_not_redact_after_five_minutes(api, store):
    incident_id, update = _bob_update(api)
    store.set_clock(advance=301)
    before = api.detail(incident_id)
    reply = api.post(f"/incidents/{incident_id}/updates/{update['id']}/redact", key=MEMBER_KEY)
    assert_error(reply, 403, "forbidden_error", "redaction_not_permitted")
    assert api.detail(incident_id) == before
    assert api.get(f"/incidents/{incident_id}/updates").data["updates"][0]["body"] == "oops"


def test_admin_may_redact_any_time_and_twice_is_unchanged(api, store):
    incident_id, update = _bob_update(api)
    store.set_clock(advance=86_400)
    first = api.post(f"/incidents/{incident_id}/updates/{update['id']}/redact")
    assert first.status == 200 and first.data["redactedBy"] == {"id": ADA, "name": "Ada Admin"}
    events = api.detail(incident_id)["events"]
    store.set_clock(advance=60)
    again = api.post(f"/incidents/{incident_id}/updates/{update['id']}/redact")
    assert again.status == 200 and again.data == first.data
    assert api.detail(incident_id)["events"] == events


def test_redaction_keeps_status_change_and_works_on_resolved(api):
    incident = api.new_incident()
    walk(api, incident["id"], "resolved")
    updates = api.get(f"/incidents/{incident['id']}/updates").data["updates"]
    reply = api.post(f"/incidents/{incident['id']}/updates/{updates[-1]['id']}/redact")
    assert reply.status == 200
    assert reply.data["statusChange"] == "resolved" and reply.data["postedAt"] == updates[-1]["postedAt"]


def test_redacting_through_another_incident_is_404(api):
    incident_id, update = _bob_update(api)
    other = api.new_incident()
    assert_error(api.post(f"/incidents/{other['id']}/updates/{update['id']}/redact"), 404, "invalid_request_error", "not_found")


# ---- acknowledge, handoff, components ------------------------------------------------------------------
def test_acknowledge_is_idempotent(api, store):
    incident = api.new_incident()
    store.set_clock(advance=30)
    first = api.post(f"/incidents/{incident['id']}/acknowledge", key=MEMBER_KEY)
    assert first.status == 200
    assert (first.data["acknowledgedAt"], first.data["acknowledgedBy"], first.data["status"]) == (
        "2026-04-07T10:00:30.000Z", BOB, "investigating")
    assert first.data["updatedAt"] == "2026-04-07T10:00:30.000Z"
    store.set_clock(advance=30)
    second = api.post(f"/incidents/{incident['id']}/acknowledge")
    assert second.status == 200 and second.data == first.data
    assert event_types(api.detail(incident["id"])).count("incident_acknowledged") == 1


def test_acknowledge_on_resolved_is_a_no_op(api, store):
    incident = api.new_incident()
    walk(api, incident["id"], "resolved")
    before = api.detail(incident["id"])
    store.set_clock(advance=30)
    reply = api.post(f"/incidents/{incident['id']}/acknowledge")
    assert reply.status == 200 and reply.data["acknowledgedAt"] is None
    assert api.detail(incident["id"]) == before


def test_handoff_changes_the_owner(api, store):
    incident = api.new_incident(ownerId=BOB)
    store.set_clock(advance=12)
    reply = api.post(f"/incidents/{incident['id']}/handoff", json={"targetUserId": CY})
    assert reply.status == 200
    assert reply.data["ownerId"] == CY and reply.data["updatedAt"] == "2026-04-07T10:00:12.000Z"
    event = api.detail(incident["id"])["events"][-1]
    assert (event["type"], event["data"], event["actorId"]) == (
        "incident_handed_off", {"previousOwnerId": BOB, "newOwnerId": CY}, ADA)


def test_put_components_replaces_and_clears(api, store):
    incident = api.new_incident(componentIds=[API_COMPONENT])
    store.set_clock(advance=1)
    reply = api.put(f"/incidents/{incident['id']}/components", json={"componentIds": [DATABASE_COMPONENT, WEB_COMPONENT]})
    assert reply.status == 200
    assert reply.data["affectedComponents"] == [{"id": DATABASE_COMPONENT, "name": "Database"}, {"id": WEB_COMPONENT, "name": "Web app"}]
    assert reply.data["updatedAt"] == "2026-04-07T10:00:01.000Z"
    cleared = api.put(f"/incidents/{incident['id']}/components", json={"componentIds": []})
    assert cleared.status == 200 and cleared.data["affectedComponents"] == []
    events = [e for e in api.detail(incident["id"])["events"] if e["type"] == "components_changed"]
    assert [e["data"]["componentIds"] for e in events] == [[DATABASE_COMPONENT, WEB_COMPONENT], []]


def test_resolution_note_is_stored_on_its_history_entry(api):
    incident = api.new_incident()
    walk(api, incident["id"], "monitoring")
    assert api.move(incident["id"], "resolved", resolutionNote="Rolled back the deploy").status == 200
    history = api.detail(incident["id"])["statusHistory"]
    assert [h["resolutionNote"] for h in history] == [None, None, None, "Rolled back the deploy"]


def test_success_responses_carry_a_fresh_request_id(api):
    ids = set()
    for reply in [api.get("/incidents"), api.create_incident(), api.get("/components"), api.post("/_mock/reset")]:
        assert reply.status in (200, 201)
        ids.add(str(uuid.UUID(reply.headers["X-Request-Id"])))
    assert len(ids) == 4


def test_timestamps_use_the_wire_format(api):
    incident = api.new_incident()
    api.post(f"/incidents/{incident['id']}/acknowledge")
    detail = api.detail(incident["id"])
    for value in [detail["createdAt"], detail["updatedAt"], detail["acknowledgedAt"], detail["statusHistory"][0]["changedAt"]]:
        assert WIRE_TIME.match(value), value
