"""Carrying out a sync plan against the Kubernetes API, many requests at a time.

Why separate from planning: the plan is pure; here are the I/O rules. Writes run
concurrently (the client bounds how many are in flight), a create is followed by its status
patch (the API server ignores status on create), a create that finds the name taken by
an object this connection does not list (another connection's mirror of the same company)
uses a second name, and
a write that fails is reported without stopping the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from pax8_operator.models import mirrors as m
from pax8_operator.reconcile import sync_plan

log = logging.getLogger(__name__)


class Store(Protocol):
    """The Kubernetes operations a sync needs (``kube.mirrors.MirrorClient``)."""

    def list(self, kind: str, namespace: str, selector: str) -> AsyncIterator[dict[str, Any]]: ...

    async def create(self, kind: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]: ...

    async def patch(
        self, kind: str, namespace: str, name: str, patch: dict[str, Any], *, status: bool = False
    ) -> None: ...

    async def delete(self, kind: str, namespace: str, name: str) -> None: ...


@dataclass
class Outcome:
    """What happened to a plan's writes; ``uids`` maps Pax8 id -> uid of created objects."""

    uids: dict[str, tuple[str, str]] = field(default_factory=dict)  # pax8 id -> (name, uid)
    failed: list[str] = field(default_factory=list)


def _status_code(exc: BaseException) -> int:
    return int(getattr(exc, "status", 0) or 0)


async def _one(store: Store, namespace: str, write: sync_plan.Write, out: Outcome) -> None:
    kind, name = write.kind, write.name
    if write.verb == "create":
        body, then_status = write.bodies()
        assert body is not None
        try:
            got = await store.create(kind, namespace, body)
        except Exception as exc:
            # The name is taken by an object this connection's listing did not show (another
            # connection's mirror, or a person's object): ours goes under a second name.
            if _status_code(exc) != 409 or not write.pax8_id:
                raise
            name = sync_plan.alt_name(name, write.pax8_id)
            body = {**body, "metadata": {**body["metadata"], "name": name}}
            got = await store.create(kind, namespace, body)
        if then_status is not None:
            await store.patch(kind, namespace, name, then_status, status=True)
        uid = str((got.get("metadata") or {}).get("uid", ""))
        if write.pax8_id and uid and kind == m.ACCOUNT_KIND:  # subscriptions' owners
            out.uids[write.pax8_id] = (name, uid)
    elif write.verb == "patch":
        assert write.body is not None
        await store.patch(kind, namespace, name, write.body)
    elif write.verb == "status":
        assert write.body is not None
        await store.patch(kind, namespace, name, write.body, status=True)
    else:
        try:
            await store.delete(kind, namespace, name)
        except Exception as exc:
            if _status_code(exc) != 404:
                raise


async def execute(
    store: Store, namespace: str, writes: Iterable[sync_plan.Write], *, concurrency: int
) -> Outcome:
    """Run every write; a metadata patch of an object goes before its status patch."""
    out = Outcome()
    queue: asyncio.Queue[list[sync_plan.Write]] = asyncio.Queue()
    grouped: dict[str, list[sync_plan.Write]] = {}
    for write in writes:
        grouped.setdefault(write.name, []).append(write)
    for group in grouped.values():
        queue.put_nowait(group)

    async def worker() -> None:
        while not queue.empty():
            group = queue.get_nowait()
            for write in group:
                try:
                    await _one(store, namespace, write, out)
                except Exception as exc:
                    log.warning("%s %s/%s failed: %s", write.verb, write.kind, write.name, exc)
                    out.failed.append(f"{write.verb} {write.kind} {write.name}: {exc}")
                    break

    workers = max(1, min(concurrency, len(grouped)))
    await asyncio.gather(*(worker() for _ in range(workers)))
    return out
