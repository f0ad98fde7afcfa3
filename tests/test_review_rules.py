"""Store-rule regressions found by reviewing contract §1–§3 and §5 line by line."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mockscaling.domain import errors
from mockscaling import Store

from .support import (
    ADMIN_KEY, API_COMPONENT, DATABASE_COMPONENT, DEFAULT_POLICY, GLOBEX_KEY, MEMBER_KEY, WEB_COMPONENT, assert_error,
)


def test_deleting_a_component_touches_updated_at_of_its_incidents(api, store):
    """§2: updatedAt changes on every mutation of the incident, also when a component deletion untags it."""
    tagged = api.new_incident(componentIds=[DATABASE_COMPONENT, WEB_COMPONENT])
    untouched = api.new_incident(componentIds=[WEB_COMPONENT])
    store.set_clock(advance=30)
    assert api.delete(f"/components/{DATABASE_COMPONENT}").status == 204
    detail = api.detail(tagged["id"])
    assert detail["affectedComponents"] == [{"id": WEB_COMPONENT, "name": "Web app"}]
    assert detail["updatedAt"] == "2026-04-07T10:00:30.000Z"
    assert api.detail(untouched["id"])["updatedAt"] == untouched["updatedAt"]


def test_state_round_trips_after_a_member_was_removed(api, store):
    """§5: GET then POST /_mock/state must work after DELETE member, whose revoked key stays in the dump."""
    assert api.delete("/team/members/user_bob").status == 204
    dump = api.get("/_mock/state").data
    reply = api.post("/_mock/state", json=dump)
    assert reply.status == 200, reply.text
    assert_error(api.get("/incidents", key=MEMBER_KEY), 401, "not_authorized_error", "invalid_api_key")
    assert api.get("/incidents", key=ADMIN_KEY).status == 200


def test_escalations_fired_by_a_rejected_mutation_still_reach_the_listeners():
    """A state file must learn about escalation steps that fired just before a mutation failed."""
    store = Store()  # its own store: listeners cannot be removed from the shared one
    store.set_clock(freeze=datetime(2026, 4, 7, 10, tzinfo=UTC))
    admin = store.authenticate(f"Bearer {ADMIN_KEY}")
    incident = store.create_incident(admin, title="API down", severity="high", owner_id="user_bob",
                                     escalation_policy_id=DEFAULT_POLICY)
    store.clock.advance(15 * 60)  # due, but nothing has fired yet
    calls = []
    store.on_change(lambda: calls.append(len(incident.events)))
    try:
        store.create_incident(admin, title="No owner", severity="low")
    except errors.OwnerRequired:
        pass
    else:  # pragma: no cover - the store must refuse an incident without owner
        raise AssertionError("expected owner_required")
    assert [event.type for event in incident.events][-1] == "incident_paged"
    assert calls, "the fired escalation step was never reported to the change listeners"


def test_python_component_calls_cannot_reach_another_organization(store):
    """§1 Tenancy: a Globex principal must not overwrite or re-home an Acme component through the store API."""
    globex = store.authenticate(f"Bearer {GLOBEX_KEY}")
    admin = store.authenticate(f"Bearer {ADMIN_KEY}")
    with pytest.raises(errors.NameConflict):
        store.create_component(globex, name="Hijack", component_id=API_COMPONENT)
    assert store.get_component(admin, API_COMPONENT).name == "API"
    with pytest.raises(TypeError):
        store.update_component(admin, API_COMPONENT, org_id="org_globex")
    assert store.get_component(admin, API_COMPONENT).org_id == "org_acme"


def test_component_patch_null_clears(api):
    """§6.1.6 (wins over §1's "null means not given"): PATCH with an explicit null clears a nullable field."""
    assert api.patch(f"/components/{API_COMPONENT}", json={"description": "Public REST API"}).status == 200
    reply = api.patch(f"/components/{API_COMPONENT}", json={"description": None, "groupLabel": None})
    assert reply.status == 200
    assert (reply.data["description"], reply.data["groupLabel"]) == (None, None)
