"""Interception: `requests` and `httpx` calls aimed at api.scaling.cloud are answered by an in-process app.

The patching is done by the well-kept mocking libraries (`responses` for requests, `respx` for httpx),
which are optional (`pip install "mockscaling[intercept]"`) and imported only when interception starts.
Both forward to the Flask app through its test client, so no socket is opened; every other host is
passed through to the network untouched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any
from urllib.parse import urlsplit

from . import chosen
from .web.network_faults import ConnectionDropped

_HOST = re.escape(chosen.INTERCEPT_HOST)
# The Scaling host over http or https, any port, any path (/v1, /api, /_mock …).
SCALING_URL = re.compile(rf"^https?://{_HOST}(?::\d+)?(?:[/?#]|$)", re.IGNORECASE)
# Everything else: handed back to the real transport.
OTHER_URL = re.compile(rf"^(?!https?://{_HOST}(?::\d+)?(?:[/?#]|$))", re.IGNORECASE)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
# Hop-by-hop or framing headers: the test client recomputes them from the body it is given.
_DROPPED = frozenset({"host", "content-length", "transfer-encoding", "connection"})
INSTALL_HINT = 'interception needs `responses` for requests and `respx` for httpx: pip install "mockscaling[intercept]"'


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


@contextmanager
def _requests_interception(app: Any) -> Iterator[Any]:
    import requests
    import responses

    mock = responses.RequestsMock(assert_all_requests_are_fired=False)

    def callback(request: Any) -> tuple[int, list[tuple[str, str]], bytes]:
        try:
            return forward(app, request.method, request.url, request.headers.items(), request.body)
        except ConnectionDropped as dropped:  # a "close"/"hang" fault: what requests raises on a real socket
            raise requests.ConnectionError(str(dropped), request=request) from dropped

    for method in METHODS:
        # content_type=None: the fake's own Content-Type header is sent, not responses' text/plain.
        mock.add_callback(method, SCALING_URL, callback=callback, content_type=None)
    mock.add_passthru(OTHER_URL)
    with mock:
        yield mock


@contextmanager
def _httpx_interception(app: Any) -> Iterator[Any]:
    import httpx
    import respx

    router = respx.MockRouter(assert_all_called=False, assert_all_mocked=True)

    def side_effect(request: httpx.Request) -> httpx.Response:
        try:
            status, headers, body = forward(app, request.method, str(request.url), request.headers.multi_items(), request.content)
        except ConnectionDropped as dropped:  # a "close"/"hang" fault: what httpx raises on a real socket
            raise httpx.RemoteProtocolError(str(dropped), request=request) from dropped
        return httpx.Response(status, headers=headers, content=body)

    # Routes match in order: the Scaling host first, then a catch-all that lets every other host through.
    router.route(host=chosen.INTERCEPT_HOST).mock(side_effect=side_effect)
    router.route().pass_through()
    with router:
        yield router


def _available(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


@contextmanager
def intercept(app: Any) -> Iterator[None]:
    """Route requests/httpx (sync and async) calls for api.scaling.cloud to `app` while the block runs.

    Every installed client needs its mocking library (requests: `responses`, httpx: `respx`); a missing
    one raises ImportError naming the extra, rather than letting that client's calls reach the network.

    Example::

        with intercept(app):
            requests.get("https://api.scaling.cloud/v1/incidents", headers=...)
            httpx.get("https://api.scaling.cloud/v1/incidents", headers=...)
    """
    clients = [(client, mocker) for client, mocker in (("requests", "responses"), ("httpx", "respx")) if _available(client)]
    missing = [mocker for _, mocker in clients if not _available(mocker)]
    if missing or not clients:
        raise ImportError(f"{INSTALL_HINT} (missing: {', '.join(missing) or 'requests or httpx'})")
    patch_requests = ("requests", "responses") in clients
    patch_httpx = ("httpx", "respx") in clients
    with ExitStack() as stack:
        if patch_requests:
            stack.enter_context(_requests_interception(app))
        if patch_httpx:
            stack.enter_context(_httpx_interception(app))
        yield
