"""The per-connection schedule: one Kopf daemon per Pax8Connection.

Why a daemon: each connection has its own clock (``verifyInterval``, retry delays) kept in
status, and must be woken at once by a new verify/sync annotation or spec change. The
daemon sleeps until ``nextVerifyTime`` or until the watch handler below wakes it, then
hands a run to ``reconcile.connection``. A suspended connection waits with no timer.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import kopf

from pax8_operator.kube import api, objects
from pax8_operator.models import status as st
from pax8_operator.reconcile import connection as reconcile_connection
from pax8_operator.reconcile import schedule

STARTUP_WINDOW = timedelta(seconds=60)


@kopf.on.event(api.GROUP, api.VERSION, api.CONNECTIONS, id="wake-connection-schedule")
async def wake(memo: kopf.Memo, **_: Any) -> None:
    """Any change of the object (annotations, spec) re-evaluates its schedule now."""
    wakeup = memo.get("wakeup")
    if isinstance(wakeup, asyncio.Event):
        wakeup.set()


async def _wait(wakeup: asyncio.Event, stopped: Any, due: datetime | None, now: datetime) -> None:
    timeout = None if due is None else max(0.0, (due - now).total_seconds())
    waiters = [asyncio.ensure_future(wakeup.wait()), asyncio.ensure_future(stopped.wait())]
    try:
        await asyncio.wait(waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiter in waiters:
            waiter.cancel()


@kopf.daemon(
    api.GROUP, api.VERSION, api.CONNECTIONS, id="connection-schedule", cancellation_timeout=10.0
)
async def connection_schedule(
    body: kopf.Body, memo: kopf.Memo, stopped: Any, logger: Any, **_: Any
) -> None:
    """Run checks when due, for as long as the object exists."""
    deps: reconcile_connection.Dependencies = memo.deps
    wakeup = memo.setdefault("wakeup", asyncio.Event())
    ref = objects.ObjectRef(
        body.metadata.namespace or "", body.metadata.name or "", body.metadata.uid or ""
    )
    current = st.ConnectionStatus.model_validate(dict(body.get("status") or {}))
    hold: datetime | None = None
    if deps.clock() - deps.started_at < STARTUP_WINDOW:
        hold = schedule.startup_due(
            _due(body, current, deps.clock()),
            deps.clock(),
            deps.cfg.startup_jitter_seconds,
            deps.rng,
            deps.startup_slots,
        )
    try:
        while not stopped:
            wakeup.clear()
            now = deps.clock()
            due = _due(body, current, now)
            if due is not None and hold is not None:
                due = max(due, hold)
            if due is None or due > now:
                await _wait(wakeup, stopped, due, now)
                continue
            hold = None
            try:
                current = await reconcile_connection.run(
                    deps,
                    ref,
                    generation=body.metadata.get("generation"),
                    raw_spec=dict(body.spec),
                    annotations=dict(body.metadata.annotations),
                    current=current,
                )
            except Exception as exc:  # keep the schedule alive; retry after a pause
                logger.error("check of %s failed: %s: %s", ref.key, type(exc).__name__, exc)
                hold = deps.clock() + timedelta(seconds=deps.cfg.error_retry_seconds)
    finally:  # deleted, or no longer served by this process
        deps.metrics.forget_connection(ref.key)
        deps.mirror_cache.forget(ref.namespace, ref.name)


def _due(body: kopf.Body, current: st.ConnectionStatus, now: datetime) -> datetime | None:
    annotations = dict(body.metadata.annotations)
    return schedule.due_at(
        current=current,
        generation=body.metadata.get("generation"),
        suspend=bool(body.spec.get("suspend", False)),
        requests=schedule.pending_requests(annotations, current),
        now=now,
    )
