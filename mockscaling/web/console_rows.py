"""How the console shows one journal entry: its row (query as typed, who sent it, preflight or not) and, for the
request a developer clicked, its headers (secrets masked) and both bodies."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

from .. import chosen


def shown_time(instant: str | None) -> str:
    """A journal instant (`2026-04-07T10:00:00.000Z`) as the console prints every time: `04-07 10:00:00.000`."""
    return f"{instant[5:10]} {instant[11:23]}" if instant else ""


def _header(entry: dict[str, Any], name: str) -> str | None:
    return next((value for key, value in entry["headers"].items() if key.lower() == name), None)


def request_row(entry: dict[str, Any]) -> dict[str, Any]:
    """One row of the Requests table: the journal entry plus `target` (path and query as sent), `who` (the
    key's user, or the masked key, or "no key") and `preflight` (a CORS preflight, hidden by default).

    Example::

        request_row(store.recent_requests(1)[0])["target"]   # '/v1/incidents?limit=2'
    """
    query = urlencode(entry["query"], doseq=True, quote_via=quote) if entry["query"] else ""
    authorization = _header(entry, "authorization")  # already masked by the journal
    who = entry["userId"] or (f"key {authorization.split(' ')[-1]}" if authorization else "no key")
    return {
        **entry,
        "target": entry["path"] + (f"?{query}" if query else ""),
        "who": who,
        "preflight": entry["method"] == "OPTIONS" and _header(entry, "access-control-request-method") is not None,
    }


def _body(value: Any, kept: bool) -> str:
    if not kept:
        return f"(over {chosen.JOURNAL_BODY_BYTES // 1024} KiB: not kept)"
    return "(none, or not JSON)" if value is None else json.dumps(value, indent=2, ensure_ascii=False)


def request_detail(entry: dict[str, Any]) -> dict[str, Any]:
    """The clicked request: `headers` as `Name: value` lines with every secret masked, `json` and `response` as
    indented JSON text (or why there is none).

    Example::

        request_detail(request_row(entry))["headers"][0]   # 'Authorization: Bearer ****aaaa'
    """
    # The journal masked every secret header when it recorded them (JOURNAL_MASKED_HEADERS): shown as kept.
    headers = [f"{name}: {value}" for name, value in entry["headers"].items()]
    return {**request_row(entry), "headerLines": headers,
            "requestBody": _body(entry["json"], "json" not in entry["truncated"]),
            "responseBody": _body(entry["response"], "response" not in entry["truncated"])}
