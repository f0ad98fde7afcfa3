"""Runs the verify rules against a server: diagnoses the setup, reports PASS/FAIL/SKIP per rule, cleans up."""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests

from ..connection import connection_failure
from .client import Client, RuleFailed
from .registry import Rule, RuleSkipped
from .rules import RULES


@dataclass(frozen=True)
class RuleResult:
    """One rule's outcome: `passed`, `failed` or `skipped`, with the reason and the rule's contract source."""

    name: str
    passed: bool
    reason: str = ""
    source: str = ""
    skipped: bool = False
    seconds: float = 0.0

    @property
    def outcome(self) -> str:
        """passed, failed or skipped."""
        return "skipped" if self.skipped else ("passed" if self.passed else "failed")

    def line(self) -> str:
        """`PASS  name`, `FAIL  name: reason` or `SKIP  name: reason`."""
        if self.skipped:
            return f"SKIP  {self.name}: {self.reason}"
        return f"PASS  {self.name}" if self.passed else f"FAIL  {self.name}: {self.reason}"


class SetupError(RuntimeError):
    """The suite cannot start (server unreachable, key refused, wrong base URL); the message says what to fix."""


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


def check_base_url(base_url: str) -> None:
    """Refuse a base URL the suite would misuse (it appends /v1 itself)."""
    path = urlsplit(base_url).path.rstrip("/")
    if path.endswith("/v1") or path.endswith("/api"):
        raise SetupError(f"drop {path[path.rfind('/'):]} from --base-url: the suite adds /v1 itself "
                         f"(use {base_url.rstrip('/')[: -len(path[path.rfind('/'):])]})")


def diagnose(client: Client, owner_id: str | None) -> None:
    """Probe the server with GET /v1/users; learn the owner and whether the key is an admin's, or SetupError."""
    url = f"{client.base_url}/v1/users"
    try:
        response = client.request("GET", "/users")
    except requests.RequestException as exc:
        raise SetupError(connection_failure(client.base_url, exc)) from exc
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.status_code == 401:
        code = body.get("code") if isinstance(body, dict) else None
        raise SetupError(f"the key was refused: 401 {code or response.text[:80]}; pass an API key of this server (--api-key)")
    if response.status_code == 404:
        raise SetupError(f"GET {url} answered 404: --base-url must be the API root, e.g. http://127.0.0.1:5050")
    if response.status_code != 200 or not isinstance(body, dict) or not isinstance(body.get("data"), dict):
        raise SetupError(f"GET {url} answered {response.status_code} {response.text[:120]!r}: is this a Scaling API?")
    users = body["data"].get("users") or []
    if owner_id is None and not users:
        raise SetupError(f"GET {url} lists no users; pass --owner-id")
    client.owner_id = owner_id or users[0]["id"]
    client.is_admin = client.request("GET", "/team/members").status_code == 200


def select(read_only: bool = False, only: Sequence[str] | None = None) -> list[Rule]:
    """The rules a run executes, in order.

    Example::

        [rule.name for rule in select(read_only=True)][:2]   # ['auth.missing_header', 'auth.invalid_key']
    """
    return [r for r in RULES if (not only or r.name in only) and (r.read_only or not read_only)]


def run_rule(client: Client, rule: Rule) -> RuleResult:
    """Run one rule and turn its outcome into a RuleResult."""
    started = time.perf_counter()
    try:
        rule.function(client)
        outcome = {"passed": True}
    except RuleSkipped as exc:
        outcome = {"passed": True, "skipped": True, "reason": str(exc)}
    except RuleFailed as exc:
        outcome = {"passed": False, "reason": str(exc)}
    except (requests.ConnectionError, requests.Timeout) as exc:  # the server went away mid-run: one line, not urllib3's chain
        outcome = {"passed": False, "reason": connection_failure(client.base_url, exc)}
    except (requests.RequestException, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        outcome = {"passed": False, "reason": f"unexpected answer: {type(exc).__name__}: {exc}"}
    return RuleResult(rule.name, source=rule.source, seconds=time.perf_counter() - started, **outcome)


def run_suite(base_url: str, api_key: str, owner_id: str | None = None, echo: Callable[[str], None] = print,
              only: Sequence[str] | None = None, read_only: bool = False, member_key: str | None = None,
              other_key: str | None = None, status_url: str | None = None) -> tuple[list[RuleResult], str]:
    """Run the selected rules, echo one line per rule, then remove what the run created.

    Returns the results and the cleanup line. Example::

        results, cleanup = run_suite("http://127.0.0.1:5050", "scl_live_" + "a" * 32)
        ok = all(result.passed for result in results)
    """
    check_base_url(base_url)
    client = Client(base_url.rstrip("/"), api_key, member_key=member_key, other_key=other_key,
                    status_url=status_url.rstrip("/").removesuffix(".json") if status_url else None)
    diagnose(client, owner_id)
    results = []
    for rule in select(read_only, only):
        result = run_rule(client, rule)
        results.append(result)
        echo(result.line())
    stuck = client.resolve_all()
    left = client.delete_all()
    cleanup = (f"cleanup: resolved {len(client.created) - len(stuck)} of {len(client.created)} incidents and deleted "
               f"{len(client.deletions) - len(left)} of {len(client.deletions)} resources created by this run")
    if stuck or left:
        cleanup += f"; left behind: {', '.join(stuck + left)}"
    echo(cleanup)
    return results, cleanup
