"""Schedule-wide overrides: who takes the owner-bearing layer's turn for a while (chosen/oncall.py)."""

from __future__ import annotations

from bisect import bisect_right
from datetime import datetime

from .. import chosen
from ..domain import errors
from ..domain.models import Schedule, ScheduleOverride
from ..domain.rotation import active_override
from .base import Principal, StoreBase, locked, mutating


class OverrideRules(StoreBase):
    """Create, list and end the schedule-wide overrides of a schedule; rotation.resolve_schedule applies them."""

    @mutating
    def create_schedule_override(
        self, principal: Principal, schedule_id: str, user_id: str, starts_at: datetime, ends_at: datetime
    ) -> ScheduleOverride:
        """Let `user_id` displace the position-0 layer's person of `schedule_id` in [starts_at, ends_at).

        400 invalid_override_window when the window is empty or overlaps another override of the schedule,
        400 invalid_participant when `user_id` is not a member.

        Example::

            store.create_schedule_override(principal, schedule.id, user_id="user_cy",
                                           starts_at=datetime(2026, 3, 28, 22, tzinfo=UTC),
                                           ends_at=datetime(2026, 3, 29, 6, tzinfo=UTC))
        """
        schedule = self._in_org(self.schedules, schedule_id, principal, "Schedule")
        if ends_at <= starts_at:
            raise errors.InvalidOverrideWindow("endsAt must be later than startsAt.")
        if self._member_of(principal.org_id, user_id) is None:
            raise errors.InvalidParticipant(f"userId: {user_id} is not a member of this organization.")
        index = bisect_right(schedule.overrides, starts_at, key=lambda item: item.starts_at)
        before = schedule.overrides[index - 1] if index else None
        after = schedule.overrides[index] if index < len(schedule.overrides) else None
        if (before is not None and before.ends_at > starts_at) or (after is not None and after.starts_at < ends_at):
            clash = before if before is not None and before.ends_at > starts_at else after
            raise errors.InvalidOverrideWindow(f"The window overlaps override {clash.id} of this schedule.")
        if len(schedule.overrides) >= chosen.MAX_OVERRIDES:
            raise errors.InvalidOverrideWindow(f"A schedule holds at most {chosen.MAX_OVERRIDES} overrides.")
        now = self.now()
        override = ScheduleOverride(
            id=self.ids.uuid(), schedule_id=schedule.id, user_id=user_id, starts_at=starts_at, ends_at=ends_at,
            created_by=principal.user_id, created_at=now,
        )
        schedule.overrides.insert(index, override)
        schedule.updated_at = now
        return override

    @locked
    def list_schedule_overrides(self, principal: Principal, schedule_id: str) -> list[ScheduleOverride]:
        """The overrides of a schedule, by start (past, active and future ones)."""
        return list(self._in_org(self.schedules, schedule_id, principal, "Schedule").overrides)

    @mutating
    def delete_schedule_override(self, principal: Principal, schedule_id: str, override_id: str) -> None:
        """End an override at once (it leaves the list); unknown: 404."""
        schedule = self._in_org(self.schedules, schedule_id, principal, "Schedule")
        override = next((item for item in schedule.overrides if item.id == override_id), None)
        if override is None:
            raise errors.NotFound("Override not found.")
        schedule.overrides.remove(override)
        schedule.updated_at = self.now()

    def active_schedule_override(self, schedule: Schedule, at: datetime) -> ScheduleOverride | None:
        """The override of `schedule` active at `at`, or None (for resolve's `overrideId`)."""
        return active_override(schedule, at) if schedule.overrides else None

    def _release_overrides(self, schedule: Schedule, user_id: str, now: datetime) -> None:
        """Delete the overrides of a member who leaves the organization."""
        kept = [item for item in schedule.overrides if item.user_id != user_id]
        if len(kept) != len(schedule.overrides):
            schedule.overrides = kept
            schedule.updated_at = now
