"""The README and docs/ pages: short, self-contained, honest about installing, and the LICENSE ships."""

import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)|<(https?://[^>]+)>")
LOCAL_URL = re.compile(r"https?://(127\.0\.0\.1|localhost)[:/]")


def test_the_readme_is_short():
    assert len((ROOT / "README.md").read_text("utf-8").splitlines()) <= 200


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
def test_no_link_leaves_the_repository(page):
    text = page.read_text("utf-8")
    for match in LINK.finditer(text):
        target = match.group(1) or match.group(2)
        if target.startswith(("http://", "https://")):
            assert LOCAL_URL.match(target), f"{page.name} links outside the repository: {target}"
            continue
        path = target.split("#", 1)[0]
        if path:
            resolved = (page.parent / path).resolve()
            assert resolved.exists(), f"{page.name}: broken link {target}"
            assert ROOT.resolve() in resolved.parents or resolved == ROOT.resolve(), f"{page.name}: {target} leaves the repository"


def test_every_docs_page_is_linked_from_the_readme():
    readme = (ROOT / "README.md").read_text("utf-8")
    for page in (ROOT / "docs").glob("*.md"):
        assert f"(docs/{page.name}" in readme, page.name


def test_the_readme_never_installs_from_a_package_index():
    readme = (ROOT / "README.md").read_text("utf-8")
    shell = "\n".join(re.findall(r"```sh\n(.*?)```", readme, re.DOTALL))
    installs = re.findall(r"pip install ([^\n&#]+)", shell)
    assert installs
    for arguments in installs:
        # Only a checkout (".", "-e .[test]") or a wheel file may be installed, never a bare name.
        assert re.match(r'(-e )?"?(\.|dist/\S+\.whl)(\[[a-z,]+\])?"?\s', arguments + " "), arguments
    assert "not published on any package index" in readme


def test_ci_runs_exactly_the_readme_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    commands = re.findall(r"```sh\n(python3 -m venv .*?)\n```", readme)
    assert len(commands) == 2, commands
    serve, run_tests = commands
    assert serve.endswith("&& mockscaling serve")
    assert run_tests.endswith("&& python -m pytest")
    assert run_tests in (ROOT / ".ci" / "run").read_text("utf-8").splitlines()


def test_the_license_ships_in_the_sdist_and_the_wheel(tmp_path):
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")
    subprocess.run([sys.executable, "-c", f"from setuptools import build_meta; build_meta.build_sdist({str(tmp_path)!r})"],
                   cwd=ROOT, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    (sdist,) = tmp_path.glob("*.tar.gz")
    (wheel,) = tmp_path.glob("*.whl")
    with tarfile.open(sdist) as archive:
        assert any(name.endswith("/LICENSE") for name in archive.getnames())
    with zipfile.ZipFile(wheel) as archive:
        assert any(name.endswith(".dist-info/licenses/LICENSE") or name.endswith(".dist-info/LICENSE")
                   for name in archive.namelist())
