"""Schemathesis against the fake, in-process through the WSGI app: every operation of /openapi.json, default checks."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from mockscaling import Clock, create_app, get_store
from mockscaling.store import Principal

from .support import ADMIN_KEY, API_COMPONENT, BOB, DEFAULT_POLICY, PRIMARY_SCHEDULE

APP = create_app(clock=Clock(frozen_at=datetime(2026, 4, 7, 10, 0, tzinfo=UTC)))
STORE = get_store(APP)
ADMIN = Principal(org_id="org_acme", user_id="user_ada", role="org:admin")

CONFIG = schemathesis.Config.from_dict({
    "headers": {"Authorization": f"Bearer {ADMIN_KEY}"},
    "generation": {"max-examples": 25},
    "checks": {
        # A schema-valid request may still break a business rule: the contract answers those with 400
        # (invalid_request_error), e.g. an ownerId that is not a member. 422 stays out: schema-valid data
        # must never fail validation, which is how this check catches a spec that is stricter or looser than
        # the fake.
        "positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409"]},
    },
})
# Undocumented routes carry only a generic answer; test_openapi.py fails on them, so they are not fuzzed here.
schema = schemathesis.openapi.from_wsgi("/openapi.json", APP, config=CONFIG).exclude(
    func=lambda ctx: bool(ctx.operation.definition.raw.get("x-undocumented"))
)


def _heads(value: Any) -> bool:
    """A deterministic coin flip on a generated value (so examples can reach real resources half the time)."""
    return zlib.crc32(repr(value).encode()) % 2 == 0


def _fresh_world() -> dict[str, str]:
    """Reset to the seed, then add one incident with one update; the ids real resources have."""
    STORE.reset()
    incident = STORE.create_incident(ADMIN, title="Schemathesis", severity="high", owner_id=BOB, component_ids=[API_COMPONENT])
    update = STORE.create_update(ADMIN, incident.id, visibility="internal", body="Looking")
    STORE.create_incident(ADMIN, title="Schemathesis 2", severity="low", owner_id=BOB)
    _, cursor = STORE.list_incidents(ADMIN, limit=1)
    _, component_cursor = STORE.list_components(ADMIN, limit=1)
    schedule = STORE.get_schedule(ADMIN, PRIMARY_SCHEDULE)
    return {
        "incidentId": incident.id,
        "updateId": update.id,
        "componentId": API_COMPONENT,
        "scheduleId": PRIMARY_SCHEDULE,
        "policyId": DEFAULT_POLICY,
        "layerId": schedule.layers[0].id if schedule.layers else "",
        "userId": BOB,
        "cursor": cursor or "",
        "componentCursor": component_cursor or "",
    }


def _aim_at_real_resources(case: schemathesis.Case, world: dict[str, str]) -> None:
    """In positive cases, point half the generated ids at existing resources and use a real cursor.

    Negative cases are left alone: replacing their invalid values would make schemathesis think the fake
    accepted invalid data. A cursor is only valid when it is a previous page's nextCursor (contract §1),
    which no generator can invent, so a generated one is always replaced.
    """
    if case.meta is None or case.meta.generation.mode != schemathesis.GenerationMode.POSITIVE:
        return
    if isinstance(case.query, dict) and "cursor" in case.query:
        # Cursors belong to one list: each list gets one of its own pages' nextCursor.
        case.query["cursor"] = world["componentCursor" if case.path.endswith("/components") else "cursor"]
    for name, value in list((case.path_parameters or {}).items()):
        if name in world and world[name] and _heads(value):
            case.path_parameters[name] = world[name]
    if isinstance(case.body, dict):
        if isinstance(case.body.get("ownerId"), str) and _heads(case.body["ownerId"]):
            case.body["ownerId"] = BOB
        if isinstance(case.body.get("componentIds"), list) and _heads(case.body["componentIds"]):
            case.body["componentIds"] = [API_COMPONENT]


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_operation_conforms(case: schemathesis.Case) -> None:
    """Every documented operation: no 5xx, documented statuses, bodies and content types match the spec."""
    world = _fresh_world()
    _aim_at_real_resources(case, world)
    case.call_and_validate()
