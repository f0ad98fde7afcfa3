"""What a snapshot reads: every GET the key may send, every cursor followed, incidents with their details."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ... import chosen
from .reader import Reader, Refused

# Progress callback: (resource, records read so far); silent when None.
Progress = Callable[[str, int], None]


@dataclass
class Capture:
    """Everything read, in the API's own shapes (as the server answered, lists in its order)."""

    users: list[dict[str, Any]] = field(default_factory=list)
    members: list[dict[str, Any]] | None = None  # None: the key is not an admin's (GET /team/members refused)
    invitations: int = 0
    components: list[dict[str, Any]] = field(default_factory=list)
    schedules: list[dict[str, Any]] = field(default_factory=list)  # GET one: with layers
    policies: list[dict[str, Any]] = field(default_factory=list)  # GET one: with layers and steps
    working_hours: list[dict[str, Any]] = field(default_factory=list)
    routing_policies: list[dict[str, Any]] = field(default_factory=list)  # GET one: with rules
    integrations: list[dict[str, Any]] = field(default_factory=list)
    incidents: list[dict[str, Any]] = field(default_factory=list)  # GET one (statusHistory, events) + "updates"
    incidents_left: bool = False  # more incidents exist than were read (--incidents)
    status_pages: list[dict[str, Any]] = field(default_factory=list)  # {slug, name, components: [{id, status}]}


def capture(reader: Reader, incidents: int | None = chosen.SNAPSHOT_INCIDENTS, since: date | None = None,
            workers: int = chosen.SNAPSHOT_WORKERS, progress: Progress | None = None,
            status_pages: tuple[str, ...] = ()) -> Capture:
    """Read the key's organization through `reader` (GET only).

    `incidents`: at most this many, newest first (None: no limit); `since`: only those created on or after it;
    `status_pages`: public status pages to read too (slugs or URLs: the API has no list of them).

    Example::

        found = capture(Reader(url, key), incidents=100)
        len(found.incidents)
    """
    found = Capture()
    found.users = reader.get("/users")["users"]  # any key may list users: also proves the key works
    try:
        team = reader.get("/team/members")
        found.members, found.invitations = team["members"], len(team["invitations"])
    except Refused as exc:
        if exc.status != 401:
            raise
    _report(progress, "users", len(found.members if found.members is not None else found.users))
    _report(progress, "components", 0)
    for page, _ in reader.pages("/components", "components"):
        found.components.extend(page)
        _report(progress, "components", len(found.components))
    pool = ThreadPoolExecutor(max_workers=max(1, workers))
    try:
        found.schedules = _each(pool, reader, "/oncall/schedules", reader.get("/oncall/schedules"), progress, "schedules")
        found.working_hours = reader.get("/working-hours")
        _report(progress, "working hours", len(found.working_hours))
        found.policies = _each(pool, reader, "/escalation/policies", reader.get("/escalation/policies"), progress,
                               "escalation policies")
        found.routing_policies = _each(pool, reader, "/routing/policies", reader.get("/routing/policies"), progress,
                                       "routing policies")
        found.integrations = reader.get("/integrations/inbound")["integrations"]
        _report(progress, "inbound integrations", len(found.integrations))
        _incidents(pool, reader, found, incidents, since, progress)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C or a failure: no more requests than those under way
        raise
    pool.shutdown()
    found.status_pages = [reader.status_page(page) for page in status_pages]
    if status_pages:
        _report(progress, "status pages", len(found.status_pages))
    return found


def _report(progress: Progress | None, resource: str, count: int) -> None:
    """Tell the progress display how many `resource` records are read so far."""
    if progress is not None:
        progress(resource, count)


def _each(pool: ThreadPoolExecutor, reader: Reader, path: str, listed: list[dict[str, Any]], progress: Progress | None,
          resource: str) -> list[dict[str, Any]]:
    """GET one for every listed record (the list leaves out layers, steps, rules), in list order."""
    done = 0

    def one(record: dict[str, Any]) -> dict[str, Any]:
        return reader.get(f"{path}/{record['id']}")

    _report(progress, resource, 0)
    result = []
    for detail in pool.map(one, listed):
        result.append(detail)
        done += 1
        _report(progress, resource, done)
    return result


def _incidents(pool: ThreadPoolExecutor, reader: Reader, found: Capture, limit: int | None, since: date | None,
               progress: Progress | None) -> None:
    """Newest first, page after page, until `limit`; each with its detail and its updates (read in parallel)."""
    params: dict[str, Any] = {"from": since.isoformat()} if since is not None else {}

    def one(summary: dict[str, Any]) -> dict[str, Any]:
        detail = reader.get(f"/incidents/{summary['id']}")
        detail["updates"] = reader.get(f"/incidents/{summary['id']}/updates")["updates"] if _may_have_updates(detail) else []
        return detail

    _report(progress, "incidents", 0)
    for page, more in reader.pages("/incidents", "incidents", params):
        room = None if limit is None else limit - len(found.incidents)
        if room is not None and len(page) >= room:
            found.incidents_left = len(page) > room or more
            page = page[:room]
        found.incidents.extend(pool.map(one, page))
        _report(progress, "incidents", len(found.incidents))
        if limit is not None and len(found.incidents) >= limit:
            return


def _may_have_updates(detail: dict[str, Any]) -> bool:
    """False only when the incident's audit trail is whole (it starts with `incident_created`) and records no
    update and no status change (which posts one): then GET …/updates would answer [] (chosen/)."""
    types = {event.get("type") for event in detail.get("events", [])}
    return "incident_created" not in types or not types.isdisjoint(chosen.SNAPSHOT_UPDATE_EVENTS)
