"""mockscaling's control plane under /_mock: reset, state dump/load, clock (contract §5)."""

from __future__ import annotations

from flask import Blueprint, request

from .. import errors
from ..schemas.control import ClockBody
from ..schemas.journal import JournalQuery
from ..schemas.tenants import TenantBody
from ..store import StateError
from ..timefmt import format_time
from .context import current_store
from .parsing import json_body, parse_body, parse_query
from .responses import data

control = Blueprint("mock", __name__)

CLOCK = ClockBody()


@control.post("/reset")
def reset():
    """Back to the seed: data, ids, clock, faults."""
    current_store().reset()
    return data({"reset": True})


@control.get("/state")
def dump_state():
    """The whole store as JSON."""
    return data(current_store().dump_state())


@control.post("/state")
def load_state():
    """Replace the whole store with a dump from GET /_mock/state (the dump may be wrapped in `data`)."""
    document = json_body()
    if isinstance(document, dict) and "data" in document and "version" not in document:
        document = document["data"]
    try:
        current_store().load_state(document)
    except StateError as exc:
        raise errors.InvalidJson(str(exc)) from exc
    return data({"loaded": True})


@control.post("/clock")
def set_clock():
    """Freeze, advance or unfreeze the server clock; due escalations fire."""
    body = parse_body(CLOCK)
    store = current_store()
    now = store.set_clock(freeze=body["freeze"], advance=body["advance"], unfreeze=bool(body["unfreeze"]))
    return data({"now": format_time(now), "frozen": store.clock.frozen})


@control.get("/clock")
def get_clock():
    """The server clock."""
    store = current_store()
    return data({"now": format_time(store.now()), "frozen": store.clock.frozen})


TENANT = TenantBody()


@control.post("/tenants")
def create_tenant():
    """A fresh isolated organization with an admin member and API key; the body (`name`) is optional."""
    # An empty body means "no options", so `curl -X POST .../_mock/tenants` works without `-d '{}'`.
    body = parse_body(TENANT) if request.get_data(cache=True).strip() else TENANT.load({})
    tenant = current_store().create_tenant(name=body["name"])
    return data(
        {"orgId": tenant.org_id, "name": tenant.name, "userId": tenant.user_id, "email": tenant.email,
         "apiKey": tenant.api_key},
        201,
    )


JOURNAL = JournalQuery()


@control.get("/requests")
def list_requests():
    """The request journal, oldest first: `{"data": {"requests": [...]}}`; `?limit=N` keeps the last N."""
    query = parse_query(JOURNAL)
    return data({"requests": current_store().list_requests(limit=query["limit"])})


# ---- notification journal (issue 4) ---------------------------------------------------------------
from ..schemas.policies import PagesQuery  # noqa: E402
from . import present_oncall  # noqa: E402

PAGES = PagesQuery()


@control.get("/pages")
def list_pages():
    """The notification journal, oldest first: `{"data": {"pages": [...]}}`; `?incidentId=` / `?orgId=` filter it."""
    query = parse_query(PAGES)
    return data({"pages": [present_oncall.page(p) for p in current_store().list_pages(**query)]})
