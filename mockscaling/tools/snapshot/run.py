"""One snapshot from start to end: read, convert, (anonymize), check that the seed loads, write it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from ... import chosen
from ...domain.clock import utc_now
from ...domain.timefmt import format_time
from ...state.codec import gc_paused
from ...worlds.seed_schema import SeedInvalid, validate_seed
from .capture import Capture, Progress, capture
from .checks import BodyCheck
from .convert import Converted, to_seed
from .reader import Reader, SnapshotError, checked_base_url
from .writer import encode, write_atomically


@dataclass
class Options:
    """What `mockscaling snapshot` was asked for (the defaults are the command's)."""

    source: str
    api_key: str
    output: str = "seed.json"
    incidents: int | None = chosen.SNAPSHOT_INCIDENTS
    since: date | None = None
    anonymize: bool = False
    max_bytes: int = chosen.SNAPSHOT_MAX_BYTES
    workers: int = chosen.SNAPSHOT_WORKERS
    check_bodies: bool = True
    status_pages: tuple[str, ...] = ()


@dataclass
class Result:
    """A written snapshot: the converted seed (keys, not-captured list), what was read, and the file size."""

    converted: Converted
    found: Capture
    size: int
    requests: int


def take_snapshot(options: Options, progress: Progress | None = None, reader: Reader | None = None) -> Result:
    """Read `options.source` with the key and write the seed to `options.output`; SnapshotError on any failure,
    in which case nothing is written.

    Example::

        result = take_snapshot(Options("http://127.0.0.1:5050", "scl_live_" + "a" * 32, output="acme.json"))
        result.converted.keys["org:admin"]   # ('user_ada', 'scl_live_…'): a fresh key for the seed
    """
    base = checked_base_url(options.source)
    if reader is None:
        reader = Reader(base, options.api_key, check=BodyCheck() if options.check_bodies else None, workers=options.workers)
    taken_at = format_time(utc_now())
    with gc_paused():  # hundreds of thousands of small dicts, no cycles: full collections would walk them again
        return _read_and_write(options, reader, base, taken_at, progress)


def _read_and_write(options: Options, reader: Reader, base: str, taken_at: str, progress: Progress | None) -> Result:
    found = capture(reader, incidents=options.incidents, since=options.since, workers=options.workers, progress=progress,
                    status_pages=options.status_pages)
    if not found.users and not found.members:
        raise SnapshotError(f"{base} answered no users: is the key one of the organization's?")
    try:
        converted = to_seed(found, base, taken_at)
    except (KeyError, TypeError, IndexError) as exc:  # only when the body checks are off: they catch it first
        raise SnapshotError(f"an answer of {base} lacks a field of the contract ({exc!r})") from None
    if options.anonymize:
        from .anonymize import anonymize

        try:
            anonymize(converted.document)
        except ValueError as exc:  # e.g. more one-letter names in one place than there are letters
            raise SnapshotError(f"cannot anonymize: {exc}") from None
        converted.document["description"] = f"Anonymized snapshot taken at {taken_at} by mockscaling snapshot"
    try:
        validate_seed(converted.document, options.output)
    except SeedInvalid as exc:
        raise SnapshotError(f"the snapshot does not form a valid seed: {exc}") from None
    data = encode(converted.document, options.max_bytes)
    if len(options.api_key) >= 16 and options.api_key.encode() in data:  # a key pasted into some text stays out
        raise SnapshotError("the API key appears in the data read (in some free text?); refusing to write it to a file")
    write_atomically(options.output, data)
    return Result(converted=converted, found=found, size=len(data), requests=reader.requests_sent)


@contextmanager
def terminal_progress(enabled: bool | None = None) -> Iterator[Progress | None]:
    """A progress display on stderr (records read per resource) when stderr is a terminal, else None.

    Example::

        with terminal_progress() as progress:
            take_snapshot(options, progress)
    """
    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress as Bar, SpinnerColumn, TextColumn

    tasks: dict[str, Any] = {}
    with Bar(SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed:>8,} read"),
             console=Console(stderr=True), transient=False) as bar:
        def report(resource: str, count: int) -> None:
            if resource not in tasks:
                tasks[resource] = bar.add_task(resource, total=None)
            bar.update(tasks[resource], completed=count)

        yield report


def summary_lines(result: Result, output: str) -> list[str]:
    """What the command prints at the end: counts, the fresh keys, and what was not captured."""
    document = result.converted.document["organizations"][0]
    counted = ", ".join(f"{len(document[key])} {label}" for key, label in (
        ("members", "members"), ("components", "components"), ("schedules", "schedules"),
        ("escalationPolicies", "escalation policies"), ("workingHours", "working hours"),
        ("routingPolicies", "routing policies"), ("inboundIntegrations", "inbound integrations"),
        ("statusPages", "status pages"), ("incidents", "incidents")))
    lines = [f"Wrote {output} ({result.size:,} bytes, {result.requests:,} GET requests): {counted}."]
    lines.append(f"Serve it: mockscaling serve --seed {output}")
    lines.append("Not captured (the API does not show it; nothing was invented in its place):")
    lines.extend(f"  - {note}" for note in result.converted.not_captured)
    lines.append("Fresh API keys of the seed (keys of the local fake only, one per role):")
    for role, (user_id, key) in sorted(result.converted.keys.items()):
        lines.append(f"  API key {key}  {user_id} ({role})")
    return lines

