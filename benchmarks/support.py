"""Building big stores for the benchmarks (directly through the store, so setup stays a few seconds)."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache

from mockscaling import create_app, get_store
from mockscaling.domain.clock import Clock

ADMIN_KEY = "scl_live_" + "a" * 32
AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}
BOB = "user_bob"
DEFAULT_POLICY = "016f5e66-e800-7200-8000-000000000001"  # the seed's "Default" policy
API_COMPONENT = "016f5e66-e800-7000-8000-000000000001"  # the seed's "API" component
START = datetime(2026, 4, 7, 10, tzinfo=UTC)
SEVERITIES = ("critical", "high", "medium", "low")


def fill(store, count: int, policy: str | None = None, principal=None, step: float = 1) -> list:
    """Create `count` incidents (severities cycling, every 10th moved to identified), `step` seconds apart."""
    principal = principal or store.authenticate(f"Bearer {ADMIN_KEY}")
    made = []
    for n in range(count):
        incident = store.create_incident(
            principal, title=f"Incident {n}", severity=SEVERITIES[n % 4], owner_id=BOB,
            component_ids=[API_COMPONENT] if principal.org_id == "org_acme" else [], escalation_policy_id=policy,
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
