"""`mockscaling verify`: the portable contract suite, run over HTTP against any Scaling-compatible server."""

from .runner import RuleResult, is_loopback, run_suite

__all__ = ["RuleResult", "is_loopback", "run_suite"]
