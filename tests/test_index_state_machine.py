"""The incident indexes never disagree with the records: random writes, loads and resets, then every list form
compared with a brute-force filter of all incidents."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from mockscaling import Store
from mockscaling.domain import errors
from mockscaling.domain.clock import Clock
from mockscaling import chosen
from mockscaling.store.facets import incident_facets, resolved_at
from mockscaling.store.uptime import component_uptime
from mockscaling.store.incidents import decode_cursor
from mockscaling.store.status_pages import worst_status

from .support import ADMIN_KEY, API_COMPONENT, DATABASE_COMPONENT, GLOBEX_KEY, STATUSES, WEB_COMPONENT

SEVERITIES = ["critical", "high", "medium", "low"]
START = datetime(2026, 4, 7, 10, tzinfo=UTC)
DAYS = [START.date() + timedelta(days=offset) for offset in range(-3, 4)]


def brute_force(store, org_id, status, severity, from_date, to_date):
    """Every matching incident of the organization, newest first, read from all records of the store."""
    return sorted(
        (
            i for i in dict.values(store.incidents)
            if i.org_id == org_id and (status is None or i.status == status) and (severity is None or i.severity == severity)
            and (from_date is None or i.created_at.date() >= from_date) and (to_date is None or i.created_at.date() <= to_date)
        ),
        key=lambda i: i.sequential_id, reverse=True,
    )


def walk_all_pages(store, principal, limit, **filters):
    """Every page of a list form, following the cursors; returns the ids in order and each page's cursor."""
    seen, cursor, pages = [], None, 0
    while True:
        page, cursor = store.list_incidents(principal, limit=limit, cursor=cursor, **filters)
        seen += [i.id for i in page]
        pages += 1
        assert pages <= 500
        if cursor is None:
            return seen
        assert page and decode_cursor(cursor) == page[-1].sequential_id


class IndexedStore(RuleBasedStateMachine):
    """Drives one store through creates, transitions, component changes, tenants, clock moves, loads and resets."""

    @initialize()
    def start(self):
        self.store = Store(clock=Clock(frozen_at=START))
        self.keys = [ADMIN_KEY, GLOBEX_KEY]

    def principal(self, n):
        return self.store.authenticate(f"Bearer {self.keys[n % len(self.keys)]}")

    def incidents_of(self, principal):
        return sorted(self.store.incidents.scan(principal.org_id), key=lambda i: i.sequential_id)

    def components_of(self, principal):
        return sorted(c.id for c in self.store.components.scan(principal.org_id))

    @rule(org=st.integers(0, 5), severity=st.sampled_from(SEVERITIES), tags=st.sets(st.integers(0, 3), max_size=3))
    def create(self, org, severity, tags):
        principal = self.principal(org)
        components = self.components_of(principal)
        chosen_tags = sorted({components[t % len(components)] for t in tags}) if components else []
        self.store.create_incident(principal, title="x", severity=severity, owner_id=principal.user_id, component_ids=chosen_tags)

    @rule(org=st.integers(0, 5), pick=st.integers(0, 10_000))
    def move_on(self, org, pick):
        principal = self.principal(org)
        incidents = [i for i in self.incidents_of(principal) if not i.resolved]
        if incidents:
            incident = incidents[pick % len(incidents)]
            self.store.update_incident_status(principal, incident.id, STATUSES[STATUSES.index(incident.status) + 1])

    @rule(org=st.integers(0, 5), pick=st.integers(0, 10_000), tags=st.sets(st.integers(0, 3), max_size=3))
    def retag(self, org, pick, tags):
        principal = self.principal(org)
        incidents = self.incidents_of(principal)
        components = self.components_of(principal)
        if incidents:
            incident = incidents[pick % len(incidents)]
            wanted = sorted({components[t % len(components)] for t in tags}) if components else []
            try:
                self.store.set_incident_components(principal, incident.id, wanted)
            except errors.IncidentResolved:
                assert incident.resolved

    @rule(which=st.sampled_from([API_COMPONENT, DATABASE_COMPONENT, WEB_COMPONENT]))
    def delete_component(self, which):
        acme = self.principal(0)
        try:
            self.store.delete_component(acme, which)
        except errors.ScalingError:
            pass  # already gone, or still named by an integration: nothing changed

    @rule(name=st.sampled_from(["Search", "Queue"]))
    def add_component(self, name):
        try:
            self.store.create_component(self.principal(0), name=name)
        except errors.NameConflict:
            pass

    @precondition(lambda self: len(self.keys) < 5)
    @rule()
    def add_tenant(self):
        self.keys.append(self.store.create_tenant().api_key)

    @rule(days=st.integers(-100, 100))
    def move_clock(self, days):
        # Backwards too: createdAt then no longer grows with the sequential id, and dates must still filter.
        self.store.set_clock(freeze=START + timedelta(days=days if abs(days) <= 3 else days * 2, minutes=days * 7 % 5))

    @rule()
    def reload(self):
        self.store.load_state(self.store.dump_state())

    @rule()
    def reset(self):
        self.store.reset()
        self.keys = [ADMIN_KEY, GLOBEX_KEY]

    @rule(
        org=st.integers(0, 5), limit=st.integers(1, 6),
        status=st.none() | st.sampled_from(STATUSES), severity=st.none() | st.sampled_from(SEVERITIES),
        from_date=st.none() | st.sampled_from(DAYS), to_date=st.none() | st.sampled_from(DAYS),
    )
    def list_form(self, org, limit, status, severity, from_date, to_date):
        principal = self.principal(org)
        filters = {"status": status, "severity": severity, "from_date": from_date, "to_date": to_date}
        expected = [i.id for i in brute_force(self.store, principal.org_id, **filters)]
        assert walk_all_pages(self.store, principal, limit, **filters) == expected

    @rule(org=st.integers(0, 5), limit=st.integers(1, 4))
    def component_pages(self, org, limit):
        principal = self.principal(org)
        expected = sorted(
            (c for c in dict.values(self.store.components) if c.org_id == principal.org_id),
            key=lambda c: (c.sequence, c.created_at, c.id), reverse=True,
        )
        seen, cursor = [], None
        while True:
            rows, cursor = self.store.list_components(principal, limit=limit, cursor=cursor)
            seen += [component.id for component, _ in rows]
            if cursor is None:
                break
        assert seen == [c.id for c in expected]

    @invariant()
    def facets_match_the_records(self):
        store = getattr(self, "store", None)
        if store is None:
            return
        table = store.incidents
        expected: dict[str, dict[tuple, list]] = {}
        for incident in dict.values(table):
            for facet, key in incident_facets(incident):
                expected.setdefault(incident.org_id, {}).setdefault(facet, []).append(key)
        for lists in expected.values():
            for keys in lists.values():
                keys.sort()
        assert table._facets == expected
        for org_id in {i.org_id for i in dict.values(table)} - table._disordered:
            created = [i.created_at for i in sorted(table.scan(org_id), key=lambda i: i.sequential_id)]
            assert created == sorted(created)  # dates bisect only where createdAt grows with the ids

    @invariant()
    def component_statuses_match_the_records(self):
        store = getattr(self, "store", None)
        if store is None:
            return
        for org_id in store.organizations:
            worst: dict[str, list[str]] = {}
            for incident in store.incidents.scan(org_id):
                if not incident.resolved:
                    for component_id in incident.component_ids:
                        worst.setdefault(component_id, []).append(incident.severity)
            statuses = store._incident_statuses(org_id)
            assert set(statuses) == set(worst)
            for component_id, severities in worst.items():
                assert statuses[component_id] == worst_status([chosen.SEVERITY_COMPONENT_STATUS[s] for s in severities])


    @invariant()
    def status_page_matches_a_full_scan(self):
        store = getattr(self, "store", None)
        if store is None or not store.status_pages:
            return
        page = next(iter(dict.values(store.status_pages)))
        if not page.published:
            return
        view, now = store.status_page_view(page.slug), store.now()
        selected = set(page.component_ids)
        tagged = [i for i in dict.values(store.incidents) if i.org_id == page.org_id and selected.intersection(i.component_ids)]
        active = sorted((i for i in tagged if not i.resolved), key=lambda i: (i.created_at, i.sequential_id), reverse=True)
        recent = sorted(
            ((resolved_at(i), i) for i in tagged if i.resolved and now - resolved_at(i) <= chosen.STATUS_PAGE_HISTORY),
            key=lambda pair: (pair[0], pair[1].sequential_id), reverse=True,
        )
        assert [i["id"] for i in view["activeIncidents"]] == [i.id for i in active]
        assert [i["id"] for i in view["history"]] == [i.id for _, i in recent]
        for component in view["components"]:
            mine = [i for i in tagged if component["id"] in i.component_ids]
            assert component["uptime"] == component_uptime(mine, now)


TestIndexedStore = IndexedStore.TestCase
TestIndexedStore.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)


def test_a_date_range_is_two_bisections_when_created_at_grows(monkeypatch):
    """On an organization whose createdAt grows, a date range in the past reads no incident outside it."""
    store = Store(clock=Clock(frozen_at=START))
    acme = store.authenticate(f"Bearer {ADMIN_KEY}")
    for n in range(40):
        store.set_clock(freeze=START + timedelta(hours=6 * n))
        store.create_incident(acme, title=f"n{n}", severity="low", owner_id=acme.user_id)
    read = []
    real_at = type(store.incidents)._at
    monkeypatch.setattr(type(store.incidents), "_at", lambda self, org, number: read.append(number) or real_at(self, org, number))
    page, cursor = store.list_incidents(acme, limit=3, from_date=date(2026, 4, 8), to_date=date(2026, 4, 8))
    assert [i.sequential_id for i in page] == [7, 6, 5] and cursor is not None  # Apr 8 holds 4 to 7
    assert sorted(read) == [4, 5, 6, 7]  # the page and one more, never the other 36
    read.clear()
    assert store.list_incidents(acme, from_date=date(2025, 1, 1), to_date=date(2025, 12, 31)) == ([], None)
    assert read == []


def test_an_incident_opened_after_the_clock_counts_for_no_downtime():
    """With the clock set back before an incident's creation, its span has not begun: uptime stays at most 100%."""
    store = Store(clock=Clock(frozen_at=START))
    acme = store.authenticate(f"Bearer {ADMIN_KEY}")
    store.create_incident(acme, title="later", severity="critical", owner_id=acme.user_id, component_ids=[API_COMPONENT])
    store.set_clock(freeze=START - timedelta(days=1))
    api = next(c for c in store.status_page_view("acme")["components"] if c["id"] == API_COMPONENT)
    assert api["uptime"]["percent"] == 100.0 and api["status"] == "major_outage"
