"""GET /openapi.json: the route is registered with the app, the document (apispec, every schema) built on its first request."""

from __future__ import annotations

from flask import Flask, Response, jsonify


def register_openapi(app: Flask) -> None:
    """Serve the document at GET /openapi.json (no API key: it is outside the /v1 blueprint).

    Example::

        register_openapi(app)   # app.test_client().get("/openapi.json").json["openapi"] == "3.1.0"
    """

    def openapi_json() -> Response:
        # Imported here: building the document needs apispec and every schema, which no other answer does,
        # so an app that never serves it (most test runs) never imports them.
        from .openapi import openapi_document

        return jsonify(openapi_document(app))

    app.add_url_rule("/openapi.json", "openapi_json", openapi_json, methods=["GET"])
