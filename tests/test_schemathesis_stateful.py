"""Schemathesis' stateful phase against the fake: it follows the document's links through whole lifecycles.

Two state machines over the in-process app: one over the whole API (it must find nothing), one over the
incident endpoints only, dense enough that every link of an incident's lifecycle is walked with a success.
"""

from __future__ import annotations

from collections import Counter
from typing import Any
from unittest import mock

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.errors import FlakyStrategyDefinition
from schemathesis.specs.openapi import stateful as stateful_openapi

from mockscaling import create_app, get_store
from mockscaling.web.openapi import build_spec

from .support import ADMIN_KEY, API_COMPONENT, BOB

APP = create_app()
STORE = get_store(APP)
CONFIG = schemathesis.Config.from_dict({
    "headers": {"Authorization": f"Bearer {ADMIN_KEY}"},
    # As in test_schemathesis.py: schema-valid data may break a business rule (4xx), never validation (422).
    "checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "400", "401", "403", "404", "409"]}},
})
SCHEMA = schemathesis.openapi.from_wsgi("/openapi.json", APP, config=CONFIG)
# Not derandomized: schemathesis draws its link choices from a true random source, which a derandomized
# Hypothesis run (replaying one recorded choice tree) must not mix with.
SETTINGS = settings(max_examples=30, stateful_step_count=8, deadline=None, derandomize=False, database=None,
                    suppress_health_check=list(HealthCheck))


def _starts_a_scenario(operation: Any, node: Any, produced_anywhere: Any) -> bool:
    """Scenarios start by creating (POST) or listing (GET) a collection; the links lead on from there.

    schemathesis' own guess demotes POST /v1/incidents (it cannot tell that `ownerScheduleId` names a
    schedule) and then starts every scenario at a sub-resource with a random id, which is always 404.
    """
    return operation.method in ("post", "get") and not operation.path_parameters


def _run(schema: Any, run_settings: settings) -> type:
    """A fresh state machine over `schema`, run once; returned so the caller can read what it walked.

    schemathesis takes some choices from its own random source, so Hypothesis now and then (about one run in
    three) sees two cases draw differently from one prefix and raises FlakyStrategyDefinition. That is a
    property of the generator, not a finding about the fake: such a run is repeated with a fresh machine.
    Every real finding (a failed check) is raised as it is.
    """
    for attempt in range(6):
        machine = _machine(schema)
        try:
            machine.run(settings=run_settings)
            return machine
        except FlakyStrategyDefinition:
            if attempt == 5:
                raise
    raise AssertionError("unreachable")


def _machine(schema: Any) -> type:
    """A state machine over `schema` that starts from the seed and records the links it walked."""
    with mock.patch.object(stateful_openapi, "is_likely_root_transition", _starts_a_scenario):
        base = schema.as_state_machine()

    class Scenario(base):  # type: ignore[misc,valid-type]
        walked: Counter[str] = Counter()  # "source -> [status] link -> target" -> times its target answered 2xx

        def setup(self) -> None:
            STORE.reset()

        def before_call(self, case: schemathesis.Case) -> None:
            # Generated owners, users and components are random strings (a 400 for a business reason);
            # real ones let scenarios get past creation and walk the links behind it. Negative cases stay
            # as generated: fixing their invalid values would make the fake look as if it accepted them.
            positive = case.meta is not None and case.meta.generation.mode == schemathesis.GenerationMode.POSITIVE
            if not positive or not isinstance(case.body, dict):
                return
            if case.operation.path == "/v1/incidents" and case.method == "POST":
                case.body.update(ownerId=BOB, ownerScheduleId=None, escalationPolicyId=None)
            if "targetUserId" in case.body:
                case.body["targetUserId"] = "user_cy"
            if isinstance(case.body.get("componentIds"), list):
                case.body["componentIds"] = [API_COMPONENT]

        def step(self, input: Any) -> Any:  # noqa: A002 (schemathesis' name)
            output = super().step(input)
            if input.transition is not None and input.is_applied and output.response.status_code < 300:
                self.walked[input.transition.id] += 1
            return output

    return Scenario


def _link_names(walked: Counter[str]) -> set[str]:
    """The names of the walked links that the document declares (not the ones schemathesis inferred)."""
    document = build_spec(APP)  # not SCHEMA.raw_schema: schemathesis adds the links it infers to that one
    declared = {link for item in document["paths"].values() for op in item.values()
                for response in op["responses"].values() for link in response.get("links", {})}
    names = {transition.split("] ", 1)[1].split(" -> ", 1)[0] for transition in walked}
    return names & declared


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_stateful_phase_over_the_whole_api_finds_nothing():
    machine = _run(SCHEMA, SETTINGS)  # raises on any failed check (5xx, schema mismatch, use after delete…)
    # schemathesis draws link choices from a true random source, so coverage varies a little between runs;
    # the bound is well below what a run reaches (10-14 of the declared links at these settings).
    assert len(_link_names(machine.walked)) >= 5, sorted(_link_names(machine.walked))


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_stateful_phase_walks_every_link_of_the_incident_lifecycle():
    lifecycle = {"get_incident", "update_incident_status", "create_update", "acknowledge_incident",
                 "handoff_incident", "set_incident_components"}
    walked: Counter[str] = Counter()
    # One run nearly always walks them all; a rare unlucky run gets a second (and third) chance, each with a
    # fresh state machine class (Hypothesis keeps per-class state between runs).
    for _ in range(3):
        machine = _run(SCHEMA.include(path_regex="^/v1/incidents"), settings(SETTINGS, max_examples=50))
        walked.update(machine.walked)
        if lifecycle <= _link_names(walked):
            break
    assert lifecycle <= _link_names(walked), sorted(walked)
