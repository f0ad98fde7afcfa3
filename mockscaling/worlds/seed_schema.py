"""Seed validation: every seed record is checked by the API's own marshmallow schemas, once, before loading.

The shipped seeds are checked by tests/test_seeds.py instead, so start-up does not import the schemas for them.

Errors are one line naming the seed, the record and the field, e.g.
`seed my-seed.json: organizations[0] 'org_acme' > schedules[0] 'Primary' > timezone: Must be an IANA …`.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate, validates_schema

from .. import chosen
from ..domain.models import COMPONENT_STATUSES, ROLES, SEVERITIES, STATUSES
from ..schemas.common import LENGTH_ERROR, StrictSchema, one_of, text
from ..schemas.components import CreateComponentBody
from ..schemas.oncall import HandoffTime, Instant, RotationLayerBody, ScheduleBody, WholeNumber, timezone_field
from .seed_time import RELATIVE_TIME

SEED_VERSIONS = (1, 2)


class SeedTime(fields.Field):
    """An ISO 8601 instant or a time relative to the clock at load (`now-3d2h`)."""

    default_error_messages = {"invalid": "Must be an ISO 8601 datetime or now-<N>d<N>h<N>m."}

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        if RELATIVE_TIME.match(value) is None:
            Instant(error_messages={"invalid": self.error_messages["invalid"]}).deserialize(value)
        return value


def _id() -> fields.String:
    return fields.String(validate=validate.Length(min=1, max=255, error=LENGTH_ERROR), allow_none=True)


def _instant() -> SeedTime:
    return SeedTime(allow_none=True)


class Stamped:
    """Optional `createdAt` / `updatedAt` of a record (a snapshot keeps them; absent: the seed's load time)."""

    createdAt = _instant()
    updatedAt = _instant()


def _names() -> fields.List:
    return fields.List(fields.String(validate=validate.Length(min=1, max=255, error=LENGTH_ERROR)), load_default=list)


class SeedMember(StrictSchema):
    id = fields.String(required=True, validate=validate.Length(min=1, max=255, error=LENGTH_ERROR))
    email = text("email", max_length=320, required=True)
    firstName = text("firstName", max_length=255, min_length=0)
    lastName = text("lastName", max_length=255, min_length=0)
    role = one_of("role", ROLES, required=True)
    apiKey = fields.String(allow_none=True, validate=validate.Regexp(
        r"^scl_live_[A-Za-z0-9]{32}$", error="Must be scl_live_ followed by 32 letters or digits."))
    imageUrl = text("imageUrl", max_length=2048)
    joinedAt = _instant()


class SeedComponent(Stamped, CreateComponentBody):
    id = _id()
    status = one_of("status", COMPONENT_STATUSES)
    maintenanceWindow = fields.Dict(allow_none=True)


class SeedStatusPage(StrictSchema):
    id = _id()
    slug = fields.String(required=True, validate=validate.Regexp(r"^[a-z0-9][a-z0-9-]{0,62}$", error="Must be a lowercase slug."))
    name = text("name", max_length=255, required=True)
    published = fields.Boolean(load_default=True)
    components = _names()
    overrides = fields.Dict(keys=fields.String(), values=fields.String(validate=validate.OneOf(COMPONENT_STATUSES)))


class SeedRotationLayer(Stamped, RotationLayerBody):
    id = _id()


class SeedSchedule(Stamped, ScheduleBody):
    id = _id()
    createdBy = fields.String(allow_none=True)
    layers = fields.List(fields.Nested(SeedRotationLayer), load_default=list)


class SeedTarget(StrictSchema):
    type = one_of("type", ("schedule", "users"), required=True)
    schedule = fields.String()
    scheduleId = fields.String()
    userIds = _names()

    @validates_schema
    def _one_target(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data["type"] == "schedule" and not (data.get("schedule") or data.get("scheduleId")):
            raise ValidationError("A schedule target needs schedule (a name) or scheduleId.", "schedule")
        if data["type"] == "users" and not data.get("userIds"):
            raise ValidationError("A users target needs a non-empty userIds.", "userIds")


class SeedCondition(StrictSchema):
    workingHours = fields.String()
    workingHoursId = fields.String()
    when = one_of("when", ("during", "outside"), required=True)


class SeedPolicyLayer(Stamped, StrictSchema):
    id = _id()
    position = WholeNumber(validate=validate.Range(min=1, error="Must be at least {min}."))
    ackTimeoutMinutes = WholeNumber(validate=validate.Range(min=1, max=10_080, error="Must be between {min} and {max}."))
    escalateAfterSeconds = WholeNumber(validate=validate.Range(min=60, error="Must be at least {min}."))
    target = fields.Nested(SeedTarget, required=True)
    condition = fields.Nested(SeedCondition, allow_none=True)

    @validates_schema
    def _timeout(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("ackTimeoutMinutes") is None and data.get("escalateAfterSeconds") is None:
            raise ValidationError("Missing data for required field.", "ackTimeoutMinutes")


class SeedPolicy(Stamped, StrictSchema):
    id = _id()
    createdBy = fields.String(allow_none=True)
    name = text("name", max_length=255, required=True)
    description = text("description", max_length=10_000, min_length=0)
    layers = fields.List(fields.Nested(SeedPolicyLayer), load_default=list)


class SeedWindow(StrictSchema):
    days = fields.List(WholeNumber(validate=validate.Range(min=1, max=7)), required=True)
    start = HandoffTime(required=True)
    end = HandoffTime(required=True)


class SeedWorkingHours(Stamped, StrictSchema):
    id = _id()
    name = text("name", max_length=255, required=True)
    timezone = timezone_field("timezone")
    windows = fields.List(fields.Nested(SeedWindow), required=True, validate=validate.Length(min=1))


class SeedRoutingRule(StrictSchema):
    severity = one_of("severity", SEVERITIES, required=True)
    outcome = one_of("outcome", ("incident", "provisional_page", "notification", "drop"), required=True)
    escalationPolicy = fields.String(allow_none=True)


class SeedRoutingPolicy(Stamped, StrictSchema):
    id = _id()
    name = text("name", max_length=255, required=True)
    description = text("description", max_length=10_000, min_length=0)
    isDefault = fields.Boolean()
    rules = fields.List(fields.Nested(SeedRoutingRule))


class SeedMatcher(StrictSchema):
    key = fields.String(required=True)
    value = fields.String(required=True)


class SeedSelector(StrictSchema):
    matchers = fields.List(fields.Nested(SeedMatcher), required=True)
    routingPolicy = fields.String(required=True)


class SeedIntegration(Stamped, StrictSchema):
    id = _id()
    name = text("name", max_length=255, required=True)
    component = fields.String(required=True)
    routingPolicy = fields.String(allow_none=True)
    selectors = fields.List(fields.Nested(SeedSelector))


class SeedHistoryEntry(StrictSchema):
    status = one_of("status", STATUSES[1:], required=True)
    at = SeedTime(required=True)
    resolutionNote = text("resolutionNote", max_length=2_000, min_length=0)
    by = fields.String(allow_none=True)


class SeedUpdate(StrictSchema):
    body = text("body", max_length=10_000)
    visibility = one_of("visibility", ("internal", "public"), required=True)
    statusChange = one_of("statusChange", STATUSES[1:])
    postedAt = SeedTime(required=True)
    postedBy = fields.String(allow_none=True)
    id = _id()
    redactedAt = _instant()
    redactedBy = fields.String(allow_none=True)


class SeedHistoryRecord(StrictSchema):
    """A recorded incident's statusHistory row, as GET /v1/incidents/{id} shows it."""

    id = fields.String(required=True, validate=validate.Length(min=1, max=255, error=LENGTH_ERROR))
    status = one_of("status", STATUSES, required=True)
    changedAt = SeedTime(required=True)
    resolutionNote = text("resolutionNote", max_length=2_000, min_length=0)


class SeedEvent(StrictSchema):
    """A recorded incident's audit event, as GET /v1/incidents/{id} shows it."""

    id = fields.String(required=True, validate=validate.Length(min=1, max=255, error=LENGTH_ERROR))
    type = fields.String(required=True, validate=validate.Length(min=1, max=100, error=LENGTH_ERROR))
    actorId = fields.String(allow_none=True)
    occurredAt = SeedTime(required=True)
    data = fields.Dict(keys=fields.String(), load_default=dict)


# A recorded incident (one with an `id`) is loaded as it is, not replayed: it needs these keys.
RECORDED_INCIDENT_KEYS = ("sequentialId", "status", "updatedAt", "statusHistory")


class SeedIncident(StrictSchema):
    """Seed format 2: an incident with its history, replayed through the store's rules when the seed loads;
    or, with an `id`, a recorded incident (a snapshot's) loaded with its ids, history, updates and events."""

    title = text("title", max_length=100, required=True)
    description = text("description", max_length=10_000, min_length=0)
    severity = one_of("severity", SEVERITIES, required=True)
    owner = fields.String(allow_none=True)
    ownerSchedule = fields.String(allow_none=True)
    components = _names()
    escalationPolicy = fields.String(allow_none=True)
    createdAt = SeedTime(required=True)
    createdBy = fields.String(allow_none=True)
    history = fields.List(fields.Nested(SeedHistoryEntry), load_default=list)
    updates = fields.List(fields.Nested(SeedUpdate), load_default=list)
    acknowledgedAt = SeedTime(allow_none=True)
    acknowledgedBy = fields.String(allow_none=True)
    id = _id()
    sequentialId = WholeNumber(validate=validate.Range(min=1, error="Must be at least {min}."))
    status = one_of("status", STATUSES)
    updatedAt = _instant()
    statusHistory = fields.List(fields.Nested(SeedHistoryRecord))
    events = fields.List(fields.Nested(SeedEvent))

    @validates_schema
    def _recorded(self, data: dict[str, Any], **kwargs: Any) -> None:
        recorded = data.get("id") is not None
        if not recorded:
            for key in ("sequentialId", "status", "updatedAt", "statusHistory", "events"):
                if data.get(key) is not None:
                    raise ValidationError(f"Only a recorded incident (one with an id) has {key}.", key)
            return
        for key in RECORDED_INCIDENT_KEYS:
            if data.get(key) is None:
                raise ValidationError("A recorded incident (one with an id) needs this key.", key)
        if data.get("history"):
            raise ValidationError("A recorded incident has statusHistory, not history.", "history")
        statuses = [entry["status"] for entry in data["statusHistory"]]
        if statuses != list(STATUSES[: len(statuses)]) or statuses[-1] != data["status"]:
            raise ValidationError("Must hold each status from investigating to the incident's status, in order.", "statusHistory")


class SeedOrganization(StrictSchema):
    id = fields.String(required=True, validate=validate.Regexp(r"^org_[A-Za-z0-9_]{1,60}$", error="Must look like org_<name>."))
    name = text("name", max_length=chosen.TENANT_NAME_MAX, required=True)
    members = fields.List(fields.Nested(SeedMember), load_default=list)
    components = fields.List(fields.Nested(SeedComponent), load_default=list)
    statusPages = fields.List(fields.Nested(SeedStatusPage), load_default=list)
    schedules = fields.List(fields.Nested(SeedSchedule), load_default=list)
    workingHours = fields.List(fields.Nested(SeedWorkingHours), load_default=list)
    escalationPolicies = fields.List(fields.Nested(SeedPolicy), load_default=list)
    routingPolicies = fields.List(fields.Nested(SeedRoutingPolicy), load_default=list)
    inboundIntegrations = fields.List(fields.Nested(SeedIntegration), load_default=list)
    incidents = fields.List(fields.Nested(SeedIncident), load_default=list)


class SeedDocument(StrictSchema):
    version = fields.Integer(validate=validate.OneOf(SEED_VERSIONS, error="Must be one of: {choices}."))
    seededAt = Instant()
    description = fields.String()
    organizations = fields.List(fields.Nested(SeedOrganization), load_default=list)


class SeedInvalid(ValueError):
    """A seed that breaks the seed format (the message is one line naming the record and the field)."""


def _label(record: Any) -> str:
    if isinstance(record, dict):
        for key in ("name", "slug", "title", "id"):
            if isinstance(record.get(key), str):
                return f" {record[key]!r}"
    return ""


def _describe(document: Any, messages: Any) -> str:
    """`organizations[0] 'org_acme' > components[1] 'Databse' > name: message` for marshmallow's errors."""
    parts: list[str] = []
    node = document
    while isinstance(messages, dict) and messages:
        key, messages = next(iter(messages.items()))
        if key == "_schema":
            break
        if isinstance(key, int):
            node = node[key] if isinstance(node, list) and key < len(node) else None
            parts[-1] += f"[{key}]{_label(node)}"
            continue
        if isinstance(messages, dict) and messages and all(isinstance(k, int) for k in messages):
            parts.append(str(key))
        elif isinstance(messages, dict) and messages and not isinstance(node, dict):
            parts.append(str(key))
        else:
            if isinstance(messages, dict) and messages:
                parts.append(str(key))
            else:
                parts.append(f"{key}:")
                break
        node = node.get(key) if isinstance(node, dict) else None
    text_ = messages[0] if isinstance(messages, list) and messages else str(messages)
    if isinstance(text_, dict):  # nested unknown-field errors come as {field: [message]}
        text_ = next(iter(text_.values()))[0]
    where = " > ".join(parts)
    return f"{where} {text_}" if where.endswith(":") else f"{where}: {text_}"


def validate_seed(document: Any, name: str) -> None:
    """Raise SeedInvalid (one line naming `name`, the record and the field) unless `document` is a valid seed.

    Example::

        validate_seed({"organizations": []}, "my-seed.json")
    """
    if not isinstance(document, dict):
        raise SeedInvalid(f"seed {name}: must be a JSON object")
    try:
        SeedDocument().load(document)
    except ValidationError as exc:
        raise SeedInvalid(f"seed {name}: {_describe(document, exc.messages)}") from None
    problem = _reference_problem(document)
    if problem is not None:
        raise SeedInvalid(f"seed {name}: {problem}")


def _names_and_ids(records: list[dict[str, Any]]) -> dict[str, bool]:
    """Every name (shown in errors) and id (accepted, not shown) of `records`."""
    known = {record["name"]: True for record in records}
    known.update({record["id"]: False for record in records if record.get("id") and record["id"] not in known})
    return known


def _reference_problem(document: dict[str, Any]) -> str | None:
    """The first reference to something the seed does not hold (a misspelt component, an unknown member)."""
    version = document.get("version", 1)
    seen_ids: set[str] = set()
    for o, org in enumerate(document["organizations"]):
        at = f"organizations[{o}]{_label(org)}"
        if org["id"] in seen_ids:
            return f"{at} > id: Another organization has this id."
        seen_ids.add(org["id"])
        members = {m["id"]: True for m in org.get("members", [])}
        components = _names_and_ids(org.get("components", []))
        schedules = _names_and_ids(org.get("schedules", []))
        policies = _names_and_ids(org.get("escalationPolicies", []))

        def unknown(refs: Any, known: dict[str, bool]) -> str | None:
            return next((ref for ref in refs if ref is not None and ref not in known), None)

        checks: list[tuple[str, str | None, str, Any]] = []
        for i, page in enumerate(org.get("statusPages", [])):
            checks.append((f"statusPages[{i}]{_label(page)} > components", unknown(page.get("components", []), components), "component", components))
            checks.append((f"statusPages[{i}]{_label(page)} > overrides", unknown(page.get("overrides", {}), components), "component", components))
        for i, schedule in enumerate(org.get("schedules", [])):
            for j, layer in enumerate(schedule.get("layers", [])):
                checks.append((f"schedules[{i}]{_label(schedule)} > layers[{j}]{_label(layer)} > participantIds",
                               unknown(layer["participantIds"], members), "member", members))
        for i, policy in enumerate(org.get("escalationPolicies", [])):
            for j, layer in enumerate(policy.get("layers", [])):
                target = layer["target"]
                where = f"escalationPolicies[{i}]{_label(policy)} > layers[{j}] > target"
                checks.append((where, unknown([target.get("schedule") or target.get("scheduleId")], schedules), "schedule", schedules))
                checks.append((where, unknown(target.get("userIds", []), members), "member", members))
        incidents = org.get("incidents", [])
        if incidents and version < 2:
            return f"{at} > incidents: Incidents need seed format version 2 (add \"version\": 2)."
        for i, incident in enumerate(incidents):
            where = f"incidents[{i}]{_label(incident)}"
            checks.append((f"{where} > components", unknown(incident.get("components", []), components), "component", components))
            checks.append((f"{where} > escalationPolicy", unknown([incident.get("escalationPolicy")], policies), "escalation policy", policies))
            if incident.get("id") is not None:
                continue  # recorded: its people may have left the organization since (the API still names them)
            checks.append((f"{where} > owner", unknown([incident.get("owner"), incident.get("createdBy"), incident.get("acknowledgedBy")], members), "member", members))
            checks.append((f"{where} > ownerSchedule", unknown([incident.get("ownerSchedule")], schedules), "schedule", schedules))
            if incident.get("owner") is None and incident.get("ownerSchedule") is None:
                return f"{at} > {where} > owner: Give owner or ownerSchedule."
        for where, bad, what, known in checks:
            if bad is not None:
                names = ", ".join(repr(k) for k, shown in known.items() if shown) or "none"
                return f"{at} > {where}: Unknown {what} {bad!r} (known: {names})."
    return None
