"""`mockscaling chosen --audit`: every x-scaling-source tag of the OpenAPI document and whether its evidence checks out.

A tag is *untagged* when an operation, parameter, schema property, error code, header or security scheme
has no `x-scaling-source`; *unverifiable* when its `x-scaling-evidence` is missing, names another source,
or cannot be found: a docs quote that is not among the sentences recorded for its page in
fixtures/docs/quotes.json (or does not name the field or code it vouches for), a client name that is not in
fixtures/client/names.json (or names another JSON field), a chosen name that is no constant or entry title
of mockscaling/chosen/.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..chosen.provenance import EVIDENCE_EXTENSION, EXTENSION, SOURCES

QUOTES = Path("fixtures") / "docs" / "quotes.json"
NAMES = Path("fixtures") / "client" / "names.json"


@dataclass
class Tagged:
    """One taggable object of the document: where it is, the name its evidence must mention, and the object."""

    where: str
    name: str | None
    body: dict[str, Any]


@dataclass
class Audit:
    """What `audit()` found: tags per source, and the places that are untagged or unverifiable (with why)."""

    counts: Counter = field(default_factory=Counter)
    untagged: list[str] = field(default_factory=list)
    unverifiable: list[str] = field(default_factory=list)

    def report(self) -> str:
        """Counts per source, then the two totals, then every problem on its own line."""
        lines = [f"{source}: {self.counts[source]}" for source in SOURCES]
        lines += [f"untagged: {len(self.untagged)}", f"unverifiable: {len(self.unverifiable)}"]
        lines += [f"  untagged {item}" for item in self.untagged]
        lines += [f"  unverifiable {item}" for item in self.unverifiable]
        return "\n".join(lines)


def tagged_objects(document: dict[str, Any]) -> Iterator[Tagged]:
    """Every object of `document` that must carry a tag."""
    for path, operations in document.get("paths", {}).items():
        for method, operation in operations.items():
            where = f"{method.upper()} {path}"
            yield Tagged(where, None, operation)
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                yield Tagged(f"{where} {parameter['in']} parameter {name}", name if parameter["in"] == "query" else None, parameter)
            for status, response in operation.get("responses", {}).items():
                for item in response.get("x-scaling-errors", []):
                    yield Tagged(f"{where} {status} error {item['code']}", item["code"], item)
    components = document.get("components", {})
    for name, schema in components.get("schemas", {}).items():
        for prop, body in schema.get("properties", {}).items():
            yield Tagged(f"schema {name}.{prop}", prop, body)
    for kind in ("headers", "securitySchemes"):
        for name, body in components.get(kind, {}).items():
            yield Tagged(f"{kind} {name}", None, body)


def chosen_names() -> set[str]:
    """Every constant and every entry title of mockscaling/chosen/ (what a chosen tag may name)."""
    from .. import chosen
    from ..chosen import table

    return {name for name in dir(chosen) if name.isupper()} | {entry.title for entry in table.parse()}


def load_evidence_files(root: Path) -> tuple[dict[str, list[str]], list[dict[str, str]]]:
    """fixtures/docs/quotes.json (URL -> sentences) and fixtures/client/names.json (rows of names) under `root`."""
    quotes = json.loads((root / QUOTES).read_text("utf-8"))
    names = json.loads((root / NAMES).read_text("utf-8"))
    return {url: entry["quotes"] for url, entry in quotes["pages"].items()}, names["names"]


def names_it(quote: str, name: str) -> bool:
    """True when `quote` names `name`, also as the tail of a longer camelCase name ("id" in "{layerId}")."""
    return name in quote or (name[:1].upper() + name[1:]) in quote


def problem(item: Tagged, quotes: dict[str, list[str]], names: list[dict[str, str]], decided: set[str]) -> str | None:
    """Why `item`'s evidence does not check out, or None when it does."""
    source, evidence = item.body.get(EXTENSION), item.body.get(EVIDENCE_EXTENSION)
    if not evidence:
        return "no x-scaling-evidence"
    kind = "docs" if "url" in evidence else "client" if "file" in evidence else "chosen"
    if kind != source:
        return f"tagged {source} but its evidence is {kind}: {evidence}"
    if source == "docs":
        if evidence.get("quote") not in quotes.get(evidence.get("url", ""), []):
            return f"quote not recorded for {evidence.get('url')}: {evidence.get('quote')!r}"
        if item.name and not names_it(evidence["quote"], item.name):
            return f"the quote does not name {item.name!r}: {evidence['quote']!r}"
        return None
    if source == "client":
        row = {key: evidence.get(key) for key in ("file", "type", "member", "json") if evidence.get(key)}
        if not any(all(entry.get(key) == value for key, value in row.items()) for entry in names):
            return f"client name not recorded: {row}"
        if item.name and item.where.startswith("schema") and evidence.get("json") != item.name:
            return f"the client field is {evidence.get('json')!r}, not {item.name!r}"
        return None
    if evidence.get("chosen") not in decided:
        return f"no constant or entry {evidence.get('chosen')!r} in mockscaling/chosen/"
    return None


def audit(document: dict[str, Any], root: Path | str = ".") -> Audit:
    """Check every tag of `document` against the evidence files under `root` (a project checkout).

    Example::

        result = audit(build_spec(create_app()), ".")
        assert not result.untagged and not result.unverifiable, result.report()
    """
    quotes, names = load_evidence_files(Path(root))
    decided = chosen_names()
    result = Audit()
    for item in tagged_objects(document):
        source = item.body.get(EXTENSION)
        if source not in SOURCES:
            result.untagged.append(item.where)
            continue
        result.counts[source] += 1
        why = problem(item, quotes, names, decided)
        if why is not None:
            result.unverifiable.append(f"{item.where}: {why}")
    return result
