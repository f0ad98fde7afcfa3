"""Access to the current app's store, the caller and the request id from inside a request.

The caller and the request id live in the request's WSGI environ rather than in `g`: pytest-flask keeps
one app context (and so one `g`) across test-client requests, while every request has its own environ.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, request

from ..store import Principal, Store

EXTENSION_KEY = "mockscaling"
PRINCIPAL_KEY = "mockscaling.principal"
REQUEST_ID_KEY = "mockscaling.request_id"


def current_store() -> Store:
    """The store of the app serving this request.

    Example::

        store = current_store()
    """
    return current_app._get_current_object().extensions[EXTENSION_KEY]  # not an attribute read through the proxy


def current_principal() -> Principal:
    """The caller, set by the auth hook of the API blueprint (KeyError before it ran).

    Example::

        store.create_incident(current_principal(), **body)
    """
    return request._get_current_object().environ[PRINCIPAL_KEY]  # not an attribute read through the proxy


def caller(environ: dict[str, Any]) -> Principal | None:
    """The caller of the request with this WSGI environ, or None when it did not authenticate.

    Example::

        principal = caller(request.environ)
    """
    return environ.get(PRINCIPAL_KEY)


def set_principal(principal: Principal, environ: dict[str, Any] | None = None) -> None:
    """Make `principal` the caller of the current request, or of the request with `environ` (the auth
    hook passes it, having looked the request up already; `given` runs views this way).

    Example::

        set_principal(store.authenticate(request.headers.get("Authorization")))
    """
    (request.environ if environ is None else environ)[PRINCIPAL_KEY] = principal


def current_request_id() -> str:
    """This request's id (sent back as X-Request-Id and in error bodies), or "" outside the app's WSGI stack.

    Example::

        body = {"requestId": current_request_id()}
    """
    return request._get_current_object().environ.get(REQUEST_ID_KEY, "")
