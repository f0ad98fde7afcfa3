"""Fault plans (contract §5): errors and latency injected into matching requests, reproducibly."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from .. import chosen, errors
from .base import StoreBase, locked

# status -> the error a fault answers with (type and code strings are chosen in chosen.py).
FAULT_ERRORS: dict[int, type[errors.ScalingError]] = {
    429: errors.RateLimited,
    500: errors.InternalError,
    503: errors.ServiceUnavailable,
}


@dataclass
class FaultPlan:
    """One plan: which requests it matches and what it does to them.

    `remaining` counts down from `count` (None = unlimited); `fired` counts applications.
    """

    id: str
    method: str
    path: str
    status: int | None
    retry_after: int | None
    latency_ms: int
    count: int | None
    probability: float | None
    seed: int
    message: str | None
    remaining: int | None = None
    fired: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False)

    def matches(self, method: str, path: str) -> bool:
        """True when the method (or `*`) and the glob path pattern match the request."""
        return self.method in ("*", method.upper()) and fnmatchcase(path, self.path)

    def as_dict(self) -> dict[str, Any]:
        """The plan as the control plane shows it."""
        return {
            "id": self.id, "method": self.method, "path": self.path, "status": self.status,
            "retryAfter": self.retry_after, "latencyMs": self.latency_ms, "count": self.count,
            "remaining": self.remaining, "probability": self.probability, "seed": self.seed,
            "message": self.message, "fired": self.fired,
        }

    def error(self) -> errors.ScalingError | None:
        """The error this plan answers with (None for a latency-only plan)."""
        if self.status is None:
            return None
        error_class = FAULT_ERRORS[self.status]
        headers = {"Retry-After": str(self.retry_after)} if self.retry_after is not None else {}
        return error_class(self.message, headers=headers)


class FaultRules(StoreBase):
    """Fault plans live in the store so that `reset()` clears them and both transports share them.

    They are not part of the state dump (they describe the server's behaviour, not Scaling's data), so
    changing them does not notify change listeners: a state file never carries faults.
    """

    faults: list[FaultPlan]

    def _clear_hooks(self) -> list[Callable[[], None]]:
        return [*super()._clear_hooks(), self._clear_faults]

    def _clear_faults(self) -> None:
        self.faults = []
        self._fault_counter = 0

    @locked
    def add_fault(
        self,
        path: str,
        *,
        method: str = "*",
        status: int | None = None,
        retry_after: int | None = None,
        latency_ms: int = 0,
        count: int | None = None,
        probability: float | None = None,
        seed: int | None = None,
        message: str | None = None,
    ) -> FaultPlan:
        """Add a plan; the first plan that matches and fires decides a request's fate.

        Example::

            store.add_fault("/v1/incidents*", method="POST", status=503, count=2)
            store.add_fault("/v1/*", latency_ms=300, probability=0.5, seed=7)
        """
        if status is not None and status not in FAULT_ERRORS:
            allowed = ", ".join(str(code) for code in FAULT_ERRORS)
            raise errors.ValidationFailed(f"status: Must be one of: {allowed}.")
        if status is None and not latency_ms:
            raise errors.ValidationFailed("status: Give a status, a latencyMs, or both.")
        if retry_after is None and status == 429:
            retry_after = chosen.FAULT_DEFAULT_RETRY_AFTER
        if retry_after is not None and status not in chosen.FAULT_RETRY_AFTER_STATUSES:
            raise errors.ValidationFailed("retryAfter: Only for status 429 or 503.")
        self._fault_counter += 1
        seed = chosen.FAULT_DEFAULT_SEED if seed is None else seed
        plan = FaultPlan(
            id=f"fault_{self._fault_counter}", method=method.upper(), path=path, status=status,
            retry_after=retry_after, latency_ms=latency_ms, count=count, probability=probability,
            seed=seed, message=message, remaining=count, _random=random.Random(seed),
        )
        self.faults.append(plan)
        return plan

    @locked
    def list_faults(self) -> list[dict[str, Any]]:
        """The plans in the order they were added (spent plans included, with remaining 0), as GET
        /_mock/faults serves them (`store.faults` holds the plans themselves)."""
        return [plan.as_dict() for plan in self.faults]

    @locked
    def clear_faults(self) -> int:
        """Remove every plan; returns how many there were.

        Example::

            store.clear_faults()
        """
        removed = len(self.faults)
        self.faults = []
        return removed

    @locked
    def remove_fault(self, fault_id: str) -> None:
        """Remove one plan, or 404."""
        kept = [plan for plan in self.faults if plan.id != fault_id]
        if len(kept) == len(self.faults):
            raise errors.NotFound("Fault plan not found.")
        self.faults = kept

    @locked
    def take_fault(self, method: str, path: str) -> FaultPlan | None:
        """The plan that fires for this request, if any; counts it down (called once per request).

        A matching plan with a probability draws from its own seeded generator at each matching request,
        so the same sequence of requests meets the same faults on every run.
        """
        for plan in self.faults:
            if plan.remaining == 0 or not plan.matches(method, path):
                continue
            if plan.probability is not None and plan._random.random() >= plan.probability:
                continue
            if plan.remaining is not None:
                plan.remaining -= 1
            plan.fired += 1
            return plan
        return None
