"""Response schemas (dump-only, for the OpenAPI document): exactly the shapes mockscaling/web/present.py produces.

Every field is required (present.py always writes it) and nullable fields allow null; no other field may
appear (`additionalProperties: false`), so schemathesis notices any drift between presenter and schema.
"""

from __future__ import annotations

from typing import Any, ClassVar

from marshmallow import RAISE, Schema, fields, validate

from ..domain.models import COMPONENT_STATUSES, ROLES, ROTATION_TYPES, SEVERITIES, STATUSES, VISIBILITIES

# The wire format of instants (timefmt.format_time): ISO 8601 UTC with milliseconds and Z.
TIMESTAMP_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$"


class ResponseSchema(Schema):
    """Base of the response schemas: unknown fields are not allowed, field order is kept.

    `SOURCE` says where the fields come from (docs | client | chosen) and `FIELD_SOURCES` overrides single
    fields by wire name (mockscaling/chosen/provenance.py); both are inherited.
    """

    RESPONSE_SCHEMA: ClassVar[bool] = True
    SOURCE: ClassVar[str | None] = None
    FIELD_SOURCES: ClassVar[dict[str, str]] = {}

    class Meta:
        unknown = RAISE
        ordered = True


def timestamp(nullable: bool = False) -> fields.DateTime:
    """A wire timestamp (string, date-time format, millisecond pattern)."""
    return fields.DateTime(required=True, allow_none=nullable, dump_only=True, metadata={"pattern": TIMESTAMP_PATTERN})


def string(nullable: bool = False, **kwargs: Any) -> fields.String:
    """A required string field, optionally nullable."""
    return fields.String(required=True, allow_none=nullable, dump_only=True, **kwargs)


def uuid(nullable: bool = False) -> fields.UUID:
    """A required UUID field, optionally nullable."""
    return fields.UUID(required=True, allow_none=nullable, dump_only=True)


def enum(choices: Any, nullable: bool = False) -> fields.String:
    """A required enum field, optionally nullable (apispec then adds null to the enum)."""
    return fields.String(required=True, allow_none=nullable, dump_only=True, validate=validate.OneOf(list(choices)))


def many(schema: type[Schema]) -> fields.List:
    """A required list of nested objects."""
    return fields.List(fields.Nested(schema), required=True, dump_only=True)


# ---- errors --------------------------------------------------------------------------------------
class ErrorOut(ResponseSchema):
    """The error envelope (contract §1); statusCode always equals the HTTP status."""

    SOURCE = "docs"
    FIELD_SOURCES = {"message": "client"}

    statusCode = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=400, max=599))
    type = string(validate=validate.Length(min=1))
    code = string(validate=validate.Length(min=1))
    requestId = uuid()
    message = string(validate=validate.Length(min=1))


# ---- incidents -----------------------------------------------------------------------------------
class ComponentRefOut(ResponseSchema):
    """`{id, name}` of an affected component."""

    SOURCE = "docs"

    id = uuid()
    name = string()


class UserRefOut(ResponseSchema):
    """`{id, name}` of a user (postedBy, redactedBy)."""

    SOURCE = "docs"

    id = string()
    name = string()


class IncidentOut(ResponseSchema):
    """The Incident object (present.incident)."""

    SOURCE = "docs"
    FIELD_SOURCES = {"sequentialId": "chosen", "acknowledgedAt": "chosen", "acknowledgedBy": "chosen"}

    id = uuid()
    orgId = string()
    sequentialId = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=1))
    title = string()
    description = string(nullable=True)
    severity = enum(SEVERITIES)
    status = enum(STATUSES)
    ownerId = string(nullable=True)
    escalationPolicyId = uuid(nullable=True)
    affectedComponents = many(ComponentRefOut)
    acknowledgedAt = timestamp(nullable=True)
    acknowledgedBy = string(nullable=True)
    createdBy = string()
    createdAt = timestamp()
    updatedAt = timestamp()


class StatusHistoryOut(ResponseSchema):
    """One statusHistory row (present.history_entry)."""

    SOURCE = "docs"

    id = string(validate=validate.Regexp(r"^sh_"))
    status = enum(STATUSES)
    changedAt = timestamp()
    resolutionNote = string(nullable=True)


class EventOut(ResponseSchema):
    """One audit event (present.event); `data` depends on the type."""

    SOURCE = "chosen"

    id = uuid()
    type = string()
    actorId = string(nullable=True)
    occurredAt = timestamp()
    data = fields.Dict(required=True, dump_only=True)


class IncidentDetailOut(IncidentOut):
    """GET /incidents/{id}: the Incident plus statusHistory and events (present.incident_detail)."""

    FIELD_SOURCES = {"events": "chosen"}

    statusHistory = many(StatusHistoryOut)
    events = many(EventOut)


class IncidentPageOut(ResponseSchema):
    """GET /incidents: a page, newest first."""

    SOURCE = "docs"

    incidents = many(IncidentOut)
    nextCursor = string(nullable=True)


class UpdateOut(ResponseSchema):
    """The Update object (present.update)."""

    SOURCE = "docs"

    id = uuid()
    incidentId = uuid()
    body = string(nullable=True)
    statusChange = enum(STATUSES, nullable=True)
    visibility = enum(VISIBILITIES)
    postedBy = fields.Nested(UserRefOut, required=True, dump_only=True)
    postedAt = timestamp()
    redactedAt = timestamp(nullable=True)
    redactedBy = fields.Nested(UserRefOut, required=True, allow_none=True, dump_only=True)


class UpdateListOut(ResponseSchema):
    """GET /incidents/{id}/updates: oldest first."""

    SOURCE = "docs"

    updates = many(UpdateOut)


# ---- components, schedules, team -----------------------------------------------------------------
class MaintenanceWindowOut(ResponseSchema):
    """A component's active maintenance window (§6.2)."""

    SOURCE = "client"

    startedAt = timestamp()
    endsAt = timestamp(nullable=True)


class ComponentOut(ResponseSchema):
    """The Component object (present.component)."""

    SOURCE = "client"
    FIELD_SOURCES = {"name": "docs", "description": "docs", "groupLabel": "docs"}  # the components concept page

    id = uuid()
    orgId = string()
    name = string()
    description = string(nullable=True)
    groupLabel = string(nullable=True)
    aliases = fields.List(fields.String(), required=True, dump_only=True)
    operationalStatus = enum(COMPONENT_STATUSES)
    maintenanceWindow = fields.Nested(MaintenanceWindowOut, required=True, allow_none=True, dump_only=True)
    createdAt = timestamp()
    updatedAt = timestamp()


class ComponentPageOut(ResponseSchema):
    """GET /components: a page, newest first (§6.2)."""

    SOURCE = "client"

    components = many(ComponentOut)
    nextCursor = string(nullable=True)


class RotationLayerOut(ResponseSchema):
    """The rotation Layer object (present.rotation_layer)."""

    SOURCE = "docs"
    FIELD_SOURCES = {"id": "client", "scheduleId": "client", "createdAt": "client", "updatedAt": "client"}  # no docs page shows them

    id = uuid()
    scheduleId = uuid()
    name = string()
    position = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=0))
    rotationType = enum(ROTATION_TYPES)
    rotationLengthDays = fields.Integer(required=True, dump_only=True, validate=validate.Range(min=1))
    handoffTime = string(validate=validate.Regexp(r"^\d{2}:\d{2}$"))
    effectiveFrom = timestamp()
    effectiveUntil = timestamp(nullable=True)
    participantIds = fields.List(fields.String(), required=True, dump_only=True)
    createdAt = timestamp()
    updatedAt = timestamp()


class ScheduleOut(ResponseSchema):
    """The Schedule object without layers (present.schedule)."""

    SOURCE = "docs"

    id = uuid()
    orgId = string()
    name = string()
    description = string(nullable=True)
    timezone = string()
    createdBy = string()
    createdAt = timestamp()
    updatedAt = timestamp()


class ScheduleDetailOut(ScheduleOut):
    """One schedule with its layers, ordered by position (present.schedule(with_layers=True))."""

    layers = many(RotationLayerOut)


class MemberOut(ResponseSchema):
    """The team Member object (present.member)."""

    SOURCE = "docs"

    id = string()
    email = string()
    firstName = string()
    lastName = string()
    imageUrl = string(nullable=True)
    role = enum(ROLES)
    joinedAt = timestamp()
