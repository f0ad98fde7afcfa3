"""Request schemas of the control plane's status-page and fault endpoints (/_mock, contract §4-§5)."""

from __future__ import annotations

from marshmallow import ValidationError, fields, validate, validates_schema

from .. import chosen
from ..domain.models import COMPONENT_STATUSES
from .common import JsonNumber, StrictSchema, id_list, one_of, text

HTTP_METHODS = ("*", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _http_method(value: str) -> None:
    """An HTTP method in any case, or `*` for every method."""
    if value.upper() not in HTTP_METHODS:
        raise ValidationError("Must be one of: " + ", ".join(HTTP_METHODS) + ".")


class StatusPageCreateBody(StrictSchema):
    """POST /_mock/status-pages."""

    org_id = text("orgId", max_length=255, required=True)
    slug = text("slug", max_length=63, required=True)
    name = text("name", max_length=255, required=True)
    published = fields.Boolean(allow_none=True, load_default=None)
    component_ids = id_list("componentIds")


class StatusPageUpdateBody(StrictSchema):
    """PATCH /_mock/status-pages/<slug>: every field optional, null = keep."""

    new_slug = text("slug", max_length=63)
    name = text("name", max_length=255)
    published = fields.Boolean(allow_none=True, load_default=None)
    component_ids = id_list("componentIds")


class OverrideBody(StrictSchema):
    """PUT /_mock/status-pages/<slug>/overrides: `status` null clears the override."""

    component_id = text("componentId", max_length=255, required=True)
    status = one_of("status", COMPONENT_STATUSES)


class FaultBody(StrictSchema):
    """POST /_mock/faults: one fault plan."""

    path = text("path", max_length=1000)  # required unless `tool` is given (see the check below)
    tool = text("tool", max_length=100, metadata={"description": "An MCP tool name (or *): the plan hits its tool calls."})
    is_error = fields.Boolean(data_key="isError", load_default=False, truthy={True}, falsy={False},
                              metadata={"description": "With tool and status: answer a tool error instead of failing the HTTP request."})
    method = fields.String(allow_none=True, load_default=None, validate=_http_method)
    status = fields.Integer(allow_none=True, load_default=None, strict=True)
    retry_after = fields.Integer(
        data_key="retryAfter", allow_none=True, load_default=None, strict=True, validate=validate.Range(min=0, max=86400)
    )
    latency_ms = fields.Integer(
        data_key="latencyMs", allow_none=True, load_default=None, strict=True,
        validate=validate.Range(min=0, max=chosen.FAULT_MAX_LATENCY_MS),
    )
    count = fields.Integer(allow_none=True, load_default=None, strict=True, validate=validate.Range(min=1, max=1_000_000))
    probability = JsonNumber(allow_none=True, load_default=None, validate=validate.Range(min=0, max=1))
    seed = fields.Integer(allow_none=True, load_default=None, strict=True)
    message = text("message", max_length=500)
    network = one_of("network", chosen.NETWORK_FAULTS)
    org_id = text("orgId", max_length=255)
    api_key = text("apiKey", max_length=255)

    @validates_schema
    def _path_or_tool(self, data: dict, **kwargs: object) -> None:
        if data.get("path") is None and data.get("tool") is None:
            raise ValidationError("Missing data for required field.", "path")
        if data.get("path") is not None and data.get("tool") is not None:
            raise ValidationError("Give a path or an MCP tool, not both.", "tool")
