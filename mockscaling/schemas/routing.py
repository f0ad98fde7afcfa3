"""Request schemas of routing policies, inbound-integration selectors and the alert control plane (contract §6.2)."""

from __future__ import annotations

from typing import Any, ClassVar

from marshmallow import ValidationError, fields, validate, validates_schema

from .. import chosen
from ..domain.models import ROUTING_OUTCOMES, SEVERITIES
from .common import LENGTH_ERROR, StrictSchema, one_of, text

RESERVED_MATCHER_KEY = "severity"  # severity is never a matcher (chosen/: keys are compared exactly)


class RoutingRuleBody(StrictSchema):
    """One rule: what alerts of `severity` become; only paging outcomes may name an escalation policy."""

    severity = one_of("severity", SEVERITIES, required=True)
    outcome = one_of("outcome", ROUTING_OUTCOMES, required=True)
    escalation_policy_id = text("escalationPolicyId", max_length=255)

    # The same rule in the OpenAPI document: a non-paging rule's escalationPolicyId is null or absent.
    OPENAPI_EXTRA: ClassVar[dict[str, Any]] = {
        "if": {"required": ["outcome"], "properties": {"outcome": {"not": {"enum": list(chosen.PAGING_OUTCOMES)}}}},
        "then": {"properties": {"escalationPolicyId": {"type": "null"}}},
    }

    @validates_schema
    def _policy_only_when_paging(self, data: dict, **kwargs: object) -> None:
        if data.get("escalation_policy_id") is not None and data.get("outcome") not in chosen.PAGING_OUTCOMES:
            raise ValidationError(f"Only {' and '.join(chosen.PAGING_OUTCOMES)} rules page an escalation policy.", "escalationPolicyId")


class RoutingPolicyBody(StrictSchema):
    """POST /v1/routing/policies and PUT /v1/routing/policies/{id} (a full replace; `description: null` clears)."""

    name = text("name", max_length=255, required=True)
    description = text("description", max_length=10_000, min_length=0)
    rules = fields.List(
        fields.Nested(RoutingRuleBody), data_key="rules", required=True,
        validate=validate.Length(equal=len(SEVERITIES), error="Give exactly {equal} rules, one per severity."),
    )

    # Exactly one rule per severity, in JSON Schema: four items that contain each severity.
    # (Under allOf: openapi.py merges OPENAPI_EXTRA into the schema's top level, which must keep its `properties`.)
    OPENAPI_EXTRA: ClassVar[dict[str, Any]] = {"allOf": [{"properties": {"rules": {"allOf": [
        {"contains": {"type": "object", "required": ["severity"], "properties": {"severity": {"const": severity}}}}
        for severity in SEVERITIES
    ]}}}]}

    @validates_schema
    def _one_rule_per_severity(self, data: dict, **kwargs: object) -> None:
        rules = data.get("rules") or []
        if len(rules) == len(SEVERITIES) and sorted(rule["severity"] for rule in rules) != sorted(SEVERITIES):
            raise ValidationError("Give exactly one rule per severity (critical, high, medium, low).", "rules")


def _not_severity(key: str) -> None:
    if key == RESERVED_MATCHER_KEY:
        raise ValidationError("severity is never a matcher.")


class MatcherBody(StrictSchema):
    """`{"key", "value"}`: the alert attribute `key` must equal `value`, ignoring case."""

    key = fields.String(
        data_key="key", required=True,
        validate=[validate.Length(min=1, max=255, error=LENGTH_ERROR), _not_severity],
        metadata={"not": {"const": RESERVED_MATCHER_KEY}},
    )
    value = text("value", max_length=255, required=True)


class SelectorBody(StrictSchema):
    """One ordered selector row: all matchers match -> `routingPolicyId`."""

    matchers = fields.List(
        fields.Nested(MatcherBody), data_key="matchers", required=True,
        validate=validate.Length(min=1, max=chosen.MAX_MATCHERS_PER_SELECTOR, error="Give between {min} and {max} matchers."),
    )
    routing_policy_id = text("routingPolicyId", max_length=255, required=True)


def selector_list(required: bool) -> fields.List:
    """The `selectors` list (ordered; at most chosen.MAX_SELECTORS)."""
    rule = validate.Length(max=chosen.MAX_SELECTORS, error="Give at most {max} selectors.")
    if required:
        return fields.List(fields.Nested(SelectorBody), data_key="selectors", required=True, validate=rule)
    return fields.List(fields.Nested(SelectorBody), data_key="selectors", allow_none=True, load_default=None, validate=rule)


class SelectorsBody(StrictSchema):
    """PUT /v1/integrations/inbound/{id}/selectors: the whole ordered list (`[]` clears it)."""

    selectors = selector_list(required=True)


class IntegrationCreateBody(StrictSchema):
    """POST /_mock/integrations: provision an inbound integration (its organization is the component's)."""

    name = text("name", max_length=255, required=True)
    component_id = text("componentId", max_length=255, required=True)
    routing_policy_id = text("routingPolicyId", max_length=255)
    selectors = selector_list(required=False)


class AlertBody(StrictSchema):
    """POST /_mock/integrations/{id}/alerts: one inbound alert."""

    severity = one_of("severity", SEVERITIES, required=True)
    title = text("title", max_length=100, required=True)
    attributes = fields.Dict(
        keys=fields.String(validate=validate.Length(min=1, max=255, error=LENGTH_ERROR)),
        values=fields.String(validate=validate.Length(max=1_000, error=LENGTH_ERROR)),
        data_key="attributes", allow_none=True, load_default=None,
    )
