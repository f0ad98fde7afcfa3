"""The request journal (contract §5): a bounded record of recent requests, so a test can assert what its client sent."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import Any

from .. import chosen
from ..timefmt import format_time
from .base import StoreBase


class JournalRules(StoreBase):
    """Keeps the last `chosen.JOURNAL_SIZE` requests, oldest first.

    Like fault plans, the journal describes the server rather than Scaling's data: it is not part of the
    state dump, recording does not notify change listeners, and reset (or a state load) clears it.
    """

    _journal: deque[dict[str, Any]]

    def _clear_hooks(self) -> list[Callable[[], None]]:
        return [*super()._clear_hooks(), self._clear_journal]

    def _clear_journal(self) -> None:
        self._journal = deque(maxlen=chosen.JOURNAL_SIZE)

    def record_request(
        self, method: str, path: str, status: int, request_id: str, user_id: str | None = None, query: str = ""
    ) -> None:
        """Append one request to the journal (the web layer calls this after every response).

        Example::

            store.record_request("GET", "/v1/incidents", 200, request_id, user_id="user_ada")
        """
        entry = {
            "method": method,
            "path": path,
            "query": query,
            "status": status,
            "requestId": request_id,
            "at": format_time(self.now()),
            "userId": user_id,
        }
        with self._lock:
            self._journal.append(entry)

    def list_requests(self, limit: int | None = None) -> list[dict[str, Any]]:
        """The journal, oldest first; with `limit`, only the most recent `limit` entries.

        Example::

            assert [(r["method"], r["path"]) for r in store.list_requests(limit=1)] == [("POST", "/v1/incidents")]
        """
        with self._lock:
            entries = [dict(entry) for entry in self._journal]
        return entries[-limit:] if limit else entries

    def clear_requests(self) -> None:
        """Empty the journal (reset does this too)."""
        with self._lock:
            self._clear_journal()
