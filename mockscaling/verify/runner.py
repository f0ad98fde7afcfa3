"""Runs the verify rules against a server and reports PASS/FAIL per rule."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from .client import Client, RuleFailed
from .rules import RULES


@dataclass(frozen=True)
class RuleResult:
    """One rule's outcome."""

    name: str
    passed: bool
    reason: str = ""

    def line(self) -> str:
        """`PASS  name` or `FAIL  name: reason`."""
        return f"PASS  {self.name}" if self.passed else f"FAIL  {self.name}: {self.reason}"


class SetupError(RuntimeError):
    """The suite cannot start (server unreachable, no owner to assign)."""


def is_loopback(base_url: str) -> bool:
    """True for localhost or a loopback IP literal (no DNS lookup: a name is only trusted if it is `localhost`).

    Example::

        is_loopback("http://127.0.0.1:5050")   # True
        is_loopback("https://api.scaling.cloud")   # False
    """
    host = urlsplit(base_url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def discover_owner(client: Client) -> str:
    """The ownerId for the suite's incidents: the first user of GET /v1/users."""
    try:
        response = client.request("GET", "/users")
        users = response.json()["data"]["users"] if response.status_code == 200 else []
    except (requests.RequestException, ValueError, KeyError, TypeError) as exc:
        raise SetupError(f"cannot list users at {client.base_url}/v1/users: {exc}") from exc
    if not users:
        raise SetupError(f"GET /v1/users answered {response.status_code} without users; pass --owner-id")
    return users[0]["id"]


def run_suite(base_url: str, api_key: str, owner_id: str | None = None,
              echo: Callable[[str], None] = print, only: list[str] | None = None) -> list[RuleResult]:
    """Run every rule (or those named in `only`) and echo one line per rule, then clean up.

    Example::

        results = run_suite("http://127.0.0.1:5050", "scl_live_" + "a" * 32)
        ok = all(result.passed for result in results)
    """
    client = Client(base_url.rstrip("/"), api_key)
    client.owner_id = owner_id or discover_owner(client)
    results = []
    for name, function in RULES:
        if only and name not in only:
            continue
        try:
            function(client)
            result = RuleResult(name, True)
        except RuleFailed as exc:
            result = RuleResult(name, False, str(exc))
        except (requests.RequestException, ValueError, KeyError, TypeError, IndexError) as exc:
            result = RuleResult(name, False, f"unexpected answer: {type(exc).__name__}: {exc}")
        results.append(result)
        echo(result.line())
    stuck = client.resolve_all()
    echo(f"cleanup: resolved {len(client.created) - len(stuck)} of {len(client.created)} incidents created by this run"
         + (f"; could not resolve {', '.join(stuck)}" if stuck else ""))
    return results
