"""What the validating proxy checks on one exchange: the request against the fake's request schemas, the response
against the OpenAPI response schemas, the error envelope, and the status rules it can see from the wire.

The fake's own Flask routes find the operation (so `/api` aliases and ids such as `layers/order` resolve exactly
as the fake resolves them) and its marshmallow schemas judge the request: the proxy and the fake cannot disagree
about what a valid request is.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import jsonschema
from flask import Flask
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from ...app import create_app
from ...domain.models import STATUSES
from ...schemas.common import every_error
from ...web.openapi import build_spec
from ...web.spec import doc_of

ERROR_FIELDS = {"statusCode", "type", "code", "requestId", "message"}
# The error type each status must carry (contract §1 "Error types"; 405 and 429/503 types are chosen).
TYPE_BY_STATUS = {401: "not_authorized_error", 400: "invalid_request_error", 404: "invalid_request_error",
                  409: "invalid_request_error", 422: "validation_error", 500: "internal_error"}


@dataclass
class Exchange:
    """One request and its answer, as the proxy saw them."""

    method: str
    path: str
    query: dict[str, Any]
    headers: dict[str, str]
    body: Any  # parsed JSON, None when empty, or the raw text when it is not JSON
    status: int
    response_headers: dict[str, str]
    response_body: Any
    operation: str | None = None
    violations: list[str] = field(default_factory=list)


class Contract:
    """The fake's routes, request schemas and OpenAPI document, plus what the proxy has seen of each incident.

    Example::

        contract = Contract()
        contract.check(exchange)      # fills exchange.operation and exchange.violations
    """

    def __init__(self) -> None:
        self.app: Flask = create_app(seed=None)
        self.document = build_spec(self.app)
        self.adapter = self.app.url_map.bind("proxy.invalid")
        self.operations = {op["operationId"]: (path, method, op) for path, item in self.document["paths"].items()
                           for method, op in item.items()}
        self.incident_status: dict[str, str] = {}  # incident id -> last status seen in an answer

    def check(self, exchange: Exchange) -> None:
        """Validate one exchange in place (operation name and violations)."""
        try:
            endpoint, arguments = self.adapter.match(exchange.path, method=exchange.method)
        except HTTPException:
            endpoint, arguments = None, {}
        name = endpoint.split(".", 1)[1] if endpoint and endpoint.split(".", 1)[0] in ("v1", "api_alias") else None
        if name is None or name not in self.operations:
            if exchange.path.startswith(("/v1/", "/api/")):
                exchange.violations.append(f"request: {exchange.method} {exchange.path} is not an operation of the contract")
            return
        exchange.operation = name
        refused = self._check_request(exchange, self.app.view_functions[endpoint])
        self._check_response(exchange, name)
        self._check_status_rules(exchange, name, arguments, refused)

    # ---- request ----
    def _check_request(self, exchange: Exchange, view: Any) -> bool:
        """Request violations; True when the contract refuses the request (so a 2xx answer is wrong)."""
        before = len(exchange.violations)
        if not exchange.headers.get("authorization", "").startswith("Bearer "):
            exchange.violations.append("request: no `Authorization: Bearer <key>` header")
        doc = doc_of(view)
        if doc is not None and doc.body is not None:
            if not isinstance(exchange.body, dict):
                exchange.violations.append("request: the body must be a JSON object")
            else:
                self._load(exchange, doc.body, exchange.body, "body")
        elif exchange.body not in (None, ""):
            exchange.violations.append("request: this operation takes no body")
        if doc is not None and doc.query is not None:
            self._load(exchange, doc.query, exchange.query, "query")
        return len(exchange.violations) > before

    @staticmethod
    def _load(exchange: Exchange, schema: Any, value: dict[str, Any], where: str) -> None:
        instance = schema() if isinstance(schema, type) else schema
        try:
            instance.load(value)
        except ValidationError as exc:
            exchange.violations.extend(f"request {where}: {error}" for error in every_error(exc.messages))

    # ---- response ----
    def _check_response(self, exchange: Exchange, name: str) -> None:
        path, method, operation = self.operations[name]
        documented = operation["responses"].get(str(exchange.status))
        if documented is None:
            exchange.violations.append(f"response: status {exchange.status} is not documented for {method.upper()} {path}")
            return
        if exchange.status >= 400:
            self._check_envelope(exchange)
            return
        media = documented.get("content", {}).get("application/json")
        if media is None:
            if exchange.response_body not in (None, ""):
                exchange.violations.append(f"response: {exchange.status} must have no body")
            return
        schema = {**media["schema"], "components": self.document["components"]}
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        for error in sorted(validator.iter_errors(exchange.response_body), key=lambda e: [str(p) for p in e.absolute_path]):
            where = "/".join(str(part) for part in error.absolute_path) or "(body)"
            exchange.violations.append(f"response body at {where}: {error.message[:160]}")

    @staticmethod
    def _check_envelope(exchange: Exchange) -> None:
        body = exchange.response_body
        if not isinstance(body, dict) or set(body) != ERROR_FIELDS:
            found = sorted(body) if isinstance(body, dict) else type(body).__name__
            exchange.violations.append(f"error envelope: expected exactly {sorted(ERROR_FIELDS)}, got {found}")
            return
        if body["statusCode"] != exchange.status:
            exchange.violations.append(f"error envelope: statusCode {body['statusCode']} differs from HTTP {exchange.status}")
        expected_type = TYPE_BY_STATUS.get(exchange.status)
        if expected_type and body["type"] != expected_type:
            exchange.violations.append(f"error envelope: type {body['type']} for HTTP {exchange.status} (expected {expected_type})")
        try:
            uuid.UUID(str(body["requestId"]))
        except ValueError:
            exchange.violations.append(f"error envelope: requestId {body['requestId']!r} is not a UUID")
        header = exchange.response_headers.get("x-request-id")
        if header is not None and header != body["requestId"]:
            exchange.violations.append("error envelope: X-Request-Id header differs from requestId")

    # ---- status rules ----
    def _check_status_rules(self, exchange: Exchange, name: str, arguments: dict[str, Any], refused: bool) -> None:
        ok = 200 <= exchange.status < 300
        if refused and ok:
            exchange.violations.append(f"status rule: {exchange.status} for a request the contract refuses")
        incident_id = arguments.get("incident_id")
        known = self.incident_status.get(incident_id) if incident_id else None
        body = exchange.body if isinstance(exchange.body, dict) else {}
        wanted = body.get("status") if name == "update_incident_status" else body.get("statusChange") if name == "create_update" else None
        answer = exchange.response_body.get("code") if isinstance(exchange.response_body, dict) else None
        refusal = f"server refused it correctly ({exchange.status} {answer})" if 400 <= exchange.status < 500 else ""
        if known is not None and isinstance(wanted, str) and wanted in STATUSES:
            if STATUSES.index(wanted) != STATUSES.index(known) + 1:
                if ok:
                    exchange.violations.append(f"status rule: {known} -> {wanted} was accepted (only the next status is legal)")
                elif refusal:
                    exchange.violations.append(f"client sent an illegal transition ({known} -> {wanted}; only the next "
                                               f"status is legal); {refusal}")
        if known == "resolved" and name in ("create_update", "handoff_incident", "set_incident_components"):
            if ok:
                exchange.violations.append(f"status rule: {name} was accepted on a resolved incident")
            elif refusal:
                exchange.violations.append(f"client sent {name} on a resolved incident; {refusal}")
        self._remember(exchange, incident_id)

    def _remember(self, exchange: Exchange, incident_id: str | None) -> None:
        data = exchange.response_body.get("data") if isinstance(exchange.response_body, dict) else None
        if isinstance(data, dict) and isinstance(data.get("status"), str) and "sequentialId" in data:
            self.incident_status[data["id"]] = data["status"]
        elif isinstance(data, dict) and isinstance(data.get("incidents"), list):
            for item in data["incidents"]:
                if isinstance(item, dict) and "id" in item:
                    self.incident_status[item["id"]] = item.get("status")
        elif isinstance(data, dict) and data.get("statusChange") and incident_id:
            self.incident_status[incident_id] = data["statusChange"]


def mask_key(value: str) -> str:
    """An Authorization value with the key hidden but its last 4 characters, for logs and recordings.

    Example::

        mask_key("Bearer scl_live_" + "a" * 32)   # 'Bearer scl_live_…aaaa'
    """
    scheme, _, key = value.partition(" ")
    if not key:
        scheme, key = "", scheme
    prefix = "scl_live_" if key.startswith("scl_live_") else ""
    return f"{scheme} {prefix}…{key[-4:]}".strip() if len(key) > 8 else f"{scheme} …".strip()
