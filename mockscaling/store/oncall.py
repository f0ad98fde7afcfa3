"""On-call schedule rules: reading schedules and resolving who is on call."""

from __future__ import annotations

from datetime import datetime

from ..domain.models import Schedule
from ..domain.rotation import resolve_schedule, shift_end
from ..domain.zones import zone_named
from .base import Principal, StoreBase, locked


class ScheduleRules(StoreBase):
    """Schedules and rotation layers of contract §3."""

    @locked
    def list_schedules(self, principal: Principal) -> list[Schedule]:
        """The organization's schedules, oldest first."""
        return self._of_org(self.schedules, principal.org_id)

    @locked
    def get_schedule(self, principal: Principal, schedule_id: str) -> Schedule:
        """One schedule with its layers, or 404."""
        return self._in_org(self.schedules, schedule_id, principal, "Schedule")

    @locked
    def resolve_schedule(self, principal: Principal, schedule_id: str, at: datetime | None = None) -> dict:
        """Who is on call in `schedule_id` at `at` (default: now): owner, paging targets, per layer.

        Example::

            store.resolve_schedule(principal, schedule.id)["ownerId"]
        """
        schedule = self._in_org(self.schedules, schedule_id, principal, "Schedule")
        at = at or self.now()
        owner, targets, per_layer = resolve_schedule(schedule, at)
        override = self.active_schedule_override(schedule, at)  # store/overrides.py
        return {
            "scheduleId": schedule.id,
            "at": at,
            "overrideId": override.id if override is not None else None,
            "ownerId": owner,
            "pagingTargets": targets,
            "layers": [{"layerId": layer.id, "position": layer.position, "onCallUserId": user} for layer, user in per_layer],
        }

    @locked
    def who_is_on_call(self, principal: Principal, schedule_id: str | None = None) -> list[dict]:
        """Who is on duty now: one row per person per schedule (`schedule_id`'s, or every schedule's, oldest
        schedule first), each with when that shift ends (see chosen/). 404 for an unknown schedule.

        Example::

            [row["userId"] for row in store.who_is_on_call(principal)]   # ['user_bob']
        """
        if schedule_id is not None:
            schedules = [self._in_org(self.schedules, schedule_id, principal, "Schedule")]
        else:
            schedules = self._of_org(self.schedules, principal.org_id)
        now = self.now()
        rows: list[dict] = []
        for schedule in schedules:
            zone = zone_named(schedule.timezone)
            seen: set[str] = set()
            for layer, user in resolve_schedule(schedule, now)[2]:
                if user is None or user in seen:
                    continue
                seen.add(user)
                rows.append({"scheduleId": schedule.id, "scheduleName": schedule.name, "userId": user,
                             "until": shift_end(layer, zone, now)})
        return rows

    def on_call_owner(self, schedule: Schedule, at: datetime) -> str | None:
        """The owner (layer 0's on-call person) of `schedule` at `at`."""
        return resolve_schedule(schedule, at)[0]

    def policy_for_schedule(self, org_id: str, schedule_id: str) -> str | None:
        """The first policy, by creation, with a layer that targets `schedule_id`."""
        for policy in self._of_org(self.policies, org_id):
            if any(layer.target_type == "schedule" and layer.schedule_id == schedule_id for layer in policy.layers):
                return policy.id
        return None
