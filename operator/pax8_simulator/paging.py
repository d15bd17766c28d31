"""Query parameter parsing shared by every list endpoint: page, size, sort, filters.

Pax8 leaves `size>200` and unknown sorts undocumented; the simulator answers 400 with the
documented error body so a client notices its own mistake at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pax8_simulator import errors, records

MAX_SIZE = 200
DEFAULT_SIZE = 10


def _number(params: Mapping[str, str], name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise errors.bad_request(f"Parameter '{name}' must be a number") from None
    if value != value or not value.is_integer():
        raise errors.bad_request(f"Parameter '{name}' must be a whole number")
    return int(value)


def page_and_size(params: Mapping[str, str]) -> tuple[int, int]:
    """`page` (0-based) and `size` (1..200), else 400."""
    page = _number(params, "page", 0)
    size = _number(params, "size", DEFAULT_SIZE)
    if page < 0:
        raise errors.bad_request("Parameter 'page' must not be negative")
    if size < 1 or size > MAX_SIZE:
        raise errors.bad_request(f"Parameter 'size' must be between 1 and {MAX_SIZE}")
    return page, size


def sort_key(params: Mapping[str, str], fields: Sequence[str]) -> tuple[str, bool] | None:
    """`sort=field[,asc|desc]` restricted to `fields`, as (field, descending)."""
    raw = params.get("sort")
    if not raw:
        return None
    field, _, direction = raw.partition(",")
    direction = direction.lower() or "asc"
    if field not in fields or direction not in ("asc", "desc"):
        raise errors.bad_request(f"Unknown sort '{raw}'; sortable fields: {', '.join(fields)}")
    return field, direction == "desc"


def sorted_by(items: list[records.Record], sort: tuple[str, bool] | None) -> list[records.Record]:
    """Stable sort on one top-level field; missing values sort first."""
    if sort is None:
        return items
    field, descending = sort

    def key(item: records.Record) -> tuple[bool, Any]:
        value = item.data.get(field)
        if field == "address":
            value = None
        return (value is not None, value if value is not None else 0)

    return sorted(items, key=key, reverse=descending)


def page_of(items: Sequence[records.Record], page: int, size: int) -> bytes:
    """The paged envelope for one page of an already filtered list."""
    start = page * size
    return records.page_body(items[start : start + size], size, len(items), page)


def boolean(params: Mapping[str, str], name: str) -> bool | None:
    """An optional `true`/`false` query parameter, else 400."""
    raw = params.get(name)
    if raw is None:
        return None
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise errors.bad_request(f"Parameter '{name}' must be true or false")


def choice(params: Mapping[str, str], name: str, allowed: Sequence[str]) -> str | None:
    """An optional enum query parameter, else 400."""
    raw = params.get(name)
    if raw is None:
        return None
    if raw not in allowed:
        raise errors.bad_request(f"Parameter '{name}' must be one of {', '.join(allowed)}")
    return raw


def date(params: Mapping[str, str], name: str) -> str | None:
    """An optional `yyyy-MM-dd` query parameter, else 400."""
    raw = params.get(name)
    if raw is None:
        return None
    try:
        return datetime.date.fromisoformat(raw).isoformat()
    except ValueError:
        raise errors.bad_request(f"Parameter '{name}' must be a date (yyyy-MM-dd)") from None


def matcher(
    filters: Sequence[tuple[str, Any]], get: Callable[[records.Record, str], Any]
) -> Callable[[records.Record], bool]:
    """A predicate that checks every (field, wanted) pair whose wanted value is not None."""
    active = [(field, wanted) for field, wanted in filters if wanted is not None]

    def matches(item: records.Record) -> bool:
        return all(get(item, field) == wanted for field, wanted in active)

    return matches
