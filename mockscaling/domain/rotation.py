"""The rotation engine: who is on call in a rotation layer at an instant (wall-clock hand-offs in the schedule's zone)."""

from __future__ import annotations

from bisect import bisect_right
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from .models import RotationLayer, Schedule, ScheduleOverride
from .zones import zone_named

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


def handoff_instant(anchor: date, k: int, length_days: int, at_time: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of the k-th hand-off: local date anchor + k*length at `at_time` in `zone`."""
    local_day = anchor + timedelta(days=k * length_days)
    return datetime.combine(local_day, at_time, tzinfo=zone).astimezone(UTC)


def handoffs_before(layer: RotationLayer, zone: ZoneInfo, at: datetime) -> int:
    """How many hand-offs have happened at or before `at` (k >= 1 only; see chosen/)."""
    anchor = layer.effective_from.astimezone(zone).date()
    length = layer.rotation_length_days
    days = (at.astimezone(zone).date() - anchor).days
    k = max(days // length, 0)
    # The candidate hand-off may be later the same local day; then the previous one is the last.
    while k >= 1 and handoff_instant(anchor, k, length, layer.handoff_time, zone) > at:
        k -= 1
    while handoff_instant(anchor, k + 1, length, layer.handoff_time, zone) <= at:
        k += 1
    return k


def on_call_user(layer: RotationLayer, zone: ZoneInfo, at: datetime) -> str | None:
    """The participant on duty in `layer` at `at`, or None outside [effectiveFrom, effectiveUntil).

    Example::

        on_call_user(layer, ZoneInfo("Europe/Berlin"), datetime(2026, 4, 7, tzinfo=UTC))
    """
    if at < layer.effective_from or (layer.effective_until is not None and at >= layer.effective_until):
        return None
    if not layer.participant_ids:
        return None
    k = handoffs_before(layer, zone, at)
    return layer.participant_ids[k % len(layer.participant_ids)]


def active_override(schedule: Schedule, at: datetime) -> ScheduleOverride | None:
    """The schedule-wide override active at `at` (starts_at <= at < ends_at), or None.

    The overrides are sorted by start and never overlap, so the only candidate is the last one starting
    at or before `at` (a bisection, whatever the number of overrides).
    """
    index = bisect_right(schedule.overrides, at, key=lambda item: item.starts_at)
    candidate = schedule.overrides[index - 1] if index else None
    return candidate if candidate is not None and at < candidate.ends_at else None


def shift_end(layer: RotationLayer, zone: ZoneInfo, at: datetime) -> datetime | None:
    """When the person on duty in `layer` at `at` hands over: the next hand-off, or the layer's
    effectiveUntil when sooner (None outside the layer's span).

    Example::

        shift_end(layer, ZoneInfo("Europe/Berlin"), datetime(2026, 4, 7, tzinfo=UTC))
    """
    if at < layer.effective_from or (layer.effective_until is not None and at >= layer.effective_until):
        return None
    anchor = layer.effective_from.astimezone(zone).date()
    k = handoffs_before(layer, zone, at)
    following = handoff_instant(anchor, k + 1, layer.rotation_length_days, layer.handoff_time, zone)
    return min(following, layer.effective_until) if layer.effective_until is not None else following


def resolve_schedule(schedule: Schedule, at: datetime) -> tuple[str | None, list[str], list[tuple[RotationLayer, str | None]]]:
    """(owner, paging targets, per-layer on-call) for `schedule` at `at`.

    The owner is layer 0's person; paging targets are every layer's person, deduplicated, in position order.
    An active schedule-wide override displaces layer 0's person (or is the owner of a schedule without
    layers; chosen/oncall.py "Schedule-wide override").
    """
    zone = zone_named(schedule.timezone)
    per_layer = [(layer, on_call_user(layer, zone, at)) for layer in sorted(schedule.layers, key=lambda l: l.position)]
    override = active_override(schedule, at) if schedule.overrides else None
    if override is not None and per_layer:
        per_layer[0] = (per_layer[0][0], override.user_id)
    owner = per_layer[0][1] if per_layer else (override.user_id if override is not None else None)
    targets: list[str] = [owner] if owner is not None and not per_layer else []
    for _, user in per_layer:
        if user is not None and user not in targets:
            targets.append(user)
    return owner, targets, per_layer
