"""Access to the current app's store and the caller from inside a request."""

from __future__ import annotations

from flask import current_app, g

from ..store import Principal, Store

EXTENSION_KEY = "mockscaling"


def current_store() -> Store:
    """The store of the app serving this request."""
    return current_app.extensions[EXTENSION_KEY]


def current_principal() -> Principal:
    """The caller, set by the auth hook of the API blueprint."""
    return g.principal
