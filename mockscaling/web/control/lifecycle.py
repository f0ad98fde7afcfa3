"""Control plane: reset, state dump/load and the clock (/_mock, contract §5)."""

from __future__ import annotations

from flask import current_app, request

from ...domain import errors
from ...schemas.control import ClockBody
from ...store import StateError
from ...domain.timefmt import format_time
from ..context import current_store
from ..parsing import json_body, parse_body
from ..responses import data
from . import control

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
    # A whole store is bigger than any API body, and its lists are longer: its own limits (chosen/).
    request.max_content_length = current_app.config["MOCKSCALING_MAX_STATE_BYTES"]
    document = json_body(limits=None)  # the store checks a state document's shape (STATE_LIMITS)
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
