"""The verify rules' registry: one `Rule` per contract rule, with its family, contract source and what it needs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client import Client


class RuleSkipped(Exception):
    """The rule cannot run here (no admin key, no --status-url, nothing to read); the message says why."""


@dataclass(frozen=True)
class Rule:
    """One contract rule.

    - `name`: `family.what`, printed by `mockscaling verify` and used by `--rule`;
    - `source`: the contract tag and section it checks, e.g. `[docs] §2 PATCH status`;
    - `read_only`: it sends only GET requests (so `--read-only` may run it against production);
    - `needs`: what else it needs: `admin` (an admin key), `member_key`, `other_key`, `status_url`.
    """

    name: str
    source: str
    function: Callable[[Client], None]
    read_only: bool = False
    needs: tuple[str, ...] = ()

    @property
    def family(self) -> str:
        """The part of the name before the first dot (incidents, lifecycle, team…)."""
        return self.name.split(".", 1)[0]

    @property
    def doc(self) -> str:
        """The rule's docstring's first line: what it checks."""
        return (self.function.__doc__ or "").strip().splitlines()[0] if self.function.__doc__ else ""


RULES: list[Rule] = []


def rule(name: str, source: str, *, read_only: bool = False, needs: tuple[str, ...] = ()) -> Callable[[Any], Any]:
    """Register a rule (the order of definition is the order of the run).

    Example::

        @rule("incidents.not_found", "[docs] §2 GET one", read_only=True)
        def not_found(client): client.error(client.request("GET", f"/incidents/{MISSING}"), 404, "not_found")
    """
    if any(existing.name == name for existing in RULES):
        raise ValueError(f"two verify rules are named {name}")

    def register(function: Callable[[Client], None]) -> Callable[[Client], None]:
        RULES.append(Rule(name, source, function, read_only, needs))
        return function

    return register


def error_rule(name: str, source: str, method: str, path: Callable[[Client], str] | str, body: Any,
               status: int, code: str | None, type_: str | None = None, *, needs: tuple[str, ...] = (),
               doc: str = "") -> None:
    """Register a rule that sends one request and expects one error (`code=None`: any code of that status).

    `path` may be a function of the client, to point at a resource the rule creates first.
    """

    def check_error(client: Client) -> None:
        target = path(client) if callable(path) else path
        response = client.request(method, target, json=body) if not isinstance(body, bytes) else client.raw(method, target, body)
        client.error(response, status, code, type_)

    check_error.__doc__ = doc or f"{method} {path if isinstance(path, str) else '…'}: {status} {code or ''}".strip()
    rule(name, source, read_only=method == "GET", needs=needs)(check_error)
