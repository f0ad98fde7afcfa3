"""Tables that also file each record under one value of its own, across organizations (tokens by client,
status pages by slug, members by e-mail)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .tables import ChangeLog, RecordTable


class GroupedTable(RecordTable):
    """A RecordTable that also files each record under one value of its own (`group_of`), across
    organizations, so a lookup by that value reads its group instead of walking the table.

    Example::

        for key in tokens.keys_in_group("mcp_client_1"):   # a TokenTable: that client's tokens
            del tokens[key]
    """

    __slots__ = ("_groups",)

    def __init__(self, name: str, changes: ChangeLog, records: Iterable[tuple[Any, Any]] = ()) -> None:
        self._groups: dict[Any, dict[Any, None]] = {}  # group value -> its records' keys, in insertion order
        super().__init__(name, changes, records)

    @staticmethod
    def group_of(record: Any) -> Any:
        """The value a record is filed under (None: not filed); subclasses say what it is."""
        raise NotImplementedError

    def _clone_indexes(self, twin: Any) -> None:
        super()._clone_indexes(twin)
        twin._groups = {value: dict(keys) for value, keys in self._groups.items()}

    def _group(self, key: Any, value: Any) -> None:
        if value is not None:
            self._groups.setdefault(value, {})[key] = None

    def _ungroup(self, key: Any, value: Any) -> None:
        keys = self._groups.get(value)
        if keys is not None:
            keys.pop(key, None)
            if not keys:
                del self._groups[value]

    def _index(self, key: Any, record: Any) -> None:
        super()._index(key, record)
        self._group(key, self.group_of(record))

    def _unindex(self, key: Any, record: Any) -> None:
        super()._unindex(key, record)
        self._ungroup(key, self.group_of(record))

    def _reindex(self, key: Any, old: Any, record: Any) -> None:
        before, after = self.group_of(old), self.group_of(record)
        if before != after:  # moved between groups; its place among its organization's records is kept below
            self._ungroup(key, before)
            self._group(key, after)
        super()._reindex(key, old, record)

    def _ordered_indexes(self, record: Any) -> list[Any]:
        return [*super()._ordered_indexes(record), ("group", self.group_of(record))]

    def _ordered_dict(self, index: Any) -> dict[Any, Any] | None:
        if index is not None and index[0] == "group":
            return self._groups.get(index[1])
        return super()._ordered_dict(index)

    def keys_in_group(self, value: Any) -> list[Any]:
        """The keys of the records filed under `value`, oldest first (a copy: safe to delete them while
        walking it). Untracked: fetch a record with `table[key]` before changing it."""
        return list(self._groups.get(value, ()))


class TokenTable(GroupedTable):
    """MCP tokens, also filed under their OAuth client: revoking a connection drops its own tokens without
    walking every token (a client re-issued for another organization keeps its older tokens there, so the
    per-organization index alone would miss them)."""

    __slots__ = ()

    @staticmethod
    def group_of(record: Any) -> Any:
        return record.client_id


class SlugTable(GroupedTable):
    """Status pages, also filed under their slug (unique across organizations): a public page view finds its
    page without walking every organization's pages."""

    __slots__ = ()

    @staticmethod
    def group_of(record: Any) -> Any:
        return record.slug


class MemberTable(GroupedTable):
    """Members, also filed under their e-mail in lower case (MCP sign-in by e-mail looks one up)."""

    __slots__ = ()

    @staticmethod
    def group_of(record: Any) -> Any:
        return record.email.lower() if record.email else None
