"""A hypothesis state machine driving random lifecycles; every refused move must leave no trace.

The machine keeps its own model of each incident (the position in tests.support.STATUSES) and never
looks at the package's transition table.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, invariant, rule

from mockscaling import create_app, get_store

from .support import API_COMPONENT, DATABASE_COMPONENT, MEMBER_KEY, STATUSES, FlaskApiClient, assert_error

FROZEN_AT = datetime(2026, 4, 7, 10, 0, tzinfo=UTC)
_APP = None


def _shared_app():
    """One app for every run of the machine (each run resets it): building apps per example is wasted time."""
    global _APP
    if _APP is None:
        _APP = create_app()
    return _APP


# Which components an incident gets: API is on the published page (public updates possible), Database is not.
COMPONENT_SETS = st.sampled_from([[API_COMPONENT], [DATABASE_COMPONENT], [], [API_COMPONENT, DATABASE_COMPONENT]])
KEYS = st.sampled_from([None, MEMBER_KEY])  # None: the default admin key


class Lifecycle(RuleBasedStateMachine):
    """Creates incidents, then throws legal and illegal status moves at them."""

    incidents = Bundle("incidents")

    def __init__(self) -> None:
        super().__init__()
        app = _shared_app()
        self.store = get_store(app)
        self.store.reset()
        self.store.set_clock(freeze=FROZEN_AT)
        self.api = FlaskApiClient(app)
        self.position: dict[str, int] = {}  # incident id -> index in STATUSES
        self.public: dict[str, bool] = {}  # incident id -> has a published page selecting a component
        self.updates: dict[str, int] = {}  # incident id -> number of updates posted
        self.tick = 0

    # ---- helpers ---------------------------------------------------------------------------------
    def _advance(self) -> None:
        """Move the frozen clock so that a wrongly touched updatedAt would show."""
        self.tick += 1
        self.store.set_clock(advance=7)

    def _snapshot(self, incident_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        detail = self.api.detail(incident_id)
        updates = self.api.get(f"/incidents/{incident_id}/updates").data["updates"]
        return detail, updates

    def _expect_refused(self, incident_id: str, send, code: str) -> None:
        before = self._snapshot(incident_id)
        self._advance()
        assert_error(send(), 400, "invalid_request_error", code)
        assert self._snapshot(incident_id) == before, "a refused request left a trace"

    def _expect_moved(self, incident_id: str, reply, requested: str, status: int) -> None:
        assert reply.status == status, reply.text
        self.position[incident_id] = STATUSES.index(requested)
        self.updates[incident_id] += 1
        detail = self.api.detail(incident_id)
        assert detail["status"] == requested
        assert detail["updatedAt"] == detail["statusHistory"][-1]["changedAt"] == _iso(self.store.now())
        changed = [e for e in detail["events"] if e["type"] == "status_changed"]
        assert changed[-1]["data"] == {"from": STATUSES[self.position[incident_id] - 1], "to": requested}

    def _is_next(self, incident_id: str, requested: str) -> bool:
        here = self.position[incident_id]
        return here + 1 < len(STATUSES) and STATUSES[here + 1] == requested

    # ---- rules -----------------------------------------------------------------------------------
    @initialize(target=incidents, components=COMPONENT_SETS)
    def first_incident(self, components: list[str]) -> str:
        return self.create(components)

    @rule(target=incidents, components=COMPONENT_SETS)
    def create(self, components: list[str]) -> str:
        self._advance()
        incident = self.api.new_incident(componentIds=components)
        assert incident["status"] == STATUSES[0]
        self.position[incident["id"]] = 0
        self.public[incident["id"]] = API_COMPONENT in components
        self.updates[incident["id"]] = 0
        return incident["id"]

    @rule(incident=incidents, requested=st.sampled_from(STATUSES), key=KEYS, note=st.none() | st.text(max_size=20))
    def patch_status(self, incident: str, requested: str, key: str | None, note: str | None) -> None:
        """Any requested status: legal only when it is the immediate next one."""
        kw = {} if key is None else {"key": key}
        send = lambda: self.api.move(incident, requested, resolutionNote=note, **kw)  # noqa: E731
        if not self._is_next(incident, requested):
            self._expect_refused(incident, send, "invalid_status_transition")
            return
        self._advance()
        self._expect_moved(incident, send(), requested, 200)
        assert self.api.detail(incident)["statusHistory"][-1]["resolutionNote"] == note

    @rule(incident=incidents)
    def legal_move(self, incident: str) -> None:
        """The next status (so that runs reach monitoring and resolved often)."""
        here = self.position[incident]
        if here + 1 == len(STATUSES):
            self._expect_refused(incident, lambda: self.api.move(incident, STATUSES[here]), "invalid_status_transition")
            return
        self._advance()
        self._expect_moved(incident, self.api.move(incident, STATUSES[here + 1]), STATUSES[here + 1], 200)

    @rule(incident=incidents, back=st.integers(min_value=0, max_value=3))
    def backward_or_repeat(self, incident: str, back: int) -> None:
        """The current status (back=0) or an earlier one: always refused."""
        requested = STATUSES[max(self.position[incident] - back, 0)]
        self._expect_refused(incident, lambda: self.api.move(incident, requested), "invalid_status_transition")

    @rule(incident=incidents, requested=st.sampled_from(STATUSES), visibility=st.sampled_from(["internal", "public"]))
    def update_with_status_change(self, incident: str, requested: str, visibility: str) -> None:
        """POST /updates with statusChange: the same lifecycle rules, checked atomically with the update."""
        send = lambda: self.api.post(  # noqa: E731
            f"/incidents/{incident}/updates", json={"visibility": visibility, "body": "Progress", "statusChange": requested}
        )
        if self.position[incident] == len(STATUSES) - 1:
            self._expect_refused(incident, send, "incident_resolved")
        elif not self._is_next(incident, requested):
            self._expect_refused(incident, send, "invalid_status_transition")
        elif visibility == "public" and not self.public[incident]:
            self._expect_refused(incident, send, "no_public_surface")
        else:
            self._advance()
            reply = send()
            self._expect_moved(incident, reply, requested, 201)
            assert reply.data["statusChange"] == requested and reply.data["visibility"] == visibility

    @rule(incident=incidents)
    def plain_update(self, incident: str) -> None:
        """An internal note: accepted unless resolved, and never moves the status."""
        send = lambda: self.api.post(f"/incidents/{incident}/updates", json={"visibility": "internal", "body": "Note"})  # noqa: E731
        if self.position[incident] == len(STATUSES) - 1:
            self._expect_refused(incident, send, "incident_resolved")
            return
        self._advance()
        assert send().status == 201
        self.updates[incident] += 1

    @rule(incident=consumes(incidents))
    def forget(self, incident: str) -> None:
        """Drop an incident from the bundle (keeps the pool of live incidents varied); it must still be intact."""
        assert self.api.detail(incident)["status"] == STATUSES[self.position[incident]]

    # ---- invariants ------------------------------------------------------------------------------
    @invariant()
    def every_incident_matches_the_model(self) -> None:
        for incident_id, here in self.position.items():
            detail = self.api.detail(incident_id)
            assert detail["status"] == STATUSES[here]
            assert [entry["status"] for entry in detail["statusHistory"]] == STATUSES[: here + 1]
            moves = [e["data"] for e in detail["events"] if e["type"] == "status_changed"]
            assert moves == [{"from": a, "to": b} for a, b in zip(STATUSES[:here], STATUSES[1 : here + 1])]
            updates = self.api.get(f"/incidents/{incident_id}/updates").data["updates"]
            assert len(updates) == self.updates[incident_id]


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


Lifecycle.TestCase.settings = settings(
    max_examples=25, stateful_step_count=25, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestLifecycle = Lifecycle.TestCase
