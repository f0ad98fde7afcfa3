"""Benchmark helpers: each target is timed with pytest-benchmark next to its baseline, in the same run, and
its ratio (or absolute figure) is printed at the end against the issue's limit."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

@dataclass
class Figure:
    """One checked figure: a ratio of two timings of this run, or an absolute value, and its limit."""

    name: str
    value: float
    limit: float
    unit: str  # "x" for ratios (at most / at least), "s", "KB"
    at_least: bool = False
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.value >= self.limit if self.at_least else self.value <= self.limit

    def line(self) -> str:
        relation = "≥" if self.at_least else "≤"
        verdict = "ok" if self.ok else "MISSED"
        return f"{self.name:<58} {self.value:8.2f}{self.unit:<2} (target {relation} {self.limit:g}{self.unit})  {verdict}  {self.detail}"


@dataclass
class Figures:
    """The timings of this run (median seconds by key) and the figures derived from them."""

    medians: dict[str, float] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)

    def record(self, key: str, benchmark) -> float:
        """Keep `benchmark`'s median under `key` (call after the benchmark ran)."""
        median = benchmark.stats.stats.median
        self.medians[key] = median
        return median

    def ratio(self, name: str, target: str, baseline: str, limit: float, at_least: bool = False) -> None:
        """Add `target / baseline` as a figure, once both were measured in this run."""
        if target in self.medians and baseline in self.medians:
            value = self.medians[target] / self.medians[baseline]
            detail = f"{self.medians[target] * 1e6:.0f} us / {self.medians[baseline] * 1e6:.0f} us"
            self.figures.append(Figure(name, value, limit, "x", at_least, detail))

    def at_least(self, name: str, value: float, limit: float, unit: str, detail: str = "") -> None:
        """Add a figure that must reach `limit` (throughput ratios)."""
        self.figures.append(Figure(name, value, limit, unit, True, detail))

    def absolute(self, name: str, value: float, limit: float, unit: str, detail: str = "") -> None:
        """Add an absolute figure (seconds, KB)."""
        self.figures.append(Figure(name, value, limit, unit, False, detail))


class CpuTimed:
    """Wraps a function to also keep the CPU time (time.process_time) of each call.

    On a shared machine the wall time of a single-threaded job includes the time other processes held
    the cores; the process's CPU time does not, so absolute targets are checked on it (wall time shown).
    """

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.seconds: list[float] = []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return self.function(*args, **kwargs)
        finally:
            self.seconds.append(time.process_time() - start)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


FIGURES = Figures()


@pytest.fixture(scope="session")
def figures() -> Figures:
    """The session's figures; benchmarks record medians and ratios into it.

    Example::

        def test_x(benchmark, figures):
            benchmark(work)
            figures.record("x", benchmark)
    """
    return FIGURES


def pytest_terminal_summary(terminalreporter) -> None:
    """Print every figure with its target after pytest-benchmark's own tables."""
    if not FIGURES.figures:
        return
    terminalreporter.section("mockscaling targets (ratios measured in this run)")
    for figure in FIGURES.figures:
        terminalreporter.write_line(figure.line())
    missed = [figure.name for figure in FIGURES.figures if not figure.ok]
    terminalreporter.write_line(f"{len(FIGURES.figures) - len(missed)} of {len(FIGURES.figures)} targets met"
                                + (f"; missed: {', '.join(missed)}" if missed else ""))


def pytest_addoption(parser) -> None:
    """`--quick`: the CI-sized matrix (10,000 incidents instead of 100,000, fewer rounds)."""
    parser.addoption("--quick", action="store_true", default=False, help="CI-sized benchmark matrix (10,000 incidents, fewer rounds)")


def pytest_configure(config) -> None:
    if config.getoption("--quick", default=False):
        os.environ["MOCKSCALING_BENCH_QUICK"] = "1"
