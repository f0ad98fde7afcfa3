"""The contract's verify rules, one module per family; importing this package registers them all, in run order.

A rule passes by returning, fails by raising RuleFailed (from `check` or the client's helpers) and is
skipped by raising RuleSkipped (it needs an admin key, a second key or a status page the run lacks).
"""

from ..client import RuleFailed
from ..registry import RULES, Rule, RuleSkipped, rule
from . import (
    core,
    incidents,
    lifecycle,
    updates,
    actions,
    components,
    schedules,
    policies,
    team,
    status_page,
    routing,
    working_hours,
)  # noqa: F401,E501

__all__ = ["RULES", "Rule", "RuleFailed", "RuleSkipped", "rule"]
