"""State files for local use: a SQLite database that each request's changes are committed to, one transaction each."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from .. import chosen
from ..store import StateError, Store
from ..store.base import COLLECTIONS, STATE_VERSION
from ..domain.unicode_text import has_lone_surrogate

SQLITE_MAGIC = b"SQLite format 3\x00"
FORMAT_NAME = "mockscaling-state"
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS records (
    collection TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (collection, key)
);
CREATE TABLE IF NOT EXISTS pages (position INTEGER PRIMARY KEY, body TEXT NOT NULL);
"""
UPSERT = "INSERT INTO records (collection, key, body) VALUES (?, ?, ?) ON CONFLICT (collection, key) DO UPDATE SET body = excluded.body"
# The dump's collection names by store attribute: the file stores records under the dump's names.
DUMP_NAMES = {attr: name for name, (attr, _, _) in COLLECTIONS.items()}


class StateFileError(Exception):
    """A state file that cannot be opened, read or loaded (the message is one readable line)."""


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def read_json_document(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A JSON state document (from `GET /_mock/state` or an older mockscaling's state file); StateFileError if unreadable.

    Example::

        store.load_state(read_json_document("old-state.json"))
    """
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise StateFileError(f"cannot read state document {path}: {exc}") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateFileError(f"{path} is not valid JSON (line {exc.lineno}, column {exc.colno}): {exc.msg}") from exc
    if has_lone_surrogate(document):  # it would load, then fail every save (UTF-8)
        raise StateFileError(f"{path} holds a lone UTF-16 surrogate in a string; fix it first")
    return document


class StateFile:
    """The SQLite database behind `mockscaling serve --state-file PATH`.

    Each request that changes something commits the records it changed (and the pages it sent) in one
    transaction before its answer is sent, so its cost is the change, not the store. The database runs
    in WAL mode and holds an exclusive lock while the server runs: a second server on the same file is
    refused. See chosen.STATE_FILE_SYNCHRONOUS for what a commit survives.

    Example::

        state = StateFile("dev.sqlite")
        state.attach(store)      # loads the file if it holds a state, then saves every change
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).absolute()
        self.connection: sqlite3.Connection | None = None
        self.commits = 0

    # ---- opening ---------------------------------------------------------------------------------
    def _check_kind(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                head = handle.read(len(SQLITE_MAGIC))
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StateFileError(f"cannot read state file {self.path}: {exc.strerror or exc}") from exc
        if head and head != SQLITE_MAGIC:
            hint = (
                f"it looks like a JSON state file of an older mockscaling: import it with "
                f"`mockscaling serve --state-file NEW.sqlite --import-state {self.path.name}`"
                if head.lstrip()[:1] in (b"{", b"[") else "fix or delete it"
            )
            raise StateFileError(f"state file {self.path} is not a mockscaling SQLite state file; {hint}")

    def open(self) -> sqlite3.Connection:
        """Open (creating if needed) and lock the database; StateFileError when it is in use or unusable."""
        if self.connection is not None:
            return self.connection
        self._check_kind()
        try:
            # check_same_thread off: every use happens under the store lock, from waitress's worker threads.
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=0)
        except sqlite3.Error as exc:
            raise StateFileError(f"cannot open state file {self.path}: {exc}") from exc
        try:
            connection.execute("PRAGMA locking_mode = EXCLUSIVE")  # held until close: one server per file
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute(f"PRAGMA synchronous = {chosen.STATE_FILE_SYNCHRONOUS}")
            connection.execute("BEGIN IMMEDIATE")  # takes the lock now, not at the first request
            connection.executescript(SCHEMA)  # commits
        except sqlite3.OperationalError as exc:
            connection.close()
            if "locked" in str(exc) or "busy" in str(exc):
                raise StateFileError(f"state file {self.path} is in use by another mockscaling server; stop it or pick another file") from exc
            raise StateFileError(f"cannot use state file {self.path}: {exc}") from exc
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise StateFileError(f"state file {self.path} is not a usable SQLite database: {exc}; fix or delete it") from exc
        self.connection = connection
        return connection

    def close(self) -> None:
        """Release the file (and its lock)."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    # ---- reading ---------------------------------------------------------------------------------
    def read(self) -> dict[str, Any] | None:
        """The stored state as a `dump_state` document, or None when the file holds none yet."""
        connection = self.open()
        try:
            meta = dict(connection.execute("SELECT name, value FROM meta"))
            if not meta:
                return None
            if meta.get("format") != FORMAT_NAME:
                raise StateFileError(f"state file {self.path} is a SQLite database but not a mockscaling state file")
            document: dict[str, Any] = {"version": int(meta.get("version", "0"))}
            for name in COLLECTIONS:
                document[name] = []
            for collection, body in connection.execute("SELECT collection, body FROM records ORDER BY rowid"):
                document.setdefault(collection, []).append(json.loads(body))
            document["pages"] = [json.loads(body) for (body,) in connection.execute("SELECT body FROM pages ORDER BY position")]
        except (sqlite3.Error, ValueError) as exc:
            raise StateFileError(f"cannot read state file {self.path}: {exc}; fix or delete it") from exc
        return document

    def load_into(self, store: Store) -> bool:
        """Replace the store's state with the file's; False when the file holds no state yet."""
        document = self.read()
        if document is None:
            return False
        try:
            store.load_state(document)
        except StateError as exc:
            raise StateFileError(f"state file {self.path} does not fit this mockscaling: {exc}; fix or delete it") from exc
        return True

    # ---- writing (the store's sink) --------------------------------------------------------------
    def _transaction(self, write: Any) -> None:
        connection = self.open()
        connection.execute("BEGIN IMMEDIATE")
        try:
            write(connection)
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        self.commits += 1

    def save_changes(self, changed: list[tuple[str, str, Any]], pages_from: int, pages: list[Any]) -> None:
        """Commit one request's changes: upsert or delete each changed record, append the new pages."""

        def write(connection: sqlite3.Connection) -> None:
            connection.executemany(UPSERT, [(DUMP_NAMES[table], key, _dumps(new)) for table, key, new in changed if new is not None])
            connection.executemany(
                "DELETE FROM records WHERE collection = ? AND key = ?",
                [(DUMP_NAMES[table], key) for table, key, new in changed if new is None],
            )
            connection.executemany(
                "INSERT INTO pages (position, body) VALUES (?, ?)",
                [(pages_from + offset, _dumps(page)) for offset, page in enumerate(pages)],
            )

        self._transaction(write)

    def replace_all(self, document: dict[str, Any]) -> None:
        """Replace the whole stored state with a `dump_state` document (start, reset, load)."""

        def write(connection: sqlite3.Connection) -> None:
            connection.execute("DELETE FROM records")
            connection.execute("DELETE FROM pages")
            connection.executemany(
                "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                [("format", FORMAT_NAME), ("version", str(STATE_VERSION))],
            )
            for name, (_, _, key) in COLLECTIONS.items():
                connection.executemany(UPSERT, [(name, item[key], _dumps(item)) for item in document.get(name, [])])
            connection.executemany(
                "INSERT INTO pages (position, body) VALUES (?, ?)", [(n, _dumps(page)) for n, page in enumerate(document.get("pages", []))]
            )

        self._transaction(write)

    def attach(self, store: Store, import_document: dict[str, Any] | None = None) -> bool:
        """Open and lock the file, load it into `store` (or write the store's state into a new file), then
        save every later change. With `import_document` (a JSON state document) the file's content is
        replaced by it first. Returns True when an existing state was loaded.
        """
        self.open()
        loaded = False
        try:
            if import_document is not None:
                store.load_state(import_document, fill_missing=True)  # the one migration path
            else:
                loaded = self.load_into(store)
            if not loaded:
                self.replace_all(store.dump_state())
        except StateError as exc:
            self.close()
            raise StateFileError(f"cannot import the state document: {exc}") from exc
        except sqlite3.Error as exc:
            self.close()
            raise StateFileError(f"cannot write state file {self.path}: {exc}") from exc
        except StateFileError:
            self.close()
            raise
        store.persist_to(self)
        return loaded
