"""What the last complete listing of a connection's mirrors reduced each object to.

Why: every resync lists all mirrors again (tens of thousands for a large partner), and
reducing one listed object to its identity and digests (``models.mirrors.existing_from``)
is the largest CPU cost a sync adds to the listing itself, on a node where the API server
serving that listing needs the same cores. An object whose uid and resourceVersion are the
ones of the last listing is byte for byte the object reduced then (the API server changes
the resourceVersion on every write, ours or anyone's), so its reduction is reused. Each
complete listing replaces its scope whole, so objects gone from the cluster drop out; a
failed listing leaves the previous one in place; a deleted connection's scopes are dropped.
"""

from __future__ import annotations

from typing import Any

from pax8_operator.models import mirrors as m

Scope = tuple[str, str, str]  # namespace, connection name, kind
_Entries = dict[str, tuple[str, m.Existing]]  # uid -> (resourceVersion, reduction)


class MirrorCache:
    """Reductions of listed mirrors by scope, kept between the syncs of one process."""

    def __init__(self) -> None:
        self._scopes: dict[Scope, _Entries] = {}

    def listing(self, namespace: str, connection: str, kind: str) -> Listing:
        """Start reducing one complete listing of ``kind`` for ``connection``."""
        scope = (namespace, connection, kind)
        return Listing(self, scope, self._scopes.get(scope, {}))

    def forget(self, namespace: str, connection: str) -> None:
        """Drop what is kept for a connection (deleted, or no longer served here)."""
        for scope in [s for s in self._scopes if s[:2] == (namespace, connection)]:
            del self._scopes[scope]

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._scopes.values())

    def _replace(self, scope: Scope, entries: _Entries) -> None:
        self._scopes[scope] = entries


class Listing:
    """One pass over a listing: ``reduce`` each object, then ``complete`` to keep the pass."""

    def __init__(self, cache: MirrorCache, scope: Scope, previous: _Entries) -> None:
        self._cache, self._scope, self._previous = cache, scope, previous
        self._entries: _Entries = {}
        self.reused = 0

    def reduce(self, obj: dict[str, Any]) -> m.Existing:
        """The object's reduction: the kept one when uid and resourceVersion are unchanged."""
        meta = obj.get("metadata") or {}
        uid, version = meta.get("uid"), meta.get("resourceVersion")
        kept = self._previous.get(uid) if uid else None
        if kept is not None and version and kept[0] == version:
            existing = kept[1]
            self.reused += 1
        else:
            existing = m.existing_from(self._scope[2], obj)
        if uid and version:
            self._entries[uid] = (version, existing)
        return existing

    def complete(self) -> None:
        """The listing was complete: it replaces what was kept for this scope."""
        self._cache._replace(self._scope, self._entries)
