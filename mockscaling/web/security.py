"""Protective response headers: nosniff everywhere, no-store on the API, a nonce-based CSP on HTML pages."""

from __future__ import annotations

import re
import secrets

from flask import Flask, Response, g, request

from .. import chosen


def csp_nonce() -> str:
    """This request's CSP nonce (one per request, unpredictable), for inline `<script>` and `<style>` tags.

    Templates call it as ``{{ csp_nonce() }}``::

        <style nonce="{{ csp_nonce() }}">...</style>
        <script nonce="{{ csp_nonce() }}">...</script>
    """
    if "csp_nonce" not in g:
        # A nonce must be unguessable, so it never comes from the (seeded, reproducible) id source.
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


# A path under one of chosen.NO_STORE_PREFIXES (the prefix itself, or it followed by "/").
_NO_STORE_PATH = re.compile("(?:" + "|".join(re.escape(p) for p in chosen.NO_STORE_PREFIXES) + ")(?:/|$)")


def _no_store(path: str) -> bool:
    return _NO_STORE_PATH.match(path) is not None


def install_security_headers(app: Flask) -> None:
    """Add chosen/'s protective headers to every response, error responses included.

    Example::

        install_security_headers(app)
    """
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _protect(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        if _no_store(request.path):
            headers["Cache-Control"] = "no-store"
        # Compared without parsing (response.mimetype would): this runs on every response.
        if headers.get("Content-Type", "").partition(";")[0].strip().lower() == "text/html":
            headers.setdefault("Content-Security-Policy", chosen.HTML_CSP.format(nonce=csp_nonce()))
            headers.setdefault("X-Frame-Options", "DENY")
            headers.setdefault("Referrer-Policy", chosen.HTML_REFERRER_POLICY)
        return response
