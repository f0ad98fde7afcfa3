"""The request journal (contract §5): a bounded record of recent requests, so a test can assert what its client sent."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .. import chosen
from ..domain.clock import truncate_ms
from ..domain.timefmt import format_time
from .base import StoreBase

CONTROL_PREFIX = "/_mock"
# A request body known (from Content-Length) to be over the cap, so never read: recorded as truncated.
class _TooBig(bytes):
    """Marks a body that was not read because it is over the cap."""


TOO_BIG = _TooBig()


def mask_authorization(value: str) -> str:
    """`Bearer scl_live_…` as `Bearer ****abcd`: only the last 4 characters of a credential are kept.

    Example::

        assert mask_authorization("Bearer scl_live_" + "a" * 32) == "Bearer ****aaaa"
    """
    scheme, _, secret = value.partition(" ")
    if not secret:
        scheme, secret = "", value
    masked = "****" + secret[-4:] if len(secret) > 4 else "****"
    return f"{scheme} {masked}" if scheme else masked


def _kept_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]] | None) -> dict[str, str]:
    kept = {}
    pairs = headers.items() if isinstance(headers, Mapping) else headers or ()
    for name, value in pairs:
        if name.lower() in chosen.JOURNAL_MASKED_HEADERS:
            value = mask_authorization(value)
        kept[name] = value
    return kept


def _parsed(raw: bytes | None) -> Any:
    """A stored body as JSON (None when empty or not JSON)."""
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def is_control_path(path: str) -> bool:
    """True for mockscaling's own /_mock paths."""
    return path == CONTROL_PREFIX or path.startswith(CONTROL_PREFIX + "/")


class JournalRules(StoreBase):
    """Keeps the last `chosen.JOURNAL_SIZE` requests, oldest first.

    Like fault plans, the journal describes the server rather than Scaling's data: it is not part of the
    state dump, recording does not notify change listeners, and reset (or a state load) clears it.
    Bodies are kept as bytes (at most `chosen.JOURNAL_BODY_BYTES` each). A request is kept as the tuple
    the web layer handed over and worked out into its document (bodies parsed, headers masked) when the
    journal is first read, so recording copies and parses nothing.
    """

    _journal: deque[tuple[Any, ...] | dict[str, Any]]

    def _clear_hooks(self) -> list[Callable[[], None]]:
        return [*super()._clear_hooks(), self._clear_journal]

    def _clear_journal(self) -> None:
        self._journal = deque(maxlen=chosen.JOURNAL_SIZE)

    def record_request(
        self, method: str, path: str, status: int, request_id: str, user_id: str | None = None,
        query: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None, *, org_id: str | None = None,
        headers: Mapping[str, str] | Callable[[], Iterable[tuple[str, str]]] | None = None,
        body: bytes | None = None, response: bytes | None = None,
    ) -> None:
        """Append one request to the journal (the web layer calls this after every response).

        `body` and `response` are the raw request and response bodies; one longer than
        `chosen.JOURNAL_BODY_BYTES` is dropped (its field reads None and is named in `truncated`).
        `query` and `headers` may also be zero-argument callables giving them: they are called when the
        journal is first read, so recording a request copies nothing it does not have to.

        Example::

            store.record_request("GET", "/v1/incidents", 200, request_id, user_id="user_ada", query={"limit": "5"})
        """
        cap = chosen.JOURNAL_BODY_BYTES
        body_kept = body is None or (body is not TOO_BIG and len(body) <= cap)
        response_kept = response is None or len(response) <= cap
        # A tuple, worked out into the served document when the journal is first read (see _entry):
        # recording is on every request's path, reading is rare.
        truncated = () if body_kept and response_kept else tuple(
            name for name, kept in (("json", body_kept), ("response", response_kept)) if not kept
        )
        at, wall = self.clock.now_and_real()  # never inside a mutation: no pinned instant
        entry = (
            method, path, query if query is None or callable(query) else dict(query),
            headers if headers is None or callable(headers) else dict(headers),
            user_id, org_id, status, request_id, at, body if body_kept else None,
            response if response_kept else None, truncated, wall,  # wall: the console shows it beside `at`
        )
        with self._lock:
            self._journal.append(entry)

    def _worked_out(self) -> deque[Any]:
        """The journal with every entry as its served document: each recorded tuple is worked out once,
        then kept in its place (callers hold the lock)."""
        journal = self._journal
        for index, entry in enumerate(list(journal)):
            if isinstance(entry, tuple):
                (method, path, query, headers, user_id, org_id, status, request_id, at, body, response, truncated,
                 wall) = entry
                journal[index] = {
                    "method": method,
                    "path": path,
                    "query": dict((query() if callable(query) else query) or {}),
                    "headers": _kept_headers(headers() if callable(headers) else headers),
                    "userId": user_id,
                    "orgId": org_id,
                    "json": _parsed(body),
                    "status": status,
                    "response": _parsed(response),
                    "requestId": request_id,
                    "at": format_time(at),
                    "truncated": list(truncated),
                    "wallAt": format_time(truncate_ms(wall)),  # not served by /_mock/requests (chosen.JOURNAL_FIELDS)
                }
        return journal

    def list_requests(self, limit: int | None = None, include_control: bool = False) -> list[dict[str, Any]]:
        """The journal, oldest first, without /_mock requests unless `include_control`; with `limit`,
        only the most recent `limit` of those. The same documents as GET /_mock/requests.

        Example::

            assert [(r["method"], r["path"]) for r in store.list_requests(limit=1)] == [("POST", "/v1/incidents")]
        """
        with self._lock:
            entries = [
                {name: entry[name] for name in chosen.JOURNAL_FIELDS}
                for entry in self._worked_out()
                if include_control or not is_control_path(entry["path"])
            ]
        return entries[-limit:] if limit else entries

    def recent_requests(self, limit: int) -> list[dict[str, Any]]:
        """The newest `limit` non-/_mock requests, newest first, each with `wallAt` (the wall-clock time it
        arrived) beside the journal's fields: what the console lists.

        Example::

            [(r["method"], r["at"], r["wallAt"]) for r in store.recent_requests(5)]
        """
        found: list[dict[str, Any]] = []
        with self._lock:
            for entry in reversed(self._worked_out()):
                if len(found) >= limit:
                    break
                if not is_control_path(entry["path"]):
                    found.append(dict(entry))
        return found

    def clear_requests(self) -> None:
        """Empty the journal (reset does this too)."""
        with self._lock:
            self._clear_journal()
