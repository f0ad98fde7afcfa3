"""Reads mockscaling's imports with `ast` and checks them against the layer map of docs/development.md."""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Bottom to top: a module may import its own folder and the folders below it, never one above.
# `chosen` is the floor: the contract's decisions as constants (error codes and limits are named there),
# so even `domain/` may read it; nothing else lies below `domain/`.
LAYERS: tuple[str, ...] = (
    "chosen", "domain", "state", "schemas", "store", "worlds", "web", "mcp", "app", "harness", "tools", "face",
)
FOLDERS = frozenset(LAYERS) - {"app", "face"}
# The package's face (`mockscaling/__init__.py`) imports nothing eagerly (PEP 562), so reading its version
# constant from anywhere is no upward dependency.
ALLOWED_TARGETS = frozenset({"mockscaling.__version__"})


@dataclass(frozen=True)
class Import:
    """One import statement: who imports what (absolute dotted names), and where it stands."""

    source: str
    target: str
    where: str


def layer_of(module: str) -> str:
    """The layer of a dotted module name of the package.

    Example::

        layer_of("mockscaling.store.incidents")   # 'store'
        layer_of("mockscaling.app")               # 'app'
    """
    parts = module.split(".")
    if len(parts) == 1 or parts[1] in ("__main__", "__version__"):
        return "face"
    if parts[1] == "app":
        return "app"
    if parts[1] not in FOLDERS:
        raise ValueError(f"{module} lies outside every layer folder: give it a folder (docs/development.md)")
    return parts[1]


def module_name(package_root: Path, path: Path) -> str:
    """`mockscaling/store/base.py` -> `mockscaling.store.base` (a package's `__init__.py` is the package)."""
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(module: str, source_text: str, is_package: bool, where: str = "") -> Iterable[Import]:
    """Every import of the package that `source_text` makes, resolved to absolute names.

    Example::

        list(imports_of("mockscaling.store.base", "from ..domain import errors", False))
        # [Import("mockscaling.store.base", "mockscaling.domain.errors", ...)]
    """
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source_text)):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from . import x` names modules; `from .x import y` names the module x
            targets = [f"{target}.{alias.name}" for alias in node.names] if node.module is None else [target]
        elif isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            continue
        for name in targets:
            if name == "mockscaling" or name.startswith("mockscaling."):
                yield Import(module, name, f"{where}:{node.lineno}")


def package_imports(package_root: Path) -> list[Import]:
    """Every import inside the package at `package_root` (a folder named mockscaling)."""
    found: list[Import] = []
    for path in sorted(package_root.rglob("*.py")):
        found.extend(imports_of(module_name(package_root, path), path.read_text("utf-8"), path.name == "__init__.py",
                                str(path.relative_to(package_root.parent))))
    return found


def violations(imports: Iterable[Import]) -> list[str]:
    """What breaks the rules: an import of a layer above the importer's own, or of the face's lazy names.

    Example::

        violations([Import("mockscaling.domain.models", "mockscaling.store", "x.py:1")])
        # ['x.py:1: mockscaling.domain.models (domain) imports mockscaling.store (store), a layer above it']
    """
    found = []
    for item in imports:
        if item.target in ALLOWED_TARGETS:
            continue
        source, target = layer_of(item.source), layer_of(item.target)
        if LAYERS.index(target) > LAYERS.index(source):
            found.append(f"{item.where}: {item.source} ({source}) imports {item.target} ({target}), a layer above it")
        elif target == "face" and source != "face":
            found.append(f"{item.where}: {item.source} imports the package face {item.target}: import the module itself")
    return found


def folder_cycles(imports: Iterable[Import]) -> list[tuple[str, str]]:
    """Pairs of distinct layers that import each other (each pair once, sorted)."""
    edges = {(layer_of(i.source), layer_of(i.target)) for i in imports if i.target not in ALLOWED_TARGETS}
    return sorted({tuple(sorted((a, b))) for a, b in edges if a != b and (b, a) in edges})  # type: ignore[misc]
