"""Escalation steps (§6.2): the client's view of policy layers, and PUT of a whole policy with its steps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..domain import errors
from ..domain.models import EscalationPolicy, PolicyLayer, StepCondition
from .base import Principal, StoreBase, mutating


class StepRules(StoreBase):
    """Steps and layers are one record (models.PolicyLayer); this mixin turns step bodies into layers."""

    def _layer_from_step(self, org_id: str, policy_id: str, position: int, step: dict[str, Any], now: datetime) -> PolicyLayer:
        """A layer for one parsed step body (`target_type`, `target_id`, `escalate_after_seconds`, `condition`)."""
        target_type, target_id = step["target_type"], step["target_id"]
        if target_type == "schedule":
            schedule = self.schedules.get(target_id)
            if schedule is None or schedule.org_id != org_id:
                raise errors.InvalidTarget(f"steps[{position - 1}].targetId names no schedule of this organization.")
            kind, schedule_id, user_ids = "schedule", schedule.id, []
        else:  # "user": one member, the layer target {"type": "users", "userIds": [id]}
            if self._member_of(org_id, target_id) is None:
                raise errors.InvalidTarget(f"steps[{position - 1}].targetId: {target_id} is not a member of this organization.")
            kind, schedule_id, user_ids = "users", None, [target_id]
        condition = None
        if step.get("condition") is not None:
            wanted = step["condition"]
            hours = self.working_hours.get(wanted["working_hours_id"])
            if hours is None or hours.org_id != org_id:
                raise errors.InvalidWorkingHoursId(
                    f"steps[{position - 1}].condition.workingHoursId names no working-hours set of this organization."
                )
            condition = StepCondition(working_hours_id=hours.id, when=wanted["when"])
        return PolicyLayer(
            id=self.ids.uuid(), policy_id=policy_id, position=position, escalate_after_seconds=step["escalate_after_seconds"],
            target_type=kind, schedule_id=schedule_id, user_ids=user_ids, created_at=now, updated_at=now, condition=condition,
        )

    def _layers_from_steps(self, org_id: str, policy_id: str, steps: list[dict[str, Any]], now: datetime) -> list[PolicyLayer]:
        """Layers at positions 1..n in list order (every step is checked before anything is stored)."""
        for index, step in enumerate(steps):
            if step.get("position") is not None and step["position"] != index + 1:
                raise errors.InvalidStepPosition(f"steps[{index}].position must be {index + 1}: positions follow the list order.")
        return [self._layer_from_step(org_id, policy_id, position, step, now) for position, step in enumerate(steps, start=1)]

    @mutating
    def replace_policy(
        self, principal: Principal, policy_id: str, name: str, description: str | None = None, steps: list[dict[str, Any]] | None = None
    ) -> EscalationPolicy:
        """PUT: replace name, description and every step (new step records; None or [] leaves no steps).

        Example::

            store.replace_policy(principal, policy.id, name="Default", steps=[
                {"target_type": "user", "target_id": "user_ada", "escalate_after_seconds": 300, "condition": None}])
        """
        policy = self._in_org(self.policies, policy_id, principal, "Escalation policy")
        self._check_unique_name(self._of_org(self.policies, principal.org_id), name, "An escalation policy", except_id=policy.id)
        now = self.now()
        policy.layers = self._layers_from_steps(principal.org_id, policy.id, steps or [], now)
        policy.name, policy.description, policy.updated_at = name, description, now
        return policy
