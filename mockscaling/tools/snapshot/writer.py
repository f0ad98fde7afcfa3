"""Writing the seed file: all or nothing (a temporary file beside the target, renamed over it), within a size limit."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

import orjson

from .reader import SnapshotError


def encode(document: dict[str, Any], max_bytes: int) -> bytes:
    """The document as indented JSON; SnapshotError when it is larger than `max_bytes`.

    Example::

        encode({"version": 2, "organizations": []}, 1024)
    """
    data = orjson.dumps(document, option=orjson.OPT_INDENT_2) + b"\n"
    if len(data) > max_bytes:
        raise SnapshotError(f"the snapshot is {len(data):,} bytes, over the limit of {max_bytes:,}; "
                            "raise it with --max-bytes or read fewer incidents (--incidents, --since)")
    return data


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` so that a reader sees the old file or the whole new one, never a part.

    Example::

        write_atomically("seed.json", b"{}")
    """
    target = Path(path)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise SnapshotError(f"cannot write {target}: the folder {directory} does not exist")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise SnapshotError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as exc:  # an interrupt included: the half-written file goes
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise SnapshotError(f"cannot write {target}: {exc.strerror}") from None
        raise
