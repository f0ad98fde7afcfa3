"""Working-hours rules (§6.2): named weekly windows in a time zone, referenced by escalation-step conditions."""

from __future__ import annotations

from typing import Any

from ..domain import errors
from ..domain.models import WorkingHours, WorkingWindow
from ..schemas.patch import check_patch
from .base import Principal, StoreBase, locked, mutating

# The fields PATCH /v1/working-hours/{id} may change (none of them nullable).
UPDATABLE_FIELDS = frozenset({"name", "timezone", "windows"})


def _windows(windows: list[dict[str, Any]]) -> list[WorkingWindow]:
    """Window records from parsed bodies ({"days", "start", "end"} with `datetime.time` values)."""
    return [WorkingWindow(days=list(window["days"]), start=window["start"], end=window["end"]) for window in windows]


class WorkingHoursRules(StoreBase):
    """Working-hours sets: unique names per organization; in use by a step condition → not deletable."""

    def _check_working_hours_name(self, org_id: str, name: str, except_id: str | None = None) -> None:
        self._check_unique_name(self._of_org(self.working_hours, org_id), name, "A working-hours set", except_id)

    def _referencing_steps(self, org_id: str, working_hours_id: str) -> list[tuple[str, int]]:
        """(policy id, position) of every step whose condition names the set."""
        return [
            (policy.id, layer.position)
            for policy in self.policies.scan(org_id)
            for layer in policy.layers
            if layer.condition is not None and layer.condition.working_hours_id == working_hours_id
        ]

    @locked
    def list_working_hours(self, principal: Principal) -> list[WorkingHours]:
        """The organization's working-hours sets, oldest first.

        Example::

            [hours.name for hours in store.list_working_hours(principal)]   # ['Berlin office']
        """
        return self._of_org(self.working_hours, principal.org_id)

    @locked
    def get_working_hours(self, principal: Principal, working_hours_id: str) -> WorkingHours:
        """One working-hours set, or 404."""
        return self._in_org(self.working_hours, working_hours_id, principal, "Working hours")

    @mutating
    def create_working_hours(self, principal: Principal, name: str, timezone: str, windows: list[dict[str, Any]]) -> WorkingHours:
        """Add a set; `windows` are dicts with `days` (ISO weekdays) and `start`/`end` (`datetime.time`).

        Example::

            store.create_working_hours(principal, name="London", timezone="Europe/London",
                                       windows=[{"days": [1, 2, 3, 4, 5], "start": time(9), "end": time(17)}])
        """
        self._check_working_hours_name(principal.org_id, name)
        now = self.now()
        hours = WorkingHours(
            id=self.ids.uuid(), org_id=principal.org_id, name=name, timezone=timezone, windows=_windows(windows),
            created_at=now, updated_at=now,
        )
        self.working_hours[hours.id] = hours
        return hours

    @mutating
    def update_working_hours(self, principal: Principal, working_hours_id: str, **changes: Any) -> WorkingHours:
        """Change the given fields (PATCH: absent keeps; the client sends the full desired state).

        Example::

            store.update_working_hours(principal, hours.id, name="Berlin HQ")
        """
        unknown = set(changes) - UPDATABLE_FIELDS
        if unknown:
            raise TypeError(f"update_working_hours() got unexpected fields {sorted(unknown)}")
        check_patch(changes, nullable=())  # §6.1.6: null on a non-nullable field is 422
        hours = self._in_org(self.working_hours, working_hours_id, principal, "Working hours")
        if "name" in changes:
            self._check_working_hours_name(principal.org_id, changes["name"], except_id=hours.id)
        if "name" in changes:
            hours.name = changes["name"]
        if "timezone" in changes:
            hours.timezone = changes["timezone"]
        if "windows" in changes:
            hours.windows = _windows(changes["windows"])
        hours.updated_at = self.now()
        return hours

    @mutating
    def delete_working_hours(self, principal: Principal, working_hours_id: str) -> None:
        """Remove a set; 409 in_use while an escalation step's condition names it."""
        hours = self._in_org(self.working_hours, working_hours_id, principal, "Working hours")
        users = self._referencing_steps(principal.org_id, hours.id)
        if users:
            policy_id, position = users[0]
            raise errors.InUse(f"Escalation policy {policy_id} step {position} uses these working hours.")
        del self.working_hours[hours.id]
