"""Machine-readable verify reports: a JSON document and JUnit XML (what CI systems display)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .runner import RuleResult


def summary(results: Sequence[RuleResult]) -> dict[str, int]:
    """Counts by outcome."""
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    for result in results:
        counts[result.outcome] += 1
    return counts


def json_report(results: Sequence[RuleResult], base_url: str, read_only: bool, cleanup: str) -> dict[str, Any]:
    """The JSON report as a dict.

    Example::

        json_report(results, "http://127.0.0.1:5050", False, "resolved 40 of 40 incidents")["summary"]
        # {'passed': 95, 'failed': 0, 'skipped': 0}
    """
    return {
        "tool": "mockscaling verify",
        "baseUrl": base_url,
        "readOnly": read_only,
        "summary": summary(results),
        "cleanup": cleanup,
        "rules": [{"name": r.name, "family": r.name.split(".", 1)[0], "source": r.source, "outcome": r.outcome,
                   "reason": r.reason, "seconds": round(r.seconds, 3)} for r in results],
    }


def write_json(path: str | Path, report: dict[str, Any]) -> None:
    """Write the JSON report to `path`."""
    Path(path).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


def write_junit(path: str | Path, results: Sequence[RuleResult], suite_name: str = "mockscaling verify") -> None:
    """Write JUnit XML: one testcase per rule (classname = family), failures and skips with their reasons."""
    counts = summary(results)
    suite = ET.Element("testsuite", name=suite_name, tests=str(len(results)), failures=str(counts["failed"]),
                       errors="0", skipped=str(counts["skipped"]), time=f"{sum(r.seconds for r in results):.3f}")
    for result in results:
        case = ET.SubElement(suite, "testcase", classname=f"verify.{result.name.split('.', 1)[0]}", name=result.name,
                             time=f"{result.seconds:.3f}")
        ET.SubElement(case, "properties").append(ET.Element("property", name="source", value=result.source))
        if result.outcome == "failed":
            ET.SubElement(case, "failure", message=result.reason[:500]).text = result.reason
        elif result.outcome == "skipped":
            ET.SubElement(case, "skipped", message=result.reason)
    suites = ET.Element("testsuites")
    suites.append(suite)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)
