"""CI: every `mockscaling` command, end to end, in a virtual environment holding only `pip install .`.

Run by .ci/plain_install_check.sh with that environment's Python: `commands` checks every subcommand that
`mockscaling --help` lists (one that has no check here fails, so a new command gets one), `pytest-plugin`
(after `pip install pytest`) runs a small suite through the plugin's fixtures. Standard library only, so the
check itself needs nothing the plain install lacks.

To add a command: write `def check_NAME(fake: Fake, work: Path) -> None` raising `Failed` on a problem and
list it in CHECKS.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import textwrap
import urllib.request
from collections.abc import Callable
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ENV = {**os.environ, "PYTHONUNBUFFERED": "1"}
ENV.pop("PYTHONPATH", None)  # the installed package, never the checkout's copy
TIMEOUT = 120


class Failed(Exception):
    """One check failed; the message says what was run and what came back."""


def run(*args: str, cwd: Path | None = None, timeout: float = TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run `mockscaling ARGS...` (or another command of the environment); fail on a non-zero exit."""
    command = [str(BIN / args[0]), *args[1:]]
    done = subprocess.run(command, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    if done.returncode != 0:
        raise Failed(f"`{' '.join(args)}` exited {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return done


class Started:
    """A long-running command (serve, proxy): started, its stdout read up to a line matching `ready`."""

    def __init__(self, args: list[str], ready: str, cwd: Path) -> None:
        self.args = args
        self.process = subprocess.Popen([str(BIN / args[0]), *args[1:]], cwd=cwd, env=ENV, text=True,
                                        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.lines: list[str] = []
        for line in self.process.stdout:  # type: ignore[union-attr]
            self.lines.append(line.rstrip("\n"))
            if re.search(ready, line):
                return
        self.process.wait(timeout=10)
        raise Failed(f"`{' '.join(args)}` ended with {self.process.returncode} before printing {ready!r}:\n" + "\n".join(self.lines))

    def match(self, pattern: str) -> re.Match[str]:
        """The first line of the output so far matching `pattern`."""
        for line in self.lines:
            found = re.search(pattern, line)
            if found:
                return found
        raise Failed(f"`{' '.join(self.args)}` printed no line matching {pattern!r}:\n" + "\n".join(self.lines))

    def stop(self) -> str:
        """SIGTERM, then the rest of the output; fails on a non-zero exit."""
        self.process.send_signal(signal.SIGTERM)
        rest, _ = self.process.communicate(timeout=30)
        if self.process.returncode not in (0, -signal.SIGTERM):
            raise Failed(f"`{' '.join(self.args)}` exited {self.process.returncode}:\n" + "\n".join(self.lines) + rest)
        return rest


class Fake:
    """`mockscaling serve` on a free port, with its URL and first API key read from its banner."""

    def __init__(self, work: Path) -> None:
        self.server = Started(["mockscaling", "serve", "--port", "0", "--quiet"], r"Press Ctrl-C", work)
        self.url = self.server.match(r"at (http://\S+)/v1 ").group(1)
        self.key = self.server.match(r"API key (\S+)").group(1)


def http(method: str, url: str, key: str, body: dict | None = None) -> tuple[int, dict]:
    """One JSON request with urllib: (status, parsed body)."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method,
                                     headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as reply:
            return reply.status, json.loads(reply.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def check_serve(fake: Fake, work: Path) -> None:
    status, body = http("GET", f"{fake.url}/v1/incidents", fake.key)
    if status != 200 or "incidents" not in body.get("data", {}):
        raise Failed(f"GET /v1/incidents on the served fake: {status} {body}")


def check_verify(fake: Fake, work: Path) -> None:
    report = work / "verify.json"
    run("mockscaling", "verify", "--base-url", fake.url, "--api-key", fake.key, "--json", str(report), timeout=600)
    if json.loads(report.read_text())["summary"]["failed"]:
        raise Failed(f"verify reported failures: {report.read_text()[:2000]}")


def check_proxy(fake: Fake, work: Path) -> None:
    report = work / "proxy.json"
    proxy = Started(["mockscaling", "proxy", "--upstream", fake.url, "--port", "0", "--json", str(report),
                     "--junit-xml", str(work / "proxy.xml"), "--record", str(work / "proxy.jsonl")], r"proxy on http", work)
    base = proxy.match(r"proxy on (http://\S+)").group(1)
    users = http("GET", f"{base}/v1/users", fake.key)
    owner = users[1]["data"]["users"][0]["id"]
    created = http("POST", f"{base}/v1/incidents", fake.key, {"title": "Through the proxy", "severity": "low", "ownerId": owner})
    proxy.stop()
    if created[0] != 201:
        raise Failed(f"POST /v1/incidents through the proxy: {created}")
    written = json.loads(report.read_text())
    if written["exchanges"] != 2 or written["withViolations"]:
        raise Failed(f"proxy report: {written}")


def check_openapi(fake: Fake, work: Path) -> None:
    document = json.loads(run("mockscaling", "openapi").stdout)
    if not document.get("openapi", "").startswith("3.1") or "/v1/incidents" not in document["paths"]:
        raise Failed("mockscaling openapi printed no OpenAPI 3.1 document with /v1/incidents")
    if not run("mockscaling", "openapi", "--format", "yaml").stdout.startswith("openapi:"):
        raise Failed("mockscaling openapi --format yaml printed no YAML document")


def check_chosen(fake: Fake, work: Path) -> None:
    if "|" not in run("mockscaling", "chosen").stdout:
        raise Failed("mockscaling chosen printed no table")
    run("mockscaling", "chosen", "--check", "--root", str(CHECKOUT))
    audit = run("mockscaling", "chosen", "--audit", "--root", str(CHECKOUT)).stdout  # exits 1 on a tag without evidence
    if "untagged: 0" not in audit or "unverifiable: 0" not in audit:
        raise Failed(f"mockscaling chosen --audit:\n{audit}")


def check_snapshot(fake: Fake, work: Path) -> None:
    seed = work / "snapshot.json"
    printed = run("mockscaling", "snapshot", "--from", fake.url, "--api-key", fake.key, "-o", str(seed), "--incidents", "20").stdout
    key = re.search(r"API key (scl_live_\w+)", printed)
    if key is None or json.loads(seed.read_text()).get("version") != 2:
        raise Failed(f"mockscaling snapshot wrote no version-2 seed or printed no key:\n{printed}")
    copy = Started(["mockscaling", "serve", "--port", "0", "--quiet", "--seed", str(seed)], r"Press Ctrl-C", work)
    try:
        url = copy.match(r"at (http://\S+)/v1 ").group(1)
        status, body = http("GET", f"{url}/v1/users", key.group(1))
    finally:
        copy.stop()
    if status != 200 or not body["data"]["users"]:
        raise Failed(f"GET /v1/users on the served snapshot: {status} {body}")


CHECKS: dict[str, Callable[[Fake, Path], None]] = {
    "serve": check_serve, "verify": check_verify, "proxy": check_proxy, "openapi": check_openapi, "chosen": check_chosen,
    "snapshot": check_snapshot,
}

PLUGIN_SUITE = '''
import json
import urllib.request

import pytest
import requests


def test_in_process(mockscaling):
    assert mockscaling.client().get("/v1/incidents").status_code == 200


def test_served(mockscaling_server):
    request = urllib.request.Request(mockscaling_server.api_url + "/incidents", headers=mockscaling_server.headers())
    with urllib.request.urlopen(request) as reply:
        assert "incidents" in json.load(reply)["data"]


def test_intercepted(mockscaling_intercept):
    reply = requests.get("https://api.scaling.cloud/v1/incidents",
                         headers={"Authorization": f"Bearer {mockscaling_intercept.admin_key}"})
    assert reply.status_code == 200


@pytest.mark.mockscaling(seed="major-outage", now="2026-01-05T09:00:00Z")
def test_marker(mockscaling):
    assert mockscaling.client().get("/v1/incidents").json["data"]["incidents"]
'''


def commands() -> None:
    """Every subcommand of `mockscaling --help` against a live fake."""
    listed = run("mockscaling", "--help").stdout.split("Commands:", 1)[1]
    names = re.findall(r"^  (\S+)", listed, re.MULTILINE)
    missing = sorted(set(names) - set(CHECKS))
    if missing:
        raise Failed(f"no plain-install check for: {', '.join(missing)} (add one to .ci/plain_install_check.py)")
    run("mockscaling", "--version")
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        fake = Fake(work)
        try:
            for name in names:
                run("mockscaling", name, "--help")
                CHECKS[name](fake, work)
                print(f"plain install: mockscaling {name} ok", flush=True)
        finally:
            fake.server.stop()


def pytest_plugin() -> None:
    """The plugin's fixtures with only pytest added to the plain install, on the fake and in live mode."""
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        (work / "test_plain.py").write_text(textwrap.dedent(PLUGIN_SUITE))
        done = run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_plain.py", cwd=work)
        if "4 passed" not in done.stdout:
            raise Failed(f"the plugin suite did not pass whole:\n{done.stdout}")
        print("plain install: pytest plugin ok", flush=True)
        fake = Fake(work)  # live mode: the same suite against a served fake; only the seed marker skips
        try:
            done = run("python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_plain.py",
                       "--mockscaling-url", fake.url, "--mockscaling-key", fake.key, cwd=work)
        finally:
            fake.server.stop()
        if "3 passed, 1 skipped" not in done.stdout:
            raise Failed(f"the plugin suite in live mode:\n{done.stdout}")
    print("plain install: pytest plugin in live mode ok", flush=True)


if __name__ == "__main__":
    step = {"commands": commands, "pytest-plugin": pytest_plugin}[sys.argv[1]]
    try:
        step()
    except Failed as failure:
        print(f"plain install check failed: {failure}", file=sys.stderr)
        sys.exit(1)
