"""Properties: a recorded incident's escalation is where the source's stands, whatever happened to it; the
anonymizer keeps lengths and gives the same output for the same input."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import create_app, get_store
from mockscaling.domain.clock import Clock
from mockscaling.tools.snapshot.anonymize import Anonymizer
from mockscaling.tools.snapshot.convert import recorded_incident

from .support import ADMIN_KEY

AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}
START = datetime(2026, 3, 2, 9, tzinfo=UTC)
STEPS = st.lists(st.tuples(st.sampled_from(["wait", "ack", "handoff", "status"]), st.integers(0, 50 * 60)), max_size=6)


def source_incident(steps):
    """A default-seeded fake, one incident under the Default policy, then `steps`; (app, incident id)."""
    app = create_app(clock=Clock(frozen_at=START))
    store = get_store(app)
    admin = store.authenticate(f"Bearer {ADMIN_KEY}")
    policy = next(p.id for p in store.policies.values() if p.org_id == "org_acme")
    incident = store.create_incident(admin, title="Disk full", severity="high", owner_id="user_bob", escalation_policy_id=policy)
    statuses = iter(["identified", "monitoring", "resolved"])
    for action, seconds in steps:
        store.set_clock(advance=seconds)
        if action == "ack":
            store.acknowledge_incident(admin, incident.id)
        elif action == "handoff" and not store.incidents[incident.id].resolved:
            store.handoff_incident(admin, incident.id, "user_ada")
        elif action == "status":
            status = next(statuses, None)
            if status:
                store.update_incident_status(admin, incident.id, status)
    return app, incident.id


@settings(max_examples=15, deadline=None)  # each example serves two fakes: ~1 s
@given(steps=STEPS, later=st.integers(0, 3 * 3600))
def test_a_recorded_incident_escalates_on_as_its_source_does(steps, later):
    source, incident_id = source_incident(steps)
    client = source.test_client()
    detail = client.get(f"/v1/incidents/{incident_id}", headers=AUTH).get_json()["data"]
    detail["updates"] = client.get(f"/v1/incidents/{incident_id}/updates", headers=AUTH).get_json()["data"]["updates"]
    source_store = get_store(source)
    copy = create_app(seed={"version": 2, "extends": "default", "organizations": [{"id": "org_acme", "incidents": [recorded_incident(detail)]}]},
                      clock=Clock(frozen_at=source_store.now()))
    copy_store = get_store(copy)
    assert copy_store.incidents[incident_id].escalation == source_store.incidents[incident_id].escalation
    for store in (source_store, copy_store):
        store.set_clock(advance=later)
    events = [[(e.type, e.occurred_at, e.data) for e in store.incidents[incident_id].events] for store in (source_store, copy_store)]
    assert events[0] == events[1]


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=300))
def test_fake_text_keeps_the_length_and_is_the_same_for_the_same_input(text):
    first, second = Anonymizer().text("text", text), Anonymizer().text("text", text)
    assert first == second
    assert len(first) == len(text)
    assert first != text or text == ""


@settings(max_examples=100, deadline=None)
@given(names=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=30, unique_by=str.lower))
def test_fake_names_keep_their_length_and_stay_unique(names):
    fake = Anonymizer()
    made = [fake.name("component", name, "org/components") for name in names]
    assert [len(name) for name in made] == [len(name) for name in names]
    assert len({name.lower() for name in made}) == len(made)
