"""The package's layers, read from its imports: nothing imports a layer above its own, no two folders import each other."""

from __future__ import annotations

from pathlib import Path

import pytest

from .layering import LAYERS, Import, folder_cycles, imports_of, layer_of, package_imports, violations

PACKAGE = Path(__file__).resolve().parents[1] / "mockscaling"
DOCS = Path(__file__).resolve().parents[1] / "docs" / "development.md"


def test_no_module_imports_a_layer_above_its_own():
    assert violations(package_imports(PACKAGE)) == []


def test_no_two_folders_import_each_other():
    assert folder_cycles(package_imports(PACKAGE)) == []


def test_domain_imports_only_the_chosen_constants():
    wrong = [i for i in package_imports(PACKAGE)
             if layer_of(i.source) == "domain" and layer_of(i.target) not in ("domain", "chosen")]
    assert wrong == []


def test_the_top_level_holds_only_the_face_the_app_and_folders():
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "app.py"]
    for folder in PACKAGE.iterdir():
        if folder.is_dir() and (folder / "__init__.py").exists():
            assert folder.name in LAYERS, f"{folder.name}/ is not in the layer map of docs/development.md"


def test_every_layer_folder_is_on_the_map_in_the_docs():
    text = DOCS.read_text("utf-8")
    for layer in LAYERS:
        if layer not in ("app", "face"):
            assert f"`mockscaling/{layer}/`" in text, f"docs/development.md does not map {layer}/"


# ---- the checker itself can fail -------------------------------------------------------------------------
def test_a_wrong_import_in_a_temporary_module_is_reported(tmp_path):
    package = tmp_path / "mockscaling"
    (package / "domain").mkdir(parents=True)
    (package / "store").mkdir()
    for init in (package / "__init__.py", package / "domain" / "__init__.py", package / "store" / "__init__.py"):
        init.write_text('"""x"""\n')
    (package / "domain" / "models.py").write_text("from ..store import Store  # a record that knows the store\n")
    (package / "store" / "base.py").write_text("from ..domain import models\n")
    found = violations(package_imports(package))
    assert found == ["mockscaling/domain/models.py:1: mockscaling.domain.models (domain) imports mockscaling.store (store),"
                     " a layer above it"]
    assert folder_cycles(package_imports(package)) == [("domain", "store")]


@pytest.mark.parametrize(("source", "text", "is_package", "expected"), [
    ("mockscaling.store.base", "from ..worlds.seed import load_seed", False, ["mockscaling.worlds.seed"]),
    ("mockscaling.store", "from . import base", True, ["mockscaling.store.base"]),
    ("mockscaling.web.api", "from .. import chosen, errors", False, ["mockscaling.chosen", "mockscaling.errors"]),
    ("mockscaling.tools.cli", "import mockscaling.harness.testing", False, ["mockscaling.harness.testing"]),
    ("mockscaling.web.api", "import json\nfrom flask import Flask", False, []),
])
def test_imports_are_resolved_to_absolute_names(source, text, is_package, expected):
    assert [i.target for i in imports_of(source, text, is_package)] == expected


@pytest.mark.parametrize(("source", "target", "wrong"), [
    ("mockscaling.domain.errors", "mockscaling.chosen", False),        # the floor: constants
    ("mockscaling.store.base", "mockscaling.worlds.seed", True),       # the circle issue 19 broke
    ("mockscaling.harness.testing", "mockscaling.tools.cli", True),
    ("mockscaling.web.openapi", "mockscaling.__version__", False),     # the face's constant
    ("mockscaling.web.openapi", "mockscaling", True),                  # the face's lazy names
    ("mockscaling.app", "mockscaling.worlds.world", False),
    ("mockscaling.schemas.patch", "mockscaling.store", True),
])
def test_a_synthetic_import_graph_is_judged_by_the_layer_order(source, target, wrong):
    assert bool(violations([Import(source, target, "x.py:1")])) is wrong


def test_a_module_outside_every_folder_is_named():
    with pytest.raises(ValueError, match="mockscaling.loose lies outside every layer folder"):
        layer_of("mockscaling.loose")
