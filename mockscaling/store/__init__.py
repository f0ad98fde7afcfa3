"""The store: one object owning all data and every rule of the fake; never imports Flask."""

from __future__ import annotations

from .alerts import AlertRouting, AlertRules
from .base import Principal, StateError
from .components import ComponentRules
from .escalation import EscalationRules
from .incidents import IncidentRules
from .oncall import ScheduleRules
from .overrides import OverrideRules
from .policies import PolicyRules
from .schedules import ScheduleEditRules
from .team import TeamRules
from .updates import UpdateRules
from .journal import JournalRules
from .tenants import Tenant, TenantRules
from .faults import FaultPlan, FaultRules
from .status_pages import StatusPageRules
from .steps import StepRules
from .working_hours import WorkingHoursRules
from .console import ConsoleRules
from .mcp import McpRules


class Store(
    FaultRules,
    StatusPageRules,
    AlertRules,
    IncidentRules, UpdateRules, ComponentRules, ScheduleRules, ScheduleEditRules, OverrideRules, PolicyRules, StepRules,
    WorkingHoursRules, TeamRules,
    EscalationRules, TenantRules, JournalRules, ConsoleRules, McpRules,
):
    """All of Scaling's state and rules, in memory, guarded by one lock; starts empty (seeds come from worlds/).

    Example::

        store = Store()                      # no organizations; mockscaling.Store() starts from the default seed
        store.load_state(other.dump_state())
        ada = store.authenticate("Bearer scl_live_" + "a" * 32)
        store.create_incident(ada, title="API down", severity="high", owner_id="user_bob")
    """


__all__ = ["AlertRouting", "FaultPlan", "Principal", "StateError", "Store", "Tenant"]
