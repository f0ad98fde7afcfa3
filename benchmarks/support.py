"""Building big stores for the benchmarks (directly through the store, so setup stays a few seconds)."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache
from typing import Any

from mockscaling import create_app, get_store
from mockscaling.domain.clock import Clock

ADMIN_KEY = "scl_live_" + "a" * 32
AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}
BOB = "user_bob"
DEFAULT_POLICY = "016f5e66-e800-7200-8000-000000000001"  # the seed's "Default" policy
API_COMPONENT = "016f5e66-e800-7000-8000-000000000001"  # the seed's "API" component
START = datetime(2026, 4, 7, 10, tzinfo=UTC)
SEVERITIES = ("critical", "high", "medium", "low")


def fill(store, count: int, policy: str | None = None, principal=None, step: float = 1, components: list[str] | None = None) -> list:
    """Create `count` incidents (severities cycling, every 10th moved to identified), `step` seconds apart,
    tagging `components` (default: Acme's API component)."""
    principal = principal or store.authenticate(f"Bearer {ADMIN_KEY}")
    if components is None:
        components = [API_COMPONENT] if principal.org_id == "org_acme" else []
    made = []
    for n in range(count):
        incident = store.create_incident(
            principal, title=f"Incident {n}", severity=SEVERITIES[n % 4], owner_id=BOB,
            component_ids=components, escalation_policy_id=policy,
        )
        if n % 10 == 0:
            store.update_incident_status(principal, incident.id, "identified")
        store.clock.advance(step)
        made.append(incident)
    return made


def frozen_app(**kwargs):
    """A fresh default-seeded app with the clock frozen at START."""
    return create_app(clock=Clock(frozen_at=START), **kwargs)


@cache
def app_with(count: int, policy: str | None = None):
    """A cached app whose Acme holds `count` incidents (a tenant with none is made too)."""
    app = frozen_app()
    store = get_store(app)
    fill(store, count, policy, step=0 if policy else 1)  # with a policy: every escalation still pending
    tenant = store.create_tenant(name="Empty")
    app.config["EMPTY_TENANT_KEY"] = tenant.api_key
    return app


def quick() -> bool:
    """True in the quick mode (`--quick`, or MOCKSCALING_BENCH_QUICK=1): CI-sized stores and fewer rounds."""
    return os.environ.get("MOCKSCALING_BENCH_QUICK") == "1"


def alternate(calls: dict[str, Callable[[], Any]], rounds: int, per_round: int) -> dict[str, list[float]]:
    """CPU seconds per call of each of `calls`, measured in `rounds` alternating rounds of `per_round` calls.

    Alternating puts the target and its baseline under the same load of a shared machine; CPU time of the
    process leaves out the time other processes held the cores.

    Example::

        seconds = alternate({"small": lambda: get(small), "big": lambda: get(big)}, rounds=7, per_round=50)
    """
    for call in calls.values():  # warm-up: code paths hot, caches filled
        call()
    seconds: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            start = time.process_time()
            for _ in range(per_round):
                call()
            seconds[name].append((time.process_time() - start) / per_round)
    return seconds


def round_ratio(seconds: dict[str, list[float]], target: str, baseline: str) -> float:
    """The median of the per-round ratios target / baseline of an `alternate` measurement."""
    return statistics.median(t / b for t, b in zip(seconds[target], seconds[baseline], strict=True))
