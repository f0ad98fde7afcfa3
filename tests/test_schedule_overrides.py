"""The schedule-wide override (chosen shape and paths; the displacement of the owner-bearing layer is documented):
created, listed, displacing, ending, across DST changes, and visible in resolve, incident owners and paging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import Store, create_app, get_store
from mockscaling.domain.timefmt import format_time
from mockscaling.store import StateError

from .support import ADA, BOB, CY, DEFAULT_POLICY, GIL, PRIMARY_SCHEDULE, FlaskApiClient, assert_error
from .test_schedules_api import LAYER, MISSING, new_layer, new_schedule

WINDOW = (400, "invalid_request_error", "invalid_override_window")


def overrides_of(schedule_id: str) -> str:
    return f"/oncall/schedules/{schedule_id}/overrides"


def add_override(api, schedule_id: str, user_id: str, starts_at: str, ends_at: str):
    return api.post(overrides_of(schedule_id), json={"userId": user_id, "startsAt": starts_at, "endsAt": ends_at})


def owner_at(api, schedule_id: str, at: str) -> dict:
    reply = api.get(f"/oncall/schedules/{schedule_id}/resolve", params={"at": at})
    assert reply.status == 200, reply.text
    return reply.data


def test_created_listed_and_ended(api):
    schedule = new_schedule(api, name="Overridden")
    new_layer(api, schedule["id"])
    created = add_override(api, schedule["id"], CY, "2026-04-01T00:00:00Z", "2026-04-02T00:00:00Z")
    assert created.status == 201, created.text
    body = created.data
    assert body["userId"] == CY and body["scheduleId"] == schedule["id"]
    assert (body["startsAt"], body["endsAt"]) == ("2026-04-01T00:00:00.000Z", "2026-04-02T00:00:00.000Z")
    earlier = add_override(api, schedule["id"], ADA, "2026-03-30T00:00:00Z", "2026-04-01T00:00:00Z").data  # touching is fine
    listed = api.get(overrides_of(schedule["id"])).data
    assert [item["id"] for item in listed] == [earlier["id"], body["id"]]  # by start
    assert api.delete(f"{overrides_of(schedule['id'])}/{body['id']}").status == 204
    assert [item["id"] for item in api.get(overrides_of(schedule["id"])).data] == [earlier["id"]]
    assert_error(api.delete(f"{overrides_of(schedule['id'])}/{body['id']}"), 404, "invalid_request_error", "not_found")


def test_it_displaces_the_owner_bearing_layer_only_while_active(api):
    schedule = new_schedule(api, name="Two layers", timezone="UTC")
    new_layer(api, schedule["id"], name="Primary", participantIds=[ADA])
    second = new_layer(api, schedule["id"], name="Secondary", participantIds=[BOB])
    override = add_override(api, schedule["id"], CY, "2026-04-10T12:00:00Z", "2026-04-10T18:00:00Z").data
    before = owner_at(api, schedule["id"], "2026-04-10T11:59:59.999Z")
    during = owner_at(api, schedule["id"], "2026-04-10T12:00:00.000Z")
    last = owner_at(api, schedule["id"], "2026-04-10T17:59:59.999Z")
    after = owner_at(api, schedule["id"], "2026-04-10T18:00:00.000Z")
    for body in (before, after):
        assert (body["ownerId"], body["pagingTargets"], body["overrideId"]) == (ADA, [ADA, BOB], None)
    for body in (during, last):
        assert (body["ownerId"], body["pagingTargets"], body["overrideId"]) == (CY, [CY, BOB], override["id"])
        assert [layer["onCallUserId"] for layer in body["layers"]] == [CY, BOB]  # layer 1 keeps its person
    assert during["layers"][1]["layerId"] == second["id"]


def test_the_override_follows_a_reorder_to_the_new_owner_bearing_layer(api):
    schedule = new_schedule(api, name="Reordered", timezone="UTC")
    first = new_layer(api, schedule["id"], name="A", participantIds=[ADA])
    second = new_layer(api, schedule["id"], name="B", participantIds=[BOB])
    add_override(api, schedule["id"], CY, "2026-04-10T00:00:00Z", "2026-04-11T00:00:00Z")
    assert api.put(f"/oncall/schedules/{schedule['id']}/layers/order", json={"layerIds": [second["id"], first["id"]]}).status == 200
    body = owner_at(api, schedule["id"], "2026-04-10T06:00:00Z")
    assert body["pagingTargets"] == [CY, ADA] and body["layers"][0]["layerId"] == second["id"]


def test_a_schedule_without_layers_gets_the_override_user(api):
    schedule = new_schedule(api, name="Empty")
    add_override(api, schedule["id"], BOB, "2026-04-10T00:00:00Z", "2026-04-11T00:00:00Z")
    body = owner_at(api, schedule["id"], "2026-04-10T06:00:00Z")
    assert (body["ownerId"], body["pagingTargets"], body["layers"]) == (BOB, [BOB], [])
    assert owner_at(api, schedule["id"], "2026-04-11T00:00:00Z")["ownerId"] is None


@pytest.mark.parametrize(("starts", "ends", "inside", "outside"), [
    # Spring forward in Berlin (2026-03-29, 02:00 -> 03:00 local): the window is given in local offsets.
    ("2026-03-29T01:30:00+01:00", "2026-03-29T03:30:00+02:00",
     ["2026-03-29T00:30:00Z", "2026-03-29T01:00:00Z", "2026-03-29T01:29:59.999Z"],
     ["2026-03-29T00:29:59.999Z", "2026-03-29T01:30:00Z"]),
    # Fall back (2026-10-25, 03:00 -> 02:00 local): from the first 02:30 to the second one, one hour.
    ("2026-10-25T02:30:00+02:00", "2026-10-25T02:30:00+01:00",
     ["2026-10-25T00:30:00Z", "2026-10-25T01:29:59.999Z"],
     ["2026-10-25T00:29:59.999Z", "2026-10-25T01:30:00Z"]),
])
def test_across_dst_changes(api, starts, ends, inside, outside):
    schedule = new_schedule(api, name="Berlin nights")
    new_layer(api, schedule["id"], handoffTime="02:30")  # a hand-off inside the gap / the repeated hour
    twin = new_schedule(api, name="Berlin nights twin")
    new_layer(api, twin["id"], handoffTime="02:30")
    assert add_override(api, schedule["id"], CY, starts, ends).status == 201
    for at in inside:
        assert owner_at(api, schedule["id"], at)["ownerId"] == CY, at
    for at in outside:  # outside the window the rotation (with its own DST rule) decides, as in the twin
        assert owner_at(api, schedule["id"], at)["ownerId"] == owner_at(api, twin["id"], at)["ownerId"], at


@pytest.mark.parametrize(("starts", "ends"), [
    ("2026-04-10T00:00:00Z", "2026-04-10T00:00:00Z"),  # empty
    ("2026-04-10T00:00:00Z", "2026-04-09T00:00:00Z"),  # backwards
    ("2026-04-10T23:00:00Z", "2026-04-11T01:00:00Z"),  # overlaps the end of the existing one
    ("2026-04-09T23:00:00Z", "2026-04-10T01:00:00Z"),  # overlaps its start
    ("2026-04-10T06:00:00Z", "2026-04-10T07:00:00Z"),  # inside it
    ("2026-04-09T00:00:00Z", "2026-04-12T00:00:00Z"),  # around it
])
def test_invalid_windows_are_refused_and_change_nothing(api, starts, ends):
    schedule = new_schedule(api, name="Windows")
    assert add_override(api, schedule["id"], ADA, "2026-04-10T00:00:00Z", "2026-04-11T00:00:00Z").status == 201
    assert_error(add_override(api, schedule["id"], BOB, starts, ends), *WINDOW)
    assert len(api.get(overrides_of(schedule["id"])).data) == 1


def test_other_errors(api):
    schedule = new_schedule(api, name="Errors")
    assert_error(add_override(api, schedule["id"], GIL, "2026-04-10T00:00:00Z", "2026-04-11T00:00:00Z"),
                 400, "invalid_request_error", "invalid_participant")  # another organization's user
    assert_error(add_override(api, MISSING, ADA, "2026-04-10T00:00:00Z", "2026-04-11T00:00:00Z"),
                 404, "invalid_request_error", "not_found")
    assert_error(api.post(overrides_of(schedule["id"]), json={"userId": ADA}), 422, "validation_error", "invalid_body")
    assert_error(add_override(api, schedule["id"], ADA, "yesterday", "2026-04-11T00:00:00Z"), 422, "validation_error", "invalid_body")
    assert_error(api.get(overrides_of("not-a-uuid")), 422, "validation_error", "invalid_path")
    assert not api.get(overrides_of(schedule["id"])).data


def test_incident_owner_and_pages_follow_the_override_on_the_fake_clock(app, store):
    api = FlaskApiClient(app)
    now = store.now()
    override = add_override(api, PRIMARY_SCHEDULE, ADA, format_time(now + timedelta(hours=1)), format_time(now + timedelta(hours=3)))
    assert override.status == 201, override.text
    before = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)
    assert before["ownerId"] != ADA  # not active yet: the weekly rotation's person
    store.set_clock(advance=3600)  # the override starts
    during = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)
    assert during["ownerId"] == ADA and during["escalationPolicyId"] == DEFAULT_POLICY
    first_pages = [page.user_id for page in store.pages if page.incident_id == during["id"]]
    assert first_pages == [ADA]  # layer 1 of the policy targets the schedule: its person is the override's
    store.set_clock(advance=2 * 3600)  # the override ends on the clock
    after = api.new_incident(ownerScheduleId=PRIMARY_SCHEDULE)
    assert after["ownerId"] == before["ownerId"]
    assert api.get(f"/oncall/schedules/{PRIMARY_SCHEDULE}/resolve").data["overrideId"] is None


def test_removing_a_member_deletes_their_overrides_and_state_round_trips(app, store):
    api = FlaskApiClient(app)
    assert add_override(api, PRIMARY_SCHEDULE, CY, "2026-05-01T00:00:00Z", "2026-05-02T00:00:00Z").status == 201
    kept = add_override(api, PRIMARY_SCHEDULE, ADA, "2026-05-03T00:00:00Z", "2026-05-04T00:00:00Z").data
    copy = Store()
    copy.load_state(store.dump_state())
    assert [item.id for item in copy.schedules[PRIMARY_SCHEDULE].overrides] == [
        item.id for item in store.schedules[PRIMARY_SCHEDULE].overrides]
    assert api.delete(f"/team/members/{CY}").status == 204
    assert [item["id"] for item in api.get(overrides_of(PRIMARY_SCHEDULE)).data] == [kept["id"]]


def test_a_state_with_overlapping_overrides_is_refused(store):
    document = store.dump_state()
    schedule = next(item for item in document["schedules"] if item["id"] == PRIMARY_SCHEDULE)
    row = {"id": "016f5e66-e800-7100-8000-0000000000f1", "schedule_id": PRIMARY_SCHEDULE, "user_id": ADA,
           "starts_at": "2026-05-01T00:00:00.000Z", "ends_at": "2026-05-03T00:00:00.000Z", "created_by": ADA,
           "created_at": "2026-04-01T00:00:00.000Z"}
    schedule["overrides"] = [row]
    Store().load_state(document)  # one override loads
    schedule["overrides"] = [row, {**row, "id": "016f5e66-e800-7100-8000-0000000000f2", "starts_at": "2026-05-02T00:00:00.000Z"}]
    with pytest.raises(StateError, match="schedule override"):
        Store().load_state(document)


def test_documented_only_mode_does_not_serve_overrides():
    api = FlaskApiClient(create_app(documented_only=True))
    assert_error(api.get(overrides_of(PRIMARY_SCHEDULE)), 404, "invalid_request_error", "not_found")


INSTANTS = st.datetimes(min_value=datetime(2026, 3, 20), max_value=datetime(2026, 11, 5)).map(lambda d: d.replace(tzinfo=UTC))


@settings(max_examples=60, deadline=None)
@given(start=INSTANTS, hours=st.integers(min_value=1, max_value=72), probes=st.lists(INSTANTS, min_size=1, max_size=8))
def test_property_owner_is_the_override_user_exactly_inside_the_window(start, hours, probes):
    """For any window and instant: the override's user inside [start, end), the rotation's person outside
    (a twin schedule without the override says who that is), across both Berlin DST changes."""
    store = get_store(_APP)
    store.reset()
    admin = store.authenticate("Bearer scl_live_" + "a" * 32)
    schedules = []
    for name in ("with", "twin"):
        schedule = store.create_schedule(admin, name=name, timezone="Europe/Berlin")
        store.create_rotation_layer(admin, schedule.id, name="L", rotation_type="daily", rotation_length_days=1,
                                    handoff_time=LAYER_TIME, effective_from=datetime(2026, 3, 1, tzinfo=UTC),
                                    participant_ids=[BOB, CY])
        schedules.append(schedule)
    end = start + timedelta(hours=hours)
    store.create_schedule_override(admin, schedules[0].id, user_id=ADA, starts_at=start, ends_at=end)
    for at in [*probes, start, end, start - timedelta(milliseconds=1), end - timedelta(milliseconds=1)]:
        got = store.resolve_schedule(admin, schedules[0].id, at)
        twin = store.resolve_schedule(admin, schedules[1].id, at)
        expected = ADA if start <= at < end else twin["ownerId"]
        assert got["ownerId"] == expected, (at, start, end)
        assert got["pagingTargets"] == [expected]


_APP = create_app()
LAYER_TIME = datetime.strptime("02:30", "%H:%M").time()
