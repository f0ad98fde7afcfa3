"""The snapshot's HTTP side: read-only GETs under /v1 with the retries of Scaling's own client, and one-line errors."""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode, urlsplit

import orjson
import urllib3

from ... import chosen
from ..connection import connection_cause, connection_failure
from .checks import BodyCheck

RETRIED_STATUSES = (429, 502, 503, 504)
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")


class SnapshotError(Exception):
    """Why a snapshot cannot be taken: one line for the user; nothing is written."""


class Refused(SnapshotError):
    """The server refused a read with a 4xx error envelope (`status` and `code` say which)."""

    def __init__(self, message: str, status: int, code: str | None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


def checked_base_url(url: str) -> str:
    """`url` without a trailing slash or `/v1`; SnapshotError for a non-http(s) URL or plain http to a remote host.

    Example::

        checked_base_url("http://127.0.0.1:5050/v1/")   # 'http://127.0.0.1:5050'
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SnapshotError(f"--from must be an http(s) URL such as https://api.scaling.cloud, not {url!r}")
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise SnapshotError(f"--from {url} uses plain http to a remote host: the API key would travel in clear; use https")
    base = url.rstrip("/")
    return base[: -len("/v1")] if base.endswith("/v1") else base


@dataclass
class Reader:
    """GETs under `<base_url>/v1` with the API key; follows nothing by itself (see `pages`).

    Retries 429 (integer Retry-After, capped), 502, 503, 504 and timeouts like Scaling's own client, then
    gives up with a SnapshotError. Every answer must be JSON in the contract's shape (`check`).
    Safe to share between threads: one pool of keep-alive connections, `workers` of them.

    Example::

        reader = Reader("http://127.0.0.1:5050", "scl_live_" + "a" * 32)
        users = reader.get("/users")["users"]
    """

    base_url: str
    api_key: str
    retries: int = chosen.SNAPSHOT_RETRIES
    backoff_base: float = chosen.SNAPSHOT_BACKOFF_BASE
    timeout: float = chosen.SNAPSHOT_TIMEOUT
    sleep: Callable[[float], None] = time.sleep
    check: BodyCheck | None = None
    received_bytes: int = 0
    requests_sent: int = 0
    workers: int = chosen.SNAPSHOT_WORKERS
    _count_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _jitter: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        # urllib3 directly (requests is built on it): a third of requests' CPU per call, and a thread-safe pool
        # of keep-alive connections. No retries or redirects of its own: retries are ours, redirects refused.
        self._pool = urllib3.PoolManager(maxsize=max(self.workers, 1), retries=False, timeout=urllib3.Timeout(total=self.timeout))
        self._headers = {"Authorization": f"Bearer {self.api_key}", "Accept": "application/json",
                         "User-Agent": "mockscaling-snapshot"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        """The `data` of `GET /v1<path>`; Refused on a 4xx answer, SnapshotError on anything else that is wrong."""
        url = f"{self.base_url}/v1{path}" + (f"?{urlencode(params)}" if params else "")
        where = f"GET /v1{path}"
        for attempt in range(self.retries + 1):
            try:
                response = self._pool.request("GET", url, headers=self._headers, redirect=False)
            except urllib3.exceptions.NewConnectionError as exc:  # refused, unknown host (a kind of connect timeout)
                raise SnapshotError(connection_failure(self.base_url, exc)) from None
            except urllib3.exceptions.TimeoutError:
                if attempt < self.retries:
                    self.sleep(self._backoff(attempt))
                    continue
                raise SnapshotError(f"{where}: no answer within {self.timeout:g} s after {self.retries + 1} tries") from None
            except urllib3.exceptions.HTTPError as exc:
                raise SnapshotError(f"cannot read from {self.base_url}: {connection_cause(exc)}") from None
            with self._count_lock:
                self.requests_sent += 1
                self.received_bytes += len(response.data)
            if response.status in RETRIED_STATUSES and attempt < self.retries:
                self.sleep(self._wait(response, attempt))
                continue
            return self._data(response, where, path)
        raise AssertionError("unreachable")  # pragma: no cover - the last attempt returns or raises

    def _wait(self, response: urllib3.BaseHTTPResponse, attempt: int) -> float:
        """Seconds before the next try: a 429's integer Retry-After (capped), else the client's random backoff."""
        value = response.headers.get("Retry-After", "")
        if response.status == 429 and value.strip().isdigit():
            return float(min(int(value), chosen.SNAPSHOT_RETRY_AFTER_CAP))
        return self._backoff(attempt)

    def _backoff(self, attempt: int) -> float:
        return self._jitter.uniform(0, min(self.backoff_base * 2**attempt, chosen.SNAPSHOT_BACKOFF_CAP))

    def _data(self, response: urllib3.BaseHTTPResponse, where: str, path: str) -> Any:
        status = response.status
        if 300 <= status < 400:  # not followed: the key must not go where --from did not say
            target = response.headers.get("Location", "elsewhere")
            raise SnapshotError(f"{where} answered {status}, a redirect to {target}; give --from the API's own URL")
        try:
            body = orjson.loads(response.data)
        except orjson.JSONDecodeError:
            kind = response.headers.get("Content-Type", "no content type").split(";")[0]
            raise SnapshotError(f"{where} answered {status} with a body that is not JSON ({kind}); "
                                "is --from the Scaling API?") from None
        if status >= 400:
            code = body.get("code") if isinstance(body, dict) else None
            message = body.get("message") if isinstance(body, dict) else None
            detail = f"{code}: {message}" if code else str(body)[:120]
            if status == 401:
                raise Refused(f"the server refused the API key ({detail})", status, code)
            if status in RETRIED_STATUSES:
                raise Refused(f"{where} still answered {status} after {self.retries} retries ({detail})", status, code)
            raise Refused(f"{where} answered {status} ({detail})", status, code)
        if status != 200 or not isinstance(body, dict) or "data" not in body:
            raise SnapshotError(f"{where} answered {status} without the {{\"data\": ...}} envelope of the Scaling API")
        if self.check is not None:
            problem = self.check.problem(path, body)
            if problem is not None:
                raise SnapshotError(f"{where} answered a body outside the contract: {problem}")
        return body["data"]

    def status_page(self, slug_or_url: str) -> dict[str, Any]:
        """A public status page's JSON (`<base>/status/<slug>.json`, or a full URL): sent without the API key,
        which it does not need (and another host must never see)."""
        if slug_or_url.startswith(("http://", "https://")):
            url = checked_base_url(slug_or_url) if not slug_or_url.endswith(".json") else slug_or_url
            url = url if url.endswith(".json") else f"{url}.json"
        else:
            url = f"{self.base_url}/status/{slug_or_url}.json"
        try:
            response = self._pool.request("GET", url, headers={"Accept": "application/json"}, redirect=False)
        except urllib3.exceptions.HTTPError as exc:
            raise SnapshotError(f"cannot reach the status page {url}: {connection_cause(exc)}") from None
        with self._count_lock:
            self.requests_sent += 1
            self.received_bytes += len(response.data)
        if response.status != 200:
            raise SnapshotError(f"the status page {url} answered {response.status} (unknown or unpublished slug?)")
        try:
            body = orjson.loads(response.data)
            page = {"slug": body["page"]["slug"], "name": body["page"]["name"],
                    "components": [{"id": c["id"], "status": c["status"]} for c in body["components"]]}
        except (ValueError, KeyError, TypeError):
            raise SnapshotError(f"the status page {url} did not answer a status page's JSON") from None
        if not all(isinstance(value, str) for value in (page["slug"], page["name"])):
            raise SnapshotError(f"the status page {url} did not answer a status page's JSON")
        return page

    def pages(self, path: str, key: str, params: dict[str, Any] | None = None) -> Iterator[tuple[list[dict[str, Any]], bool]]:
        """Every page of a cursor list (`{"data": {key: [...], "nextCursor"}}`) and whether another follows,
        following each `nextCursor` (stop iterating to stop reading).

        Example::

            for page, more in reader.pages("/incidents", "incidents", {"from": "2026-01-01"}): ...
        """
        query = {**(params or {}), "limit": chosen.SNAPSHOT_PAGE_LIMIT}
        seen: set[str] = set()
        while True:
            data = self.get(path, query)
            cursor = data.get("nextCursor")
            yield data[key], cursor is not None
            if cursor is None:
                return
            if cursor in seen:
                raise SnapshotError(f"GET /v1{path} returned the same nextCursor twice: the list would never end")
            seen.add(cursor)
            query = {**query, "cursor": cursor}
