"""Fault plans (contract §5): errors and latency injected into matching requests, reproducibly."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import Any

from .. import chosen
from ..domain import errors
from ..domain.record import Record
from .base import StoreBase, locked

# status -> the error a fault answers with (type and code strings are chosen in chosen/).
FAULT_ERRORS: dict[int, type[errors.ScalingError]] = {
    401: errors.InvalidApiKey,
    403: errors.Forbidden,
    429: errors.RateLimited,
    500: errors.InternalError,
    502: errors.BadGateway,
    503: errors.ServiceUnavailable,
    504: errors.GatewayTimeout,
}
assert tuple(FAULT_ERRORS) == chosen.FAULT_STATUSES


def fault_error(status: int, message: str | None = None, retry_after: int | None = None) -> errors.ScalingError:
    """The error a fault (or a `Prefer: code=` header) answers with for `status`.

    Example::

        raise fault_error(503, retry_after=5)
    """
    error_class = FAULT_ERRORS.get(status)
    if error_class is None:
        raise errors.UnsupportedPreferCode(f"code={status} is not one of {', '.join(map(str, FAULT_ERRORS))} "
                                           "(or the operation's own 2xx).")
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return error_class(message, headers=headers)


@dataclass(repr=False, eq=False)  # Record's == and repr(): none generated (domain/record.py)
class FaultPlan(Record):
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
    network: str | None = None
    org_id: str | None = None
    api_key: str | None = None
    tool: str | None = None  # an MCP tool name (or "*"): the plan hits tool calls, never REST paths
    tool_error: bool = False  # a tool plan answering a tool result with isError instead of failing the HTTP request
    remaining: int | None = None
    fired: int = 0
    _random: random.Random = field(default_factory=random.Random, repr=False)
    # Set when the plan is removed (or faults cleared, or reset): a "hang" waiting on it lets go at once.
    _released: threading.Event = field(default_factory=threading.Event, repr=False)

    def matches(self, method: str, path: str, org_id: str | None = None, api_key: str | None = None) -> bool:
        """True when the method (or `*`), the glob path pattern and the plan's scope match the request."""
        if self.org_id is not None and self.org_id != org_id:
            return False
        if self.api_key is not None and self.api_key != api_key:
            return False
        if self.tool is not None:
            return False
        return self.method in ("*", method.upper()) and fnmatchcase(path, self.path)

    def hang(self) -> None:
        """Hold the calling thread for the plan's hang time, or until the plan is released (bounded)."""
        self._released.wait((self.latency_ms or chosen.FAULT_DEFAULT_HANG_MS) / 1000)

    def as_dict(self) -> dict[str, Any]:
        """The plan as the control plane shows it."""
        return {
            "id": self.id, "method": self.method, "path": self.path, "status": self.status,
            "retryAfter": self.retry_after, "latencyMs": self.latency_ms, "count": self.count,
            "remaining": self.remaining, "probability": self.probability, "seed": self.seed,
            "message": self.message, "network": self.network, "orgId": self.org_id, "apiKey": self.api_key,
            "tool": self.tool, "isError": self.tool_error, "fired": self.fired,
        }

    def error(self) -> errors.ScalingError | None:
        """The error this plan answers with (None for a latency-only plan)."""
        if self.status is None:
            return None
        return fault_error(self.status, self.message, self.retry_after)


class FaultRules(StoreBase):
    """Fault plans live in the store so that `reset()` clears them and both transports share them.

    They are not part of the state dump (they describe the server's behaviour, not Scaling's data), so
    changing them does not notify change listeners: a state file never carries faults.
    """

    faults: list[FaultPlan]

    def _clear_hooks(self) -> list[Callable[[], None]]:
        return [*super()._clear_hooks(), self._clear_faults]

    def _clear_faults(self) -> None:
        self._release_faults()
        self._fault_counter = 0

    def _release_faults(self) -> None:
        for plan in getattr(self, "faults", []):
            plan._released.set()  # a request hanging on it lets go at once
        self.faults = []

    @locked
    def add_fault(
        self,
        path: str = "*",
        *,
        method: str = "*",
        status: int | None = None,
        retry_after: int | None = None,
        latency_ms: int = 0,
        count: int | None = None,
        probability: float | None = None,
        seed: int | None = None,
        message: str | None = None,
        network: str | None = None,
        org_id: str | None = None,
        api_key: str | None = None,
        tool: str | None = None,
        is_error: bool = False,
    ) -> FaultPlan:
        """Add a plan; the first plan that matches and fires decides a request's fate.

        Example::

            store.add_fault("/v1/incidents*", method="POST", status=503, count=2)
            store.add_fault("/v1/*", latency_ms=300, probability=0.5, seed=7)
            store.add_fault("/v1/*", network="close", org_id=tenant.org_id)   # only this tenant's requests
            store.add_fault(tool="create_incident", status=503, count=1)      # an MCP tool call fails
            store.add_fault(tool="*", status=500, is_error=True)              # every tool answers isError
        """
        if status is not None and status not in FAULT_ERRORS:
            allowed = ", ".join(str(code) for code in FAULT_ERRORS)
            raise errors.ValidationFailed(f"status: Must be one of: {allowed}.")
        if network is not None and network not in chosen.NETWORK_FAULTS:
            raise errors.ValidationFailed(f"network: Must be one of: {', '.join(chosen.NETWORK_FAULTS)}.")
        if network is not None and status is not None:
            raise errors.ValidationFailed("network: Give a status or a network fault, not both.")
        if is_error and (tool is None or status is None or network is not None):
            raise errors.ValidationFailed("isError: Only for a tool plan with a status.")
        if status is None and network is None and not latency_ms:
            raise errors.ValidationFailed("status: Give a status, a network fault, a latencyMs, or a status with a latencyMs.")
        if org_id is not None and org_id not in self.organizations:
            raise errors.NotFound("orgId: no such organization.")
        if api_key is not None and api_key not in self.api_keys:
            raise errors.NotFound("apiKey: no such API key.")
        if retry_after is None and status == 429:
            retry_after = chosen.FAULT_DEFAULT_RETRY_AFTER
        if retry_after is not None and status not in chosen.FAULT_RETRY_AFTER_STATUSES:
            raise errors.ValidationFailed("retryAfter: Only for status 429 or 503.")
        self._fault_counter += 1
        seed = chosen.FAULT_DEFAULT_SEED if seed is None else seed
        plan = FaultPlan(
            id=f"fault_{self._fault_counter}", method=method.upper(), path=path, status=status,
            retry_after=retry_after, latency_ms=latency_ms, count=count, probability=probability,
            seed=seed, message=message, network=network, org_id=org_id, api_key=api_key, tool=tool, tool_error=is_error, remaining=count,
            _random=random.Random(seed),
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
        self._release_faults()
        return removed

    @locked
    def remove_fault(self, fault_id: str) -> None:
        """Remove one plan, or 404."""
        kept = [plan for plan in self.faults if plan.id != fault_id]
        if len(kept) == len(self.faults):
            raise errors.NotFound("Fault plan not found.")
        for plan in self.faults:
            if plan.id == fault_id:
                plan._released.set()
        self.faults = kept

    @locked
    def take_fault(self, method: str, path: str, api_key: str | None = None) -> FaultPlan | None:
        """The plan that fires for this request, if any; counts it down (called once per request).

        `api_key` is the request's bearer key (or None), for plans scoped to an organization or a key.
        A matching plan with a probability draws from its own seeded generator at each matching request,
        so the same sequence of requests meets the same faults on every run.
        """
        if not self.faults:  # the common case: no plan, so no key lookup on the per-request path
            return None
        key = self.api_keys.get(api_key) if api_key else None
        if key is not None and key.revoked:
            key = None
        org_id, api_key = (key.org_id, key.key) if key is not None else (None, None)
        return _first_firing(plan for plan in self.faults if plan.matches(method, path, org_id, api_key))

    @locked
    def take_tool_fault(self, tool: str, org_id: str | None = None, http: bool | None = None) -> FaultPlan | None:
        """The plan that fires for this MCP tool call, if any (plans with `tool` set: the name or "*");
        counts it down like `take_fault`. `http=True`: only plans that fail the HTTP request; `http=False`:
        only isError plans (the call came over HTTP, whose plans were taken before it); None: every plan
        (an in-process call, where both answer a tool error).

        Example::

            plan = store.take_tool_fault("create_incident", principal.org_id)
        """
        return _first_firing(
            plan for plan in self.faults
            if plan.tool in ("*", tool) and (plan.org_id is None or plan.org_id == org_id)
            and (http is None or plan.tool_error is not http)
        )


def _first_firing(candidates: Iterable[FaultPlan]) -> FaultPlan | None:
    """The first matching plan that has uses left and fires (its probability drawn from its own generator),
    counted down; None when none does."""
    for plan in candidates:
        if plan.remaining == 0:
            continue
        if plan.probability is not None and plan._random.random() >= plan.probability:
            continue
        if plan.remaining is not None:
            plan.remaining -= 1
        plan.fired += 1
        return plan
    return None
