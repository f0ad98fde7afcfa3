"""The request journal (contract §5): a bounded record of recent requests, so a test can assert what its client sent."""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from .. import chosen
from ..timefmt import format_time
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
    Bodies are kept as bytes (at most `chosen.JOURNAL_BODY_BYTES` each) and parsed when first read, so
    recording costs no JSON parsing.
    """

    _journal: deque[dict[str, Any]]

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
        truncated = [
            name for name, raw in (("json", body), ("response", response))
            if raw is not None and (raw is TOO_BIG or len(raw) > cap)
        ]
        entry = {
            "method": method,
            "path": path,
            "userId": user_id,
            "orgId": org_id,
            "status": status,
            "requestId": request_id,
            "truncated": truncated,
            # Kept as given until first read (see _entry): recording is on every request's path, reading is rare.
            "_query": query if callable(query) else dict(query or {}),
            "_headers": headers,
            "_at": self.now(),
            "_body": body if "json" not in truncated else None,
            "_response": response if "response" not in truncated else None,
        }
        with self._lock:
            self._journal.append(entry)

    @staticmethod
    def _entry(entry: dict[str, Any]) -> dict[str, Any]:
        """The journal entry as served: the fields kept raw are worked out once, then cached in place
        (callers hold the lock)."""
        if "_body" in entry:
            query, headers = entry.pop("_query"), entry.pop("_headers")
            entry["query"] = dict(query()) if callable(query) else query
            entry["headers"] = _kept_headers(headers() if callable(headers) else headers)
            entry["at"] = format_time(entry.pop("_at"))
            entry["json"] = _parsed(entry.pop("_body"))
            entry["response"] = _parsed(entry.pop("_response"))
        return {name: entry[name] for name in chosen.JOURNAL_FIELDS}

    def list_requests(self, limit: int | None = None, include_control: bool = False) -> list[dict[str, Any]]:
        """The journal, oldest first, without /_mock requests unless `include_control`; with `limit`,
        only the most recent `limit` of those. The same documents as GET /_mock/requests.

        Example::

            assert [(r["method"], r["path"]) for r in store.list_requests(limit=1)] == [("POST", "/v1/incidents")]
        """
        with self._lock:
            entries = [self._entry(e) for e in self._journal if include_control or not is_control_path(e["path"])]
        return entries[-limit:] if limit else entries

    def clear_requests(self) -> None:
        """Empty the journal (reset does this too)."""
        with self._lock:
            self._clear_journal()
