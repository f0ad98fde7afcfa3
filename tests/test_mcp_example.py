"""docs/mcp.md's example agent test, run as written: the block under "An example agent test" is this module's test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PAGE = Path(__file__).resolve().parent.parent / "docs" / "mcp.md"
SECTION = PAGE.read_text("utf-8").split("## An example agent test", 1)[1]
SOURCE = re.search(r"```python\n(.*?)```", SECTION, re.DOTALL).group(1)

_namespace: dict = {}
exec(compile(SOURCE, str(PAGE), "exec"), _namespace)  # noqa: S102 - our own documentation, run as a test
test_triage_acknowledges_the_newest_critical = _namespace["test_triage_acknowledges_the_newest_critical"]
triage = _namespace["triage"]


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.anyio
async def test_triage_does_nothing_without_a_critical_incident(mockscaling, mockscaling_mcp):
    mockscaling.given.incident(title="Slow pages", severity="low")
    assert await triage(mockscaling_mcp) is None
    assert len(mockscaling.calls.filter(method="TOOL")) == 1
