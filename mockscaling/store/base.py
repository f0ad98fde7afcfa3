"""The store's foundation: its collections, lock, clock, ids, reset, auth and the state dump."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from .. import chosen
from ..domain import errors
from ..domain.clock import Clock
from ..domain.ids import IdSource
from ..domain.models import (
    ApiKey,
    Component,
    EscalationPolicy,
    Event,
    InboundIntegration,
    Incident,
    Invitation,
    McpClient,
    McpCode,
    McpToken,
    Member,
    Organization,
    Page,
    ROUTING_OUTCOMES,
    SEVERITIES,
    RoutingPolicy,
    Schedule,
    StatusPage,
    WorkingHours,
)
from ..domain.record import FrozenRecord
from ..state.codec import gc_paused, to_jsonable
from .saving import SavingMixin
from .facets import IncidentTable
from .state_document import StateError, check_owned_references, check_top_level
from .grouped_tables import MemberTable, SlugTable, TokenTable
from .tables import ChangeLog, ComponentTable, RecordTable
from .world_copy import World

STATE_VERSION = 1

# name in the dump -> (attribute on the store, record class, key of the record)
COLLECTIONS: dict[str, tuple[str, type, str]] = {
    "organizations": ("organizations", Organization, "id"),
    "members": ("members", Member, "id"),
    "apiKeys": ("api_keys", ApiKey, "key"),
    "invitations": ("invitations", Invitation, "id"),
    "components": ("components", Component, "id"),
    "statusPages": ("status_pages", StatusPage, "id"),
    "schedules": ("schedules", Schedule, "id"),
    "workingHours": ("working_hours", WorkingHours, "id"),
    "escalationPolicies": ("policies", EscalationPolicy, "id"),
    "incidents": ("incidents", Incident, "id"),
    "routingPolicies": ("routing_policies", RoutingPolicy, "id"),
    "inboundIntegrations": ("integrations", InboundIntegration, "id"),
    # The MCP surface's clients, codes and tokens (store/mcp.py): state files keep connections alive.
    "mcpClients": ("mcp_clients", McpClient, "client_id"),
    "mcpCodes": ("mcp_codes", McpCode, "code"),
    "mcpTokens": ("mcp_tokens", McpToken, "token"),
}

# Record class by collection name in a state document, pages last.
_DOCUMENT_CLASSES: dict[str, type] = {**{name: cls for name, (_, cls, _) in COLLECTIONS.items()}, "pages": Page}

# Tables with more than the per-organization index: incidents are kept in sequential-id order per
# organization, with a sorted list per filter value (store/facets.py); components in creation order; MCP
# tokens by client, status pages by slug and members by e-mail too (store/grouped_tables.py).
INDEXED_TABLES: dict[str, type[RecordTable]] = {
    "incidents": IncidentTable, "components": ComponentTable,
    "mcp_tokens": TokenTable, "status_pages": SlugTable, "members": MemberTable,
}


def _table(attr: str, changes: ChangeLog, records: Iterable[tuple[Any, Any]] = ()) -> RecordTable:
    return INDEXED_TABLES.get(attr, RecordTable)(attr, changes, records)

F = TypeVar("F", bound=Callable[..., Any])


def locked(method: F) -> F:
    """Run a store method under the store's lock, after firing any escalation that has come due."""

    @functools.wraps(method)
    def wrapper(self: StoreBase, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            # The usual call has nothing pending: no tracking, no clock read.
            if self._escalation_timer and not self._escalations_held:
                try:
                    with self._tracking():  # firing due steps changes records: a state file saves them
                        if self._fire_due_escalations():
                            self._changed()
                except errors.ServiceUnavailable:
                    # The steps could not be saved (undone, back on the timer): a read is served all the same,
                    # and the next write fires them again (saved with it, or refused with it).
                    self._escalations_held = True
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def mutating(method: F) -> F:
    """Like `locked`, and tell the change listeners once the mutation succeeded.

    With a state file attached, the records the outermost call changed are saved in one transaction
    before it returns; a failed save undoes the call and raises ServiceUnavailable.
    """

    def run(self: StoreBase, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        self._escalations_held = False
        fired = bool(self._escalation_timer) and self._fire_due_escalations()  # nothing pending: no call
        # One instant per change: every now() inside this mutation reads the same time, so a status
        # change's history entry, update and event never differ by a millisecond.
        outermost = self._mutation_now is None
        if outermost:
            self._mutation_now = self.clock.now()
        try:
            result = method(self, *args, **kwargs)
        except BaseException:
            # The mutation was refused, but escalation steps that fired before it did change the state.
            if fired:
                self._changed()
            raise
        finally:
            if outermost:
                self._mutation_now = None
        if self._listeners:  # self._changed(), without the call when nobody listens (the usual store)
            self._changed()
        return result

    @functools.wraps(method)
    def wrapper(self: StoreBase, *args: Any, **kwargs: Any) -> Any:
        with self._lock:
            if self._sink is None:  # no state file: nothing to track, so no tracking context on every write
                return run(self, args, kwargs)
            with self._tracked():
                return run(self, args, kwargs)

    return wrapper  # type: ignore[return-value]


@dataclass(frozen=True, repr=False, eq=False)  # FrozenRecord's ==, repr() and hash: none generated (domain/record.py)
class Principal(FrozenRecord):
    """Who is calling: the API key's organization, user and that user's role."""

    org_id: str
    user_id: str
    role: str

    @property
    def is_admin(self) -> bool:
        return self.role == "org:admin"


@functools.lru_cache(maxsize=4096)
def _principal(org_id: str, user_id: str, role: str) -> Principal:
    # Principals are immutable values: every request of the same caller can share one.
    return Principal(org_id=org_id, user_id=user_id, role=role)


def _check_clock_target(start: datetime, seconds: float) -> None:
    """422 unless `start + seconds` lies in chosen.INSTANT_RANGE (far dates overflow datetime arithmetic)."""
    low, high = chosen.INSTANT_RANGE
    try:
        target = start.astimezone(UTC) + timedelta(seconds=seconds)
    except (OverflowError, ValueError):
        target = None
    if target is None or not low <= target < high:
        field = "advance" if seconds else "freeze"
        raise errors.ValidationFailed(
            f"{field}: The clock must stay between {low.year} and {high.year}.", code=chosen.VALIDATION_CODE_BODY
        )


def _check_references(loaded: dict[str, list[Any]]) -> None:
    """StateError when a loaded document points at records it does not contain (which would 500 later)."""
    orgs = {org.id for org in loaded["organizations"]}
    members = {member.id: member.org_id for member in loaded["members"]}
    for name in (
        "members", "apiKeys", "invitations", "components", "statusPages", "schedules", "workingHours", "escalationPolicies",
        "incidents", "routingPolicies", "inboundIntegrations",
    ):
        for record in loaded[name]:
            if record.org_id not in orgs:
                raise StateError(f"state document does not fit: {name} refers to unknown organization {record.org_id!r}")
    for api_key in loaded["apiKeys"]:
        # A removed member's keys stay behind revoked (DELETE member), so only live keys need their member.
        if not api_key.revoked and members.get(api_key.user_id) != api_key.org_id:
            raise StateError(f"state document does not fit: API key of unknown member {api_key.user_id!r}")
    working_hours = {hours.id: hours.org_id for hours in loaded["workingHours"]}
    for policy in loaded["escalationPolicies"]:
        for layer in policy.layers:
            if layer.condition is not None and working_hours.get(layer.condition.working_hours_id) != policy.org_id:
                raise StateError(f"state document does not fit: a step condition names unknown working hours {layer.condition.working_hours_id!r}")
    _check_routing_references(loaded)
    highest: dict[str, int] = {}
    for incident in loaded["incidents"]:
        highest[incident.org_id] = max(highest.get(incident.org_id, 0), incident.sequential_id)
    for org in loaded["organizations"]:
        if org.next_sequential_id <= highest.get(org.id, 0):
            raise StateError(f"state document does not fit: {org.id} next_sequential_id is not above its incidents'")


def _check_routing_references(loaded: dict[str, list[Any]]) -> None:
    """StateError when routing policies or integrations point outside their organization (contract §6.2)."""
    def owners(name: str) -> dict[str, str]:
        return {record.id: record.org_id for record in loaded[name]}

    escalation, routing, components = owners("escalationPolicies"), owners("routingPolicies"), owners("components")
    defaults: set[str] = set()
    for policy in loaded["routingPolicies"]:
        if policy.is_default:
            if policy.org_id in defaults:
                raise StateError(f"state document does not fit: {policy.org_id} has two default routing policies")
            defaults.add(policy.org_id)
        if sorted(rule.severity for rule in policy.rules) != sorted(SEVERITIES) or any(
            rule.outcome not in ROUTING_OUTCOMES for rule in policy.rules
        ):
            raise StateError(f"state document does not fit: routing policy {policy.id!r} needs one rule per severity")
        for rule in policy.rules:
            if rule.escalation_policy_id is not None and escalation.get(rule.escalation_policy_id) != policy.org_id:
                raise StateError(f"state document does not fit: routing rule names unknown escalation policy {rule.escalation_policy_id!r}")
    for integration in loaded["inboundIntegrations"]:
        named = [integration.routing_policy_id, *(s.routing_policy_id for s in integration.selectors)]
        if components.get(integration.component_id) != integration.org_id or any(
            p is not None and routing.get(p) != integration.org_id for p in named
        ):
            raise StateError(f"state document does not fit: integration {integration.id!r} names a record of no organization of its own")


# Fills an empty store from a seed (worlds.seed.load_seed): passed in, so the store stays below worlds/.
Seeder = Callable[[Any, Any], None]


class StoreBase(SavingMixin):
    """Owns every collection; the rule mixins in this package add the operations."""

    organizations: dict[str, Organization]
    members: MemberTable
    api_keys: dict[str, ApiKey]
    invitations: dict[str, Invitation]
    components: ComponentTable
    status_pages: SlugTable
    schedules: dict[str, Schedule]
    working_hours: dict[str, WorkingHours]
    policies: dict[str, EscalationPolicy]
    incidents: IncidentTable
    routing_policies: dict[str, RoutingPolicy]
    integrations: dict[str, InboundIntegration]
    pages: list[Page]
    _escalation_timer: list[tuple[datetime, int, str]]

    def __init__(
        self, clock: Clock | None = None, ids: IdSource | None = None, seed: Any = None, seeder: Seeder | None = None,
    ) -> None:
        if seed is not None and seeder is None:
            # The store knows no seed format (worlds/ does, above it): mockscaling.Store brings both.
            raise TypeError("a seed needs a seeder: use mockscaling.Store, which knows the seeds (this bare store starts empty)")
        self.clock = clock or Clock()
        self.ids = ids or IdSource()
        self.ids.bind_clock(self.clock.now)  # ids are time-ordered by the fake clock (§6.1: UUIDv7)
        self.seed = seed
        self.seeder = seeder
        self._lock = threading.RLock()
        self._mutation_now: datetime | None = None  # set while a @mutating method runs (under the lock)
        self._escalations_held = False  # True after due steps could not be saved: reads skip them until a write
        self._changes = ChangeLog()
        self._listeners: list[Callable[[], None]] = []
        self.reset()

    # ---- lifecycle -------------------------------------------------------------------------------
    def _clear(self) -> None:
        for attr, _, _ in COLLECTIONS.values():
            setattr(self, attr, _table(attr, self._changes))
        self.pages = []
        self._escalations_held = False
        for hook in self._clear_hooks():
            hook()

    def _clear_hooks(self) -> list[Callable[[], None]]:
        """Extra per-mixin state to clear on reset/load (mixins extend this)."""
        return []

    def _organization_added(self, org_id: str) -> None:
        """Give a new organization (seed, tenant) what every organization has (mixins extend this)."""

    def _state_loaded(self) -> None:
        """Rebuild derived data after a state load, under the lock (mixins extend this)."""

    def reset(self) -> None:
        """Back to the seed: data, id counters, clock and faults.

        The seed's world is loaded once (`_world`) and each reset enters it: the tables share its records
        and copy one the first time they hand it out for a change (`table[key]`, `get`, ...), so a reset
        costs about the same whatever the seed holds.

        Example::

            store.reset()
        """
        with self._lock, self._saving_everything():
            self.ids.reset()
            self.clock.reset()
            if self.seeder is None or self.seed is None:
                self._clear()
            else:
                self._enter_world(self._world())
            self._changed()

    def _world(self) -> World:
        """Load the seed into this store and take it as a world (worlds/world.py keeps one per seed and clock)."""
        self._clear()
        assert self.seeder is not None
        self.seeder(self, self.seed)  # injected from above (worlds/): the store never imports the seed loader
        self.clock.reset()
        return World(
            tables={attr: getattr(self, attr) for attr, _, _ in COLLECTIONS.values()}, pages=tuple(self.pages),
            ids=self.ids.position(), timer=tuple(self._escalation_timer), built_at=self.clock.now(),
        )

    def _enter_world(self, world: World) -> None:
        """Hold `world`'s records (shared, copied on write), pages, id position and pending escalations."""
        self._clear()
        for attr, table in world.tables_for(self._changes).items():
            setattr(self, attr, table)
        self.pages = list(world.pages)
        self.ids.resume(world.ids)
        self._escalation_timer = list(world.timer)

    def consistent(self) -> threading.RLock:
        """The store lock, for building a whole response from one state (held by the app around every view).

        Example::

            with store.consistent():
                body = present.incident_detail(store, store.get_incident(principal, incident_id))
        """
        return self._lock

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every successful mutation (used to persist state files)."""
        self._listeners.append(listener)

    def _changed(self) -> None:
        if self._listeners:  # usually none (no state file): the common mutation skips the loop
            for listener in self._listeners:
                listener()

    # ---- state dump ------------------------------------------------------------------------------
    def dump_state(self) -> dict[str, Any]:
        """The whole store as a JSON-able document (ids preserved).

        Example::

            other.load_state(store.dump_state())
        """
        with self._lock, gc_paused():
            document: dict[str, Any] = {"version": STATE_VERSION}
            for name, (attr, _, _) in COLLECTIONS.items():
                document[name] = [to_jsonable(record) for record in dict.values(getattr(self, attr))]  # no copies
            document["pages"] = [to_jsonable(page) for page in self.pages]
            return document

    def load_state(self, document: Any, *, fill_missing: bool = False) -> None:
        """Replace everything with a whole document from `dump_state`; raises StateError if it does not fit.

        `fill_missing=True` (the `--import-state` migration) takes an older document without the
        collections added since, as empty ones.
        """
        # Here, not at the top: only a state load decodes a document, and a fresh process answering its first
        # request should not import the decoder and its value checks (docs/performance.md, start-up).
        from ..state.documents import decode_document

        document = check_top_level(document, STATE_VERSION, COLLECTIONS, fill_missing)
        with gc_paused():  # from the first record decoded to the last one indexed (see gc_paused)
            try:
                # The shape caps, the records, their values and instants (state/documents.py)
                loaded = decode_document(document, _DOCUMENT_CLASSES)
            except (TypeError, ValueError, KeyError, AttributeError, OverflowError, RecursionError) as exc:
                raise StateError(f"state document does not fit: {exc}") from exc
            pages = loaded.pop("pages")
            _check_references(loaded)
            check_owned_references(loaded)
            with self._lock, self._saving_everything():
                self._clear()
                for name, (attr, _, key) in COLLECTIONS.items():
                    setattr(self, attr, _table(attr, self._changes, ((getattr(record, key), record) for record in loaded[name])))
                self.pages = pages
                self._state_loaded()
                self._rearm_escalations(self.incidents.values())
                self._changed()

    # ---- clock -----------------------------------------------------------------------------------
    def now(self) -> datetime:
        """The server clock's current time (inside a mutation: the instant the mutation started)."""
        pinned = self._mutation_now
        # Only the thread running the mutation holds the lock; any other thread reads the clock itself.
        if pinned is not None and self._lock._is_owned():  # type: ignore[attr-defined]
            return pinned
        return self.clock.now()

    def set_clock(self, freeze: datetime | None = None, advance: float | None = None, unfreeze: bool = False) -> datetime:
        """Freeze, advance or unfreeze the clock, then fire every escalation that came due, in order.

        Example::

            store.set_clock(freeze=datetime(2026, 4, 7, 10, tzinfo=UTC))
            store.set_clock(advance=900)   # fires the 15-minute escalation
        """
        with self._lock:
            setting = self.clock.snapshot()
            try:
                with self._tracked():
                    self._escalations_held = False
                    _check_clock_target(freeze if freeze is not None else self.clock.now(), advance or 0.0)
                    if freeze is not None:
                        self.clock.freeze(freeze)
                    if advance is not None:
                        self.clock.advance(advance)
                    if unfreeze:
                        self.clock.unfreeze()
                    self._fire_due_escalations()
                    now = self.clock.now()
                    self._changed()
            except errors.ServiceUnavailable:
                self.clock.restore(setting)  # what fired is undone; the clock goes back too: nothing changed
                raise
        return now

    def _fire_due_escalations(self) -> bool:
        """Overridden by the escalation rules; True when something fired."""
        return False

    @staticmethod
    def _record_classes() -> dict[str, type]:
        """Record class by table name (the store attribute), for rebuilding saved records."""
        return {attr: cls for attr, cls, _ in COLLECTIONS.values()}

    def _rearm_escalations(self, incidents: Iterable[Incident]) -> None:
        """Overridden by the escalation rules: put these incidents' pending steps (back) on the timer."""

    # ---- auth and lookups ------------------------------------------------------------------------
    @locked
    def authenticate(self, authorization: str | None) -> Principal:
        """The principal for an `Authorization` header value, or 401."""
        # HTTP drops whitespace around header values (RFC 9110 §5.5), so "Bearer " arrives as "Bearer"
        # over a socket; strip here too so both transports answer alike (see chosen/).
        authorization = (authorization or "").strip()
        if not authorization.startswith("Bearer "):
            raise errors.MissingAuthorizationHeader()
        # Exactly one space before the key (chosen/): "Bearer  key" names the key " key", which is unknown.
        # Read-only lookups (peek): every request passes here and changes neither record.
        api_key = self.api_keys.peek(authorization[len("Bearer "):])
        if api_key is None or api_key.revoked:
            raise errors.InvalidApiKey()
        member = self.members.peek(api_key.user_id)
        if member is None or member.org_id != api_key.org_id:
            raise errors.InvalidApiKey()
        return _principal(api_key.org_id, member.id, member.role)

    @staticmethod
    def require_admin(principal: Principal) -> None:
        """401 not_authorized unless `principal` is an org admin (team endpoints).

        Example::

            store.require_admin(principal)
        """
        if not principal.is_admin:
            raise errors.NotAuthorized()

    def _in_org(self, collection: dict[str, Any], record_id: str, principal: Principal, what: str) -> Any:
        record = collection.get(record_id)
        if record is None or record.org_id != principal.org_id:
            raise errors.NotFound(f"{what} not found.")
        return record

    @staticmethod
    def _of_org(collection: RecordTable, org_id: str) -> list[Any]:
        """The records of `org_id` in `collection`, oldest first (creation order breaks createdAt ties).

        Reads only that organization's records (a per-organization index), never the others'.
        """
        return sorted(collection.of_org(org_id), key=lambda r: r.created_at)

    @staticmethod
    def _check_unique_name(records: Iterable[Any], name: str, what: str, except_id: str | None = None) -> None:
        """409 name_conflict when a record other than `except_id` among `records` is called `name`."""
        if any(record.name == name and record.id != except_id for record in records):
            raise errors.NameConflict(f"{what} named {name!r} already exists.")

    def _member_of(self, org_id: str, user_id: str | None) -> Member | None:
        member = self.members.get(user_id) if user_id else None
        return member if member is not None and member.org_id == org_id else None

    def member(self, user_id: str | None) -> Member | None:
        """A member by id (no org check; used by presenters for names)."""
        return self.members.get(user_id) if user_id else None

    def component(self, component_id: str) -> Component | None:
        """A component by id (no org check; used by presenters)."""
        return self.components.get(component_id)

    def _event(self, incident: Incident, type_: str, actor_id: str | None, at: datetime, **data: Any) -> Event:
        event = Event(id=self.ids.uuid(), type=type_, actor_id=actor_id, occurred_at=at, data=data)
        incident.events.append(event)
        return event
