"""Escalation-policy rules: policies and their 1-based, insert-shifting layers (contract §3)."""

from __future__ import annotations

from typing import Any

from ..domain import errors
from ..domain.models import EscalationPolicy, PolicyLayer
from ..schemas.patch import check_patch
from .base import Principal, StoreBase, locked, mutating
from .schedules import renumber


class PolicyRules(StoreBase):
    """Escalation policies; the paging itself lives in escalation.EscalationRules."""

    # ---- checks ----------------------------------------------------------------------------------
    def _check_policy_name(self, org_id: str, name: str) -> None:
        self._check_unique_name(self._of_org(self.policies, org_id), name, "An escalation policy")

    def _checked_target(self, org_id: str, target: dict[str, Any]) -> tuple[str, str | None, list[str]]:
        """(type, scheduleId, userIds) of a target dict; 400 invalid_target when the ids do not fit the type."""
        kind, schedule_id, user_ids = target.get("type"), target.get("schedule_id"), target.get("user_ids")
        if kind == "schedule":
            if user_ids is not None:
                raise errors.InvalidTarget("target.userIds: not allowed on a schedule target.")
            schedule = self.schedules.get(schedule_id or "")
            if schedule is None or schedule.org_id != org_id:
                raise errors.InvalidTarget("target.scheduleId names no schedule of this organization.")
            return kind, schedule.id, []
        if kind == "users":
            if schedule_id is not None:
                raise errors.InvalidTarget("target.scheduleId: not allowed on a users target.")
            if not user_ids or len(set(user_ids)) != len(user_ids):
                raise errors.InvalidTarget("target.userIds must name at least one member, each once.")
            for user_id in user_ids:
                if self._member_of(org_id, user_id) is None:
                    raise errors.InvalidTarget(f"target.userIds: {user_id} is not a member of this organization.")
            return kind, None, list(user_ids)
        raise errors.InvalidTarget("target.type must be schedule or users.")

    def _policy_layer_of(self, policy: EscalationPolicy, layer_id: str) -> PolicyLayer:
        layer = next((item for item in policy.layers if item.id == layer_id), None)
        if layer is None:
            raise errors.NotFound("Escalation policy layer not found.")
        return layer

    @staticmethod
    def _place(policy: EscalationPolicy, layer: PolicyLayer, position: int | None) -> None:
        """Put `layer` at 1-based `position` (None or past the end: last); the others shift down."""
        others = sorted((item for item in policy.layers if item is not layer), key=lambda item: item.position)
        index = len(others) if position is None else min(position - 1, len(others))
        others.insert(index, layer)
        for number, item in enumerate(others, start=1):
            item.position = number
        policy.layers = others

    # ---- policies --------------------------------------------------------------------------------
    @locked
    def list_policies(self, principal: Principal) -> list[EscalationPolicy]:
        """The organization's escalation policies, oldest first."""
        return self._of_org(self.policies, principal.org_id)

    @locked
    def get_policy(self, principal: Principal, policy_id: str) -> EscalationPolicy:
        """One escalation policy with its layers, or 404."""
        return self._in_org(self.policies, policy_id, principal, "Escalation policy")

    @mutating
    def create_policy(
        self, principal: Principal, name: str, description: str | None = None, steps: list[dict[str, Any]] | None = None
    ) -> EscalationPolicy:
        """Add an escalation policy, with the client's `steps` as its layers (store/steps.py); names are unique.

        Example::

            policy = store.create_policy(principal, name="Night shift")
        """
        self._check_policy_name(principal.org_id, name)
        now = self.now()
        policy_id = self.ids.uuid()
        layers = self._layers_from_steps(principal.org_id, policy_id, steps or [], now)  # type: ignore[attr-defined]
        policy = EscalationPolicy(
            id=policy_id, org_id=principal.org_id, name=name, description=description,
            created_by=principal.user_id, created_at=now, updated_at=now, layers=layers,
        )
        self.policies[policy.id] = policy
        return policy

    @mutating
    def delete_policy(self, principal: Principal, policy_id: str) -> None:
        """Remove a policy; incidents using it stop escalating and get escalationPolicyId null (chosen/)."""
        policy = self._in_org(self.policies, policy_id, principal, "Escalation policy")
        self._check_escalation_policy_unrouted(policy.org_id, policy.id)  # 409 in_use (store/routing.py)
        del self.policies[policy.id]
        now = self.now()
        for incident in self.incidents.scan(policy.org_id):
            if incident.escalation_policy_id == policy.id:
                incident = self.incidents[incident.id]  # touched: a state file saves it
                self.stop_escalation(incident)
                incident.escalation = None
                incident.escalation_policy_id = None
                incident.updated_at = now

    # ---- policy layers ---------------------------------------------------------------------------
    @mutating
    def create_policy_layer(
        self, principal: Principal, policy_id: str, ack_timeout_minutes: int, target: dict[str, Any], position: int | None = None
    ) -> PolicyLayer:
        """Insert a layer at 1-based `position` (occupied: the others shift down; absent or past the end: appended).

        Example::

            store.create_policy_layer(principal, policy.id, ack_timeout_minutes=10,
                                      target={"type": "users", "user_ids": ["user_ada"]}, position=1)
        """
        policy = self._in_org(self.policies, policy_id, principal, "Escalation policy")
        kind, schedule_id, user_ids = self._checked_target(principal.org_id, target)
        now = self.now()
        layer = PolicyLayer(
            id=self.ids.uuid(), policy_id=policy.id, position=0, escalate_after_seconds=60 * ack_timeout_minutes,
            target_type=kind, schedule_id=schedule_id, user_ids=user_ids, created_at=now, updated_at=now,
        )
        self._place(policy, layer, position)
        policy.updated_at = now
        return layer

    @mutating
    def update_policy_layer(self, principal: Principal, policy_id: str, layer_id: str, **changes: Any) -> PolicyLayer:
        """Change the given fields of a layer (merge-patch; none may be None); a new position moves it, the others shift.

        Example::

            store.update_policy_layer(principal, policy.id, layer.id, ack_timeout_minutes=30)
        """
        unknown = set(changes) - {"position", "ack_timeout_minutes", "target"}
        if unknown:
            raise TypeError(f"update_policy_layer() got unexpected fields {sorted(unknown)}")
        check_patch(changes, nullable=())
        policy = self._in_org(self.policies, policy_id, principal, "Escalation policy")
        layer = self._policy_layer_of(policy, layer_id)
        checked = self._checked_target(principal.org_id, changes["target"]) if "target" in changes else None
        now = self.now()
        if checked is not None:
            layer.target_type, layer.schedule_id, layer.user_ids = checked
        if "ack_timeout_minutes" in changes:
            layer.ack_timeout_minutes = changes["ack_timeout_minutes"]
        if "position" in changes:
            self._place(policy, layer, changes["position"])
        layer.updated_at = policy.updated_at = now
        return layer

    @mutating
    def delete_policy_layer(self, principal: Principal, policy_id: str, layer_id: str) -> None:
        """Remove a layer; the positions after it close up."""
        policy = self._in_org(self.policies, policy_id, principal, "Escalation policy")
        policy.layers.remove(self._policy_layer_of(policy, layer_id))
        renumber(policy.layers, 1)
        policy.updated_at = self.now()

    @mutating
    def reorder_policy_layers(self, principal: Principal, policy_id: str, layer_ids: list[str]) -> EscalationPolicy:
        """Set the layers' order (positions 1…n); `layer_ids` must list every layer exactly once."""
        policy = self._in_org(self.policies, policy_id, principal, "Escalation policy")
        by_id = {layer.id: layer for layer in policy.layers}
        if len(layer_ids) != len(by_id) or set(layer_ids) != set(by_id):
            raise errors.InvalidLayerOrder()
        for position, layer_id in enumerate(layer_ids, start=1):
            by_id[layer_id].position = position
        policy.layers.sort(key=lambda layer: layer.position)
        policy.updated_at = self.now()
        return policy
