"""Working-hours windows: is an instant inside a set's weekly windows (wall clock in the set's own zone)?"""

from __future__ import annotations

from datetime import datetime, time

from .models import StepCondition, WorkingHours, WorkingWindow
from .zones import zone_named


def _previous_weekday(weekday: int) -> int:
    """The ISO weekday before `weekday` (Monday 1 -> Sunday 7)."""
    return 7 if weekday == 1 else weekday - 1


def window_contains(window: WorkingWindow, weekday: int, wall: time) -> bool:
    """Whether local ISO `weekday` at wall-clock `wall` falls inside `window` (see chosen/ for midnight).

    A window with end > start covers [start, end) on each listed day; end <= start runs from start on a
    listed day to end on the next day (end == start: a full 24 hours).

    Example::

        window_contains(WorkingWindow([5], time(22), time(6)), 6, time(5, 59))   # True: Friday night
    """
    if window.start < window.end:
        return weekday in window.days and window.start <= wall < window.end
    return (weekday in window.days and wall >= window.start) or (_previous_weekday(weekday) in window.days and wall < window.end)


def is_working_time(hours: WorkingHours, at: datetime) -> bool:
    """Whether the UTC instant `at` is inside any window of `hours`, read on the wall clock of its zone.

    Comparing local wall times (never UTC offsets) makes DST changes come out right: a window boundary in
    a spring-forward gap takes effect when the clock jumps past it; the repeated fall-back hour counts twice.

    Example::

        is_working_time(berlin_office, datetime(2026, 4, 7, 8, 30, tzinfo=UTC))   # True: 10:30 on a Tuesday
    """
    local = at.astimezone(zone_named(hours.timezone))
    weekday, wall = local.isoweekday(), local.time().replace(tzinfo=None)
    return any(window_contains(window, weekday, wall) for window in hours.windows)


def condition_holds(condition: StepCondition | None, hours: WorkingHours | None, at: datetime) -> bool:
    """Whether an escalation step with `condition` pages at `at` (no condition: always).

    A condition whose set no longer exists never holds (the API refuses such deletes; only a hand-edited
    state could get there).
    """
    if condition is None:
        return True
    if hours is None:
        return False
    inside = is_working_time(hours, at)
    return inside if condition.when == "during" else not inside
