"""The ten tools of contract §7.2: each parses nothing itself (its argument schema did), calls the store and
answers the object REST puts in `data` for the same question."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from marshmallow import Schema

from .. import chosen
from ..schemas import mcp as shapes
from ..store import Principal
from ..web import present
from ..worlds.world import Store

Args = dict[str, Any]


@dataclass(frozen=True)
class Tool:
    """One tool: its name, what an agent reads about it, its argument and answer schemas, and its body."""

    name: str
    description: str
    args: type[Schema]
    answer: type[Schema]
    run: Callable[[Store, Principal, Args], dict[str, Any]]
    read_only: bool = False


def _fingerprint(args: Args) -> str:
    """The arguments an idempotency key is bound to (the key itself aside)."""
    return json.dumps({k: v for k, v in args.items() if k != "idempotency_key"}, sort_keys=True)


def list_incidents(store: Store, principal: Principal, args: Args) -> dict[str, Any]:
    page, _ = store.list_incidents(principal, limit=args["limit"], status=args["status"])
    return {"incidents": [present.incident(store, item) for item in page]}


def get_incident(store: Store, principal: Principal, args: Args) -> dict[str, Any]:
    return present.incident_detail(store, store.incident_by_number(principal, args["sequential_id"]))


def get_incident_timeline(store: Store, principal: Principal, args: Args) -> dict[str, Any]:
    incident = store.incident_by_number(principal, args["sequential_id"])
    return {"timeline": [present.event(item) for item in incident.events if item.type in chosen.MCP_TIMELINE_EVENTS]}


def list_schedules(store: Store, principal: Principal, args: Args) -> dict[str, Any]:
    return {"schedules": [present.schedule(item) for item in store.list_schedules(principal)]}


def who_is_on_call(store: Store, principal: Principal, args: Args) -> dict[str, Any]:
    rows = store.who_is_on_call(principal, args["schedule_id"])
    return {"onCall": [{**row, "until": present.ts(row["until"])} for row in rows]}


def create_incident(store: Store, principal: Principal, args: Args) -> dict[str, Any]:
    fields = {k: v for k, v in args.items() if k != "idempotency_key"}
    return store.idempotent(
        principal, "create_incident", args["idempotency_key"], _fingerprint(args),
        lambda: present.incident(store, store.create_incident(principal, **fields)),
    )


def post_incident_update(store: Store, principal: Principal, args: Args) -> dict[str, Any]:
    def post() -> dict[str, Any]:
        incident = store.incident_by_number(principal, args["sequential_id"])
        record = store.create_update(principal, incident.id, visibility=args["visibility"], body=args["body"])
        return present.update(store, record)

    return store.idempotent(principal, "post_incident_update", args["idempotency_key"], _fingerprint(args), post)


def acknowledge_incident(store: Store, principal: Principal, args: Args) -> dict[str, Any]:
    incident = store.incident_by_number(principal, args["sequential_id"])
    return present.incident(store, store.acknowledge_incident(principal, incident.id))


def transition_incident_status(store: Store, principal: Principal, args: Args) -> dict[str, Any]:
    incident = store.incident_by_number(principal, args["sequential_id"])
    record = store.update_incident_status(principal, incident.id, args["status"], args["resolution_note"])
    return present.incident(store, record)


def resolve_incident(store: Store, principal: Principal, args: Args) -> dict[str, Any]:
    incident = store.incident_by_number(principal, args["sequential_id"])
    return present.incident(store, store.resolve_incident(principal, incident.id, args["resolution_note"]))


TOOLS: dict[str, Tool] = {tool.name: tool for tool in (
    Tool("list_incidents", "List incidents of your organization, newest first (optional status filter, limit 1-100, "
         "default 20).", shapes.ListIncidentsArgs, shapes.IncidentListOut, list_incidents, read_only=True),
    Tool("get_incident", "One incident by its sequentialId, with its status history and events.",
         shapes.IncidentArgs, shapes.IncidentDetailOut, get_incident, read_only=True),
    Tool("get_incident_timeline", "Status changes and paging events of one incident, oldest first.",
         shapes.IncidentArgs, shapes.TimelineOut, get_incident_timeline, read_only=True),
    Tool("list_schedules", "The on-call schedules of your organization.",
         shapes.NoArgs, shapes.ScheduleListOut, list_schedules, read_only=True),
    Tool("who_is_on_call", "Who is on call now, per schedule (all schedules unless scheduleId is given).",
         shapes.WhoIsOnCallArgs, shapes.OnCallOut, who_is_on_call, read_only=True),
    Tool("create_incident", "Open an incident (status investigating). Give ownerId or ownerScheduleId. An "
         "idempotencyKey makes a retry within 24 hours answer the first result instead of opening another.",
         shapes.CreateIncidentArgs, shapes.IncidentOut, create_incident),
    Tool("post_incident_update", "Post an update on an incident; visibility (internal or public) is required.",
         shapes.PostUpdateArgs, shapes.UpdateOut, post_incident_update),
    Tool("acknowledge_incident", "Acknowledge an incident and stop its escalation (no change when already "
         "acknowledged or resolved).", shapes.IncidentArgs, shapes.IncidentOut, acknowledge_incident),
    Tool("transition_incident_status", "Move an incident one step forward: investigating, identified, "
         "monitoring, resolved.", shapes.TransitionArgs, shapes.IncidentOut, transition_incident_status),
    Tool("resolve_incident", "Walk an incident through the remaining statuses to resolved in one call.",
         shapes.ResolveArgs, shapes.IncidentOut, resolve_incident),
)}
