"""Interception: `requests`, `httpx` and `aiohttp` calls aimed at api.scaling.cloud are answered by an in-process app.

Scaling calls are caught *above* the layers that mocking libraries patch, so they reach the fake whatever
else is active, and every other call goes on, untouched, to whatever the test set up (respx, responses,
requests-mock, pytest-httpx, aioresponses or the network):

- requests: `Session.request` and `Session.send` (responses patches `HTTPAdapter.send`, requests-mock
  `Session.send`/`get_adapter` below them); a Scaling call is sent through requests' own `Session.send`
  with an adapter that answers from the app, so hooks, cookies and redirects behave as usual.
- httpx: `Client._transport_for_url` / `AsyncClient._transport_for_url` hand Scaling URLs to an
  `httpx.MockTransport` (respx patches httpcore, pytest-httpx the HTTP transports, both below it).
- aiohttp: `ClientSession._request` answers Scaling URLs with responses built by `aioresponses` (the
  `intercept` extra); an aioresponses mock started later (it patches the same method) hands Scaling calls
  to us too. (Two aioresponses mocks cannot be nested, so mockscaling does not start one of its own.)
"""

from __future__ import annotations

import importlib.util
import io
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager, nullcontext
from functools import partial
from http import HTTPStatus
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

from .. import chosen
from ..web.network_faults import ConnectionDropped

_HOST = re.escape(chosen.INTERCEPT_HOST)
# The Scaling host over http or https, any port, any path (/v1, /api, /_mock …).
SCALING_URL = re.compile(rf"^https?://{_HOST}(?::\d+)?(?:[/?#]|$)", re.IGNORECASE)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# Hop-by-hop or framing headers: the test client recomputes them from the body it is given.
_DROPPED = frozenset({"host", "content-length", "transfer-encoding", "connection"})
# How a Scaling call is answered: (method, url, header pairs, body) -> (status, header pairs, body bytes).
Send = Callable[[str, str, Iterable[tuple[str, str]], "bytes | str | None"], tuple[int, list[tuple[str, str]], bytes]]
INSTALL_HINT = 'interception of aiohttp needs `aioresponses`, the `intercept` extra: pip install ".[intercept]" in the mockscaling checkout'


def is_scaling_url(url: Any) -> bool:
    """True for a URL on the Scaling API host (any scheme, port and path)."""
    return SCALING_URL.match(str(url)) is not None


def forward(app: Any, method: str, url: str, headers: Iterable[tuple[str, str]], body: bytes | str | None) -> tuple[int, list[tuple[str, str]], bytes]:
    """Send one HTTP request to `app` in-process; returns status, header pairs and body bytes.

    Example::

        status, headers, body = forward(app, "GET", "https://api.scaling.cloud/v1/incidents",
                                        [("Authorization", "Bearer " + key)], None)
    """
    parts = urlsplit(url)
    if isinstance(body, str):
        body = body.encode("utf-8")
    client = app.test_client(use_cookies=False)  # one per call: test clients are not thread-safe
    response = client.open(
        parts.path or "/",
        base_url=f"{parts.scheme}://{parts.netloc}",
        method=method,
        query_string=parts.query,
        headers=[(name, value) for name, value in headers if name.lower() not in _DROPPED],
        data=body or b"",
    )
    return response.status_code, list(response.headers.items()), response.get_data()


# ---- requests ------------------------------------------------------------------------------------
class _SessionView:
    """A requests Session with some attributes replaced (the session itself is never changed, so other
    threads using it are not affected)."""

    def __init__(self, session: Any, **replaced: Any) -> None:
        self._session = session
        self.__dict__.update(replaced)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)


@contextmanager
def _requests_interception(answer_call: Send) -> Iterator[None]:
    import requests
    from requests.adapters import BaseAdapter, HTTPAdapter
    from urllib3.response import HTTPResponse

    builder = HTTPAdapter()  # only its build_response is used: no connection is ever opened

    class ScalingAdapter(BaseAdapter):
        def send(self, request: Any, stream: bool = False, timeout: Any = None, verify: Any = True,
                 cert: Any = None, proxies: Any = None) -> Any:
            try:
                status, headers, body = answer_call(request.method, request.url, request.headers.items(), request.body)
            except ConnectionDropped as dropped:  # a "close"/"hang" fault: what requests raises on a real socket
                raise requests.ConnectionError(str(dropped), request=request) from dropped
            raw = HTTPResponse(body=io.BytesIO(body), headers=headers, status=status, reason=_reason(status),
                               preload_content=False, decode_content=False)
            return builder.build_response(request, raw)

        def close(self) -> None:
            pass

    adapter = ScalingAdapter()
    # requests' own functions, whatever is patched now: requests-mock keeps the original in `_original_send`.
    real_send = requests.sessions.Session.__dict__["send"]
    real_request = requests.sessions.Session.__dict__["request"]
    if getattr(real_send, "__module__", "") != "requests.sessions" and _available("requests_mock"):
        real_send = getattr(importlib.import_module("requests_mock.mocker"), "_original_send", real_send)
    previous_send = requests.Session.send
    previous_request = requests.Session.request

    def scaling_send(session: Any, prepared: Any, **kwargs: Any) -> Any:
        return real_send(_SessionView(session, get_adapter=lambda url: adapter), prepared, **kwargs)

    def send(session: Any, prepared: Any, **kwargs: Any) -> Any:
        if is_scaling_url(prepared.url):
            return scaling_send(session, prepared, **kwargs)
        return previous_send(session, prepared, **kwargs)

    def request(session: Any, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
        if is_scaling_url(url):
            view = _SessionView(session, send=lambda prepared, **send_kwargs: scaling_send(session, prepared, **send_kwargs))
            return real_request(view, method, url, *args, **kwargs)
        return previous_request(session, method, url, *args, **kwargs)

    with mock.patch.object(requests.Session, "send", send), mock.patch.object(requests.Session, "request", request):
        yield


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


# ---- httpx ---------------------------------------------------------------------------------------
@contextmanager
def _httpx_interception(send: Send) -> Iterator[None]:
    import httpx

    def answer(request: httpx.Request) -> httpx.Response:
        try:
            status, headers, body = send(request.method, str(request.url), request.headers.multi_items(), request.content)
        except ConnectionDropped as dropped:  # a "close"/"hang" fault: what httpx raises on a real socket
            raise httpx.RemoteProtocolError(str(dropped), request=request) from dropped
        return httpx.Response(status, headers=headers, content=body)

    transport = httpx.MockTransport(answer)  # reads sync and async request bodies itself
    previous_sync = httpx.Client._transport_for_url
    previous_async = httpx.AsyncClient._transport_for_url

    def sync_transport(client: Any, url: Any) -> Any:
        return transport if is_scaling_url(url) else previous_sync(client, url)

    def async_transport(client: Any, url: Any) -> Any:
        return transport if is_scaling_url(url) else previous_async(client, url)

    with mock.patch.object(httpx.Client, "_transport_for_url", sync_transport), \
            mock.patch.object(httpx.AsyncClient, "_transport_for_url", async_transport):
        yield


# ---- aiohttp -------------------------------------------------------------------------------------
@contextmanager
def _aiohttp_interception(send: Send) -> Iterator[None]:
    import json

    import aiohttp
    from aioresponses import aioresponses
    from aioresponses.compat import merge_params, normalize_url
    from aioresponses.core import RequestMatch

    def full_url(session: Any, url: Any, kwargs: dict[str, Any]) -> Any:
        built = session._build_url(url) if hasattr(session, "_build_url") else url
        return normalize_url(merge_params(built, kwargs.get("params")))

    async def answer(session: Any, method: str, url: Any, **kwargs: Any) -> Any:
        # The response object is built by aioresponses, as for any of its mocked calls.
        headers = session._prepare_headers(kwargs.get("headers")) if hasattr(session, "_prepare_headers") else kwargs.get("headers")
        sent = dict((headers or {}).items())
        body = kwargs.get("data")
        if kwargs.get("json") is not None:
            body = json.dumps(kwargs["json"])
            sent.setdefault("Content-Type", "application/json")
        try:
            status, answer_headers, content = send(method.upper(), str(url), sent.items(), body)
        except ConnectionDropped as dropped:  # a "close"/"hang" fault: what aiohttp raises on a real socket
            raise aiohttp.ServerDisconnectedError(str(dropped)) from dropped
        content_type = next((v for k, v in answer_headers if k.lower() == "content-type"), "application/json")
        match = RequestMatch(url, method=method, status=status, body=content, headers=dict(answer_headers),
                             content_type=content_type, reason=_reason(status))
        response = await match.build_response(url, headers=sent)
        if kwargs.get("raise_for_status", getattr(session, "_raise_for_status", False)) is True:
            response.raise_for_status()
        return response

    previous = aiohttp.ClientSession._request
    original_mock = aioresponses._request_mock

    async def request(session: Any, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
        target = full_url(session, url, kwargs)
        if is_scaling_url(target):
            return await answer(session, method, target, **kwargs)
        return await previous(session, method, url, *args, **kwargs)

    async def request_mock(self: Any, session: Any, method: str, url: Any, *args: Any, **kwargs: Any) -> Any:
        # An aioresponses mock started after us sees Scaling calls first: answer them here.
        target = full_url(session, url, kwargs)
        if is_scaling_url(target):
            return await answer(session, method, target, **kwargs)
        return await original_mock(self, session, method, url, *args, **kwargs)

    with mock.patch.object(aiohttp.ClientSession, "_request", request), \
            mock.patch.object(aioresponses, "_request_mock", request_mock):
        yield


def _available(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


@contextmanager
def intercept(app: Any) -> Iterator[None]:
    """Route requests, httpx (sync and async) and aiohttp calls for api.scaling.cloud to `app` while the block runs.

    Other calls are left to whatever else is in place (another mocking library, or the network).
    aiohttp needs `aioresponses` (the `intercept` extra); if aiohttp is installed without it, this
    raises ImportError rather than letting aiohttp's Scaling calls reach the network.

    Example::

        with intercept(app):
            requests.get("https://api.scaling.cloud/v1/incidents", headers=...)
            httpx.get("https://api.scaling.cloud/v1/incidents", headers=...)
    """
    with _route(partial(forward, app)):
        yield


@contextmanager
def _route(send: Send) -> Iterator[None]:
    """Hand every library's calls for api.scaling.cloud to `send` while the block runs."""
    if _available("aiohttp") and not _available("aioresponses"):
        raise ImportError(INSTALL_HINT)
    with ExitStack() as stack:
        if _available("requests"):
            stack.enter_context(_requests_interception(send))
        if _available("httpx"):
            stack.enter_context(_httpx_interception(send))
        if _available("aiohttp"):
            stack.enter_context(_aiohttp_interception(send))
        yield


def relay_to(base_url: str) -> Any:
    """A context manager sending the calls for https://api.scaling.cloud to `base_url` (live mode) instead.

    When `base_url` is the Scaling API itself, calls go through untouched. The relay speaks urllib3
    directly, below what responses, requests-mock, respx or pytest-httpx patch, so a mocking library
    active in the test does not catch the relayed call.

    Example::

        with relay_to("http://127.0.0.1:5050"):
            requests.get("https://api.scaling.cloud/v1/incidents", headers=...)   # answered by :5050
    """
    base = base_url.rstrip("/")
    if is_scaling_url(base) and urlsplit(base).scheme == "https" and urlsplit(base).port in (None, 443):
        return nullcontext()
    return _route(partial(_relay, _pool(), base))


def _pool() -> Any:
    import urllib3

    return urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(connect=10, read=60))


# Response headers that describe the wire form of the body the relay has already decoded.
_WIRE = frozenset({"content-encoding", "content-length", "transfer-encoding", "connection", "keep-alive"})


def _relay(pool: Any, base: str, method: str, url: str, headers: Iterable[tuple[str, str]],
           body: bytes | str | None) -> tuple[int, list[tuple[str, str]], bytes]:
    import urllib3

    parts = urlsplit(url)
    target = base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = [(name, value) for name, value in headers if name.lower() not in _DROPPED]
    try:
        reply = pool.request(method, target, body=body or None, headers=urllib3.HTTPHeaderDict(sent), redirect=False,
                             decode_content=True)
    except urllib3.exceptions.HTTPError as exc:  # each library raises its own connection error for this
        raise ConnectionDropped(f"{method} {target}: {exc}") from exc
    return reply.status, [(k, v) for k, v in reply.headers.items() if k.lower() not in _WIRE], reply.data
