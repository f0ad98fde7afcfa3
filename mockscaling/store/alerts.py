"""Alert routing (contract §6.2): an inbound alert finds its routing policy, whose rule for its severity decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain import errors
from ..domain.models import SEVERITIES, EscalationPolicy, InboundIntegration, Page, PolicyLayer, RoutingPolicy
from ..domain.record import FrozenRecord
from ..domain.workhours import condition_holds
from .base import Principal, mutating
from .escalation import EscalationRules
from .incidents import IncidentRules
from .integrations import IntegrationRules

# The role an integration acts with when it opens an incident (never an admin).
INTEGRATION_ROLE = "integration"


@dataclass(frozen=True, repr=False, eq=False)  # FrozenRecord's ==, repr() and hash: none generated (domain/record.py)
class AlertRouting(FrozenRecord):
    """What happened to one alert: the policy that decided, the selector that chose it, the outcome."""

    routing_policy_id: str
    selector_index: int | None
    outcome: str
    incident_id: str | None


def _matches(matchers: list, attributes: dict[str, str]) -> bool:
    """All matchers hold: the attribute exists and equals the value, ignoring case (keys exact)."""
    for matcher in matchers:
        value = attributes.get(matcher.key)
        if not isinstance(value, str) or value.casefold() != matcher.value.casefold():
            return False
    return True


class AlertRules(IntegrationRules, IncidentRules, EscalationRules):
    """`ingest_alert`: route an alert and carry out its outcome (incident, provisional page, notification, drop)."""

    def route_alert(self, integration: InboundIntegration, attributes: dict[str, str]) -> tuple[RoutingPolicy, int | None]:
        """The routing policy for an alert and the index of the selector that chose it (None: no selector did).

        The first selector whose matchers all match wins; else the integration's policy; else the org default.
        It changes nothing (ingest_alert acts on the answer).

        Example::

            policy, index = store.route_alert(integration, {"env": "prod"})
        """
        for index, selector in enumerate(integration.selectors):
            if _matches(selector.matchers, attributes):
                return self.routing_policies[selector.routing_policy_id], index
        if integration.routing_policy_id is not None:
            return self.routing_policies[integration.routing_policy_id], None
        default = self.default_routing_policy(integration.org_id)
        assert default is not None, "every organization has a default routing policy"
        return default, None

    @mutating
    def ingest_alert(
        self, integration_id: str, severity: str, title: str, attributes: dict[str, str] | None = None
    ) -> AlertRouting:
        """Route one alert of an inbound integration and do what its rule says (contract §6.2; chosen/).

        Example::

            routed = store.ingest_alert(integration.id, severity="critical", title="5xx rate above 5%",
                                        attributes={"service": "payments", "env": "prod"})
            routed.outcome, routed.incident_id
        """
        integration = self.integrations.get(integration_id)
        if integration is None:
            raise errors.NotFound("Inbound integration not found.")
        if severity not in SEVERITIES:
            raise errors.ValidationFailed(f"severity: Must be one of: {', '.join(SEVERITIES)}.")
        policy, selector_index = self.route_alert(integration, dict(attributes or {}))
        rule = next(rule for rule in policy.rules if rule.severity == severity)
        escalation = self.policies.get(rule.escalation_policy_id) if rule.escalation_policy_id else None
        now = self.now()
        incident_id = None
        if rule.outcome == "incident":
            incident_id = self._open_alert_incident(integration, severity, title, escalation)
        elif rule.outcome == "provisional_page":
            self._page_provisionally(integration, escalation, now)
        elif rule.outcome == "notification":
            self._journal_page(integration, None, now, "notification", None)
        return AlertRouting(policy.id, selector_index, rule.outcome, incident_id)

    # ---- outcomes --------------------------------------------------------------------------------
    def _first_layer(self, policy: EscalationPolicy | None, at: datetime) -> PolicyLayer | None:
        """The first layer whose working-hours condition holds at `at` (the one escalation would page first)."""
        for layer in sorted(policy.layers if policy is not None else [], key=lambda layer: layer.position):
            condition = layer.condition
            hours = self.working_hours.get(condition.working_hours_id) if condition is not None else None
            if condition_holds(condition, hours, at):
                return layer
        return None

    def _open_alert_incident(
        self, integration: InboundIntegration, severity: str, title: str, escalation: EscalationPolicy | None
    ) -> str:
        """An incident on the integration's component with the rule's policy, through the usual creation rules."""
        first = self._first_layer(escalation, self.now())
        owner_id = owner_schedule_id = None
        if first is not None and first.target_type == "schedule":
            owner_schedule_id = first.schedule_id  # the schedule's on-call owner, as ownerScheduleId gives
        elif first is not None and first.user_ids:
            owner_id = first.user_ids[0]
        actor = Principal(org_id=integration.org_id, user_id=integration.id, role=INTEGRATION_ROLE)
        incident = self._open_incident(
            actor, title, severity, None, owner_id, owner_schedule_id, [integration.component_id],
            escalation.id if escalation is not None else None,
        )
        return incident.id

    def _page_provisionally(self, integration: InboundIntegration, escalation: EscalationPolicy | None, at: datetime) -> None:
        """Page the policy's first layer whose condition holds now, with no incident and no timer behind it."""
        first = self._first_layer(escalation, at)
        if first is None:
            return
        for user_id in self._layer_targets(first, at):
            self._journal_page(integration, user_id, at, "provisional_page", first.position)

    def _journal_page(
        self, integration: InboundIntegration, user_id: str | None, at: datetime, reason: str, position: int | None
    ) -> None:
        self.pages.append(Page(
            id=self.ids.uuid(), org_id=integration.org_id, incident_id=None, user_id=user_id, sent_at=at,
            reason=reason, layer_position=position, integration_id=integration.id,
        ))

