"""What a test's client sent: `fake.calls` (the request journal as objects) and `fake.assert_called(...)`."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Call:
    """One request the fake answered, on any transport (test client, interception, socket).

    `headers` has `Authorization` masked to its last 4 characters; `json` is the parsed request body and
    `response` the parsed response body (None when empty, not JSON, or over the journal's size cap).

    Example::

        call = fake.calls.last
        assert (call.method, call.path, call.status) == ("POST", "/v1/incidents", 201)
        assert call.json["severity"] == "high" and call.user_id == "user_ada"
    """

    method: str
    path: str
    query: dict[str, Any]
    headers: dict[str, str]
    user_id: str | None
    json: Any
    status: int
    response: Any
    request_id: str
    at: str
    org_id: str | None = None

    @classmethod
    def from_entry(cls, entry: dict[str, Any]) -> Call:
        """A call from a request-journal document (`GET /_mock/requests` / `store.list_requests()`)."""
        return cls(
            method=entry["method"], path=entry["path"], query=entry["query"], headers=entry["headers"],
            user_id=entry["userId"], json=entry["json"], status=entry["status"], response=entry["response"],
            request_id=entry["requestId"], at=entry["at"], org_id=entry.get("orgId"),
        )

    def __str__(self) -> str:
        body = "" if self.json is None else " " + _short(self.json)
        return f"{self.method} {self.path} -> {self.status}{body}"


def _short(value: Any, limit: int = 120) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def path_matcher(pattern: str) -> Callable[[str], bool]:
    """A test for request paths: exact, or with `*` (any characters) and `{name}` (one path segment).

    Example::

        matches = path_matcher("/v1/incidents/{id}/status")
        assert matches("/v1/incidents/0193e1a2-3b4c-7890-8000-000000000001/status")
    """
    if "*" not in pattern and "{" not in pattern:
        return lambda path: path == pattern
    regex = ""
    for token in re.split(r"(\*|\{[^/{}]*\})", pattern):
        if token == "*":
            regex += ".*"
        elif token.startswith("{") and token.endswith("}"):
            regex += "[^/]+"
        else:
            regex += re.escape(token)
    compiled = re.compile(regex + r"\Z")
    return lambda path: compiled.match(path) is not None


def json_contains(actual: Any, expected: Any) -> bool:
    """True when `expected` is a subset of `actual`: dicts by key (recursively), everything else by equality.

    Example::

        assert json_contains({"title": "t", "severity": "high"}, {"severity": "high"})
    """
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and json_contains(actual[k], v) for k, v in expected.items())
    return actual == expected


class Calls(Sequence[Call]):
    """The requests a fake answered, oldest first (a live view: it reads the journal on every use).

    Requests to mockscaling's own `/_mock` endpoints are left out.

    Example::

        assert len(fake.calls) == 2
        assert fake.calls.last.status == 201
        creates = fake.calls.filter(method="POST", path="/v1/incidents")
    """

    def __init__(self, source: Callable[[], list[Call]]) -> None:
        self._source = source

    def _all(self) -> list[Call]:
        return self._source()

    def __len__(self) -> int:
        return len(self._all())

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __iter__(self) -> Iterator[Call]:
        return iter(self._all())

    def __repr__(self) -> str:
        return f"Calls({self._all()!r})"

    @property
    def last(self) -> Call:
        """The most recent call; AssertionError when there is none."""
        calls = self._all()
        if not calls:
            raise AssertionError("the fake has answered no request yet")
        return calls[-1]

    def filter(self, method: str | None = None, path: str | None = None) -> Calls:
        """The calls with this method (any case) and path (exact, `*` wildcards or `{name}` segments).

        Example::

            assert len(fake.calls.filter(method="PATCH", path="/v1/incidents/{id}/status")) == 3
        """
        wanted_method = method.upper() if method else None
        matches = path_matcher(path) if path else None
        snapshot = [
            call for call in self._all()
            if (wanted_method is None or call.method == wanted_method) and (matches is None or matches(call.path))
        ]
        return Calls(lambda: snapshot)

    def assert_called(self, method: str, path: str, times: int | None = None, json: Any = None) -> Calls:
        """Assert that `method path` was called (exactly `times` times when given), with a body containing
        `json` when given; returns the matching calls. The failure message lists every call seen.

        Example::

            fake.calls.assert_called("POST", "/v1/incidents", times=1, json={"severity": "high"})
        """
        matching = [call for call in self.filter(method=method, path=path) if json is None or json_contains(call.json, json)]
        if (times is None and matching) or (times is not None and len(matching) == times):
            return Calls(lambda: matching)
        wanted = f"{method.upper()} {path}" + (f" with json containing {_short(json)}" if json is not None else "")
        expected = "at least once" if times is None else f"{times} time{'s' if times != 1 else ''}"
        seen = [str(call) for call in self._all()]
        listing = "\n".join(f"  {n}. {line}" for n, line in enumerate(seen, 1)) or "  (none)"
        raise AssertionError(
            f"expected {wanted} {expected}, found {len(matching)}.\nCalls the fake answered ({len(seen)}):\n{listing}"
        )
