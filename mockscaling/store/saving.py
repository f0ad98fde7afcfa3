"""Saving what one request changed: the records a mutation touched go to a sink in one transaction, or are undone."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from typing import Any, Protocol

from ..domain import errors
from ..domain.models import Incident
from ..state.codec import from_jsonable, to_jsonable
from .tables import RecordTable

# What `_tracking()` answers when there is no state file: one reusable context that does nothing.
_UNTRACKED = nullcontext()

# Store state outside the records (fault plans, the journal, a cached counter) that a whole-store replacement
# clears: a refused reset or load puts it back, with the clock and the id sequence, so it changes nothing.
_SIDE_STATE = (
    "faults", "_fault_counter", "_journal", "_next_component_sequence",
    "_idempotency", "_idempotency_order", "_mcp_last_used",
)


class StateSink(Protocol):
    """Where a store's changes go (the SQLite state file). Both methods commit atomically or raise."""

    def save_changes(self, changed: list[tuple[str, str, Any]], pages_from: int, pages: list[Any]) -> None:
        """Upsert `(collection, key, record-or-None)` (None deletes) and append `pages` at `pages_from`."""

    def replace_all(self, document: dict[str, Any]) -> None:
        """Replace everything with a `dump_state` document (reset, load)."""


class SavingMixin:
    """Tracks the records each outermost store call touches and saves the changed ones to the sink.

    A save that fails undoes the call in memory (the touched records go back to their pre-images)
    and raises ServiceUnavailable (503): an answered request is saved, a refused one changed nothing.
    """

    _sink: StateSink | None = None

    def persist_to(self, sink: StateSink | None) -> None:
        """Save every later change to `sink` (None: in memory only).

        Example::

            store.persist_to(SqliteStateFile("dev.sqlite"))
        """
        with self._lock:  # type: ignore[attr-defined]
            self._sink = sink

    def _tracking(self) -> AbstractContextManager[None]:
        """`_tracked()`, or a do-nothing context when nothing is saved (no generator on every store call)."""
        return _UNTRACKED if self._sink is None else self._tracked()

    @contextmanager
    def _tracked(self) -> Iterator[None]:
        """Track the records touched inside; on the way out save what changed (outermost call only)."""
        changes = self._changes  # type: ignore[attr-defined]
        if self._sink is None or changes.active:
            yield
            return
        yield from self._saved(changes)

    def _saved(self, changes: Any) -> Iterator[None]:
        """The body of an outermost tracked call: start tracking, let the call run, save what it touched."""
        changes.encode = to_jsonable
        changes.active = True
        changes.before = {}
        pages_from = len(self.pages)  # type: ignore[attr-defined]
        try:
            self._before_save()
            yield
        finally:
            changes.active = False
            before, changes.before = changes.before, {}
            orders, changes.orders = changes.orders, {}
            self._save_touched(before, pages_from, orders)
        self._after_save()

    def _before_save(self) -> None:
        """Called at the start of an outermost saved call, tracking on: memory-only state may join the save."""

    def _after_save(self) -> None:
        """Called once an outermost saved call's changes are in the sink (not after a refused save)."""

    def _save_touched(self, before: dict[tuple[str, Any], Any], pages_from: int,
                      orders: dict[tuple[str, Any], tuple[Any, list[Any]]]) -> None:
        changed = []
        for (name, key), old in before.items():
            table = getattr(self, name)
            record = dict.get(table, key)
            new = None if record is None else to_jsonable(record)
            if new != old:
                changed.append((table, key, old, new))
        pages = self.pages[pages_from:]  # type: ignore[attr-defined]
        if not changed and not pages:
            return
        assert self._sink is not None
        try:
            self._sink.save_changes(
                [(table.name, key, new) for table, key, _, new in changed], pages_from, [to_jsonable(page) for page in pages]
            )
        except Exception as exc:
            self._undo(changed, pages_from, orders)
            raise errors.ServiceUnavailable("The change could not be saved to the state file; nothing changed.") from exc

    def _undo(self, changed: list[tuple[RecordTable, Any, Any, Any]], pages_from: int,
              orders: dict[tuple[str, Any], tuple[Any, list[Any]]]) -> None:
        classes = self._record_classes()  # type: ignore[attr-defined]
        restored = []
        for table, key, old, _ in changed:
            if old is None:
                del table[key]
            else:
                record = from_jsonable(classes[table.name], old)
                table[key] = record
                restored.append(record)
        for (_, index), (table, keys) in orders.items():  # a deleted record goes back to its place, not the end
            table.restore_order(index, keys)
        del self.pages[pages_from:]  # type: ignore[attr-defined]
        # Timer entries popped by the undone call are gone; put the restored due instants back.
        self._rearm_escalations([r for r in restored if isinstance(r, Incident)])  # type: ignore[attr-defined]

    @contextmanager
    def _saving_everything(self) -> Iterator[None]:
        """Run a whole-store replacement (reset, load) and save it as one document, or undo it."""
        sink = self._sink
        if sink is None:
            yield
            return
        previous = self.dump_state()  # type: ignore[attr-defined]
        side = self._side_snapshot()
        self._sink = None  # the replacement's own store calls (the seed) are saved as one document
        try:
            yield
            document = self.dump_state()  # type: ignore[attr-defined]
        except BaseException:
            self._sink = sink
            raise
        try:
            sink.replace_all(document)
        except Exception as exc:
            self.load_state(previous)  # type: ignore[attr-defined]
            self._side_restore(side)
            raise errors.ServiceUnavailable("The state file could not be replaced; nothing changed.") from exc
        finally:
            self._sink = sink

    def _side_snapshot(self) -> tuple[dict[str, Any], Any, Any]:
        values = {name: getattr(self, name) for name in _SIDE_STATE if hasattr(self, name)}
        return values, self.clock.snapshot(), self.ids.position()  # type: ignore[attr-defined]

    def _side_restore(self, side: tuple[dict[str, Any], Any, Any]) -> None:
        values, clock, ids = side
        for name, value in values.items():
            setattr(self, name, value)
        for plan in values.get("faults", ()):
            plan._released.clear()  # the refused replacement let its hanging requests go; the plan hangs again
        self.clock.restore(clock)  # type: ignore[attr-defined]
        self.ids.resume(ids)  # type: ignore[attr-defined]
