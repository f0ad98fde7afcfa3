"""The chosen-behaviours table is generated from mockscaling/chosen/, and the committed copies are current."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mockscaling.chosen import table as chosen_table
from mockscaling.tools.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_every_block_of_chosen_py_has_a_section_and_a_title():
    entries = chosen_table.parse()
    assert len(entries) >= 40
    assert all(entry.section and entry.title and entry.why for entry in entries)
    titles = {entry.title for entry in entries}
    assert {"401 codes", "Ids", "Documented-only mode", "Rotation length"} <= titles


def test_a_block_without_a_title_is_refused():
    with pytest.raises(chosen_table.ChosenFormatError, match="title"):
        chosen_table.parse('# ==== §1 Wire ====\n\n# no title here just words\nX = 1\n')
    with pytest.raises(chosen_table.ChosenFormatError, match="constants without"):
        chosen_table.parse('# ==== §1 Wire ====\n\nY = 2\n')


def test_docs_page_and_readme_block_are_current():
    assert chosen_table.stale_files(ROOT) == [], "run `mockscaling chosen --write` and commit the result"


def test_the_readme_block_is_compact_and_the_readme_short():
    block = chosen_table.render_readme_block(chosen_table.parse())
    assert len(block.splitlines()) <= 30
    assert len((ROOT / "README.md").read_text("utf-8").splitlines()) <= 200


def test_write_and_check_commands(tmp_path):
    (tmp_path / "README.md").write_text("# project\n\nText.\n", "utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["chosen", "--check", "--root", str(tmp_path)]).exit_code == 1
    written = runner.invoke(main, ["chosen", "--write", "--root", str(tmp_path)])
    assert written.exit_code == 0, written.output
    assert runner.invoke(main, ["chosen", "--check", "--root", str(tmp_path)]).exit_code == 0
    readme = (tmp_path / "README.md").read_text("utf-8")
    assert readme.startswith("# project") and chosen_table.README_BEGIN in readme
    # Writing again replaces the block instead of adding a second one.
    runner.invoke(main, ["chosen", "--write", "--root", str(tmp_path)])
    assert (tmp_path / "README.md").read_text("utf-8").count(chosen_table.README_BEGIN) == 1
    assert "| decision | what and why | in code |" in (tmp_path / "docs" / "chosen.md").read_text("utf-8")
