"""Every Python block of README.md and docs/*.md runs as printed, each in a fresh fake.

A block holding tests (`def test_…`, `class Test…`) runs as a downstream pytest module through the plugin
(pytester) and must pass whole; any other block runs as a script. A block that is deliberately not runnable
(a source excerpt, a conftest needing your own file) starts with `# not runnable: <why>`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)
NOT_RUNNABLE = re.compile(r"# not runnable: \S")


def collect() -> list[tuple[str, str]]:
    """(page:line, code) of every ```python block of the user pages."""
    found = []
    for page in PAGES:
        text = page.read_text("utf-8")
        for match in BLOCK.finditer(text):
            found.append((f"{page.name}:{text.count(chr(10), 0, match.start()) + 1}", match.group(1)))
    return found


BLOCKS = collect()
RUNNABLE = [(where, code) for where, code in BLOCKS if not code.startswith("# not runnable:")]
IS_SUITE = re.compile(r"^(def test_|class Test)", re.MULTILINE)


def test_the_pages_have_blocks_and_every_skipped_one_says_why():
    assert len(RUNNABLE) >= 15
    for where, code in BLOCKS:
        if code.startswith("# not runnable"):
            assert NOT_RUNNABLE.match(code), f"{where}: say why after '# not runnable: '"


@pytest.mark.parametrize("where,code", [pytest.param(*b, id=b[0]) for b in RUNNABLE if IS_SUITE.search(b[1])])
def test_a_block_of_tests_passes_as_printed(pytester, where, code):
    pytester.makepyfile(test_snippet=code)
    outcomes = pytester.runpytest("-p", "no:cacheprovider", "-p", "no:randomly").parseoutcomes()
    assert outcomes.get("passed", 0) >= 1 and set(outcomes) == {"passed"}, f"{where}: {outcomes}"


@pytest.mark.parametrize("where,code", [pytest.param(*b, id=b[0]) for b in RUNNABLE if not IS_SUITE.search(b[1])])
def test_a_script_block_runs_as_printed(where, code):
    exec(compile(code, where, "exec"), {"__name__": "__snippet__"})  # noqa: S102 (the docs' own code)


GENERATED_MARKS = re.compile(r"<!-- (chosen-behaviours:(begin|end)|Generated from mockscaling/chosen/)[^>]*-->")


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_internal_notes_in_a_user_page(page):
    text = page.read_text("utf-8")
    assert not re.search(r"\bissue \d+|\(issue|\bTODO\b|\bFIXME\b", text, re.IGNORECASE), page.name
    assert "<!--" not in GENERATED_MARKS.sub("", text), f"{page.name}: an HTML comment (a note for writers, not users)"


def test_one_statement_about_the_extras():
    # Every command and fixture works from the plain install; `intercept` is only for aiohttp interception, and the
    # `mcp` extra (the MCP surface) is named with what it adds wherever it is named.
    for page in (ROOT / "README.md", ROOT / "docs" / "pytest.md"):
        text = " ".join(page.read_text("utf-8").split())
        assert "needed only to intercept" in text and "aiohttp" in text, page.name
    for page in PAGES:
        for paragraph in page.read_text("utf-8").split("\n\n"):
            if "[intercept]" in paragraph:
                assert "aiohttp" in paragraph, f"{page.name}: the intercept extra named without what it is for"
            if "[mcp]" in paragraph and "mockscaling serve" not in paragraph:
                assert "MCP" in paragraph, f"{page.name}: the mcp extra named without what it is for"
