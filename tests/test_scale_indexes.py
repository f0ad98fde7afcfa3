"""Per-organization indexes and the escalation timer heap agree with a brute-force reading of the store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from mockscaling.domain.clock import Clock
from mockscaling import Store
from mockscaling.store.incidents import decode_cursor
from mockscaling.store.facets import IncidentTable
from mockscaling.store.tables import ChangeLog, RecordTable, SequencedTable

from .support import ADMIN_KEY, BOB, DEFAULT_POLICY, GLOBEX_KEY, STATUSES

SEVERITIES = ["critical", "high", "medium", "low"]
START = datetime(2026, 4, 7, 10, tzinfo=UTC)


def brute_force_page(store, org_id, limit, before, status, severity):
    """The list the contract describes, computed by reading every incident of the store."""
    matching = sorted(
        (
            i for i in dict.values(store.incidents)
            if i.org_id == org_id and (before is None or i.sequential_id < before)
            and (status is None or i.status == status) and (severity is None or i.severity == severity)
        ),
        key=lambda i: i.sequential_id, reverse=True,
    )
    return [i.id for i in matching[:limit]], len(matching) > limit


@settings(max_examples=25)
@given(
    plan=st.lists(st.tuples(st.sampled_from(["acme", "globex"]), st.sampled_from(SEVERITIES), st.integers(0, 3)), max_size=40),
    limit=st.integers(1, 7),
    status=st.none() | st.sampled_from(STATUSES),
    severity=st.none() | st.sampled_from(SEVERITIES),
)
def test_every_page_of_a_walk_matches_a_full_scan(plan, limit, status, severity):
    store = Store(clock=Clock(frozen_at=START))
    acme, globex = store.authenticate(f"Bearer {ADMIN_KEY}"), store.authenticate(f"Bearer {GLOBEX_KEY}")
    for org, incident_severity, moves in plan:
        principal = acme if org == "acme" else globex
        owner = BOB if org == "acme" else "user_gil"
        incident = store.create_incident(principal, title="x", severity=incident_severity, owner_id=owner)
        for status_name in STATUSES[1:moves + 1]:
            store.update_incident_status(principal, incident.id, status_name)
    cursor, before, seen = None, None, []
    while True:
        page, cursor = store.list_incidents(acme, limit=limit, cursor=cursor, status=status, severity=severity)
        expected, more = brute_force_page(store, acme.org_id, limit, before, status, severity)
        assert [i.id for i in page] == expected and (cursor is not None) == more
        seen += expected
        if cursor is None:
            break
        before = decode_cursor(cursor)
    assert len(seen) == len(set(seen))


def record_walks(monkeypatch):
    """Every incident a list walks over, in order."""
    walked = []
    real_walk = SequencedTable.newest_first
    monkeypatch.setattr(
        SequencedTable, "newest_first", lambda self, org_id, before=None: (walked.append(i) or i for i in real_walk(self, org_id, before))
    )
    return walked


def test_a_list_never_reads_another_organizations_incidents(monkeypatch):
    store = Store(clock=Clock(frozen_at=START))
    globex = store.authenticate(f"Bearer {GLOBEX_KEY}")
    for _ in range(30):
        store.create_incident(globex, title="theirs", severity="low", owner_id="user_gil")
    acme = store.authenticate(f"Bearer {ADMIN_KEY}")
    walked = record_walks(monkeypatch)
    assert store.list_incidents(acme, status="resolved") == ([], None)
    assert walked == []  # the seed gives Acme no incidents: an empty tenant's list reads nothing


def test_a_cursor_is_found_by_bisection_not_by_walking_from_the_top(monkeypatch):
    store = Store(clock=Clock(frozen_at=START))
    acme = store.authenticate(f"Bearer {ADMIN_KEY}")
    for n in range(50):
        store.create_incident(acme, title=f"n{n}", severity="low", owner_id=BOB)
    walked = record_walks(monkeypatch)
    _, cursor = store.list_incidents(acme, limit=5)
    walked.clear()
    page, _ = store.list_incidents(acme, limit=5, cursor=cursor)
    assert [i.sequential_id for i in page] == [45, 44, 43, 42, 41]
    assert len(walked) == 6  # five for the page and one to know another page follows


def test_due_steps_fire_in_due_order_and_skip_cancelled_timers():
    store = Store(clock=Clock(frozen_at=START))
    acme = store.authenticate(f"Bearer {ADMIN_KEY}")
    made = []
    for n in range(6):
        made.append(store.create_incident(acme, title=f"n{n}", severity="high", owner_id=BOB, escalation_policy_id=DEFAULT_POLICY))
        store.set_clock(advance=60)
    store.acknowledge_incident(acme, made[1].id)  # cancelled: its timer entry goes stale
    store.handoff_incident(acme, made[2].id, "user_cy")  # restarted 15 minutes from now (minute 6)
    store.set_clock(advance=24 * 3600)
    fired = sorted(
        (event.occurred_at, incident.sequential_id, event.data.get("layerPosition"))
        for incident in made for event in incident.events if event.type in ("incident_paged", "escalation_exhausted")
    )
    assert fired == sorted(fired)
    assert [e.type for e in made[1].events].count("incident_paged") == 1  # acknowledged before its step
    layer_two = {i.sequential_id: e.occurred_at for i in made for e in i.events if e.data.get("layerPosition") == 2 and e.type == "incident_paged"}
    assert layer_two[made[0].sequential_id] == datetime(2026, 4, 7, 10, 15, tzinfo=UTC)
    assert layer_two[made[2].sequential_id] == datetime(2026, 4, 7, 10, 21, tzinfo=UTC)  # handoff at minute 6 + 15
    assert made[1].sequential_id not in layer_two
    # Global order of the notification journal is the order the steps came due.
    escalation_pages = [page.sent_at for page in store.pages if page.reason == "escalation"]
    assert escalation_pages == sorted(escalation_pages)


def test_nothing_due_costs_one_look_at_the_heap(monkeypatch):
    store = Store(clock=Clock(frozen_at=START))
    acme = store.authenticate(f"Bearer {ADMIN_KEY}")
    for n in range(20):
        store.create_incident(acme, title=f"n{n}", severity="high", owner_id=BOB, escalation_policy_id=DEFAULT_POLICY)
    looked = []
    real_get = RecordTable.get
    monkeypatch.setattr(RecordTable, "get", lambda self, key, default=None: (looked.append(key), real_get(self, key, default))[1])
    assert store._fire_due_escalations() is False
    assert looked == []  # no incident read when the earliest due instant lies in the future
    assert len(store._escalation_timer) == 20


class _InsertedOneByOne(IncidentTable):
    """The incident table filled by one `_put` per record: what the bulk fill of a loaded document must equal."""

    __slots__ = ()

    def _fill(self, records):
        RecordTable._fill(self, records)


def _indexes(table):
    """Everything an incident table keeps, orders included (dict orders are part of what a walk sees)."""
    return (
        list(dict.items(table)), [(org_id, list(members.items())) for org_id, members in table._by_org.items()],
        [(org_id, numbers, [id(record) for record in records]) for org_id, (numbers, records) in table._sequence.items()],
        [(org_id, list(lists.items())) for org_id, lists in table._facets.items()], sorted(table._disordered),
    )


@settings(max_examples=60)
@given(st.lists(st.tuples(
    st.integers(0, 12), st.sampled_from(["org_a", "org_b"]), st.integers(1, 15), st.sampled_from(STATUSES),
    st.sampled_from(SEVERITIES), st.lists(st.sampled_from(["cmp_1", "cmp_2"]), unique=True), st.integers(0, 20),
), max_size=30))
def test_a_loaded_document_is_indexed_in_bulk_exactly_as_record_by_record(rows):
    """A state load builds each index in one pass and one sort; with repeated keys, repeated sequential ids
    or createdAt out of order it must still build what inserting the records one by one builds."""
    records = []
    for key, org_id, number, status, severity, components, minutes in rows:
        moment = START + timedelta(minutes=minutes)
        history = [SimpleNamespace(status=status, changed_at=moment)]
        records.append((f"inc_{key}", SimpleNamespace(
            id=f"inc_{key}", org_id=org_id, sequential_id=number, status=status, severity=severity,
            component_ids=components, created_at=moment, status_history=history,
        )))
    assert _indexes(IncidentTable("incidents", ChangeLog(), records)) == _indexes(_InsertedOneByOne("incidents", ChangeLog(), records))


@settings(max_examples=25)
@given(plan=st.lists(st.tuples(st.sets(st.sampled_from(["a", "b"])), st.integers(0, 3)), max_size=25), doomed=st.sampled_from(["a", "b"]))
def test_deleting_a_component_untags_exactly_its_incidents_without_walking_the_organization(plan, doomed):
    """Open and resolved incidents carrying the component lose the tag (and get a new updatedAt); the others are
    left alone; the organization's incidents are never walked (scan is made to fail)."""
    store = Store(clock=Clock(frozen_at=START))
    acme = store.authenticate(f"Bearer {ADMIN_KEY}")
    components = {name: store.create_component(acme, name=f"Component {name}").id for name in ("a", "b")}
    made = []
    for tags, moves in plan:
        incident = store.create_incident(acme, title="x", severity="low", owner_id=BOB, component_ids=[components[t] for t in sorted(tags)])
        for status_name in STATUSES[1:moves + 1]:
            store.update_incident_status(acme, incident.id, status_name)
        made.append((incident.id, tags))
    store.clock.advance(60)
    before = {incident_id: store.incidents[incident_id].updated_at for incident_id, _ in made}

    def no_walk(*_args, **_kwargs):
        raise AssertionError("deleting a component walked the organization's incidents")

    with patch.object(IncidentTable, "scan", no_walk):
        store.delete_component(acme, components[doomed])
    for incident_id, tags in made:
        incident = store.incidents[incident_id]
        assert components[doomed] not in incident.component_ids
        assert (incident.updated_at != before[incident_id]) == (doomed in tags)
    assert store.incidents.facet(acme.org_id, ("tagged", components[doomed])) == []
