"""The one place errors become responses: the contract's envelope for every failure, even 404/405/500."""

from __future__ import annotations

import logging

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
            generic = errors.ScalingError(error.description)
            generic.status = error.code or 500  # type: ignore[misc]
            generic.type = "invalid_request_error" if generic.status < 500 else "internal_error"  # type: ignore[misc]
            generic.code = (error.name or "error").lower().replace(" ", "_")  # type: ignore[misc]
            response = envelope(generic)
        if error.code == 405 and hasattr(error, "valid_methods") and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception) -> Response:
        log.exception("unexpected error", exc_info=error)
        return envelope(errors.InternalError())
