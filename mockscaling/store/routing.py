"""Routing-policy rules (contract §6.2): four severity rules per policy, one undeletable default per organization."""

from __future__ import annotations

from typing import Any

from .. import chosen
from ..domain import errors
from ..domain.models import RoutingPolicy, RoutingRule
from .base import Principal, StoreBase, locked, mutating


class RoutingRules(StoreBase):
    """Routing policies; integrations.IntegrationRules and alerts.AlertRules use them."""

    # ---- the default policy of every organization ------------------------------------------------
    def _organization_added(self, org_id: str) -> None:
        super()._organization_added(org_id)
        if self.default_routing_policy(org_id) is None:
            self._add_default_routing_policy(org_id)

    def _state_loaded(self) -> None:
        super()._state_loaded()
        for org_id in self.organizations:
            if self.default_routing_policy(org_id) is None:  # a document from before routing policies still loads
                self._add_default_routing_policy(org_id)

    def _add_default_routing_policy(self, org_id: str) -> RoutingPolicy:
        now = self.now()
        policy = RoutingPolicy(
            id=self.ids.uuid(), org_id=org_id, name=chosen.DEFAULT_ROUTING_POLICY_NAME, description=None, is_default=True,
            rules=[RoutingRule(severity, outcome, None) for severity, outcome in chosen.DEFAULT_ROUTING_RULES],
            created_at=now, updated_at=now,
        )
        self.routing_policies[policy.id] = policy
        return policy

    def default_routing_policy(self, org_id: str) -> RoutingPolicy | None:
        """The organization's default routing policy (every organization has one); reads that organization only.

        Example::

            store.default_routing_policy("org_acme").is_default   # True
        """
        return next((policy for policy in self.routing_policies.scan(org_id) if policy.is_default), None)

    # ---- checks ----------------------------------------------------------------------------------
    def _checked_rules(self, org_id: str, rules: list[dict[str, Any]]) -> list[RoutingRule]:
        """Rules from validated request dicts; 400 invalid_escalation_policy_id for a policy not in the org.

        The shape (four rules, one per severity, policies only on paging outcomes) is the schema's job
        (schemas/routing.py); the store checks it again so Python callers get the same answer.
        """
        severities = sorted(rule["severity"] for rule in rules)
        if len(rules) != len(chosen.DEFAULT_ROUTING_RULES) or severities != sorted(s for s, _ in chosen.DEFAULT_ROUTING_RULES):
            raise errors.ValidationFailed("rules: Give exactly four rules, one per severity (critical, high, medium, low).")
        checked = []
        for rule in rules:
            policy_id = rule.get("escalation_policy_id")
            if policy_id is not None:
                if rule["outcome"] not in chosen.PAGING_OUTCOMES:
                    raise errors.ValidationFailed(f"rules: A {rule['outcome']} rule pages no escalation policy.")
                policy = self.policies.get(policy_id)
                if policy is None or policy.org_id != org_id:
                    raise errors.InvalidEscalationPolicyId(f"rules: escalationPolicyId {policy_id} names no escalation policy.")
            checked.append(RoutingRule(severity=rule["severity"], outcome=rule["outcome"], escalation_policy_id=policy_id))
        return checked

    def _check_routing_policy_name(self, org_id: str, name: str, except_id: str | None = None) -> None:
        self._check_unique_name(self._of_org(self.routing_policies, org_id), name, "A routing policy", except_id)

    def _routing_policy_in_org(self, org_id: str, policy_id: str) -> RoutingPolicy:
        """A routing policy of `org_id` named in a body; 400 invalid_routing_policy_id otherwise."""
        policy = self.routing_policies.get(policy_id)
        if policy is None or policy.org_id != org_id:
            raise errors.InvalidRoutingPolicyId(f"routingPolicyId {policy_id} names no routing policy of this organization.")
        return policy

    def _check_escalation_policy_unrouted(self, org_id: str, policy_id: str) -> None:
        """409 in_use when a routing rule names the escalation policy (called before deleting it)."""
        for routing in self.routing_policies.scan(org_id):
            if any(rule.escalation_policy_id == policy_id for rule in routing.rules):
                raise errors.InUse(f"The routing policy {routing.name!r} pages this escalation policy; change its rules first.")

    # ---- the API ---------------------------------------------------------------------------------
    @locked
    def list_routing_policies(self, principal: Principal) -> list[RoutingPolicy]:
        """The organization's routing policies, oldest first (the default among them).

        Example::

            [policy.name for policy in store.list_routing_policies(principal)]   # ['Default', ...]
        """
        return self._of_org(self.routing_policies, principal.org_id)

    @locked
    def get_routing_policy(self, principal: Principal, policy_id: str) -> RoutingPolicy:
        """One routing policy with its rules, or 404.

        Example::

            store.get_routing_policy(principal, policy_id).rules[0].outcome
        """
        return self._in_org(self.routing_policies, policy_id, principal, "Routing policy")

    @mutating
    def create_routing_policy(
        self, principal: Principal, name: str, rules: list[dict[str, Any]], description: str | None = None
    ) -> RoutingPolicy:
        """Add a (non-default) routing policy; `rules` are dicts with severity, outcome, escalation_policy_id.

        Example::

            store.create_routing_policy(principal, name="Quiet", rules=[
                {"severity": s, "outcome": "notification", "escalation_policy_id": None}
                for s in ("critical", "high", "medium", "low")])
        """
        self._check_routing_policy_name(principal.org_id, name)
        checked = self._checked_rules(principal.org_id, rules)
        now = self.now()
        policy = RoutingPolicy(
            id=self.ids.uuid(), org_id=principal.org_id, name=name, description=description, is_default=False,
            rules=checked, created_at=now, updated_at=now,
        )
        self.routing_policies[policy.id] = policy
        return policy

    @mutating
    def update_routing_policy(
        self, principal: Principal, policy_id: str, name: str, rules: list[dict[str, Any]], description: str | None = None
    ) -> RoutingPolicy:
        """Replace name, description and rules (PUT); `isDefault` never changes.

        Example::

            store.update_routing_policy(principal, policy.id, name="Renamed", rules=rules, description=None)
        """
        policy = self._in_org(self.routing_policies, policy_id, principal, "Routing policy")
        self._check_routing_policy_name(principal.org_id, name, except_id=policy.id)
        checked = self._checked_rules(principal.org_id, rules)
        policy.name, policy.description, policy.rules = name, description, checked
        policy.updated_at = self.now()
        return policy

    @mutating
    def delete_routing_policy(self, principal: Principal, policy_id: str) -> None:
        """Remove a routing policy: 400 cannot_delete_default for the default, 409 in_use while an integration names it.

        Example::

            store.delete_routing_policy(principal, policy.id)
        """
        policy = self._in_org(self.routing_policies, policy_id, principal, "Routing policy")
        if policy.is_default:
            raise errors.CannotDeleteDefault()
        for integration in self.integrations.scan(policy.org_id):
            if integration.routing_policy_id == policy.id or any(s.routing_policy_id == policy.id for s in integration.selectors):
                raise errors.InUse(f"The inbound integration {integration.name!r} routes alerts to this policy.")
        del self.routing_policies[policy.id]
