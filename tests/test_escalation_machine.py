"""A hypothesis state machine over create/acknowledge/handoff/resolve/advance-clock, checking the pages journal."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, rule

from mockscaling.domain import errors
from mockscaling.domain.clock import Clock
from mockscaling import Store

from .support import ADA, ADMIN_KEY, BOB, CY, STATUSES

T0 = datetime(2026, 4, 7, 10, 0, tzinfo=UTC)
PEOPLE = [ADA, BOB, CY]


@dataclass
class ModelIncident:
    """What the model expects of one incident's escalation."""

    id: str
    sequence: int
    created_at: datetime
    timeouts: list[int]
    targets: list[str]
    status: str = "investigating"
    layer: int = 0  # 0-based index of the layer paged last
    due: datetime | None = None
    stopped_at: datetime | None = None  # acknowledge or resolve
    handed_off: bool = False
    exhausted_at: datetime | None = None
    escalation_pages: list[tuple[str, datetime, int]] = field(default_factory=list)


class EscalationMachine(RuleBasedStateMachine):
    """The store's paging against a model that fires due steps one at a time, earliest first."""

    policies = Bundle("policies")
    incidents = Bundle("incidents")

    def __init__(self) -> None:
        super().__init__()
        self.store = Store(clock=Clock(frozen_at=T0))
        self.principal = self.store.authenticate(f"Bearer {ADMIN_KEY}")
        self.now = T0
        self.model: dict[str, ModelIncident] = {}
        self.expected: list[tuple[str, str, datetime, str, int | None]] = []
        self.policy_shapes: dict[str, tuple[list[int], list[str]]] = {}

    # ---- rules -----------------------------------------------------------------------------------
    @initialize(target=policies, timeouts=st.lists(st.integers(1, 90), min_size=1, max_size=3))
    def first_policy(self, timeouts):
        return self._policy(timeouts)

    @rule(target=policies, timeouts=st.lists(st.integers(1, 90), min_size=1, max_size=3))
    def another_policy(self, timeouts):
        return self._policy(timeouts)

    def _policy(self, timeouts: list[int]) -> str:
        policy = self.store.create_policy(self.principal, name=f"P{len(self.policy_shapes)}")
        targets = PEOPLE[: len(timeouts)]
        # Inserted back to front at position 1, so the insertion shifting is exercised too.
        for timeout, target in reversed(list(zip(timeouts, targets))):
            self.store.create_policy_layer(self.principal, policy.id, ack_timeout_minutes=timeout,
                                           target={"type": "users", "user_ids": [target]}, position=1)
        self.policy_shapes[policy.id] = (timeouts, targets)
        return policy.id

    @rule(target=incidents, policy_id=policies)
    def create(self, policy_id):
        incident = self.store.create_incident(self.principal, title="Down", severity="high", owner_id=BOB,
                                              escalation_policy_id=policy_id)
        timeouts, targets = self.policy_shapes[policy_id]
        model = ModelIncident(incident.id, incident.sequential_id, self.now, timeouts, targets,
                              due=self.now + timedelta(minutes=timeouts[0]))
        self.model[incident.id] = model
        self._expect_escalation(model, 0, self.now)
        return incident.id

    @rule(incident_id=incidents)
    def acknowledge(self, incident_id):
        self.store.acknowledge_incident(self.principal, incident_id)
        model = self.model[incident_id]
        if model.status != "resolved" and model.stopped_at is None:
            model.stopped_at, model.due = self.now, None

    @rule(incident_id=incidents, new_owner=st.sampled_from(PEOPLE))
    def handoff(self, incident_id, new_owner):
        model = self.model[incident_id]
        if model.status == "resolved":
            with pytest.raises(errors.IncidentResolved):
                self.store.handoff_incident(self.principal, incident_id, new_owner)
            return
        self.store.handoff_incident(self.principal, incident_id, new_owner)
        model.handed_off = True
        restarted = None
        if model.due is not None:
            model.due = self.now + timedelta(minutes=model.timeouts[model.layer])
            restarted = model.layer + 1
        self.expected.append((incident_id, new_owner, self.now, "handoff", restarted))

    @rule(incident_id=incidents)
    def resolve(self, incident_id):
        model = self.model[incident_id]
        for status in STATUSES[STATUSES.index(model.status) + 1:]:
            self.store.update_incident_status(self.principal, incident_id, status)
        if model.status != "resolved":
            model.status = "resolved"
            if model.stopped_at is None:
                model.stopped_at = self.now
            model.due = None

    @rule(seconds=st.one_of(st.integers(0, 3 * 3600), st.sampled_from([60, 900, 1800])))
    def advance(self, seconds):
        self.now += timedelta(seconds=seconds)
        self._fire_model_until(self.now)
        assert self.store.set_clock(advance=seconds) == self.now

    # ---- model ---------------------------------------------------------------------------------------
    def _expect_escalation(self, model: ModelIncident, layer: int, at: datetime) -> None:
        model.layer = layer
        model.escalation_pages.append((model.targets[layer], at, layer + 1))
        self.expected.append((model.id, model.targets[layer], at, "escalation", layer + 1))

    def _fire_model_until(self, now: datetime) -> None:
        while True:
            due = [m for m in self.model.values() if m.due is not None and m.due <= now]
            if not due:
                return
            model = min(due, key=lambda m: (m.due, m.sequence))
            at = model.due
            if model.layer + 1 < len(model.timeouts):
                self._expect_escalation(model, model.layer + 1, at)
                model.due = at + timedelta(minutes=model.timeouts[model.layer])
            else:
                model.exhausted_at, model.due = at, None

    # ---- invariants ----------------------------------------------------------------------------------
    @invariant()
    def journal_matches_the_model(self):
        actual = [(p.incident_id, p.user_id, p.sent_at, p.reason, p.layer_position) for p in self.store.pages]
        assert actual == self.expected

    @invariant()
    def no_escalation_page_after_acknowledge_or_resolve(self):
        for page in self.store.pages:
            stopped = self.model[page.incident_id].stopped_at
            if page.reason == "escalation" and stopped is not None:
                assert page.sent_at <= stopped

    @invariant()
    def untouched_escalations_page_at_created_plus_sum_of_timeouts(self):
        for model in self.model.values():
            if model.handed_off:
                continue
            for index, (user, at, position) in enumerate(model.escalation_pages):
                assert (user, position) == (model.targets[index], index + 1)
                assert at == model.created_at + timedelta(minutes=sum(model.timeouts[:index]))
            if model.exhausted_at is not None:
                assert model.exhausted_at == model.created_at + timedelta(minutes=sum(model.timeouts))

    @invariant()
    def exhaustion_events_match(self):
        for model in self.model.values():
            incident = self.store.incidents[model.id]
            exhausted = [e.occurred_at for e in incident.events if e.type == "escalation_exhausted"]
            assert exhausted == ([model.exhausted_at] if model.exhausted_at else [])


EscalationMachine.TestCase.settings = settings(max_examples=100, stateful_step_count=30, deadline=None)
test_escalation_machine = EscalationMachine.TestCase
