"""The store's records: plain dataclasses, no behaviour beyond small derived properties."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time
from typing import Any

from .record import Record

SEVERITIES = ("critical", "high", "medium", "low")
STATUSES = ("investigating", "identified", "monitoring", "resolved")
VISIBILITIES = ("internal", "public")
ROLES = ("org:admin", "org:member")
ROTATION_TYPES = ("daily", "weekly", "custom")
COMPONENT_STATUSES = ("operational", "degraded", "partial_outage", "major_outage", "maintenance")
CONDITION_WHENS = ("during", "outside")
ROUTING_OUTCOMES = ("incident", "provisional_page", "notification", "drop")


@dataclass(slots=True, repr=False, eq=False)
class Organization(Record):
    """A tenant: everything else belongs to one (`org_id`)."""

    id: str
    name: str
    next_sequential_id: int = 1


@dataclass(slots=True, repr=False, eq=False)
class Member(Record):
    """A user of an organization, with their role."""

    id: str
    org_id: str
    email: str
    first_name: str
    last_name: str
    role: str
    joined_at: datetime
    image_url: str | None = None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass(slots=True, repr=False, eq=False)
class ApiKey(Record):
    """A `scl_live_` key: whose it is and in which organization it acts."""

    key: str
    org_id: str
    user_id: str
    revoked: bool = False


@dataclass(slots=True, repr=False, eq=False)
class Invitation(Record):
    """An invitation of an e-mail address to join an organization."""

    id: str
    org_id: str
    email_address: str
    role: str
    status: str
    created_at: datetime


@dataclass(slots=True, repr=False, eq=False)
class MaintenanceWindow(Record):
    """A component's maintenance interval; `ends_at` None means open-ended."""

    started_at: datetime
    ends_at: datetime | None = None


@dataclass(slots=True, repr=False, eq=False)
class Component(Record):
    """A monitored part of the service, shown on status pages."""

    id: str
    org_id: str
    name: str
    description: str | None
    group_label: str | None
    aliases: list[str]
    created_at: datetime
    updated_at: datetime
    # Set through the control plane or the seed (never through the API):
    manual_status: str | None = None
    maintenance_window: MaintenanceWindow | None = None
    # Creation order (newest first in lists, stable cursors); 0 for records loaded without one.
    sequence: int = 0


@dataclass(slots=True, repr=False, eq=False)
class StatusPage(Record):
    """A public status page listing some components."""

    id: str
    org_id: str
    slug: str
    name: str
    published: bool
    component_ids: list[str]
    # component id -> manual status override set by an admin
    overrides: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True, repr=False, eq=False)
class RotationLayer(Record):
    """One layer of an on-call schedule: participants taking turns from `effective_from`."""

    id: str
    schedule_id: str
    name: str
    position: int
    rotation_type: str
    rotation_length_days: int
    handoff_time: time
    effective_from: datetime
    effective_until: datetime | None
    participant_ids: list[str]
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True, repr=False, eq=False)
class ScheduleOverride(Record):
    """A schedule-wide override: `user_id` takes the owner-bearing layer's turn in [starts_at, ends_at)."""

    id: str
    schedule_id: str
    user_id: str
    starts_at: datetime
    ends_at: datetime
    created_by: str
    created_at: datetime


@dataclass(slots=True, repr=False, eq=False)
class Schedule(Record):
    """An on-call schedule: rotation layers and overrides in one time zone."""

    id: str
    org_id: str
    name: str
    description: str | None
    timezone: str
    created_by: str
    created_at: datetime
    updated_at: datetime
    layers: list[RotationLayer] = field(default_factory=list)
    # Sorted by starts_at, never overlapping (store/overrides.py), so the active one is found by bisection.
    overrides: list[ScheduleOverride] = field(default_factory=list)


@dataclass(slots=True, repr=False, eq=False)
class WorkingWindow(Record):
    """One weekly window of a working-hours set: ISO weekdays (1 = Monday) and local start/end times."""

    days: list[int]
    start: time
    end: time


@dataclass(slots=True, repr=False, eq=False)
class WorkingHours(Record):
    """Named weekly working windows in one time zone (escalation step conditions read them)."""

    id: str
    org_id: str
    name: str
    timezone: str
    windows: list[WorkingWindow]
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True, repr=False, eq=False)
class StepCondition(Record):
    """A step pages only `during` (or `outside`) the windows of a working-hours set."""

    working_hours_id: str
    when: str  # "during" | "outside"


@dataclass(slots=True, repr=False, eq=False)
class PolicyLayer(Record):
    """One record, two views: a policy *layer* (docs) and an escalation *step* (Scaling's client)."""

    id: str
    policy_id: str
    position: int
    escalate_after_seconds: int
    target_type: str  # "schedule" | "users"
    schedule_id: str | None
    user_ids: list[str]
    created_at: datetime
    updated_at: datetime
    condition: StepCondition | None = None

    @property
    def ack_timeout_minutes(self) -> int:
        """The layer view's timeout: whole minutes, rounded down (see chosen/)."""
        return self.escalate_after_seconds // 60

    @ack_timeout_minutes.setter
    def ack_timeout_minutes(self, minutes: int) -> None:
        self.escalate_after_seconds = 60 * minutes


@dataclass(slots=True, repr=False, eq=False)
class EscalationPolicy(Record):
    """Who is paged for an incident, layer by layer."""

    id: str
    org_id: str
    name: str
    description: str | None
    created_by: str
    created_at: datetime
    updated_at: datetime
    layers: list[PolicyLayer] = field(default_factory=list)


@dataclass(slots=True, repr=False, eq=False)
class StatusHistoryEntry(Record):
    """One status an incident passed through, and when."""

    id: str
    status: str
    changed_at: datetime
    resolution_note: str | None = None


@dataclass(slots=True, repr=False, eq=False)
class Event(Record):
    """One entry of an incident's timeline."""

    id: str
    type: str
    actor_id: str | None
    occurred_at: datetime
    data: dict = field(default_factory=dict)


@dataclass(slots=True, repr=False, eq=False)
class Update(Record):
    """A message posted on an incident (internal or public)."""

    id: str
    incident_id: str
    body: str | None
    status_change: str | None
    visibility: str
    posted_by: str
    posted_at: datetime
    redacted_at: datetime | None = None
    redacted_by: str | None = None


@dataclass(slots=True, repr=False, eq=False)
class Escalation(Record):
    """Where an incident's escalation stands: the layer last paged and when the next step is due."""

    policy_id: str
    layer_position: int
    due_at: datetime | None


@dataclass(slots=True, repr=False, eq=False)
class Page(Record):
    """One notification sent by the fake (the notification journal)."""

    id: str
    org_id: str
    incident_id: str | None  # None for alert pages that open no incident (provisional_page, notification)
    user_id: str | None  # None for an alert notification, which goes to no one person
    sent_at: datetime
    reason: str  # "escalation" | "handoff" | "provisional_page" | "notification"
    layer_position: int | None
    integration_id: str | None = None  # the inbound integration whose alert caused it


@dataclass(slots=True, repr=False, eq=False)
class Incident(Record):
    """An incident with its status history, events and updates."""

    id: str
    org_id: str
    sequential_id: int
    title: str
    description: str | None
    severity: str
    status: str
    owner_id: str | None
    escalation_policy_id: str | None
    component_ids: list[str]
    created_by: str
    created_at: datetime
    updated_at: datetime
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None
    status_history: list[StatusHistoryEntry] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    escalation: Escalation | None = None

    @property
    def resolved(self) -> bool:
        return self.status == "resolved"


@dataclass(slots=True, repr=False, eq=False)
class RoutingRule(Record):
    """What a routing policy does with alerts of one severity."""

    severity: str
    outcome: str  # one of ROUTING_OUTCOMES
    escalation_policy_id: str | None


@dataclass(slots=True, repr=False, eq=False)
class RoutingPolicy(Record):
    """Severity -> outcome, exactly one rule per severity; one policy per organization is the default."""

    id: str
    org_id: str
    name: str
    description: str | None
    is_default: bool
    rules: list[RoutingRule]
    created_at: datetime
    updated_at: datetime


@dataclass(slots=True, repr=False, eq=False)
class SelectorMatcher(Record):
    """One attribute equality test of a routing selector (values compared case-insensitively)."""

    key: str
    value: str


@dataclass(slots=True, repr=False, eq=False)
class RoutingSelector(Record):
    """An ordered selector row of an inbound integration: all matchers match -> its routing policy."""

    matchers: list[SelectorMatcher]
    routing_policy_id: str


@dataclass(slots=True, repr=False, eq=False)
class InboundIntegration(Record):
    """An alert source provisioned out of band (control plane, seed); its selectors are set through the API."""

    id: str
    org_id: str
    name: str
    component_id: str
    routing_policy_id: str | None
    selectors: list[RoutingSelector]
    created_at: datetime
    updated_at: datetime


# ---- the MCP surface (contract §7): who may call it --------------------------------------------------
@dataclass(slots=True, repr=False, eq=False)
class McpClient(Record):
    """One MCP client: registered through OAuth (RFC 7591) or made by the control plane; a connection once
    it holds a token (first connected = its first token, last used = its last authenticated call)."""

    client_id: str
    client_name: str | None
    metadata: dict[str, Any]
    registered_at: datetime
    org_id: str | None = None
    user_id: str | None = None
    first_connected_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked: bool = False


@dataclass(slots=True, repr=False, eq=False)
class McpToken(Record):
    """An access or refresh token of one client acting for one user."""

    token: str
    kind: str  # "access" | "refresh"
    client_id: str
    user_id: str
    org_id: str
    expires_at: datetime
    scopes: list[str] = field(default_factory=list)


@dataclass(slots=True, repr=False, eq=False)
class McpCode(Record):
    """An authorization code waiting to be exchanged (PKCE is checked by the SDK's token handler)."""

    code: str
    client_id: str
    user_id: str
    org_id: str
    expires_at: datetime
    data: dict[str, Any]  # redirect_uri, code_challenge, scopes, resource ... as the SDK hands them over
