"""Incident indexes: each organization's incidents by status, severity, both, open per component, and creation time."""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from heapq import merge
from itertools import groupby
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from ..domain.models import SEVERITIES, STATUSES
from .tables import ChangeLog, SequencedTable

Facet = tuple[Any, ...]
# An index entry: the list it belongs to and its sort key there (the sequential id, or (resolvedAt, id)).
Entry = tuple[Facet, Any]


def resolved_at(incident: Any) -> datetime | None:
    """When the incident reached `resolved` (None while it is open).

    Example::

        resolved_at(incident)   # datetime(2026, 4, 7, 12, tzinfo=UTC) once resolved
    """
    for entry in reversed(incident.status_history):
        if entry.status == "resolved":
            return entry.changed_at
    return None


# The facet keys of statuses and severities, made once (a load of 100,000 incidents makes no tuples for them).
_STATUS = {status: ("status", status) for status in STATUSES}
_SEVERITY = {severity: ("severity", severity) for severity in SEVERITIES}
_PAIR = {(status, severity): ("status", status, severity) for status in STATUSES for severity in SEVERITIES}


def incident_facets(incident: Any) -> list[Entry]:
    """The index entries of one incident: the lists a filter, a component's status or a status page reads.

    Example::

        incident_facets(incident)   # [(("status", "investigating"), 7), (("severity", "low"), 7),
                                    #  (("status", "investigating", "low"), 7), (("tagged", "cmp_1"), 7),
                                    #  (("open", "cmp_1", "low"), 7)]
    """
    status, severity, number = incident.status, incident.severity, incident.sequential_id
    entries: list[Entry] = [(_STATUS[status], number), (_SEVERITY[severity], number), (_PAIR[status, severity], number)]
    component_ids = incident.component_ids
    if not component_ids:  # most incidents: no per-component entries, so no generators to run
        return entries
    # Every tag, whatever the status: removing a component untags only the incidents that carry it.
    entries.extend((("tagged", component_id), number) for component_id in component_ids)
    if status != "resolved":
        entries.extend((("open", component_id, severity), number) for component_id in component_ids)
    else:
        closed = resolved_at(incident)
        if closed is not None:
            entries.extend((("resolved", component_id), (closed, number)) for component_id in incident.component_ids)
    return entries


def _remove(keys: list[Any], key: Any) -> None:
    position = bisect_left(keys, key)
    if position < len(keys) and keys[position] == key:
        del keys[position]


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


class IncidentTable(SequencedTable):
    """The incidents: a SequencedTable that also keeps, per organization, a sorted list of sequential ids
    for each facet (`incident_facets`), and whether createdAt grows with the sequential id.

    Every list form reads one facet list between two bisections, so a page costs O(page + log n) whatever
    the filters match. In-place changes to status or components go through `changing()`.

    Example::

        with store.incidents.changing(incident):
            incident.status = "identified"
        store.incidents.select("org_acme", status="identified")   # newest first, lazily
    """

    __slots__ = ("_facets", "_disordered")

    def __init__(self, name: str, changes: ChangeLog, records: Iterable[tuple[Any, Any]] = ()) -> None:
        self._facets: dict[str, dict[Facet, list[int]]] = {}
        # The organizations whose createdAt stopped growing with the sequential ids (dates then cannot bisect).
        self._disordered: set[str] = set()
        super().__init__(name, changes, records)

    def _clone_indexes(self, twin: Any) -> None:
        super()._clone_indexes(twin)
        twin._facets = {org_id: {facet: list(numbers) for facet, numbers in lists.items()} for org_id, lists in self._facets.items()}
        twin._disordered = set(self._disordered)

    # ---- keeping the facets in step ---------------------------------------------------------------
    def _index(self, key: Any, record: Any) -> None:
        super()._index(key, record)
        org_id = record.org_id
        if org_id not in self._disordered:  # createdAt still grows with the sequential ids
            records = self._sequence[org_id][1]
            if records[-1] is record:  # every create and an in-order load: only the previous one needs a look
                if len(records) > 1 and records[-2].created_at > record.created_at:
                    self._disordered.add(org_id)
            else:
                position = bisect_left(self._sequence[org_id][0], record.sequential_id)
                created = record.created_at
                if (position > 0 and records[position - 1].created_at > created) or (
                    position + 1 < len(records) and records[position + 1].created_at < created
                ):
                    self._disordered.add(org_id)
        self._add_facets(org_id, incident_facets(record))

    def _fill_indexes(self, pairs: list[tuple[Any, Any]]) -> None:
        # The same facet lists and disorder flags as one `_index` per record, each list sorted once. Dict
        # orders follow the document's, as the inserts would (facets in order of first appearance).
        super()._fill_indexes(pairs)
        for org_id, (_, records) in self._sequence.items():
            created = [record.created_at for record in records]
            if any(created[index] > created[index + 1] for index in range(len(created) - 1)):
                self._disordered.add(org_id)
        facets = self._facets
        for _, record in pairs:
            lists = facets.get(record.org_id)
            if lists is None:
                lists = facets[record.org_id] = {}
            for facet, key in incident_facets(record):
                keys = lists.get(facet)
                if keys is None:
                    lists[facet] = [key]
                else:
                    keys.append(key)
        for lists in facets.values():
            for keys in lists.values():
                keys.sort()

    def _unindex(self, key: Any, record: Any) -> None:
        super()._unindex(key, record)
        self._drop_facets(record.org_id, incident_facets(record))
        if record.org_id not in self._sequence or not self._sequence[record.org_id][0]:
            self._disordered.discard(record.org_id)

    def _reindex(self, key: Any, old: Any, record: Any) -> None:
        if (old.org_id, old.sequential_id) != (record.org_id, record.sequential_id) or old.created_at != record.created_at:
            self._unindex(key, old)
            self._index(key, record)
            return
        super()._reindex(key, old, record)
        self._refacet(record.org_id, incident_facets(old), incident_facets(record))

    def _add_facets(self, org_id: str, entries: Iterable[Entry]) -> None:
        lists = self._facets.get(org_id)
        if lists is None:
            lists = self._facets[org_id] = {}
        for facet, key in entries:
            keys = lists.get(facet)
            if keys is None:
                lists[facet] = [key]
            elif keys[-1] < key:
                keys.append(key)  # every create: the newest goes last
            else:
                insort(keys, key)

    def _drop_facets(self, org_id: str, entries: Iterable[Entry]) -> None:
        lists = self._facets.get(org_id)
        if lists is None:
            return
        for facet, key in entries:
            keys = lists.get(facet)
            if keys is not None:
                _remove(keys, key)
                if not keys:
                    del lists[facet]
        if not lists:
            del self._facets[org_id]

    def _refacet(self, org_id: str, before: list[Entry], after: list[Entry]) -> None:
        if before != after:
            self._drop_facets(org_id, [entry for entry in before if entry not in after])
            self._add_facets(org_id, [entry for entry in after if entry not in before])

    @contextmanager
    def changing(self, record: Any) -> Iterator[Any]:
        """Change an indexed field (status and its history, component ids) of `record` in place inside; the
        facets follow.

        Example::

            with store.incidents.changing(incident):
                incident.component_ids = []
        """
        before = incident_facets(record)
        try:
            yield record
        finally:
            if dict.get(self, record.id) is record:
                self._refacet(record.org_id, before, incident_facets(record))

    # ---- reads -----------------------------------------------------------------------------------
    def _at(self, org_id: str, number: int) -> Any:
        numbers, records = self._sequence[org_id]
        return records[bisect_left(numbers, number)]

    def facet(self, org_id: str, facet: Facet) -> list[int]:
        """The sorted sequential ids of `org_id`'s incidents in `facet` (read only; empty when none)."""
        return self._facets.get(org_id, {}).get(facet, [])

    def count(self, org_id: str, facet: Facet) -> int:
        """How many of `org_id`'s incidents are in `facet`."""
        return len(self.facet(org_id, facet))

    def tagging(self, org_id: str, component_id: str) -> list[Any]:
        """Every incident of `org_id` tagging `component_id`, open or resolved, oldest first (untracked: fetch
        one by id before changing it). Reads that component's list only.

        Example::

            [incident.title for incident in store.incidents.tagging("org_acme", component.id)]
        """
        return [self._at(org_id, number) for number in self.facet(org_id, ("tagged", component_id))]

    def newest_in(self, org_id: str, facet: Facet) -> Iterator[Any]:
        """`org_id`'s incidents in `facet`, newest first, lazily (untracked)."""
        numbers = self.facet(org_id, facet)
        return (self._at(org_id, numbers[index]) for index in range(len(numbers) - 1, -1, -1))

    def open_facets(self, org_id: str) -> Iterator[tuple[str, str]]:
        """(component id, severity) of every open incident's component tag in `org_id`, once per pair."""
        return ((facet[1], facet[2]) for facet in self._facets.get(org_id, {}) if facet[0] == "open")

    def _tagging(self, org_id: str, kind: str, component_ids: Iterable[str]) -> list[list[Any]]:
        wanted = set(component_ids)
        return [keys for facet, keys in self._facets.get(org_id, {}).items() if facet[0] == kind and facet[1] in wanted]

    def open_tagging(self, org_id: str, component_ids: Iterable[str]) -> list[Any]:
        """The open incidents tagging any of `component_ids`, newest first by (createdAt, sequential id).

        Reads the open lists of those components only: the cost is the incidents returned, not the others.

        Example::

            store.incidents.open_tagging("org_acme", page.component_ids)
        """
        runs = self._tagging(org_id, "open", component_ids)
        if org_id in self._disordered:  # createdAt and sequential ids disagree: sort what was found
            found = [self._at(org_id, number) for number in set().union(*runs)]
            return sorted(found, key=lambda incident: (incident.created_at, incident.sequential_id), reverse=True)
        numbers = [number for number, _ in groupby(merge(*(reversed(run) for run in runs), reverse=True))]
        return [self._at(org_id, number) for number in numbers]

    def resolved_tagging(self, org_id: str, component_ids: Iterable[str], since: datetime) -> Iterator[Any]:
        """The incidents tagging any of `component_ids` resolved at `since` or later, latest resolution first
        (ties: the newer incident first), lazily.

        Example::

            recent = list(store.incidents.resolved_tagging("org_acme", [component.id], now - timedelta(days=90)))
        """
        runs = [run[bisect_left(run, (since,)):] for run in self._tagging(org_id, "resolved", component_ids)]
        keys = (key for key, _ in groupby(merge(*(reversed(run) for run in runs), reverse=True)))
        return (self._at(org_id, number) for _, number in keys)

    def earliest_open(self, org_id: str, component_id: str) -> list[Any]:
        """For each severity, the open incident tagging `component_id` created first (what an uptime bar needs:
        the others of that severity lie inside its span).

        Example::

            [incident.severity for incident in store.incidents.earliest_open("org_acme", component.id)]
        """
        lists = self._facets.get(org_id, {})
        runs = [keys for facet, keys in lists.items() if facet[0] == "open" and facet[1] == component_id]
        if org_id not in self._disordered:
            return [self._at(org_id, run[0]) for run in runs]
        return [min((self._at(org_id, number) for number in run), key=lambda incident: incident.created_at) for run in runs]

    def _date_bounds(self, org_id: str, from_date: date | None, to_date: date | None) -> tuple[int, int | None]:
        """The sequential-id range [low, high) holding every incident created within the dates (ordered orgs)."""
        numbers, records = self._sequence.get(org_id, ([], []))
        low, high = 0, None
        if from_date is not None:
            start = _day_start(from_date)
            position = _bisect_created(records, start)
            low = numbers[position] if position < len(numbers) else (numbers[-1] + 1 if numbers else 0)
        if to_date is not None:
            end = _day_start(to_date) + timedelta(days=1)
            position = _bisect_created(records, end)
            high = numbers[position] if position < len(numbers) else None
        return low, high

    def select(
        self,
        org_id: str,
        before: int | None = None,
        status: str | None = None,
        severity: str | None = None,
        from_date: date | None = None,
        to_date: date | None = None,
    ) -> Iterator[Any]:
        """`org_id`'s incidents matching every given filter with `sequential_id < before`, newest first, lazily.

        Reads one facet list between bisections: the cost is the page taken, not the incidents skipped.
        Dates bisect too while the organization's createdAt grows with its sequential ids; after the
        clock was set back (or a document loaded out of order) a date filter checks each candidate.

        Example::

            page, more = first_matches(store.incidents.select("org_acme", status="resolved"), 20)
        """
        if status is None and severity is None and from_date is None and to_date is None:
            return self.newest_first(org_id, before)
        if status is not None and severity is not None:
            facet: Facet | None = ("status", status, severity)
        elif status is not None:
            facet = ("status", status)
        elif severity is not None:
            facet = ("severity", severity)
        else:
            facet = None
        low, high = 0, before
        dated = from_date is not None or to_date is not None
        if dated and org_id not in self._disordered:
            low, date_high = self._date_bounds(org_id, from_date, to_date)
            high = date_high if high is None else (high if date_high is None else min(high, date_high))
            dated = False  # the range is exact
        keep = _date_check(from_date, to_date) if dated else None
        if facet is None:
            numbers = self._sequence.get(org_id, ([], []))[0]
        else:
            numbers = self.facet(org_id, facet)
        top = len(numbers) if high is None else bisect_left(numbers, high)
        bottom = bisect_left(numbers, low) if low else 0
        walk = (self._at(org_id, numbers[index]) for index in range(top - 1, bottom - 1, -1))
        return walk if keep is None else (incident for incident in walk if keep(incident))


def _bisect_created(records: list[Any], moment: datetime) -> int:
    """The first position whose createdAt is not before `moment` (records sorted by createdAt)."""
    return bisect_left(records, moment, key=_created_at)


def _created_at(record: Any) -> datetime:
    return record.created_at


def _date_check(from_date: date | None, to_date: date | None) -> Callable[[Any], bool]:
    def keep(incident: Any) -> bool:
        day = incident.created_at.date()
        return (from_date is None or day >= from_date) and (to_date is None or day <= to_date)

    return keep

