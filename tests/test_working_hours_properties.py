"""Property tests of working hours and conditional escalation against an independent reference.

The reference never compares times of day: it expands every window into the set of (ISO weekday, minute)
pairs it covers, across midnight and Sunday→Monday, and looks the instant's local minute up in that set.
Instants are drawn around the 2026 DST changes of zones with 1-hour, 30-minute and southern-hemisphere
shifts, and window edges fall often in the 01:00-03:59 hours that DST skips or repeats.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import Store
from mockscaling.domain.models import WorkingHours, WorkingWindow
from mockscaling.domain.timefmt import format_time
from mockscaling.domain.workhours import is_working_time

ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata", "UTC"]
USERS = ["user_ada", "user_bob", "user_cy"]
# Spring and autumn 2026, covering every zone above's DST changes (Lord Howe and Santiago switch in April/September-October).
SPANS = [(datetime(2026, 3, 1, tzinfo=UTC), 45), (datetime(2026, 9, 1, tzinfo=UTC), 75)]

edge_times = st.one_of(
    st.builds(time, st.integers(1, 3), st.sampled_from([0, 15, 30, 45, 59])),
    st.builds(time, st.sampled_from([0, 23]), st.sampled_from([0, 30, 59])),
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),
)
windows = st.builds(
    WorkingWindow,
    days=st.lists(st.integers(1, 7), min_size=1, max_size=7, unique=True),
    start=edge_times,
    end=edge_times,
)
instants = st.sampled_from(SPANS).flatmap(
    lambda span: st.integers(0, span[1] * 86_400_000).map(lambda ms: span[0] + timedelta(milliseconds=ms))
)


@st.composite
def working_hours(draw) -> WorkingHours:
    """A random set: a zone and 1-3 windows (end <= start often, so midnight crossings are common)."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    return WorkingHours(
        id="wh", org_id="org_acme", name="Hours", timezone=draw(st.sampled_from(ZONES)),
        windows=draw(st.lists(windows, min_size=1, max_size=3)), created_at=at, updated_at=at,
    )


# ---- the reference: written independently of mockscaling.domain.workhours --------------------------------

def covered_minutes(hours: WorkingHours) -> set[tuple[int, int]]:
    """Every (ISO weekday, minute of day) a set covers, walking each window minute by minute."""
    covered = set()
    for window in hours.windows:
        start = window.start.hour * 60 + window.start.minute
        end = window.end.hour * 60 + window.end.minute
        length = end - start if end > start else end + 1440 - start  # end <= start: into the next day
        for day in window.days:
            for offset in range(length):
                minute = start + offset
                covered.add(((day - 1 + minute // 1440) % 7 + 1, minute % 1440))
    return covered


def reference_inside(hours: WorkingHours, at: datetime) -> bool:
    """Look the instant's local (weekday, minute) up in the covered set; the offset comes from the zone."""
    zone = ZoneInfo(hours.timezone)
    offset = zone.fromutc(at.astimezone(UTC).replace(tzinfo=zone)).utcoffset()  # tzinfo's own UTC -> local rule
    wall = at.astimezone(UTC).replace(tzinfo=None) + offset
    return (wall.isoweekday(), wall.hour * 60 + wall.minute) in covered_minutes(hours)


@settings(max_examples=150, deadline=None)
@given(working_hours(), instants)
def test_is_working_time_matches_the_reference(hours, at):
    assert is_working_time(hours, at) == reference_inside(hours, at)


def test_reference_sanity_across_midnight_and_the_week_end():
    """Hand-checked points, so the reference itself is known to be right."""
    at = datetime(2026, 1, 1, tzinfo=UTC)
    night = WorkingHours("wh", "org", "Night", "UTC", [WorkingWindow([7], time(22), time(6))], at, at)
    sunday_late, monday_early, monday_six = datetime(2026, 3, 1, 23, tzinfo=UTC), datetime(2026, 3, 2, 5, 59, tzinfo=UTC), datetime(2026, 3, 2, 6, tzinfo=UTC)
    assert [reference_inside(night, t) for t in (sunday_late, monday_early, monday_six)] == [True, True, False]
    assert [is_working_time(night, t) for t in (sunday_late, monday_early, monday_six)] == [True, True, False]
    # Berlin springs forward on 2026-03-29 at 02:00 -> 03:00: a window 02:30-03:30 starts when the clock jumps.
    berlin = WorkingHours("wh", "org", "B", "Europe/Berlin", [WorkingWindow([7], time(2, 30), time(3, 30))], at, at)
    assert is_working_time(berlin, datetime(2026, 3, 29, 1, 0, tzinfo=UTC))  # 03:00 CEST
    assert not is_working_time(berlin, datetime(2026, 3, 29, 0, 59, tzinfo=UTC))  # 01:59 CET
    # Berlin falls back on 2026-10-25 (03:00 CEST -> 02:00 CET): 02:00-02:30 happens twice, both count.
    repeated = WorkingHours("wh", "org", "R", "Europe/Berlin", [WorkingWindow([7], time(2), time(2, 30))], at, at)
    assert is_working_time(repeated, datetime(2026, 10, 25, 0, 15, tzinfo=UTC)) and is_working_time(repeated, datetime(2026, 10, 25, 1, 15, tzinfo=UTC))
    assert not is_working_time(repeated, datetime(2026, 10, 25, 0, 45, tzinfo=UTC))


# ---- the escalation engine with conditions ----------------------------------------------------------
steps = st.lists(
    st.fixed_dictionaries({
        "user": st.sampled_from(USERS),
        "seconds": st.integers(60, 6 * 3600),
        "condition": st.one_of(st.none(), st.tuples(st.integers(0, 1), st.sampled_from(["during", "outside"]))),
    }),
    min_size=1, max_size=5,
)


def reference_walk(plan, sets, start):
    """(instant, position) of every page, and when escalation is exhausted, walking the steps one by one."""
    pages, at = [], start
    for position, step in enumerate(plan, start=1):
        if step["condition"] is not None:
            inside = reference_inside(sets[step["condition"][0]], at)
            if inside != (step["condition"][1] == "during"):
                continue  # skipped at once: the next step is judged at the same instant
        pages.append((at, position))
        at += timedelta(seconds=step["seconds"])
    return pages, at


@settings(max_examples=40, deadline=None)
@given(st.lists(working_hours(), min_size=2, max_size=2), steps, instants)
def test_conditional_escalation_matches_the_reference(sets, plan, start):
    store = Store()
    store.set_clock(freeze=start)
    ada = store.authenticate("Bearer scl_live_" + "a" * 32)
    created = [
        store.create_working_hours(ada, name=f"Set {n}", timezone=hours.timezone,
                                   windows=[{"days": w.days, "start": w.start, "end": w.end} for w in hours.windows])
        for n, hours in enumerate(sets)
    ]
    policy = store.create_policy(ada, name="P", steps=[
        {"target_type": "user", "target_id": step["user"], "escalate_after_seconds": step["seconds"],
         "condition": None if step["condition"] is None else {"working_hours_id": created[step["condition"][0]].id, "when": step["condition"][1]}}
        for step in plan
    ])
    incident = store.create_incident(ada, title="T", severity="high", owner_id="user_bob", escalation_policy_id=policy.id)
    store.set_clock(advance=sum(step["seconds"] for step in plan) + 1)
    expected_pages, exhausted_at = reference_walk(plan, sets, start)
    got = [(page["sentAt"], page["layerPosition"]) for page in store.list_pages(incident_id=incident.id) if page["reason"] == "escalation"]
    assert got == [(format_time(at), position) for at, position in expected_pages]
    events = store.get_incident(ada, incident.id).events
    assert [e.occurred_at for e in events if e.type == "escalation_exhausted"] == [exhausted_at]
    skipped = {e.data["layerPosition"] for e in events if e.type == "escalation_step_skipped"}
    assert skipped == set(range(1, len(plan) + 1)) - {position for _, position in expected_pages}
