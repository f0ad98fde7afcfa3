"""Schedule and rotation-layer writes: create, replace, delete, reorder (contract §3)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time
from typing import Any, Protocol

from .. import chosen
from ..domain import errors
from ..domain.models import RotationLayer, Schedule
from ..domain.zones import known_timezones
from .base import Principal, StoreBase, mutating


class _Positioned(Protocol):
    position: int


def renumber(items: Sequence[_Positioned], first: int) -> None:
    """Give `items` contiguous positions from `first`, in their current position order.

    Example::

        renumber(schedule.layers, 0)   # rotation layers are 0-based
        renumber(policy.layers, 1)     # policy layers are 1-based
    """
    for position, item in enumerate(sorted(items, key=lambda i: i.position), start=first):
        item.position = position


class ScheduleEditRules(StoreBase):
    """Writes to schedules and their rotation layers; reads live in oncall.ScheduleRules."""

    # ---- checks ----------------------------------------------------------------------------------
    def _check_schedule_name(self, org_id: str, name: str, except_id: str | None = None) -> None:
        self._check_unique_name(self._of_org(self.schedules, org_id), name, "A schedule", except_id)

    @staticmethod
    def _check_timezone(timezone: str) -> None:
        # The schema checks this for HTTP callers; Python callers get the same 422.
        if timezone not in known_timezones():
            raise errors.ValidationFailed("timezone: Must be an IANA time-zone name such as Europe/Berlin.")

    def _check_layer_name(self, schedule: Schedule, name: str, except_id: str | None = None) -> None:
        self._check_unique_name(schedule.layers, name, "A layer of this schedule", except_id)

    def _check_participants(self, org_id: str, participant_ids: list[str]) -> None:
        if not participant_ids:
            raise errors.InvalidParticipant("participantIds must name at least one member.")
        for user_id in participant_ids:
            if self._member_of(org_id, user_id) is None:
                raise errors.InvalidParticipant(f"participantIds: {user_id} is not a member of this organization.")

    @staticmethod
    def _check_rotation(rotation_type: str, length: int, start: datetime, end: datetime | None) -> None:
        fixed = chosen.FIXED_ROTATION_LENGTHS.get(rotation_type, length)
        if length != fixed or not 1 <= length <= chosen.MAX_ROTATION_LENGTH_DAYS:
            raise errors.ValidationFailed(f"rotationLengthDays: Not allowed for a {rotation_type} rotation.")
        if end is not None and end <= start:
            raise errors.InvalidEffectiveWindow()

    def _layer_of(self, schedule: Schedule, layer_id: str) -> RotationLayer:
        layer = next((item for item in schedule.layers if item.id == layer_id), None)
        if layer is None:
            raise errors.NotFound("Rotation layer not found.")
        return layer

    # ---- schedules -------------------------------------------------------------------------------
    @mutating
    def create_schedule(self, principal: Principal, name: str, timezone: str, description: str | None = None) -> Schedule:
        """Add a schedule; names are unique in the organization (409 name_conflict).

        Example::

            store.create_schedule(principal, name="Secondary", timezone="America/New_York")
        """
        self._check_timezone(timezone)
        self._check_schedule_name(principal.org_id, name)
        now = self.now()
        schedule = Schedule(
            id=self.ids.uuid(), org_id=principal.org_id, name=name, description=description, timezone=timezone,
            created_by=principal.user_id, created_at=now, updated_at=now,
        )
        self.schedules[schedule.id] = schedule
        return schedule

    @mutating
    def replace_schedule(
        self, principal: Principal, schedule_id: str, name: str, timezone: str, description: str | None = None
    ) -> Schedule:
        """Replace name, description (absent: null) and timezone; layers are kept."""
        schedule = self._in_org(self.schedules, schedule_id, principal, "Schedule")
        self._check_timezone(timezone)
        self._check_schedule_name(principal.org_id, name, except_id=schedule.id)
        schedule.name, schedule.description, schedule.timezone = name, description, timezone
        schedule.updated_at = self.now()
        return schedule

    @mutating
    def delete_schedule(self, principal: Principal, schedule_id: str) -> None:
        """Remove a schedule with its layers, and every policy layer targeting it (see chosen/)."""
        schedule = self._in_org(self.schedules, schedule_id, principal, "Schedule")
        del self.schedules[schedule.id]
        now = self.now()
        for policy in self.policies.of_org(schedule.org_id):
            kept = [
                layer for layer in policy.layers
                if not (layer.target_type == "schedule" and layer.schedule_id == schedule.id)
            ]
            if len(kept) != len(policy.layers):
                policy.layers = kept
                renumber(policy.layers, 1)
                policy.updated_at = now

    # ---- rotation layers -------------------------------------------------------------------------
    def _apply_layer(
        self, principal: Principal, schedule: Schedule, layer: RotationLayer | None, fields: dict[str, Any]
    ) -> RotationLayer:
        self._check_rotation(
            fields["rotation_type"], fields["rotation_length_days"], fields["effective_from"], fields["effective_until"]
        )
        self._check_layer_name(schedule, fields["name"], except_id=layer.id if layer else None)
        self._check_participants(principal.org_id, fields["participant_ids"])
        now = self.now()
        if layer is None:
            layer = RotationLayer(
                id=self.ids.uuid(), schedule_id=schedule.id, position=len(schedule.layers), created_at=now, updated_at=now,
                **fields,
            )
            schedule.layers.append(layer)
        else:
            for name, value in fields.items():
                setattr(layer, name, value)
            layer.updated_at = now
        layer.participant_ids = list(layer.participant_ids)
        schedule.updated_at = now
        return layer

    @mutating
    def create_rotation_layer(
        self,
        principal: Principal,
        schedule_id: str,
        name: str,
        rotation_type: str,
        rotation_length_days: int,
        handoff_time: time,
        effective_from: datetime,
        participant_ids: list[str],
        effective_until: datetime | None = None,
    ) -> RotationLayer:
        """Append a rotation layer (next 0-based position) to a schedule.

        Example::

            store.create_rotation_layer(principal, schedule.id, name="Daily", rotation_type="daily",
                                        rotation_length_days=1, handoff_time=time(9), effective_from=start,
                                        participant_ids=["user_bob", "user_cy"])
        """
        schedule = self._in_org(self.schedules, schedule_id, principal, "Schedule")
        return self._apply_layer(principal, schedule, None, {
            "name": name, "rotation_type": rotation_type, "rotation_length_days": rotation_length_days,
            "handoff_time": handoff_time, "effective_from": effective_from, "effective_until": effective_until,
            "participant_ids": participant_ids,
        })

    @mutating
    def replace_rotation_layer(
        self,
        principal: Principal,
        schedule_id: str,
        layer_id: str,
        name: str,
        rotation_type: str,
        rotation_length_days: int,
        handoff_time: time,
        effective_from: datetime,
        participant_ids: list[str],
        effective_until: datetime | None = None,
    ) -> RotationLayer:
        """Replace every field of a rotation layer; its id and position stay."""
        schedule = self._in_org(self.schedules, schedule_id, principal, "Schedule")
        layer = self._layer_of(schedule, layer_id)
        return self._apply_layer(principal, schedule, layer, {
            "name": name, "rotation_type": rotation_type, "rotation_length_days": rotation_length_days,
            "handoff_time": handoff_time, "effective_from": effective_from, "effective_until": effective_until,
            "participant_ids": participant_ids,
        })

    @mutating
    def delete_rotation_layer(self, principal: Principal, schedule_id: str, layer_id: str) -> None:
        """Remove a rotation layer; the positions after it close up."""
        schedule = self._in_org(self.schedules, schedule_id, principal, "Schedule")
        layer = self._layer_of(schedule, layer_id)
        schedule.layers.remove(layer)
        renumber(schedule.layers, 0)
        schedule.updated_at = self.now()

    @mutating
    def reorder_rotation_layers(self, principal: Principal, schedule_id: str, layer_ids: list[str]) -> Schedule:
        """Set the layers' order (positions 0…n-1); `layer_ids` must list every layer exactly once."""
        schedule = self._in_org(self.schedules, schedule_id, principal, "Schedule")
        by_id = {layer.id: layer for layer in schedule.layers}
        if len(layer_ids) != len(by_id) or set(layer_ids) != set(by_id):
            raise errors.InvalidLayerOrder()
        now = self.now()
        for position, layer_id in enumerate(layer_ids):
            by_id[layer_id].position = position
        schedule.layers.sort(key=lambda layer: layer.position)
        schedule.updated_at = now
        return schedule
