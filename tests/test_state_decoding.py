"""A state document's one-pass decoding accepts and refuses exactly what the step-by-step checks do."""

from __future__ import annotations

import copy
import gc
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockscaling import chosen, create_app, get_store
from mockscaling.state.codec import gc_paused, parse_instant_text
from mockscaling.state.documents import decode_document, decode_in_one_pass, decode_step_by_step
from mockscaling.store.base import _DOCUMENT_CLASSES
from mockscaling.store import StateError

from .support import ADMIN_KEY, API_COMPONENT, BOB, PRIMARY_SCHEDULE, busy_app, leaf_paths


def _rich_document() -> dict[str, Any]:
    """The seed plus incidents under escalation, with updates, a page, a schedule override and MCP records."""
    app = busy_app()
    store = get_store(app)
    admin = store.authenticate(f"Bearer {ADMIN_KEY}")
    start = store.now() + timedelta(hours=1)
    store.create_schedule_override(admin, PRIMARY_SCHEDULE, user_id=BOB, starts_at=start, ends_at=start + timedelta(hours=2))
    mcp = store.register_mcp_client({"client_name": "Claude", "redirect_uris": ["http://x/cb"], "nested": {"a": [1, 2.5, True]}})
    store.create_mcp_code(mcp.client_id, admin, {"redirect_uri": "http://x/cb", "scopes": ["incidents"]})
    store.issue_mcp_tokens(admin.user_id, mcp.client_id, scopes=["incidents"])
    store.set_clock(advance=3600)  # escalation steps fire: pages
    document = store.dump_state()
    assert all(document[name] for name in ("pages", "mcpClients", "mcpCodes", "mcpTokens", "incidents"))
    return document


RICH = _rich_document()


def _outcome(decode: Any, document: dict[str, Any]) -> tuple[str, str]:
    """What a decoding gives: the records (their repr shows every value and time zone) or the refusal."""
    try:
        return "loaded", repr(decode(document, _DOCUMENT_CLASSES))
    except (TypeError, ValueError, KeyError, AttributeError, OverflowError, RecursionError) as exc:
        return type(exc).__name__, str(exc)


def _same_as_step_by_step(document: dict[str, Any]) -> tuple[str, str]:
    fast = _outcome(decode_document, document)
    assert fast == _outcome(decode_step_by_step, document)
    return fast


def _nested(levels: int) -> Any:
    value: Any = "x"
    for _ in range(levels):
        value = {"a": value}
    return value


def test_a_dump_is_decoded_in_one_pass_to_the_same_records():
    assert decode_in_one_pass(copy.deepcopy(RICH), _DOCUMENT_CLASSES) is not None
    assert _same_as_step_by_step(RICH)[0] == "loaded"


# Event data sits at depth 5 (document, incidents, an incident, its events, an event): 19 nested objects put
# the innermost at depth 23, the last one below the cap of 24.
EVENT_DATA_DEPTH = 5


@pytest.mark.parametrize(("change", "one_pass", "outcome"), [
    (lambda d: d["incidents"][0].update(created_at="2026-04-07T10:00:00Z"), True, "loaded"),
    (lambda d: d["incidents"][0].update(created_at="2026-04-07T10:00:00.000+02:00"), True, "loaded"),
    (lambda d: d["incidents"][0].update(created_at="2026-04-07T100000+05:00Z"), False, "ValueError"),
    (lambda d: d["incidents"][0].update(created_at="0001-01-01T00:00:00.000Z"), False, "StateValueError"),
    (lambda d: d["incidents"][0].update(created_at="9000-01-01T00:00:00.000Z"), False, "StateValueError"),
    (lambda d: d["incidents"][0].update(created_at="8999-12-31T23:59:59.999Z"), True, "loaded"),
    (lambda d: d["incidents"][0].update(created_at="1970-01-01T00:00:00.000Z"), True, "loaded"),
    (lambda d: d["incidents"][0].update(created_at=datetime(2026, 4, 7, tzinfo=UTC)), False, "ValueError"),
    (lambda d: d["incidents"][0].update(created_at=None), False, "TypeError"),
    (lambda d: d["incidents"][0].update(extra=1), False, "KeyError"),
    (lambda d: d["incidents"][0].pop("acknowledged_at"), False, "loaded"),
    (lambda d: d["incidents"][0].update(sequential_id=True), False, "TypeError"),
    (lambda d: d["incidents"][0].update(component_ids=(API_COMPONENT,)), False, "TypeError"),
    (lambda d: d["incidents"][0].update(severity="urgent"), True, "StateValueError"),
    (lambda d: d["incidents"][0]["events"][0].update(data=_nested(19)), True, "loaded"),
    (lambda d: d["incidents"][0]["events"][0].update(data=_nested(18)), True, "loaded"),
    (lambda d: d["incidents"][0]["events"][0].update(data={"a": [[[[_nested(14)]]]]}), True, "loaded"),
    (lambda d: d["incidents"][0]["events"][0].update(data=_nested(20)), False, "ShapeError"),
    (lambda d: d["incidents"][0]["events"][0].update(data={"deep": _nested(500)}), False, "ShapeError"),
    (lambda d: d["incidents"][0]["events"][0].update(data={"at": datetime(1, 1, 1, tzinfo=UTC)}), False, "StateValueError"),
    (lambda d: d["incidents"][0]["events"][0].update(data={"at": datetime(2026, 1, 1, tzinfo=UTC)}), False, "loaded"),
    (lambda d: d["incidents"][0]["events"][0].update(data={"t": (1, 2)}), False, "loaded"),
    (lambda d: d["mcpClients"][0]["metadata"].update(gone=None), False, "TypeError"),
    (lambda d: d["mcpClients"][0]["metadata"].update(more={"b": ["c", None]}), True, "loaded"),
    (lambda d: d["schedules"][0]["layers"][0].update(handoff_time="25:00"), False, "ValueError"),
    (lambda d: d["schedules"][0]["layers"][0].update(effective_until="2019-01-01T00:00:00.000Z"), True, "StateValueError"),
    (lambda d: d["schedules"][0]["overrides"][0].update(ends_at=d["schedules"][0]["overrides"][0]["starts_at"]), True, "StateValueError"),
    (lambda d: d["incidents"].append(d["incidents"][0]["status_history"][0]), False, "KeyError"),
    (lambda d: d["pages"][0].update(sent_at=[]), False, "ValueError"),
], ids=lambda value: "" if callable(value) else str(value))
def test_each_kind_of_value_gives_the_step_by_step_answer(change, one_pass, outcome):
    """Table: where the one pass decides itself (`one_pass`) and where it leaves the answer to the steps."""
    document = copy.deepcopy(RICH)
    change(document)
    assert (decode_in_one_pass(document, _DOCUMENT_CLASSES) is not None) is one_pass
    kind, message = _same_as_step_by_step(document)
    assert kind == outcome, message


def test_the_depth_cap_is_where_the_shape_check_puts_it():
    assert chosen.MAX_STATE_DEPTH == EVENT_DATA_DEPTH + 19  # the table above counts on it


def test_a_text_like_the_dumps_but_with_an_offset_is_not_read_as_utc():
    assert parse_instant_text("2026-04-07T10:00:00.000Z") == datetime(2026, 4, 7, 10, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_instant_text("2026-04-07T100000+05:00Z")
    assert parse_instant_text("2026-04-07T100000.12345Z") == datetime(2026, 4, 7, 10, 0, 0, 123000, tzinfo=UTC)


def test_the_store_refuses_what_the_steps_refuse_and_keeps_its_records():
    store = get_store(create_app())
    before = store.dump_state()
    document = copy.deepcopy(RICH)
    document["incidents"][0]["updated_at"] = "9000-01-01T00:00:00.000Z"
    with pytest.raises(StateError, match=r"incidents\[0\]\.updated_at 9000-01-01"):
        store.load_state(document)
    assert store.dump_state() == before


def _generation_of(thing: Any) -> int | None:
    return next((generation for generation in range(3) if any(o is thing for o in gc.get_objects(generation))), None)


def test_what_a_long_pause_built_goes_to_the_oldest_generation():
    """A load's records are not walked by the first young collection after it (they live with the store)."""
    with gc_paused():
        made = [[n] for n in range(20_000)]
        assert not gc.isenabled()
    assert gc.isenabled()
    assert _generation_of(made[0]) == 2 and _generation_of(made[-1]) == 2


def test_a_short_pause_or_frozen_objects_leave_the_generations_alone():
    with gc_paused():
        few = [[n] for n in range(10)]
    assert _generation_of(few[0]) in (0, 1)
    gc.freeze()  # as an application forking workers would
    try:
        frozen = gc.get_freeze_count()
        with gc_paused():
            made = [[n] for n in range(20_000)]
        assert gc.get_freeze_count() == frozen  # not unfrozen by the pause
        assert _generation_of(made[0]) in (0, 1)
    finally:
        gc.unfreeze()


# ---- any document: generated changes of the rich dump -------------------------------------------------------

PATHS = [path for path in leaf_paths(RICH) if len(path) > 1]

ODD_VALUES = st.one_of(
    st.sampled_from([
        "0001-01-01T00:00:00.000Z", "9000-01-01T00:00:00.000Z", "8999-12-31T23:59:59.999Z", "1970-01-01T00:00:00.000Z",
        "1969-12-31T23:59:59.999Z", "2026-04-07T10:00:00.000Z", "2026-04-07T10:00:00Z", "2026-04-07T100000+05:00Z",
        "9999-12-31T23:59:59-05:00", "2026-04-07", "24:00", "23:59", "resolved", "public", "weekly", "org:admin", "",
    ]),
    st.datetimes(timezones=st.just(UTC)),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False),
    st.booleans(),
    st.none(),
    st.text(max_size=8),
    st.integers(min_value=0, max_value=30).map(_nested),
    st.lists(st.sampled_from(["user_bob", API_COMPONENT, 1, None]), max_size=3),
    st.dictionaries(st.sampled_from(["a", "b"]), st.sampled_from(["x", 1, None]), max_size=2),
    st.just(("a", "tuple")),
)
DROP = object()


def _apply(document: Any, path: tuple, value: Any) -> None:
    target = document
    for step in path[:-1]:
        target = target[step]
    if value is DROP:
        del target[path[-1]]
    else:
        target[path[-1]] = value


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(PATHS), st.one_of(ODD_VALUES, st.just(DROP))), min_size=1, max_size=3))
def test_any_changed_document_gets_the_step_by_step_answer(changes):
    document = copy.deepcopy(RICH)
    for path, value in changes:
        try:
            _apply(document, path, value)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change replaced or dropped a container on this path
    _same_as_step_by_step(document)
