"""Response schemas (dump-only, for the OpenAPI document) of routing policies and inbound integrations (§6.2)."""

from __future__ import annotations

from marshmallow import fields, validate

from ..domain.models import ROUTING_OUTCOMES, SEVERITIES
from .responses import ResponseSchema, enum, many, string, timestamp, uuid


class RoutingRuleOut(ResponseSchema):
    """One rule of a routing policy (present_routing.rule)."""

    SOURCE = "client"

    severity = enum(SEVERITIES)
    outcome = enum(ROUTING_OUTCOMES)
    escalationPolicyId = uuid(nullable=True)


class RoutingPolicyOut(ResponseSchema):
    """The RoutingPolicy object without rules (GET /v1/routing/policies; present_routing.policy)."""

    SOURCE = "client"

    id = uuid()
    orgId = string()
    name = string()
    description = string(nullable=True)
    isDefault = fields.Boolean(required=True, dump_only=True)
    createdAt = timestamp()
    updatedAt = timestamp()


class RoutingPolicyDetailOut(RoutingPolicyOut):
    """One routing policy with its four rules (POST, GET one, PUT)."""

    SOURCE = "client"

    rules = fields.List(
        fields.Nested(RoutingRuleOut), required=True, dump_only=True, validate=validate.Length(equal=len(SEVERITIES))
    )


class MatcherOut(ResponseSchema):
    """One matcher of a selector."""

    SOURCE = "client"

    key = string()
    value = string()


class SelectorOut(ResponseSchema):
    """One ordered selector row of an integration."""

    SOURCE = "client"

    matchers = many(MatcherOut)
    routingPolicyId = uuid()


class IntegrationOut(ResponseSchema):
    """The InboundIntegration object (present_routing.integration)."""

    SOURCE = "client"

    id = uuid()
    orgId = string()
    name = string()
    componentId = uuid()
    routingPolicyId = uuid(nullable=True)
    selectors = many(SelectorOut)
    createdAt = timestamp()
    updatedAt = timestamp()


class IntegrationListOut(ResponseSchema):
    """GET /v1/integrations/inbound: every integration of the organization, oldest first."""

    SOURCE = "client"

    integrations = many(IntegrationOut)
