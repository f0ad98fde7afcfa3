"""Seeds: the readable documents (default, empty or a user's file) that fill a store at start and on reset."""

from __future__ import annotations

import copy
import difflib
import json
from datetime import datetime, time
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import chosen
from ..domain.models import (
    ApiKey,
    Component,
    EscalationPolicy,
    InboundIntegration,
    MaintenanceWindow,
    Member,
    Organization,
    PolicyLayer,
    RotationLayer,
    RoutingPolicy,
    RoutingRule,
    RoutingSelector,
    Schedule,
    SelectorMatcher,
    StatusPage,
    StepCondition,
    WorkingHours,
    WorkingWindow,
)
from .seed_time import seed_time
from ..store.base import StateError
from ..domain.timefmt import parse_datetime
from ..domain.unicode_text import has_lone_surrogate

BUILTIN_SEEDS = ("default", "empty", "major-outage", "quiet-week", "follow-the-sun")
# Scenario seeds made by code at load time rather than shipped as a big file (see scenarios.py).
GENERATED_SEEDS = ("busy-org",)
# Beside this module, as Flask's templates are beside theirs (the package is always installed as files):
# `importlib.resources` would import its readers in every fresh process just to find them.
SEEDS_FOLDER = Path(__file__).with_name("seeds")


class SeedError(ValueError):
    """A seed that cannot be read or does not fit the seed format."""


@lru_cache(maxsize=16)
def _read_seed(name_or_path: str) -> str:
    if name_or_path in GENERATED_SEEDS:
        from .scenarios import generated_seed

        return json.dumps(generated_seed(name_or_path))
    if name_or_path in BUILTIN_SEEDS:
        return (SEEDS_FOLDER / f"{name_or_path}.json").read_text("utf-8")
    try:
        return Path(name_or_path).read_text("utf-8")
    except OSError as exc:
        raise SeedError(_unknown_seed(name_or_path, exc.strerror or str(exc))) from exc
    except UnicodeDecodeError as exc:
        raise SeedError(f"seed {name_or_path} is not UTF-8 text (byte {exc.start})") from exc


def _unknown_seed(name_or_path: str, reason: str) -> str:
    """A seed that is neither a built-in name nor a readable file: the names there are, and the nearest one.

    Example::

        _unknown_seed("major_outage", "No such file or directory")
        # 'unknown seed "major_outage": did you mean "major-outage"? The built-in seeds are ...'
    """
    names = (*BUILTIN_SEEDS, *GENERATED_SEEDS)
    known = ", ".join(names)
    near = difflib.get_close_matches(name_or_path.lower().replace("_", "-"), names, n=1, cutoff=0.6)
    looks_like_a_file = any(mark in name_or_path for mark in ("/", "\\", ".json"))
    head = (f"cannot read seed file {name_or_path} ({reason})" if looks_like_a_file
            else f"unknown seed \"{name_or_path}\"")
    hint = f": did you mean \"{near[0]}\"?" if near else "."
    return f"{head}{hint} The built-in seeds are {known}; anything else is read as the path of a seed JSON file."


@lru_cache(maxsize=16)
def _parsed_seed(name_or_path: str) -> dict[str, Any]:
    # Parsed once: a reset (once per test under the pytest plugin) must not pay for json.loads.
    # Never mutate the result; `load_seed` only reads it and `seed_document` hands out copies.
    try:
        document = json.loads(_read_seed(name_or_path))
    except json.JSONDecodeError as exc:
        raise SeedError(f"seed {name_or_path} is not valid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise SeedError(f"seed {name_or_path} must be a JSON object")
    if chosen.REJECT_LONE_SURROGATES and has_lone_surrogate(document):
        raise SeedError(f"seed {name_or_path} holds a lone UTF-16 surrogate escape (such as \\ud800) in a string")
    if "extends" in document:
        document = _extended(document, name_or_path)
    if name_or_path not in BUILTIN_SEEDS:  # the shipped seeds are checked by the suite (tests/test_seeds.py), not
        _validated(document, name_or_path)  # at every start: that would import the schemas for one check
    return document


def _extended(document: dict[str, Any], name: str) -> dict[str, Any]:
    """A seed with `"extends": "<seed>"`: the base seed's organizations, each extended by the one with the
    same id (lists appended, other keys replaced); new organizations are added."""
    base_name = document["extends"]
    if not isinstance(base_name, str) or base_name == name:
        raise SeedError(f"seed {name}: extends: Must name another seed.")
    merged = copy.deepcopy(_parsed_seed(base_name))
    by_id = {org["id"]: org for org in merged.get("organizations", [])}
    for org in document.get("organizations", []):
        target = by_id.get(org.get("id")) if isinstance(org, dict) else None
        if target is None:
            merged.setdefault("organizations", []).append(org)
            continue
        for key, value in org.items():
            target[key] = target.get(key, []) + value if isinstance(value, list) else value
    merged.update({k: v for k, v in document.items() if k not in ("extends", "organizations")})
    return merged


def is_state_document(document: Any) -> bool:
    """True for a `GET /_mock/state` dump (flat collections such as `apiKeys`), which loads as a state."""
    return isinstance(document, dict) and ("apiKeys" in document or "members" in document)


def _validated(document: Any, name: str) -> None:
    """SeedError unless `document` is a valid seed (or a state dump, which the state loader checks)."""
    if is_state_document(document):
        return
    from .seed_schema import SeedInvalid, validate_seed  # marshmallow and the schemas: only when a seed is checked

    try:
        validate_seed(document, name)
    except SeedInvalid as exc:
        raise SeedError(str(exc)) from None


# Documents given as dicts are validated (and extended) once, not on every reset: id -> (the document, kept
# so its id stays unique; what loads). Bounded like the file caches.
_CHECKED_DOCUMENTS: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}


def seed_document(seed: str | dict[str, Any]) -> dict[str, Any]:
    """The seed as a dict: `seed` is a built-in name ("default", "empty", a scenario), a file path or an
    already parsed document."""
    if isinstance(seed, dict):
        return _extended(seed, "(document)") if "extends" in seed else seed
    return copy.deepcopy(_parsed_seed(str(seed)))


def load_seed(store: Any, seed: str | dict[str, Any]) -> None:
    """Fill an empty store from a seed (see mockscaling/worlds/seeds/default.json for the format).

    Example::

        load_seed(store, "default")
    """
    if isinstance(seed, dict):
        checked = _CHECKED_DOCUMENTS.get(id(seed))
        if checked is None or checked[0] is not seed:
            document = _extended(seed, "(document)") if "extends" in seed else seed
            _validated(document, "(document)")
            if len(_CHECKED_DOCUMENTS) >= 16:
                _CHECKED_DOCUMENTS.clear()
            checked = _CHECKED_DOCUMENTS[id(seed)] = (seed, document)
        document = checked[1]
    else:
        document = _parsed_seed(str(seed))  # read-only use: no copy needed
    if is_state_document(document):
        try:
            store.load_state(document)
        except StateError as exc:
            raise SeedError(f"seed holds a state dump that does not load: {exc}") from exc
        return
    try:
        at = parse_datetime(document.get("seededAt", "2020-01-01T00:00:00.000Z"))
        for org in document.get("organizations", []):
            _load_organization(store, org, at)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SeedError(f"seed does not fit the seed format: {exc!r}") from exc
    if any(org.get("incidents") for org in document.get("organizations", [])):
        _replay_incidents(store, document)


def _replay_incidents(store: Any, document: dict[str, Any]) -> None:
    """Seed format 2: replay every organization's incidents through the rules (see seed_incidents.py)."""
    from ..domain.errors import ScalingError
    from .seed_incidents import load_incidents

    from .seed_recorded import RecordedIncidentError, load_recorded_incident

    now = store.clock.now()
    listeners, store._listeners = store._listeners, []  # one state-file write for the whole seed, not one per step
    try:
        for o, org in enumerate(document["organizations"]):
            incidents = list(enumerate(org.get("incidents", [])))
            # Recorded incidents (with an id) first: they hold their sequential ids; replayed ones take the next.
            for i, incident in [pair for pair in incidents if pair[1].get("id") is not None]:
                try:
                    load_recorded_incident(store, org, incident, now)
                except RecordedIncidentError as exc:
                    where = f"organizations[{o}] {org['name']!r} > incidents[{i}] {incident['title']!r}"
                    raise SeedError(f"seed: {where}: {exc}") from None
            for i, incident in [pair for pair in incidents if pair[1].get("id") is None]:
                try:
                    load_incidents(store, {**org, "incidents": [incident]}, now)
                except ScalingError as exc:
                    raise SeedError(
                        f"seed: organizations[{o}] {org['name']!r} > incidents[{i}] {incident['title']!r}: "
                        f"the rules refuse it ({exc.code}: {exc.message})"
                    ) from None
    finally:
        store._listeners = listeners
        store.clock.reset()


def _stamper(store: Any, at: datetime) -> Any:
    """`stamp(record, key)`: the record's own time under `key` (a snapshot keeps them), else the seed's `at`."""
    now = store.clock.now()

    def stamp(record: dict[str, Any], key: str) -> datetime:
        value = record.get(key)
        return at if value is None else seed_time(value, now)

    return stamp


def _load_organization(store: Any, org: dict[str, Any], at: datetime) -> None:
    org_id = org["id"]
    stamp = _stamper(store, at)
    store.organizations[org_id] = Organization(id=org_id, name=org["name"])
    admin_id = None
    for m in org.get("members", []):
        store.members[m["id"]] = Member(
            id=m["id"], org_id=org_id, email=m["email"], first_name=m["firstName"], last_name=m["lastName"],
            role=m["role"], joined_at=stamp(m, "joinedAt"), image_url=m.get("imageUrl"),
        )
        if m["role"] == "org:admin" and admin_id is None:
            admin_id = m["id"]
        if m.get("apiKey"):
            store.api_keys[m["apiKey"]] = ApiKey(key=m["apiKey"], org_id=org_id, user_id=m["id"])
    creator = admin_id or ""
    components_by_name: dict[str, str] = {}
    for c in org.get("components", []):
        component = Component(
            id=c.get("id") or store.ids.uuid(at), org_id=org_id, name=c["name"], description=c.get("description"),
            group_label=c.get("groupLabel"), aliases=list(c.get("aliases") or []), created_at=stamp(c, "createdAt"),
            updated_at=stamp(c, "updatedAt"),
            manual_status=c.get("status"), maintenance_window=_maintenance(c.get("maintenanceWindow")),
            sequence=store._take_component_sequence(),
        )
        store.components[component.id] = component
        components_by_name[component.name] = component.id
    for p in org.get("statusPages", []):
        page = StatusPage(
            id=p.get("id") or store.ids.uuid(at), org_id=org_id, slug=p["slug"], name=p["name"],
            published=bool(p.get("published", True)),
            component_ids=[components_by_name.get(name, name) for name in p.get("components", [])],
            overrides={components_by_name.get(k, k): v for k, v in p.get("overrides", {}).items()},
        )
        store.status_pages[page.id] = page
    schedules_by_name: dict[str, str] = {}
    for s in org.get("schedules", []):
        schedule = Schedule(
            id=s.get("id") or store.ids.uuid(at), org_id=org_id, name=s["name"], description=s.get("description"),
            timezone=s["timezone"], created_by=s.get("createdBy") or creator, created_at=stamp(s, "createdAt"),
            updated_at=stamp(s, "updatedAt"),
        )
        for position, layer in enumerate(s.get("layers", [])):
            schedule.layers.append(
                RotationLayer(
                    id=layer.get("id") or store.ids.uuid(at), schedule_id=schedule.id, name=layer["name"],
                    position=position, rotation_type=layer["rotationType"],
                    rotation_length_days=layer["rotationLengthDays"], handoff_time=time.fromisoformat(layer["handoffTime"]),
                    effective_from=parse_datetime(layer["effectiveFrom"]),
                    effective_until=parse_datetime(layer["effectiveUntil"]) if layer.get("effectiveUntil") else None,
                    participant_ids=list(layer["participantIds"]), created_at=stamp(layer, "createdAt"),
                    updated_at=stamp(layer, "updatedAt"),
                )
            )
        store.schedules[schedule.id] = schedule
        schedules_by_name[schedule.name] = schedule.id
    working_hours_by_name: dict[str, str] = {}
    for w in org.get("workingHours", []):
        working_hours = WorkingHours(
            id=w.get("id") or store.ids.uuid(at), org_id=org_id, name=w["name"], timezone=w["timezone"],
            windows=[
                WorkingWindow(days=list(win["days"]), start=time.fromisoformat(win["start"]), end=time.fromisoformat(win["end"]))
                for win in w["windows"]
            ],
            created_at=stamp(w, "createdAt"), updated_at=stamp(w, "updatedAt"),
        )
        store.working_hours[working_hours.id] = working_hours
        working_hours_by_name[working_hours.name] = working_hours.id
    for p in org.get("escalationPolicies", []):
        policy = EscalationPolicy(
            id=p.get("id") or store.ids.uuid(at), org_id=org_id, name=p["name"], description=p.get("description"),
            created_by=p.get("createdBy") or creator, created_at=stamp(p, "createdAt"), updated_at=stamp(p, "updatedAt"),
        )
        for position, layer in enumerate(p.get("layers", []), start=1):
            target = layer["target"]
            schedule_ref = target.get("schedule") or target.get("scheduleId")
            policy.layers.append(
                PolicyLayer(
                    id=layer.get("id") or store.ids.uuid(at), policy_id=policy.id, position=layer.get("position", position),
                    escalate_after_seconds=layer.get("escalateAfterSeconds") or 60 * layer["ackTimeoutMinutes"],
                    target_type=target["type"],
                    schedule_id=schedules_by_name.get(schedule_ref, schedule_ref) if schedule_ref else None,
                    user_ids=list(target.get("userIds", [])), created_at=stamp(layer, "createdAt"),
                    updated_at=stamp(layer, "updatedAt"),
                    condition=_condition(layer.get("condition"), working_hours_by_name),
                )
            )
        store.policies[policy.id] = policy
    _load_routing(store, org, org_id, at, components_by_name)
    store._organization_added(org_id)  # the default routing policy, unless the seed gave one


def _load_routing(store: Any, org: dict[str, Any], org_id: str, at: datetime, components_by_name: dict[str, str]) -> None:
    """`routingPolicies` and `inboundIntegrations` of a seeded organization (contract §6.2).

    A policy without `rules` gets chosen.DEFAULT_ROUTING_RULES; rules and selectors name escalation and routing
    policies by id or name; an integration names its `component` by name or id.
    """
    escalation_by_name = {p.name: p.id for p in store.policies.scan(org_id)}
    stamp = _stamper(store, at)
    routing_by_name: dict[str, str] = {}
    for p in org.get("routingPolicies", []):
        rules = p.get("rules") or [{"severity": s, "outcome": o} for s, o in chosen.DEFAULT_ROUTING_RULES]
        policy = RoutingPolicy(
            id=p.get("id") or store.ids.uuid(), org_id=org_id, name=p["name"], description=p.get("description"),
            is_default=bool(p.get("isDefault", False)), created_at=stamp(p, "createdAt"), updated_at=stamp(p, "updatedAt"),
            rules=[
                RoutingRule(
                    severity=r["severity"], outcome=r["outcome"],
                    escalation_policy_id=escalation_by_name.get(r.get("escalationPolicy"), r.get("escalationPolicy")),
                )
                for r in rules
            ],
        )
        store.routing_policies[policy.id] = policy
        routing_by_name[policy.name] = policy.id
    for i in org.get("inboundIntegrations", []):
        policy_ref = i.get("routingPolicy")
        integration = InboundIntegration(
            id=i.get("id") or store.ids.uuid(), org_id=org_id, name=i["name"],
            component_id=components_by_name.get(i["component"], i["component"]),
            routing_policy_id=routing_by_name.get(policy_ref, policy_ref) if policy_ref else None,
            selectors=[
                RoutingSelector(
                    matchers=[SelectorMatcher(key=m["key"], value=m["value"]) for m in s["matchers"]],
                    routing_policy_id=routing_by_name.get(s["routingPolicy"], s["routingPolicy"]),
                )
                for s in i.get("selectors", [])
            ],
            created_at=stamp(i, "createdAt"), updated_at=stamp(i, "updatedAt"),
        )
        store.integrations[integration.id] = integration


def _maintenance(window: dict[str, Any] | None) -> MaintenanceWindow | None:
    """A seed component's `maintenanceWindow` ({"startedAt", "endsAt"|null}) as a record."""
    if window is None:
        return None
    ends_at = window.get("endsAt")
    return MaintenanceWindow(started_at=parse_datetime(window["startedAt"]), ends_at=parse_datetime(ends_at) if ends_at else None)


def _condition(condition: dict[str, Any] | None, working_hours_by_name: dict[str, str]) -> StepCondition | None:
    """A seed layer's `condition`: {"workingHours": name or "workingHoursId": id, "when": "during"|"outside"}."""
    if condition is None:
        return None
    ref = condition.get("workingHours") or condition["workingHoursId"]
    return StepCondition(working_hours_id=working_hours_by_name.get(ref, ref), when=condition["when"])
