"""The headers every response carries: the request id, nosniff, no-store on the API, a nonce-based CSP on HTML pages.

They are added below Flask, by a WSGI middleware, so every answer gets them (error pages and answers Flask
builds itself included) for the cost of a few list appends per request.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask, request

from .. import chosen
from .context import EXTENSION_KEY, REQUEST_ID_KEY

CSP_NONCE_KEY = "mockscaling.csp_nonce"
# Headers StandardHeaders always sets itself (dropping the answer's own), by kind of path.
_REPLACED = frozenset({chosen.REQUEST_ID_HEADER.lower()})
_REPLACED_ON_NO_STORE = _REPLACED | {"cache-control"}

# A path under one of chosen.NO_STORE_PREFIXES is the prefix itself, or starts with it followed by "/".
_NO_STORE_STARTS = tuple(prefix + "/" for prefix in chosen.NO_STORE_PREFIXES)
_NO_STORE = ("Cache-Control", "no-store")
_NOSNIFF = ("X-Content-Type-Options", "nosniff")


def csp_nonce() -> str:
    """This request's CSP nonce (one per request, unpredictable), for inline `<script>` and `<style>` tags.

    Templates call it as ``{{ csp_nonce() }}``::

        <style nonce="{{ csp_nonce() }}">...</style>
        <script nonce="{{ csp_nonce() }}">...</script>
    """
    return _nonce_of(request.environ)


def _nonce_of(environ: dict[str, Any]) -> str:
    """The nonce of the request with this environ, made on first use (templates and the CSP header share it)."""
    if CSP_NONCE_KEY not in environ:
        # A nonce must be unguessable, so it never comes from the (seeded, reproducible) id source.
        environ[CSP_NONCE_KEY] = secrets.token_urlsafe(16)
    return environ[CSP_NONCE_KEY]


class StandardHeaders:
    """WSGI middleware: a fresh request id in the environ before the app runs, and chosen/'s headers on the answer.

    Added: X-Request-Id (replacing any), X-Content-Type-Options: nosniff and, on HTML, the CSP (with the
    request's nonce), X-Frame-Options and Referrer-Policy (each unless the answer set its own), and
    Cache-Control: no-store on chosen.NO_STORE_PREFIXES (replacing any).

    Example::

        app.wsgi_app = StandardHeaders(app.wsgi_app, store.ids.request_id)
    """

    def __init__(self, wsgi_app: Callable[..., Iterable[bytes]], new_request_id: Callable[[], str]) -> None:
        self.wsgi_app = wsgi_app
        self.new_request_id = new_request_id

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        environ[REQUEST_ID_KEY] = self.new_request_id()
        path = environ.get("PATH_INFO", "")
        if path[:2] == "//":
            path = "/" + path.lstrip("/")  # as Flask's request.path reads it
        no_store = path.startswith(_NO_STORE_STARTS) or path in chosen.NO_STORE_PREFIXES

        def add_headers(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            names = [name.lower() for name, _ in headers]
            replaced = _REPLACED_ON_NO_STORE if no_store else _REPLACED
            if not replaced.isdisjoint(names):
                headers = [pair for pair, name in zip(headers, names) if name not in replaced]
                names = [name for name in names if name not in replaced]
            headers = [*headers, (chosen.REQUEST_ID_HEADER, environ[REQUEST_ID_KEY])]
            if no_store:
                headers.append(_NO_STORE)
            if "x-content-type-options" not in names:
                headers.append(_NOSNIFF)
            content_type = headers[names.index("content-type")][1] if "content-type" in names else ""
            # Most answers are JSON: the HTML check parses the type only when it can be HTML.
            if "htm" in content_type.lower() and content_type.partition(";")[0].strip().lower() == "text/html":
                nonce = _nonce_of(environ)
                html = (
                    ("Content-Security-Policy", chosen.HTML_CSP.format(nonce=nonce)),
                    ("X-Frame-Options", "DENY"),
                    ("Referrer-Policy", chosen.HTML_REFERRER_POLICY),
                )
                headers += [(name, value) for name, value in html if name.lower() not in names]
            return start_response(status, headers, exc_info)

        return self.wsgi_app(environ, add_headers)


def install_standard_headers(app: Flask) -> None:
    """Give every request an id and every response StandardHeaders' headers; register `csp_nonce` for templates.

    Install it first, so the request id exists before any hook, fault or error handler runs.

    Example::

        install_standard_headers(app)
    """
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    # The store (and its id source) is the app's for life: bind the method once.
    app.wsgi_app = StandardHeaders(app.wsgi_app, app.extensions[EXTENSION_KEY].ids.request_id)  # type: ignore[method-assign]
