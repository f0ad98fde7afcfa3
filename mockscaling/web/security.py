"""Protective response headers: nosniff everywhere, no-store on the API, a nonce-based CSP on HTML pages."""

from __future__ import annotations

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


def _no_store(path: str) -> bool:
    return any(path == prefix or path.startswith(prefix + "/") for prefix in chosen.NO_STORE_PREFIXES)


def install_security_headers(app: Flask) -> None:
    """Add chosen/'s protective headers to every response, error responses included.

    Example::

        install_security_headers(app)
    """
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.after_request
    def _protect(response: Response) -> Response:
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if _no_store(request.path):
            response.headers["Cache-Control"] = "no-store"
        if response.mimetype == "text/html":
            response.headers.setdefault("Content-Security-Policy", chosen.HTML_CSP.format(nonce=csp_nonce()))
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Referrer-Policy", chosen.HTML_REFERRER_POLICY)
        return response
