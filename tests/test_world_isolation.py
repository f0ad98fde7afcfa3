"""Resets enter a seed's world shared by every store: a write in one test never shows in the next, nor in
another store of the same seed, and a reset costs about the same whatever the seed holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling import Store, chosen
from mockscaling.domain import errors
from mockscaling.domain.clock import Clock
from mockscaling.domain.ids import IdSource

from .support import ADMIN_KEY, API_COMPONENT, BOB, CY, DATABASE_COMPONENT, DEFAULT_POLICY, GLOBEX_KEY, PRIMARY_SCHEDULE

START = datetime(2026, 4, 7, 10, tzinfo=UTC)
SEEDS = ["default", "busy-org", "major-outage"]


def some_incident(store, pick, open_only=False):
    incidents = sorted(store.incidents.scan("org_acme"), key=lambda i: i.sequential_id)
    incidents = [i for i in incidents if not (open_only and i.resolved)]
    return incidents[pick % len(incidents)].id if incidents else "missing"


def next_status(store, incident_id):
    incident = dict.get(store.incidents, incident_id)
    return store.next_status(incident) if incident is not None else "identified"


# Writes of every kind, each (store, admin principal, a number to pick a record with) -> anything.
WRITES = {
    "create": lambda s, p, n: s.create_incident(p, title=f"t{n}", severity="high", owner_id=BOB, component_ids=[API_COMPONENT],
                                                escalation_policy_id=DEFAULT_POLICY),
    "move on": lambda s, p, n: s.update_incident_status(p, (i := some_incident(s, n, True)), next_status(s, i) or "resolved"),
    "acknowledge": lambda s, p, n: s.acknowledge_incident(p, some_incident(s, n, True)),
    "hand off": lambda s, p, n: s.handoff_incident(p, some_incident(s, n, True), CY),
    "retag": lambda s, p, n: s.set_incident_components(p, some_incident(s, n, True), [DATABASE_COMPONENT]),
    "public update": lambda s, p, n: s.create_update(p, some_incident(s, n), visibility="public", body="b"),
    "rename component": lambda s, p, n: s.update_component(p, API_COMPONENT, name=f"API {n}", aliases=["x"]),
    "delete component": lambda s, p, n: s.delete_component(p, DATABASE_COMPONENT),
    "component status": lambda s, p, n: s.set_component_status(API_COMPONENT, "degraded"),
    "maintenance": lambda s, p, n: s.set_maintenance_window(API_COMPONENT),
    "override": lambda s, p, n: s.set_component_override("acme", "API", "major_outage"),
    "unpublish": lambda s, p, n: s.update_status_page("acme", published=False, name="Gone"),
    "tenant": lambda s, p, n: s.create_tenant(name=f"T{n}"),
    "remove member": lambda s, p, n: s.remove_member(p, BOB),
    "delete policy": lambda s, p, n: s.delete_policy(p, DEFAULT_POLICY),
    "delete schedule": lambda s, p, n: s.delete_schedule(p, PRIMARY_SCHEDULE),
    "new schedule": lambda s, p, n: s.create_schedule(p, name=f"S{n}", timezone="UTC"),
    "invite": lambda s, p, n: s.invite_member(p, f"new{n}@example.com"),
    "clock": lambda s, p, n: s.set_clock(advance=3600 * (n % 5 + 1)),
    # Test code may edit records in place through the tables, outside any rule.
    "edit a schedule": lambda s, p, n: PRIMARY_SCHEDULE in s.schedules  # "delete schedule" may have run
    and s.schedules[PRIMARY_SCHEDULE].layers[0].participant_ids.append("user_ada"),
    "edit a component": lambda s, p, n: s.components[API_COMPONENT].aliases.append(f"edge{n}"),
    "edit an incident": lambda s, p, n: s.incidents.get(some_incident(s, n)) and setattr(s.incidents[some_incident(s, n)], "title", "x"),
}


@settings(max_examples=40, deadline=None)
@given(
    seed=st.sampled_from(SEEDS), frozen=st.booleans(),
    writes=st.lists(st.tuples(st.sampled_from(sorted(WRITES)), st.integers(0, 1000)), min_size=1, max_size=12),
)
def test_a_write_never_shows_after_a_reset_nor_in_another_store(seed, frozen, writes):
    clock = (lambda: Clock(frozen_at=START)) if frozen else Clock
    first, other = Store(clock=clock(), seed=seed), Store(clock=clock(), seed=seed)
    fresh = other.dump_state()
    admin = first.authenticate(f"Bearer {ADMIN_KEY}")
    for name, number in writes:
        try:
            WRITES[name](first, admin, number)
        except errors.ScalingError:
            pass  # refused: changes nothing either
    assert other.dump_state() == fresh  # the other store shares the world's records: none changed
    first.reset()
    third = Store(clock=clock(), seed=seed)
    if first.incidents.shared is other.incidents.shared:  # a running clock may have loaded a newer world
        assert first.dump_state() == fresh  # the next test sees the seed, not the writes
    assert first.incidents.shared is third.incidents.shared or not frozen
    if first.incidents.shared is third.incidents.shared:
        assert first.dump_state() == third.dump_state()


def test_a_running_clock_reuses_a_world_only_briefly(monkeypatch):
    """With a running clock a world whose relative times were read too long ago is loaded again."""
    monkeypatch.setattr(chosen, "SEED_WORLD_REUSE", timedelta(hours=1))
    store = Store(seed="busy-org")
    world_incidents = store.incidents.shared
    store.reset()
    assert store.incidents.shared is world_incidents
    monkeypatch.setattr(chosen, "SEED_WORLD_REUSE", timedelta(seconds=-1))  # every world is now too old
    store.reset()
    assert store.incidents.shared is not world_incidents
    frozen = Store(clock=Clock(frozen_at=START), seed="busy-org")
    world_incidents = frozen.incidents.shared
    frozen.reset()
    assert frozen.incidents.shared is world_incidents  # a frozen reset instant: the world is exact, kept


def test_a_frozen_reset_is_exactly_a_replay():
    """With a frozen reset clock the world entered equals a fresh load of the seed into a bare store."""
    from mockscaling.store import Store as BareStore
    from mockscaling.worlds.seed import load_seed

    shared = Store(clock=Clock(frozen_at=START), ids=IdSource(seed=7), seed="busy-org")
    shared.reset()
    replayed = BareStore(clock=Clock(frozen_at=START), ids=IdSource(seed=7))
    load_seed(replayed, "busy-org")
    replayed.clock.reset()
    assert shared.dump_state() == replayed.dump_state()
    admin = shared.authenticate(f"Bearer {ADMIN_KEY}")
    made = shared.create_incident(admin, title="next", severity="low", owner_id=BOB)
    assert made.id == replayed.create_incident(admin, title="next", severity="low", owner_id=BOB).id  # ids go on alike


def test_one_store_writing_copies_only_what_it_changes():
    store, other = Store(clock=Clock(frozen_at=START), seed="busy-org"), Store(clock=Clock(frozen_at=START), seed="busy-org")
    admin = store.authenticate(f"Bearer {ADMIN_KEY}")
    target = some_incident(store, 3, open_only=True)
    store.acknowledge_incident(admin, target)
    shared = [key for key, record in dict.items(store.incidents) if dict.get(other.incidents, key) is record]
    assert len(shared) == len(store.incidents) - 1 and target not in shared
    assert dict.get(other.incidents, target).acknowledged_at is None
    globex = store.authenticate(f"Bearer {GLOBEX_KEY}")
    assert store.list_incidents(globex) == ([], None)
