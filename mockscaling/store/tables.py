"""Record tables: the store's dicts, with a per-organization index, change tracking for the state file and
copy-on-write over a seed's shared world."""

from __future__ import annotations

import copy
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

MISSING = object()


class ChangeLog:
    """The pre-images of the records one tracked mutation touched, so a state file can save or undo it.

    `before[(table, key)]` holds the record as it was when the mutation first reached it (encoded by
    `encode`, None when it did not exist). Inactive (the default), tables record nothing and cost one
    attribute check per access.

    `orders[(table, index)]` holds the key order of a table's insertion-ordered dicts (the table itself, an
    organization's records, a group) as it was before the mutation's first delete from them: an undone
    delete puts its record back in its place, not at the end (lists show that order).

    `copy` makes a store's private copy of a record it shares with a seed's world (`RecordTable.clone`).
    """

    __slots__ = ("active", "before", "orders", "encode", "copy")

    def __init__(self) -> None:
        self.active = False
        self.before: dict[tuple[str, Any], Any] = {}  # (table name, key) -> pre-image
        self.orders: dict[tuple[str, Any], tuple[Any, list[Any]]] = {}  # (table name, index) -> (table, keys)
        self.encode: Callable[[Any], Any] = lambda record: record
        self.copy: Callable[[Any], Any] = copy.deepcopy


class RecordTable(dict):
    """A dict of records by key that also keeps each organization's records, in insertion order.

    Reads through `table[key]`, `get`, `values`, `items` and `of_org` count as touching the records
    they return (any of them may be changed next): while a mutation is tracked a state file saves them,
    and a record still shared with a seed's world (`clone`) is first swapped for the table's own copy.
    `scan` and the walks of the subclasses hand out records without touching, for reading: fetch a record
    through `table[key]` before changing it.

    Example::

        table = RecordTable("components", ChangeLog())
        table[component.id] = component
        list(table.of_org("org_acme"))      # that organization's components, oldest first
    """

    __slots__ = ("name", "changes", "_by_org", "shared")

    def __init__(self, name: str, changes: ChangeLog, records: Iterable[tuple[Any, Any]] = ()) -> None:
        super().__init__()
        self.name = name
        self.changes = changes
        self._by_org: dict[str, dict[Any, Any]] = {}
        self.shared: dict[Any, Any] | None = None  # the world table whose records this one still shares
        self._fill(records)

    def _fill(self, records: Iterable[tuple[Any, Any]]) -> None:
        """Put `records` into this new, empty table (a subclass may build its indexes in bulk instead)."""
        for key, record in records:
            self._put(key, record)

    # ---- change tracking -------------------------------------------------------------------------
    def touch(self, key: Any) -> None:
        """Remember `key`'s record as it is now, once per tracked mutation (no-op when untracked); a record
        still shared with the seed's world is first swapped for this table's own copy."""
        changes = self.changes
        if self.shared is not None:
            record = dict.get(self, key)
            if record is not None and dict.get(self.shared, key) is record:
                self._put(key, changes.copy(record))
        if changes.active and (self.name, key) not in changes.before:
            record = dict.get(self, key)
            changes.before[(self.name, key)] = None if record is None else changes.encode(record)

    def _touch_if_needed(self, key: Any) -> None:
        # `touch` only when it does something (a tracked mutation, or a record still the world's): most reads
        # (every request's key and member lookups) find the table's own copy, and a create has no old record.
        if self.changes.active or self.shared is not None and dict.get(self.shared, key, MISSING) is dict.get(self, key):
            self.touch(key)

    # ---- copies of a world -----------------------------------------------------------------------
    def clone(self, changes: ChangeLog) -> RecordTable:
        """A table holding the same records, with its own indexes, that copies a record before its first change.

        The records are shared, not copied: the cost is a few C-level copies of dicts and lists, whatever
        the records hold. Call it on a table nobody writes to any more (a seed's world).

        Example::

            mine = world_table.clone(store._changes)
        """
        if self.shared is not None:  # its own copies would be shared again, and never copied
            raise ValueError("clone the world's table, not a table that shares one")
        twin = type(self).__new__(type(self))
        dict.update(twin, self)
        twin.name, twin.changes = self.name, changes
        twin.shared = self
        twin._by_org = {org_id: dict(members) for org_id, members in self._by_org.items()}
        self._clone_indexes(twin)
        return twin

    def _clone_indexes(self, twin: Any) -> None:
        """Give `twin` its own copies of the indexes a subclass keeps (subclasses extend this)."""

    def _touch_all(self, records: Iterable[tuple[Any, Any]]) -> None:
        for key, _ in records:
            self.touch(key)

    # ---- writes ----------------------------------------------------------------------------------
    def _put(self, key: Any, record: Any) -> None:
        old = dict.get(self, key)
        dict.__setitem__(self, key, record)
        if old is None:
            self._index(key, record)
        else:
            self._reindex(key, old, record)

    def _reindex(self, key: Any, old: Any, record: Any) -> None:
        """A record replaced under the same key keeps its place (creation order breaks createdAt ties)."""
        org_id = getattr(record, "org_id", None)
        if org_id is not None and org_id == getattr(old, "org_id", None):
            self._by_org[org_id][key] = record
        else:
            self._unindex(key, old)
            self._index(key, record)

    def _index(self, key: Any, record: Any) -> None:
        org_id = getattr(record, "org_id", None)
        if org_id is not None:
            members = self._by_org.get(org_id)  # not setdefault: that builds a dict on every insert
            if members is None:
                members = self._by_org[org_id] = {}
            members[key] = record

    def _unindex(self, key: Any, record: Any) -> None:
        org_id = getattr(record, "org_id", None)
        members = self._by_org.get(org_id) if org_id is not None else None
        if members is not None:
            members.pop(key, None)
            if not members:
                del self._by_org[org_id]

    def __setitem__(self, key: Any, record: Any) -> None:
        self._touch_if_needed(key)
        self._put(key, record)

    def __delitem__(self, key: Any) -> None:
        self.touch(key)
        changes = self.changes
        if changes.active:  # a state file is attached: remember the orders this delete changes, once per mutation
            for index in self._ordered_indexes(dict.__getitem__(self, key)):
                if (self.name, index) not in changes.orders:
                    changes.orders[(self.name, index)] = (self, list(self._ordered_dict(index) or ()))
        record = dict.pop(self, key)
        self._unindex(key, record)

    # ---- insertion orders, for undoing a delete --------------------------------------------------
    def _ordered_indexes(self, record: Any) -> list[Any]:
        """The insertion-ordered dicts `record` sits in, by name (subclasses add theirs)."""
        return [None, ("org", getattr(record, "org_id", None))]

    def _ordered_dict(self, index: Any) -> dict[Any, Any] | None:
        """The live dict named by `index` (None: the table itself), or None when it is gone."""
        if index is None:
            return self
        return self._by_org.get(index[1]) if index[0] == "org" else None

    def restore_order(self, index: Any, keys: list[Any]) -> None:
        """Put the dict named by `index` back in the order `keys` (what it held before a refused mutation);
        keys it no longer holds are skipped, keys it gained since stay after them. Only a refused save calls this.

        Example::

            table.restore_order(None, keys_before)
        """
        live = self._ordered_dict(index)
        if live is None:
            return
        entries = dict(dict.items(live))
        ordered = [(key, entries.pop(key)) for key in keys if key in entries]
        dict.clear(live)
        dict.update(live, ordered)
        dict.update(live, entries)

    def pop(self, key: Any, default: Any = MISSING) -> Any:
        if key not in self:
            if default is MISSING:
                raise KeyError(key)
            return default
        record = self[key]
        del self[key]
        return record

    def update(self, *args: Any, **kwargs: Any) -> None:  # keep the index right for bulk writes too
        for key, record in dict(*args, **kwargs).items():
            self[key] = record

    def setdefault(self, key: Any, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def clear(self) -> None:
        for key in list(self):
            del self[key]

    # ---- reads -----------------------------------------------------------------------------------
    def __getitem__(self, key: Any) -> Any:
        self._touch_if_needed(key)
        return dict.__getitem__(self, key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._touch_if_needed(key)
        return dict.get(self, key, default)

    def peek(self, key: Any, default: Any = None) -> Any:
        """The record under `key` for reading only, untouched (it may still be the world's shared record):
        fetch it with `table[key]` or `get` before changing it.

        Example::

            api_key = store.api_keys.peek(key)   # every request's authentication reads, never writes
        """
        return dict.get(self, key, default)

    def values(self) -> Any:
        if self.changes.active or self.shared is not None:
            self._touch_all(list(dict.items(self)))
        return dict.values(self)

    def items(self) -> Any:
        if self.changes.active or self.shared is not None:
            self._touch_all(list(dict.items(self)))
        return dict.items(self)

    def of_org(self, org_id: str) -> Iterable[Any]:
        """The records of `org_id`, in insertion order (touched when a mutation is tracked)."""
        if self.changes.active or self.shared is not None:
            self._touch_all(list(self._by_org.get(org_id, {}).items()))
        return self._by_org.get(org_id, {}).values()

    def scan(self, org_id: str) -> list[Any]:
        """The records of `org_id` without touching them: re-fetch with `table[key]` before a change."""
        return list(self._by_org.get(org_id, {}).values())

    def count_of_org(self, org_id: str) -> int:
        """How many records `org_id` has."""
        return len(self._by_org.get(org_id, ()))


def _sequential_id(record: Any) -> int:
    return record.sequential_id


class SequencedTable(RecordTable):
    """A RecordTable that also keeps each organization's records sorted by `sequential_id`.

    Appending in sequence order (every create) is O(1); lists walk the sorted run from either end and
    find a cursor with a bisect, so their cost does not grow with the data.

    Example::

        incidents.newest_first("org_acme", before=42)   # sequential ids 41, 40, ... lazily
    """

    __slots__ = ("_sequence",)

    def __init__(self, name: str, changes: ChangeLog, records: Iterable[tuple[Any, Any]] = ()) -> None:
        self._sequence: dict[str, tuple[list[int], list[Any]]] = {}
        super().__init__(name, changes, records)

    def _clone_indexes(self, twin: Any) -> None:
        super()._clone_indexes(twin)
        twin._sequence = {org_id: (list(numbers), list(records)) for org_id, (numbers, records) in self._sequence.items()}

    def _fill(self, records: Iterable[tuple[Any, Any]]) -> None:
        # A whole state document at once: each organization's run is sorted once (already in order after a
        # dump, so Timsort only checks it) rather than bisected per record. What it builds equals one `_put`
        # per record whenever keys and each organization's sequential ids are unique; otherwise (replaced
        # keys, equal ids, whose order depends on the inserts) it does exactly that.
        pairs = list(records)
        dict.update(self, pairs)
        runs: dict[str, list[Any]] = {}
        for key, record in pairs:
            org_id = record.org_id
            members = self._by_org.get(org_id)
            if members is None:
                members = self._by_org[org_id] = {}
                runs[org_id] = []
            members[key] = record
            runs[org_id].append(record)
        bulk = dict.__len__(self) == len(pairs)
        if bulk:
            for org_id, run in runs.items():
                run.sort(key=_sequential_id)
                numbers = [record.sequential_id for record in run]
                if any(numbers[index] == numbers[index + 1] for index in range(len(numbers) - 1)):
                    bulk = False
                    break
                self._sequence[org_id] = (numbers, run)
        if not bulk:
            dict.clear(self)
            self._by_org.clear()
            self._sequence.clear()
            super()._fill(pairs)
            return
        self._fill_indexes(pairs)

    def _fill_indexes(self, pairs: list[tuple[Any, Any]]) -> None:
        """Build what a subclass indexes beyond the sequence, for records `_fill` has just put in bulk."""

    def _index(self, key: Any, record: Any) -> None:
        super()._index(key, record)
        run = self._sequence.get(record.org_id)  # not setdefault: that builds two lists on every insert
        if run is None:
            run = self._sequence[record.org_id] = ([], [])
        numbers, records = run
        number = record.sequential_id
        if not numbers or numbers[-1] < number:
            numbers.append(number)
            records.append(record)
            return
        position = bisect_left(numbers, number)
        numbers.insert(position, number)
        records.insert(position, record)

    def _reindex(self, key: Any, old: Any, record: Any) -> None:
        if (old.org_id, old.sequential_id) != (record.org_id, record.sequential_id):
            self._unindex(key, old)
            self._index(key, record)
            return
        super()._reindex(key, old, record)
        numbers, records = self._sequence[record.org_id]
        position = bisect_left(numbers, record.sequential_id)
        while records[position] is not old:
            position += 1
        records[position] = record

    def _unindex(self, key: Any, record: Any) -> None:
        super()._unindex(key, record)
        numbers, records = self._sequence.get(record.org_id, ([], []))
        position = bisect_left(numbers, record.sequential_id)
        while position < len(records) and numbers[position] == record.sequential_id:
            if records[position] is record:
                del numbers[position]
                del records[position]
                break
            position += 1

    def newest_first(self, org_id: str, before: int | None = None) -> Iterator[Any]:
        """`org_id`'s records with `sequential_id < before` (all when None), newest first, lazily; untracked."""
        numbers, records = self._sequence.get(org_id, ([], []))
        if before is None:
            return reversed(records)  # the first page of the usual list: a C iterator, no generator frame per record
        start = bisect_left(numbers, before)
        return (records[index] for index in range(start - 1, -1, -1))


    def by_sequence(self, org_id: str, sequential_id: int) -> Any:
        """`org_id`'s record with this `sequential_id`, or None (a bisect: no walk); untracked."""
        numbers, records = self._sequence.get(org_id, ([], []))
        position = bisect_left(numbers, sequential_id)
        return records[position] if position < len(numbers) and numbers[position] == sequential_id else None


def first_matches(candidates: Iterable[Any], limit: int, keep: Callable[[Any], bool] | None = None) -> tuple[list[Any], bool]:
    """The first `limit` candidates that `keep` accepts, and whether another one follows.

    Stops at the (limit + 1)th match, so a page costs the walk to it, not the size of the collection.

    Example::

        page, more = first_matches(incidents.newest_first(org_id), 20, lambda i: i.status == "resolved")
    """
    page: list[Any] = []
    for candidate in candidates:
        if keep is None or keep(candidate):
            if len(page) == limit:
                return page, True
            page.append(candidate)
    return page, False


def newest_first(records: Sequence[Any], before_index: int | None = None) -> Iterator[Any]:
    """Walk a sequence from its end (or from just below `before_index`) to its start, lazily.

    Example::

        first_matches(newest_first(list(components.of_org(org_id))), 20)
    """
    start = len(records) if before_index is None else max(0, min(before_index, len(records)))
    return (records[index] for index in range(start - 1, -1, -1))


class OrderedTable(RecordTable):
    """A RecordTable that also keeps each organization's records sorted by `order_key` (fixed for a record's
    life), so a page below a cursor is a bisection and a walk of the page, whatever the organization holds.

    Example::

        page, more = first_matches(components.newest_below("org_acme", before=None), 20)
    """

    __slots__ = ("_ordered",)

    def __init__(self, name: str, changes: ChangeLog, records: Iterable[tuple[Any, Any]] = ()) -> None:
        self._ordered: dict[str, list[tuple[Any, Any]]] = {}  # org -> sorted (order key, table key)
        super().__init__(name, changes, records)

    @staticmethod
    def order_key(record: Any) -> Any:
        """The record's place in its organization (subclasses say what it is)."""
        raise NotImplementedError

    def _clone_indexes(self, twin: Any) -> None:
        super()._clone_indexes(twin)
        twin._ordered = {org_id: list(entries) for org_id, entries in self._ordered.items()}

    def _index(self, key: Any, record: Any) -> None:
        super()._index(key, record)
        entries = self._ordered.setdefault(record.org_id, [])
        entry = (self.order_key(record), key)
        if not entries or entries[-1] < entry:
            entries.append(entry)
        else:
            entries.insert(bisect_left(entries, entry), entry)

    def _unindex(self, key: Any, record: Any) -> None:
        super()._unindex(key, record)
        entries = self._ordered.get(record.org_id, [])
        entry = (self.order_key(record), key)
        position = bisect_left(entries, entry)
        if position < len(entries) and entries[position] == entry:
            del entries[position]
        if not entries:
            self._ordered.pop(record.org_id, None)

    def _reindex(self, key: Any, old: Any, record: Any) -> None:
        if old.org_id != record.org_id or self.order_key(old) != self.order_key(record):
            self._unindex(key, old)
            self._index(key, record)
            return
        super()._reindex(key, old, record)

    def newest_below(self, org_id: str, before: Any = None) -> Iterator[Any]:
        """`org_id`'s records whose order key is below `before` (all when None), highest first, lazily; untracked."""
        entries = self._ordered.get(org_id, [])
        start = len(entries) if before is None else bisect_left(entries, (before,))
        return (dict.__getitem__(self, entries[index][1]) for index in range(start - 1, -1, -1))


class ComponentTable(OrderedTable):
    """Components, each organization's kept in creation order: (sequence, createdAt, id)."""

    __slots__ = ()

    @staticmethod
    def order_key(record: Any) -> Any:
        return record.sequence, record.created_at, record.id
