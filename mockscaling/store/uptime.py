"""Uptime of a status page's component over the last 90 days, computed from its incident history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import Any

from .. import chosen


def _intervals(incidents: Iterable[Any], now: datetime) -> list[tuple[datetime, datetime, str]]:
    """(opened, closed, impact) of each incident; an open one lasts until `now`."""
    spans = []
    for incident in incidents:
        closed = next((entry.changed_at for entry in reversed(incident.status_history) if entry.status == "resolved"), now)
        spans.append((incident.created_at, min(closed, now), chosen.SEVERITY_COMPONENT_STATUS[incident.severity]))
    return spans


def uptime_window_start(now: datetime) -> datetime:
    """The start of the oldest day an uptime bar shows (chosen.UPTIME_DAYS days, today included).

    Example::

        uptime_window_start(store.now())   # midnight UTC, 89 days before today
    """
    start_day = now.date() - timedelta(days=chosen.UPTIME_DAYS - 1)
    return datetime.combine(start_day, time(0), tzinfo=now.tzinfo)


def component_uptime(incidents: Iterable[Any], now: datetime) -> dict[str, Any]:
    """`{"percent", "days": [{"date", "status"}]}` for one component, oldest day first (chosen.UPTIME_*).

    `incidents` are those tagging the component (open and resolved). The cost is one pass over them plus
    one step per day each covers (at most UPTIME_DAYS), so it stays cheap with a long history.

    Example::

        component_uptime(tagged_incidents, store.now())["percent"]   # 99.86
    """
    rank = chosen.COMPONENT_STATUS_RANK
    window_start = uptime_window_start(now)
    start_day = window_start.date()
    days = {start_day + timedelta(days=offset): "operational" for offset in range(chosen.UPTIME_DAYS)}
    down: list[tuple[datetime, datetime]] = []
    for opened, closed, impact in _intervals(incidents, now):
        if closed < window_start or opened > now:  # over before the window, or (clock set back) not yet begun
            continue
        opened = max(opened, window_start)
        day: date = opened.date()
        while day <= closed.date() and day in days:
            if rank[impact] > rank[days[day]]:
                days[day] = impact
            day += timedelta(days=1)
        if impact in chosen.UPTIME_DOWN_IMPACTS:
            down.append((opened, closed))
    # The union of the "down" spans (overlapping incidents count once).
    down.sort()
    down_seconds, current_start, current_end = 0.0, None, None
    for opened, closed in down:
        if current_end is None or opened > current_end:
            if current_end is not None:
                down_seconds += (current_end - current_start).total_seconds()
            current_start, current_end = opened, closed
        else:
            current_end = max(current_end, closed)
    if current_end is not None:
        down_seconds += (current_end - current_start).total_seconds()
    window_seconds = max((now - window_start).total_seconds(), 1.0)
    percent = round(100 * (1 - down_seconds / window_seconds), 2)
    return {"percent": percent, "days": [{"date": day.isoformat(), "status": status} for day, status in days.items()]}
