"""The message of a 404 for a path no route has: the fix when there is an obvious one (a near miss, /v1, /docs)."""

from __future__ import annotations

import difflib
from functools import lru_cache

from flask import Flask
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from .. import chosen


def not_found_hint(app: Flask, path: str, method: str) -> str | None:
    """The message for a 404 on `path`, or None for the plain one.

    Example::

        not_found_hint(app, "/v1/incident", "GET")
        # 'No route for /v1/incident: did you mean /v1/incidents? ...'
    """
    if path in chosen.DOCS_HINT_PATHS:
        return f"No route for {path}: {chosen.DOCS_HINT}"
    if path.rstrip("/") == "/v1":
        return f"No route for {path}: the resources are " + ", ".join(_collections(app)) + "."
    if not any(path == prefix or path.startswith(prefix + "/") for prefix in chosen.ROUTE_PREFIXES):
        if _matches(app, "/v1" + path, method):
            return f"No route for {path}: did you mean /v1{path}? Scaling's API lives under /v1."
        return None
    near = _near_miss(app, path)
    if near is not None and _matches(app, near, method):
        return f"No route for {path}: did you mean {near}?"
    return None


def _matches(app: Flask, path: str, method: str) -> bool:
    adapter = app.url_map.bind("localhost")
    try:
        adapter.match(path, method=method)
    except MethodNotAllowed:
        return True  # the path exists, with other methods: the hint still helps
    except HTTPException:
        return False
    return True


def _templates(app: Flask) -> tuple[tuple[str, ...], ...]:
    """Every route as its path segments, a variable segment as "<>"."""
    return _cached_templates(app.url_map)


@lru_cache(maxsize=8)
def _cached_templates(url_map: object) -> tuple[tuple[str, ...], ...]:
    rules = {rule.rule for rule in url_map.iter_rules()}  # type: ignore[attr-defined]
    return tuple(sorted({tuple("<>" if "<" in part else part for part in rule.strip("/").split("/")) for rule in rules}))


def _collections(app: Flask) -> list[str]:
    """The /v1 paths without a variable that answer GET: the top-level resources."""
    found = []
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/v1/") and "<" not in rule.rule and "GET" in (rule.methods or ()):
            found.append(rule.rule)
    return sorted(set(found))


def _near_miss(app: Flask, path: str) -> str | None:
    """The route that `path` nearly spells (every fixed segment equal or a close match, at least one close):
    that route's path with the request's own values in its variable segments."""
    parts = path.strip("/").split("/")
    best: tuple[float, str] | None = None
    for template in _templates(app):
        if len(template) != len(parts):
            continue
        score, fixed = 0.0, []
        for want, have in zip(template, parts):
            if want == "<>" or want == have:
                fixed.append(have)
                continue
            if 2 * min(len(want), len(have)) < chosen.NEAR_MISS_RATIO * (len(want) + len(have)):
                break  # too different in length to be a near miss (and a huge segment costs nothing)
            ratio = difflib.SequenceMatcher(None, want, have.lower()).ratio()
            if ratio < chosen.NEAR_MISS_RATIO:
                break
            score += 1 - ratio
            fixed.append(want)
        else:
            if score and (best is None or score < best[0]):
                best = (score, "/" + "/".join(fixed))
    return best[1] if best else None
