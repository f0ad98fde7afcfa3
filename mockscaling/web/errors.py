"""The one place errors become responses: the contract's envelope for every failure, even 404/405/500."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus

from flask import Flask, Response, current_app, jsonify, request
from marshmallow import ValidationError
from werkzeug.exceptions import HTTPException

from .. import chosen
from ..domain import errors
from ..schemas.common import first_error
from .context import current_request_id
from .not_found import not_found_hint

log = logging.getLogger("mockscaling")

_HTTP_ERRORS: dict[int, type[errors.ScalingError]] = {
    400: errors.InvalidJson,
    404: errors.NotFound,
    405: errors.MethodNotAllowed,
    # Flask wraps an exception raised outside the view (e.g. while encoding its result) in an
    # InternalServerError before looking for a handler; it must still be code server_error.
    500: errors.InternalError,
}


def envelope_body(error: errors.ScalingError, request_id: str) -> dict[str, object]:
    """The error envelope as a dict (the MCP surface answers it as a tool error's structuredContent).

    Example::

        envelope_body(errors.NotFound("Incident not found."), request_id)["code"]   # 'not_found'
    """
    return {"statusCode": error.status, "type": error.type, "code": error.code, "requestId": request_id,
            "message": error.message}


def envelope(error: errors.ScalingError) -> Response:
    """`{"statusCode", "type", "code", "requestId", "message"}` with the error's status and headers."""
    response = jsonify(**envelope_body(error, current_request_id()))
    response.status_code = error.status
    response.headers.update(error.headers)
    return response


def generic_error(status: int, name: str, message: str | None = None) -> errors.ScalingError:
    """An error of no class of its own (a plain HTTP refusal), in the envelope: code from its name.

    Example::

        generic_error(431, "Request Header Fields Too Large").code   # "request_header_fields_too_large"
    """
    error = errors.ScalingError(message or name)
    error.status = status  # type: ignore[misc]
    error.type = "invalid_request_error" if status < 500 else "internal_error"  # type: ignore[misc]
    error.code = (name or "error").lower().replace(" ", "_").replace("-", "_")  # type: ignore[misc]
    return error


def envelope_parts(error: errors.ScalingError, request_id: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """Status line, headers and body of the envelope, for answers made outside Flask (server front, proxy).

    Example::

        status, headers, body = envelope_parts(errors.InvalidHost(), ids.request_id())
    """
    body = json.dumps({"statusCode": error.status, "type": error.type, "code": error.code, "requestId": request_id,
                       "message": error.message}).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))), ("X-Request-Id", request_id),
               ("Cache-Control", "no-store"), ("X-Content-Type-Options", "nosniff"), *error.headers.items()]
    return f"{error.status} {HTTPStatus(error.status).phrase}", headers, body


def _missing_prefix_hint() -> str | None:
    """For a 404 with an obvious fix (`/incidents`, `/v1/incident`, `/v1`, `/docs`), a message saying it; else None."""
    return not_found_hint(current_app, request.path, request.method)


def register_error_handlers(app: Flask) -> None:
    """Map ScalingError, marshmallow's ValidationError, werkzeug's HTTPException and anything else."""

    @app.errorhandler(errors.ScalingError)
    def _scaling(error: errors.ScalingError) -> Response:
        return envelope(error)

    @app.errorhandler(ValidationError)
    def _validation(error: ValidationError) -> Response:
        return envelope(errors.ValidationFailed(first_error(error.messages), code=chosen.VALIDATION_CODE_BODY))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Response:
        original = getattr(error, "original_exception", None)
        if original is not None:
            log.error("unexpected error", exc_info=original)
        known = _HTTP_ERRORS.get(error.code or 500)
        if known is not None:
            response = envelope(known(_missing_prefix_hint() if error.code == 404 else None))
        else:
            response = envelope(generic_error(error.code or 500, error.name, error.description))
        if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error", exc_info=error)
        return envelope(errors.InternalError())
