"""Property tests of the rotation engine against an independent reference that walks hand-offs one by one."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling.domain.models import RotationLayer, Schedule
from mockscaling.domain.rotation import on_call_user, resolve_schedule

ZONES = ["UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "America/Santiago", "Asia/Kolkata"]
PEOPLE = ["p0", "p1", "p2", "p3", "p4"]
T0 = datetime(2024, 1, 1, tzinfo=UTC)
SPAN_DAYS = 600  # keeps the reference walk short

# Hand-off times near DST switches (01:00-03:59 local) are drawn often, so gaps and overlaps get hit.
handoff_times = st.one_of(
    st.builds(time, st.integers(1, 3), st.sampled_from([0, 15, 30, 45, 59])),
    st.builds(time, st.integers(0, 23), st.integers(0, 59)),
)
lengths = st.one_of(st.sampled_from([1, 7]), st.integers(1, 30))
offsets = st.integers(0, SPAN_DAYS * 86_400_000).map(lambda ms: T0 + timedelta(milliseconds=ms))


@st.composite
def layers(draw) -> tuple[RotationLayer, str]:
    """A random rotation layer (distinct participants) and its schedule's zone."""
    zone = draw(st.sampled_from(ZONES))
    start = draw(offsets)
    until = draw(st.one_of(st.none(), st.integers(1, SPAN_DAYS * 86_400_000).map(lambda ms: start + timedelta(milliseconds=ms))))
    participants = draw(st.lists(st.sampled_from(PEOPLE), min_size=1, max_size=5, unique=True))
    layer = RotationLayer(
        id="layer", schedule_id="schedule", name="L", position=0, rotation_type="custom",
        rotation_length_days=draw(lengths), handoff_time=draw(handoff_times), effective_from=start,
        effective_until=until, participant_ids=participants, created_at=T0, updated_at=T0,
    )
    return layer, zone


# ---- the reference: written independently of mockscaling.domain.rotation --------------------------------

def offset_at(zone: ZoneInfo, instant: datetime) -> timedelta:
    """The zone's UTC offset at a UTC instant."""
    return instant.astimezone(zone).utcoffset()  # type: ignore[return-value]


def wall_to_utc(zone: ZoneInfo, wall: datetime) -> datetime:
    """A naive local wall time as a UTC instant, found by trying the offsets in force a day before and after.

    Ambiguous (fall back): the earlier instant. Non-existent (spring forward): shifted forward by the gap,
    i.e. read with the offset in force before the change.
    """
    naive_utc = wall.replace(tzinfo=UTC)
    before, after = offset_at(zone, naive_utc - timedelta(days=1)), offset_at(zone, naive_utc + timedelta(days=1))
    candidates = sorted({naive_utc - before, naive_utc - after})
    valid = [c for c in candidates if c.astimezone(zone).replace(tzinfo=None) == wall]
    return valid[0] if valid else naive_utc - before


def reference_handoffs(layer: RotationLayer, zone_name: str, until: datetime) -> list[datetime]:
    """Every hand-off instant after effectiveFrom up to `until`, walking one rotation at a time."""
    zone = ZoneInfo(zone_name)
    local_start = layer.effective_from.astimezone(zone)
    day = datetime(local_start.year, local_start.month, local_start.day)
    found = []
    while True:
        day += timedelta(days=layer.rotation_length_days)
        instant = wall_to_utc(zone, datetime.combine(day.date(), layer.handoff_time))
        if instant > until:
            return found
        found.append(instant)


def reference_on_call(layer: RotationLayer, zone_name: str, at: datetime) -> str | None:
    """Who is on call at `at`: nobody outside the window, else the participant after counting hand-offs."""
    if at < layer.effective_from or (layer.effective_until is not None and at >= layer.effective_until):
        return None
    passed = len(reference_handoffs(layer, zone_name, at))
    return layer.participant_ids[passed % len(layer.participant_ids)]


# ---- properties ----------------------------------------------------------------------------------

@settings(max_examples=300, deadline=None)
@given(layers(), st.integers(-30 * 86_400_000, (SPAN_DAYS + 30) * 86_400_000))
def test_on_call_matches_the_reference(layer_and_zone, offset_ms):
    layer, zone = layer_and_zone
    at = T0 + timedelta(milliseconds=offset_ms)
    assert on_call_user(layer, ZoneInfo(zone), at) == reference_on_call(layer, zone, at)


@settings(max_examples=120, deadline=None)
@given(layers())
def test_duty_changes_exactly_at_every_hand_off_instant(layer_and_zone):
    layer, zone = layer_and_zone
    end = layer.effective_until or layer.effective_from + timedelta(days=SPAN_DAYS)
    handoffs = [h for h in reference_handoffs(layer, zone, end) if h < end]
    tick = timedelta(milliseconds=1)
    zone_info = ZoneInfo(zone)
    people = layer.participant_ids
    # Every hand-off, including those on DST days: the previous person until just before, the next one at it.
    for k, handoff in enumerate(handoffs, start=1):
        assert on_call_user(layer, zone_info, handoff - tick) == people[(k - 1) % len(people)], handoff
        assert on_call_user(layer, zone_info, handoff) == people[k % len(people)], handoff
    # Nothing changes between hand-offs: the person just before each hand-off is the one from the last.
    following = handoffs + [end]
    for k, instant in enumerate(following):
        assert on_call_user(layer, zone_info, instant - tick) == people[k % len(people)]


@settings(max_examples=150, deadline=None)
@given(layers(), st.integers(1, 10 * 365 * 86_400_000))
def test_nobody_is_on_call_outside_the_window(layer_and_zone, distance_ms):
    layer, zone = layer_and_zone
    zone_info = ZoneInfo(zone)
    assert on_call_user(layer, zone_info, layer.effective_from - timedelta(milliseconds=distance_ms)) is None
    assert on_call_user(layer, zone_info, layer.effective_from) == layer.participant_ids[0]
    if layer.effective_until is not None:
        assert on_call_user(layer, zone_info, layer.effective_until + timedelta(milliseconds=distance_ms - 1)) is None


@settings(max_examples=100, deadline=None)
@given(st.lists(layers(), min_size=1, max_size=4), offsets)
def test_schedule_owner_is_layer_zero_and_targets_are_deduplicated(layer_list, at):
    zone = layer_list[0][1]
    schedule = Schedule(id="s", org_id="o", name="S", description=None, timezone=zone, created_by="p0",
                        created_at=T0, updated_at=T0)
    for position, (layer, _) in enumerate(layer_list):
        layer.position = position
    schedule.layers = [layer for layer, _ in reversed(layer_list)]  # stored out of order on purpose
    owner, targets, per_layer = resolve_schedule(schedule, at)
    expected = [reference_on_call(layer, zone, at) for layer, _ in layer_list]
    assert [user for _, user in per_layer] == expected
    assert owner == expected[0]
    assert targets == list(dict.fromkeys(user for user in expected if user is not None))


def test_reference_handles_a_berlin_gap_and_overlap():
    """The reference itself, on known instants (so a wrong reference cannot hide an engine bug)."""
    berlin = ZoneInfo("Europe/Berlin")
    assert wall_to_utc(berlin, datetime(2026, 3, 29, 2, 30)) == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)  # gap: 03:30 CEST
    assert wall_to_utc(berlin, datetime(2026, 10, 25, 2, 30)) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)  # first 02:30
    assert wall_to_utc(berlin, datetime(2026, 7, 1, 9, 0)) == datetime(2026, 7, 1, 7, 0, tzinfo=UTC)
