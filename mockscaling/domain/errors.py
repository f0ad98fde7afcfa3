"""One exception class per error code of the contract; the web layer renders them as the error envelope."""

from __future__ import annotations

from typing import ClassVar

from .. import chosen


class ScalingError(Exception):
    """Base of every error the fake answers with; status, type and code are class attributes.

    Example::

        raise NotFound("Incident not found.")
    """

    status: ClassVar[int] = 500
    type: ClassVar[str] = "internal_error"
    code: ClassVar[str] = "server_error"
    default_message: ClassVar[str] = "Something went wrong."
    source: ClassVar[str | None] = None  # docs | client | chosen: shown as x-scaling-source (provenance.py)

    def __init__(self, message: str | None = None, headers: dict[str, str] | None = None) -> None:
        self.message = message or self.default_message
        self.headers = headers or {}
        super().__init__(self.message)



# 401 not_authorized_error
class MissingAuthorizationHeader(ScalingError):
    source = "chosen"
    status, type, code = 401, "not_authorized_error", "missing_authorization_header"
    default_message = "Send an Authorization header of the form 'Bearer <api key>'."


class InvalidApiKey(ScalingError):
    source = "chosen"
    status, type, code = 401, "not_authorized_error", "invalid_api_key"
    default_message = "The API key is unknown or has been revoked."


class NotAuthorized(ScalingError):
    source = "docs"
    status, type, code = 401, "not_authorized_error", "not_authorized"
    default_message = "This endpoint needs an admin API key."


# 400/404/405/409 invalid_request_error
class InvalidJson(ScalingError):
    source = "chosen"
    status, type, code = 400, "invalid_request_error", "invalid_json"
    default_message = "The request body must be a JSON object."


class NotFound(ScalingError):
    source = "docs"
    status, type, code = 404, "invalid_request_error", "not_found"
    default_message = "The requested resource was not found."


class MethodNotAllowed(ScalingError):
    source = "chosen"
    status, type, code = 405, chosen.METHOD_NOT_ALLOWED_TYPE, "method_not_allowed"
    default_message = "This method is not allowed on this path."


class NameConflict(ScalingError):
    source = "docs"
    status, type, code = 409, "invalid_request_error", "name_conflict"
    default_message = "The name is already in use."


class InUse(ScalingError):
    """Deleting a record that another record still refers to (contract §6.2; code chosen)."""

    source = "chosen"

    status, type, code = 409, "invalid_request_error", "in_use"
    default_message = "The resource is still in use."


class RuleViolation(ScalingError):
    """A well-formed request breaking a business rule (400 invalid_request_error)."""

    status, type = 400, "invalid_request_error"


class OwnerRequired(RuleViolation):
    source = "chosen"
    code = "owner_required"
    default_message = "Give ownerId or ownerScheduleId."


class InvalidOwnerId(RuleViolation):
    source = "chosen"
    code = "invalid_owner_id"
    default_message = "ownerId is not a member of this organization."


class InvalidComponentId(RuleViolation):
    source = "docs"
    code = "invalid_component_id"
    default_message = "componentIds names a component that does not exist."


class DuplicateComponentId(RuleViolation):
    source = "docs"
    code = "duplicate_component_id"
    default_message = "componentIds names the same component twice."


class InvalidEscalationPolicyId(RuleViolation):
    source = "chosen"
    code = "invalid_escalation_policy_id"
    default_message = "escalationPolicyId names a policy that does not exist."


class InvalidStatusTransition(RuleViolation):
    source = "docs"
    code = "invalid_status_transition"
    default_message = "Status can only move to the next step: investigating, identified, monitoring, resolved."


class EmptyUpdate(RuleViolation):
    source = "chosen"
    code = "empty_update"
    default_message = "An update needs a body or a statusChange."


class PublicUpdateRequiresBody(RuleViolation):
    source = "chosen"
    code = "public_update_requires_body"
    default_message = "A public update needs a body."


class NoPublicSurface(RuleViolation):
    source = "docs"
    code = "no_public_surface"
    default_message = "No published status page shows any of this incident's components."


class IncidentResolved(RuleViolation):
    source = "docs"
    code = "incident_resolved"
    default_message = "The incident is resolved and can no longer change."


class InvalidTargetUser(RuleViolation):
    source = "chosen"  # the handoff path and its rule are chosen (chosen/incidents.py "Handoff path")
    code = "invalid_target_user"
    default_message = "targetUserId is not a member of this organization."


class InvalidParticipant(RuleViolation):
    source = "chosen"  # no docs page names this code (chosen/oncall.py "participantIds")
    code = "invalid_participant"
    default_message = "participantIds names someone who is not a member of this organization."


class InvalidLayerOrder(RuleViolation):
    source = "chosen"
    code = "invalid_layer_order"
    default_message = "layerIds must list every layer exactly once."


class InvalidEffectiveWindow(RuleViolation):
    source = "chosen"
    code = chosen.INVALID_EFFECTIVE_WINDOW_CODE
    default_message = "effectiveUntil must be later than effectiveFrom."


class InvalidOverrideWindow(RuleViolation):
    source = "chosen"
    code = chosen.INVALID_OVERRIDE_WINDOW_CODE
    default_message = "endsAt must be later than startsAt, and overrides of one schedule may not overlap."


class InvalidTarget(RuleViolation):
    source = "docs"
    code = "invalid_target"
    default_message = "The target names an unknown schedule or a non-member."


class InvalidWorkingHoursId(RuleViolation):
    source = "chosen"  # the client sends these; the code is chosen
    code = chosen.INVALID_WORKING_HOURS_ID_CODE
    default_message = "condition.workingHoursId names no working-hours set of this organization."


class InvalidStepPosition(RuleViolation):
    source = "chosen"  # the client sends these; the code is chosen
    code = chosen.INVALID_STEP_POSITION_CODE
    default_message = "A step's position must be its 1-based place in the list."


class CannotChangeOwnRole(RuleViolation):
    source = "docs"
    code = "cannot_change_own_role"
    default_message = "You cannot change your own role."


class CannotRemoveSelf(RuleViolation):
    source = "chosen"
    code = chosen.CANNOT_REMOVE_SELF_CODE
    default_message = "You cannot remove yourself; another admin must do it."


class InvalidRequest(RuleViolation):
    """A team-invite body failing validation: the invite endpoint's error table gives 400 with this code."""

    source = "docs"

    code = "invalid_request_error"
    default_message = "The request is invalid."


class CannotDeleteDefault(RuleViolation):
    source = "chosen"
    code = "cannot_delete_default"
    default_message = "The organization's default routing policy cannot be deleted."


class InvalidRoutingPolicyId(RuleViolation):
    source = "chosen"
    code = chosen.INVALID_ROUTING_POLICY_ID_CODE
    default_message = "routingPolicyId names a routing policy that does not exist."


# 403
class RedactionNotPermitted(ScalingError):
    source = "docs"
    status, type, code = 403, chosen.FORBIDDEN_TYPE, "redaction_not_permitted"
    default_message = "Only the author within 5 minutes of posting, or an admin, can redact an update."


# 422 validation_error
class ValidationFailed(ScalingError):
    """A body, query or path parameter failing schema validation; `code` says which."""

    source = "chosen"

    status, type, code = 422, "validation_error", chosen.VALIDATION_CODE_BODY
    default_message = "The request failed validation."

    def __init__(self, message: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


# 500
class InternalError(ScalingError):
    source = "docs"
    status, type, code = 500, "internal_error", "server_error"
    default_message = "Something went wrong on our side."


# 429 / 503: only ever sent by fault plans (POST /_mock/faults); type and code are [chosen].
class RateLimited(ScalingError):
    source = "chosen"
    status, type, code = 429, chosen.RATE_LIMITED_TYPE, chosen.RATE_LIMITED_CODE
    default_message = "Too many requests; retry after the number of seconds in Retry-After."


class ServiceUnavailable(ScalingError):
    source = "chosen"
    status, type, code = 503, chosen.SERVICE_UNAVAILABLE_TYPE, chosen.SERVICE_UNAVAILABLE_CODE
    default_message = "The service is temporarily unavailable; try again shortly."


# 403 / 502 / 504: only ever sent by fault plans or a `Prefer: code=` header; type and code are [chosen].
class Forbidden(ScalingError):
    source = "chosen"
    status, type, code = 403, chosen.FORBIDDEN_TYPE, chosen.FORBIDDEN_CODE
    default_message = "This API key may not do that."


class BadGateway(ScalingError):
    source = "chosen"
    status, type, code = 502, chosen.BAD_GATEWAY_TYPE, chosen.BAD_GATEWAY_CODE
    default_message = "An upstream server answered badly; try again shortly."


class GatewayTimeout(ScalingError):
    source = "chosen"
    status, type, code = 504, chosen.GATEWAY_TIMEOUT_TYPE, chosen.GATEWAY_TIMEOUT_CODE
    default_message = "An upstream server did not answer in time; try again shortly."


class UnsupportedPreferCode(ScalingError):
    source = "chosen"
    status, type, code = 400, "invalid_request_error", "unsupported_prefer_code"
    default_message = "Prefer: code= must name a status a fault can answer with."


# mockscaling's own guard for `serve` (issue 12; codes and statuses [chosen], mockscaling/web/guard.py).
class InvalidHost(ScalingError):
    source = "chosen"  # mockscaling's own guard for `serve`, not a Scaling error
    status, type, code = 400, "invalid_request_error", "invalid_host"
    default_message = "This server does not answer for that Host name (start it with --allowed-host NAME to allow it)."


class UnsupportedMediaType(ScalingError):
    source = "chosen"  # mockscaling's own guard for `serve`, not a Scaling error
    status, type, code = 415, "invalid_request_error", "unsupported_media_type"
    default_message = "Control-plane writes need Content-Type: application/json (even without a body)."


class OriginNotAllowed(ScalingError):
    source = "chosen"  # mockscaling's own guard for `serve`, not a Scaling error
    status, type, code = 403, chosen.FORBIDDEN_TYPE, "origin_not_allowed"
    default_message = "Requests from this browser origin may not change the fake (see --cors-origin)."


class InvalidControlToken(ScalingError):
    source = "chosen"  # mockscaling's own guard for `serve`, not a Scaling error
    status, type, code = 401, "not_authorized_error", "invalid_control_token"
    default_message = "The control plane needs the header X-Mockscaling-Token with the token printed at start."



# §7 the MCP surface
class IdempotencyKeyReused(ScalingError):
    """An MCP write tool called again with a known idempotencyKey but other arguments (contract §7.2)."""

    source = "chosen"
    status, type, code = 409, "invalid_request_error", "idempotency_key_reused"
    default_message = "This idempotencyKey was used with other arguments within the last 24 hours."


class RequestTooLarge(ScalingError):
    """A body over the cap (the same code REST's 413 answers with); raised by the MCP mount (contract §7)."""

    source = "chosen"
    status, type, code = 413, "invalid_request_error", "request_entity_too_large"
    default_message = "The request body is too large."


class OrgSelectionRequired(ScalingError):
    """An MCP sign-in for a user who belongs to more than one organization (contract §7.1)."""

    source = "docs"
    status, type, code = 403, chosen.FORBIDDEN_TYPE, "org_selection_required"
    default_message = "This user belongs to more than one organization; the MCP server cannot choose one yet."


def all_error_classes() -> list[type[ScalingError]]:
    """Every concrete error class (one per code), for documentation and tests."""
    found: list[type[ScalingError]] = []
    pending = list(ScalingError.__subclasses__())
    while pending:
        cls = pending.pop(0)
        pending.extend(cls.__subclasses__())
        if "code" in cls.__dict__:
            found.append(cls)
    return found
