"""Live mode: `pytest --mockscaling-url URL --mockscaling-key KEY` runs the same suite against a real server.

The fixtures then hand out a `LiveScaling`: the same way to call the API (`.client()`, `.headers()`,
`.url`, `.api_url`, `.admin_key`), aimed at that server over HTTP. The fake-only powers (clock, faults,
given, calls, reset, the store, tenants, seeds) cannot work there: touching one skips the test with a
reason that names the power. Interception works: the code's calls for https://api.scaling.cloud go to
that server (or, when it is https://api.scaling.cloud, through untouched).
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Callable
from typing import Any, NoReturn
from urllib.parse import urlsplit

_ADMIN: Any = object()

# Attribute of the fake handle -> the power it needs (named in the skip reason).
FAKE_ONLY = {
    "clock": "the fake clock", "store": "the fake's store", "given": "given (arranging state)",
    "calls": "calls (the request journal)", "assert_called": "assert_called (the request journal)",
    "reset": "reset", "state": "the state dump", "new_tenant": "tenants", "app": "the in-process app",
"users": "the seed's users", "keys": "the seed's keys",
    "member_key": "the seed's member key", "seed_info": "the seed",
}


class LiveResponse:
    """A response with the Flask test client's reading API (`status_code`, `json`, `headers`, `data`)."""

    def __init__(self, reply: Any) -> None:
        self.status_code = reply.status_code
        self.headers = reply.headers
        self.data = reply.content
        self.text = reply.text

    @property
    def json(self) -> Any:
        """The parsed JSON body (None when empty or not JSON), like Flask's `response.json`."""
        try:
            return jsonlib.loads(self.data) if self.data else None
        except ValueError:
            return None

    def get_json(self) -> Any:
        """Same as `.json`."""
        return self.json


class LiveClient:
    """`get/post/put/patch/delete(path, json=..., query_string=..., headers=...)` on the live server, with
    the Flask test client's call shape, so tests written against `fake.client()` run unchanged.

    Example::

        reply = LiveClient("https://staging.example/", {"Authorization": "Bearer ..."}).get("/v1/incidents")
        assert reply.status_code == 200 and "incidents" in reply.json["data"]
    """

    def __init__(self, base_url: str, headers: dict[str, str], needs_fake: Callable[[str], Any] | None = None) -> None:
        import requests

        self._needs_fake = needs_fake
        self._base = base_url.rstrip("/")
        self._session = requests.Session()
        self._session.headers.update(headers)

    def open(self, path: str, method: str = "GET", json: Any = None, query_string: Any = None,
             headers: dict[str, str] | None = None, data: Any = None) -> LiveResponse:
        """Send one request; `path` starts with `/` (e.g. `/v1/incidents`). `/_mock` paths skip the test."""
        if self._needs_fake is not None and (path == "/_mock" or path.startswith(("/_mock/", "/_mock?"))):
            self._needs_fake("the control plane (/_mock)")
        reply = self._session.request(method, self._base + path, json=json, params=query_string, headers=headers,
                                      data=data, timeout=30)
        return LiveResponse(reply)

    def get(self, path: str, **kwargs: Any) -> LiveResponse:
        return self.open(path, "GET", **kwargs)

    def post(self, path: str, **kwargs: Any) -> LiveResponse:
        return self.open(path, "POST", **kwargs)

    def put(self, path: str, **kwargs: Any) -> LiveResponse:
        return self.open(path, "PUT", **kwargs)

    def patch(self, path: str, **kwargs: Any) -> LiveResponse:
        return self.open(path, "PATCH", **kwargs)

    def delete(self, path: str, **kwargs: Any) -> LiveResponse:
        return self.open(path, "DELETE", **kwargs)


class LiveScaling:
    """The fixtures' handle in live mode: a real server at `url`, called with `admin_key`.

    Example::

        live = LiveScaling("http://127.0.0.1:5050", "scl_live_" + "a" * 32, skip=pytest.skip)
        assert live.client().get("/v1/incidents").status_code == 200
    """

    IS_LIVE = True

    def __init__(self, url: str, key: str, skip: Callable[[str], NoReturn]) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"--mockscaling-url must be an http(s) URL, not {url!r}")
        base = url.rstrip("/")
        self.url = base[: -len("/v1")] if base.endswith("/v1") else base
        self.admin_key = key
        self._skip = skip

    @property
    def api_url(self) -> str:
        """`url` + `/v1`."""
        return self.url + "/v1"

    @property
    def is_served(self) -> bool:
        return True

    def headers(self, key: str | None = _ADMIN) -> dict[str, str]:
        """`{"Authorization": "Bearer <key>"}` (the --mockscaling-key by default; None gives `{}`)."""
        key = self.admin_key if key is _ADMIN else key
        return {"Authorization": f"Bearer {key}"} if key else {}

    def client(self, key: str | None = _ADMIN) -> LiveClient:
        """A client for the live server sending `Authorization: Bearer <key>` (the --mockscaling-key by default)."""
        return LiveClient(self.url, self.headers(key), needs_fake=self.needs_fake)

    def intercept(self) -> Any:
        """Send the code's calls for https://api.scaling.cloud to this server while the block runs.

        Example::

            with live.intercept():
                requests.get("https://api.scaling.cloud/v1/incidents", headers=live.headers())  # reaches live.url
        """
        from .intercept import relay_to

        return relay_to(self.url)

    def needs_fake(self, power: str) -> NoReturn:
        """Skip the running test: it uses `power`, which only the fake has."""
        self._skip(f"needs {power}, which only the fake has (running against {self.url} with --mockscaling-url)")

    def __getattr__(self, name: str) -> Any:
        if name in FAKE_ONLY:
            self.needs_fake(FAKE_ONLY[name])
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
