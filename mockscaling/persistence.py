"""State files for local use: load the store from a JSON file at start, save it atomically after every change."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .store import StateError, Store
from .unicode_text import has_lone_surrogate


class StateFileError(Exception):
    """A state file that cannot be read or loaded (the message is one readable line)."""


class StateFile:
    """The JSON file behind `mockscaling serve --state-file PATH`.

    Every save writes the whole dump to a sibling temporary file, flushes and fsyncs it, renames it over
    the target (atomic on POSIX) and fsyncs the directory, so a kill at any moment leaves either the old
    or the new complete file. Saves run inside the store's lock, before the response is sent: a request
    that got its answer is on disk.

    Example::

        state = StateFile("dev-state.json")
        state.attach(store)      # loads the file if it exists, then saves after every change
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).absolute()
        self.temp_path = self.path.with_name(f".{self.path.name}.tmp")
        self.writes = 0

    def read(self) -> dict[str, Any] | None:
        """The parsed document, or None when the file does not exist; StateFileError when unreadable."""
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            raise StateFileError(f"cannot read state file {self.path}: {exc}") from exc
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            raise StateFileError(
                f"state file {self.path} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}; "
                "fix or delete it"
            ) from exc
        if has_lone_surrogate(document):  # it would load, then fail every save (UTF-8)
            raise StateFileError(f"state file {self.path} holds a lone UTF-16 surrogate in a string; fix or delete it")
        return document

    def load_into(self, store: Store) -> bool:
        """Replace the store's state with the file's; False when there is no file yet."""
        document = self.read()
        if document is None:
            return False
        try:
            store.load_state(document)
        except StateError as exc:
            raise StateFileError(f"state file {self.path} does not fit this mockscaling: {exc}; fix or delete it") from exc
        return True

    def save(self, store: Store) -> None:
        """Write the store's dump atomically (temp file, fsync, rename, fsync of the directory)."""
        payload = json.dumps(store.dump_state(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        with open(self.temp_path, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(self.temp_path, self.path)
        directory = os.open(self.path.parent, os.O_RDONLY)
        try:
            os.fsync(directory)  # makes the rename itself durable
        finally:
            os.close(directory)
        self.writes += 1

    def attach(self, store: Store) -> bool:
        """Load the file into `store` (if it exists), write it once, then save after every change.

        Returns True when an existing file was loaded.
        """
        loaded = self.load_into(store)
        try:
            self.save(store)  # fail now, not at the first request, when the directory is not writable
        except OSError as exc:
            raise StateFileError(f"cannot write state file {self.path}: {exc.strerror or exc}") from exc
        store.on_change(lambda: self.save(store))
        return loaded
