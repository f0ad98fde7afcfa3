"""Inbound-integration rules (contract §6.2): provisioned out of band, their ordered selectors set through the API."""

from __future__ import annotations

from typing import Any

from .. import chosen
from ..domain import errors
from ..domain.models import InboundIntegration, RoutingSelector, SelectorMatcher
from .base import Principal, locked, mutating
from .routing import RoutingRules


class IntegrationRules(RoutingRules):
    """Inbound integrations; alerts.AlertRules routes their alerts."""

    def _checked_selectors(self, org_id: str, selectors: list[dict[str, Any]]) -> list[RoutingSelector]:
        """Selectors from validated request dicts (`matchers`: [{key, value}], `routing_policy_id`).

        The schema (schemas/routing.py) checks the shape; the store checks it again for Python callers, and
        checks that every routing policy belongs to the organization (400 invalid_routing_policy_id).
        """
        if len(selectors) > chosen.MAX_SELECTORS:
            raise errors.ValidationFailed(f"selectors: At most {chosen.MAX_SELECTORS} selectors.")
        checked = []
        for index, selector in enumerate(selectors):
            matchers = selector.get("matchers") or []
            if not 1 <= len(matchers) <= chosen.MAX_MATCHERS_PER_SELECTOR:
                raise errors.ValidationFailed(
                    f"selectors.{index}.matchers: Give between 1 and {chosen.MAX_MATCHERS_PER_SELECTOR} matchers."
                )
            for matcher in matchers:
                if matcher["key"] == "severity":  # keys are compared exactly (chosen/)
                    raise errors.ValidationFailed(f"selectors.{index}.matchers: severity is never a matcher.")
            policy = self._routing_policy_in_org(org_id, selector["routing_policy_id"])
            checked.append(RoutingSelector(
                matchers=[SelectorMatcher(key=m["key"], value=m["value"]) for m in matchers], routing_policy_id=policy.id,
            ))
        return checked

    def _check_component_unintegrated(self, org_id: str, component_id: str) -> None:
        """409 in_use when an inbound integration resolves its alerts to the component (called before deleting it)."""
        for integration in self.integrations.scan(org_id):
            if integration.component_id == component_id:
                raise errors.InUse(f"The inbound integration {integration.name!r} resolves its alerts to this component.")

    # ---- the API ---------------------------------------------------------------------------------
    @locked
    def list_integrations(self, principal: Principal) -> list[InboundIntegration]:
        """The organization's inbound integrations, oldest first.

        Example::

            [integration.name for integration in store.list_integrations(principal)]   # ['Datadog']
        """
        return self._of_org(self.integrations, principal.org_id)

    @locked
    def get_integration(self, principal: Principal, integration_id: str) -> InboundIntegration:
        """One inbound integration, or 404.

        Example::

            store.get_integration(principal, integration_id).selectors
        """
        return self._in_org(self.integrations, integration_id, principal, "Inbound integration")

    @mutating
    def set_integration_selectors(
        self, principal: Principal, integration_id: str, selectors: list[dict[str, Any]]
    ) -> InboundIntegration:
        """Replace the integration's ordered selectors wholesale (`[]` clears them).

        Example::

            store.set_integration_selectors(principal, integration.id, [
                {"matchers": [{"key": "env", "value": "prod"}], "routing_policy_id": policy.id}])
        """
        integration = self._in_org(self.integrations, integration_id, principal, "Inbound integration")
        integration.selectors = self._checked_selectors(principal.org_id, selectors)
        integration.updated_at = self.now()
        return integration

    # ---- the control plane -----------------------------------------------------------------------
    @mutating
    def create_integration(
        self,
        name: str,
        component_id: str,
        routing_policy_id: str | None = None,
        selectors: list[dict[str, Any]] | None = None,
        integration_id: str | None = None,
    ) -> InboundIntegration:
        """Provision an inbound integration (out of band, as Scaling does); its organization is the component's.

        400 invalid_component_id for an unknown component, invalid_routing_policy_id for a routing policy of
        another organization, 409 name_conflict for a name already used in the organization.

        Example::

            integration = store.create_integration(name="Grafana", component_id=api_component_id)
            store.ingest_alert(integration.id, severity="critical", title="CPU high")
        """
        component = self.components.get(component_id)
        if component is None:
            raise errors.InvalidComponentId(f"componentId: unknown component {component_id}.")
        org_id = component.org_id
        self._check_unique_name(self._of_org(self.integrations, org_id), name, "An inbound integration")
        if integration_id is not None and integration_id in self.integrations:
            raise errors.NameConflict(f"An inbound integration with id {integration_id!r} already exists.")
        policy_id = self._routing_policy_in_org(org_id, routing_policy_id).id if routing_policy_id is not None else None
        checked = self._checked_selectors(org_id, selectors or [])
        now = self.now()
        integration = InboundIntegration(
            id=integration_id or self.ids.uuid(), org_id=org_id, name=name, component_id=component.id,
            routing_policy_id=policy_id, selectors=checked, created_at=now, updated_at=now,
        )
        self.integrations[integration.id] = integration
        return integration

    @locked
    def all_integrations(self) -> list[InboundIntegration]:
        """Every inbound integration of every organization, oldest first (GET /_mock/integrations).

        Example::

            {integration.org_id for integration in store.all_integrations()}
        """
        return sorted(self.integrations.values(), key=lambda integration: integration.created_at)
