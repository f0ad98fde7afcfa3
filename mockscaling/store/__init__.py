"""The store: one object owning all data and every rule of the fake; never imports Flask."""

from __future__ import annotations

from .base import Principal, StateError
from .components import ComponentRules
from .escalation import EscalationRules
from .incidents import IncidentRules
from .oncall import ScheduleRules
from .updates import UpdateRules


class Store(IncidentRules, UpdateRules, ComponentRules, ScheduleRules, EscalationRules):
    """All of Scaling's state and rules, in memory, guarded by one lock.

    Example::

        store = Store()                      # the default seed
        ada = store.authenticate("Bearer scl_live_" + "a" * 32)
        store.create_incident(ada, title="API down", severity="high", owner_id="user_bob")
    """


__all__ = ["Principal", "StateError", "Store"]
