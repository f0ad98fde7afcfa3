"""All 16 (current, requested) status pairs: only the immediate next status is legal; a refusal leaves no trace."""

from __future__ import annotations

import itertools

import pytest

from .support import STATUSES, assert_error

PAIRS = list(itertools.product(STATUSES, STATUSES))


def _walk_to(api, status: str) -> dict:
    """A fresh incident moved step by step (legal moves only) up to `status`."""
    incident = api.new_incident()
    for step in STATUSES[1 : STATUSES.index(status) + 1]:
        reply = api.move(incident["id"], step)
        assert reply.status == 200, reply.text
    return api.detail(incident["id"])


def _is_legal(current: str, requested: str) -> bool:
    position = STATUSES.index(current)
    return position + 1 < len(STATUSES) and STATUSES[position + 1] == requested


def test_the_table_has_three_legal_moves():
    assert sum(_is_legal(current, requested) for current, requested in PAIRS) == 3


@pytest.mark.parametrize(("current", "requested"), PAIRS, ids=[f"{c}->{r}" for c, r in PAIRS])
def test_transition(api, store, current, requested):
    before = _walk_to(api, current)
    assert before["status"] == current
    updates_before = api.get(f"/incidents/{before['id']}/updates").data
    # Move the frozen clock so that a wrongly touched updatedAt would be visible.
    store.set_clock(advance=61)
    reply = api.move(before["id"], requested)
    after = api.detail(before["id"])
    if _is_legal(current, requested):
        assert reply.status == 200, reply.text
        assert reply.data["status"] == requested
        assert after["status"] == requested
        assert [entry["status"] for entry in after["statusHistory"]] == STATUSES[: STATUSES.index(requested) + 1]
        assert after["updatedAt"] == "2026-04-07T10:01:01.000Z" == after["statusHistory"][-1]["changedAt"]
        new_events = after["events"][len(before["events"]) :]
        assert (new_events[0]["type"], new_events[0]["data"]) == ("status_changed", {"from": current, "to": requested})
    else:
        assert_error(reply, 400, "invalid_request_error", "invalid_status_transition")
        assert after == before
        assert api.get(f"/incidents/{before['id']}/updates").data == updates_before
