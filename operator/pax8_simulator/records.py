"""Objects that keep their JSON bytes: the reason 200-item pages cost little CPU.

Each record serialises its dict once; a change calls `touch()` and the next read
re-serialises. Pages are built by joining cached bytes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False).encode


def dumps(value: Any) -> bytes:
    """Compact JSON bytes."""
    return _dumps(value).encode()


class Record:
    """A JSON object with its serialised form cached until the next change."""

    __slots__ = ("_raw", "data")

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self._raw: bytes | None = None

    @property
    def id(self) -> str:
        """The object's id."""
        return str(self.data["id"])

    def raw(self) -> bytes:
        """Serialised JSON, cached."""
        raw = self._raw
        if raw is None:
            raw = self._raw = dumps(self.data)
        return raw

    def touch(self) -> None:
        """Forget the cached bytes after `data` changed."""
        self._raw = None


def page_body(items: Iterable[Record], size: int, total: int, number: int) -> bytes:
    """The paged envelope built from cached item bytes."""
    pages = (total + size - 1) // size if total else 0
    return b"".join(
        (
            b'{"content":[',
            b",".join([item.raw() for item in items]),
            b'],"page":{"size":%d,"totalElements":%d,"totalPages":%d,"number":%d}}'
            % (size, total, pages, number),
        )
    )


def content_body(items: Iterable[Record]) -> bytes:
    """`{content:[...]}` with no page, for pricing, provision details and history."""
    return b'{"content":[' + b",".join([item.raw() for item in items]) + b"]}"
