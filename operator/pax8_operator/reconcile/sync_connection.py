"""The sync part of a connection run: which kinds are due, running them, folding the outcome
into the connection's status.

Why its own module: a run of ``reconcile.connection`` verifies first; a sync is due per kind
(its ``nextSyncTime`` in status has passed, it was never run, or the sync annotation has a
new value) and runs only on a verified connection. When a due sync cannot run (connection
not verified) its ``nextSyncTime`` moves to the next verification, so a failing connection
never spins.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from pax8_operator import metrics as metrics_
from pax8_operator import settings as settings_
from pax8_operator.kube import objects
from pax8_operator.models import connection
from pax8_operator.models import status as st
from pax8_operator.reconcile import (
    credentials,
    mirror_cache,
    sync_report,
    sync_run,
    sync_write,
    verify,
)
from pax8_operator.reconcile import status as status_

log = logging.getLogger(__name__)
WAITING = "WaitingForConnection"


@dataclass(frozen=True)
class Due:
    """Which kinds sync in this run."""

    accounts: bool
    subscriptions: bool

    def __bool__(self) -> bool:
        return self.accounts or self.subscriptions


def _is_due(block: st.SyncKindStatus | None, now: datetime) -> bool:
    when = status_.parse_time(block.next_sync_time if block else None)
    return when is None or when <= now


def due(
    spec: connection.Pax8ConnectionSpec,
    current: st.ConnectionStatus,
    requested: bool,
    now: datetime,
) -> Due:
    """Enabled kinds whose time has come, or every enabled kind when a sync was requested."""
    sync = spec.sync
    return Due(
        accounts=sync.accounts.enabled and (requested or _is_due(current.accounts, now)),
        subscriptions=sync.subscriptions.enabled
        and (requested or _is_due(current.subscriptions, now)),
    )


@dataclass(frozen=True)
class Context:
    """What a sync needs from the operator process."""

    cfg: settings_.OperatorSettings
    secrets: credentials.SecretReader
    clients: verify.ClientFactory
    mirrors: sync_write.Store
    metrics: metrics_.Metrics
    clock: Callable[[], datetime]
    concurrency: int = 32
    cache: mirror_cache.MirrorCache | None = None


async def run(
    ctx: Context,
    ref: objects.ObjectRef,
    spec: connection.Pax8ConnectionSpec,
    kinds: Due,
) -> list[sync_run.Result]:
    """List Pax8 and bring the mirrors in step; failures come back as results."""
    target = sync_run.Target(
        namespace=ref.namespace,
        name=ref.name,
        uid=ref.uid,
        currency=spec.currency_code,
        prune=spec.sync.prune,
        mirror_subscriptions=spec.sync.subscriptions.mirror,
    )
    try:
        creds = await credentials.read(ctx.secrets, ref.namespace, spec.credentials_secret_ref)
    except Exception as exc:
        text = f"reading the credentials failed: {type(exc).__name__}"
        return _failed(kinds, text)
    settings = verify.client_settings(spec, creds, ctx.cfg)
    async with ctx.clients(settings, ref.key) as pax8:
        results = await sync_run.sync(
            cast(sync_run.Lister, pax8),
            ctx.mirrors,
            target,
            accounts=kinds.accounts,
            subscriptions=kinds.subscriptions,
            now=ctx.clock,
            concurrency=ctx.concurrency,
            cache=ctx.cache,
        )
    secret = creds.client_secret.get_secret_value()
    for res in results:
        if res.error and secret:
            res.error = res.error.replace(secret, "***")
    sync_report.record(ctx.metrics, ref.key, results)
    for res in results:
        log.info(
            "synced %s of %s: %s (%d objects, %.1fs)",
            res.kind,
            ref.key,
            res.error or res.summary() or "no changes",
            res.count,
            res.duration,
        )
    return results


def _failed(kinds: Due, text: str) -> list[sync_run.Result]:
    out = []
    if kinds.accounts:
        out.append(sync_run.Result(sync_run.ACCOUNTS, error=text))
    if kinds.subscriptions:
        out.append(sync_run.Result(sync_run.SUBSCRIPTIONS, error=text))
    return out


def mark_due(new: st.ConnectionStatus, kinds: Due, run: status_.Run) -> st.ConnectionStatus:
    """``nextSyncTime`` = now for the kinds about to sync (written before the sync starts)."""
    now = status_.timestamp(run.now)
    update: dict[str, Any] = {}
    for kind, due_ in (
        (sync_run.ACCOUNTS, kinds.accounts),
        (sync_run.SUBSCRIPTIONS, kinds.subscriptions),
    ):
        if due_:
            block = getattr(new, kind) or st.SyncKindStatus()
            update[kind] = block.model_copy(update={"next_sync_time": now})
    return new.model_copy(update=update)


def fold(
    new: st.ConnectionStatus,
    spec: connection.Pax8ConnectionSpec,
    results: list[sync_run.Result],
    skipped: Due,
    run: status_.Run,
    retry: timedelta,
) -> tuple[st.ConnectionStatus, list[objects.Event]]:
    """The status after this run's syncs, and the Event that says what changed."""
    conds = list(new.conditions)
    blocks: dict[str, st.SyncKindStatus | None] = {
        sync_run.ACCOUNTS: new.accounts,
        sync_run.SUBSCRIPTIONS: new.subscriptions,
    }
    types = {sync_run.ACCOUNTS: st.ACCOUNTS_SYNCED, sync_run.SUBSCRIPTIONS: st.SUBSCRIPTIONS_SYNCED}
    intervals = {
        sync_run.ACCOUNTS: spec.sync.accounts.interval,
        sync_run.SUBSCRIPTIONS: spec.sync.subscriptions.interval,
    }
    for res in results:
        wait = intervals[res.kind] if res.ok else min(intervals[res.kind], retry)
        previous = blocks[res.kind]
        old = previous.model_dump(by_alias=True, exclude_none=True) if previous else None
        block = sync_report.kind_status(old, res, run.now, run.now + wait)
        blocks[res.kind] = st.SyncKindStatus.model_validate(block)
        mirror = res.kind == sync_run.ACCOUNTS or spec.sync.subscriptions.mirror
        status, reason, message = sync_report.condition(res, mirror=mirror)
        conds = status_.set_condition(
            conds, types[res.kind], cast(Any, status), reason, message, run
        )
    for kind, waiting in (
        (sync_run.ACCOUNTS, skipped.accounts),
        (sync_run.SUBSCRIPTIONS, skipped.subscriptions),
    ):
        if waiting:
            block_ = blocks[kind] or st.SyncKindStatus()
            nxt = run.next_verify or run.now + retry
            blocks[kind] = block_.model_copy(update={"next_sync_time": status_.timestamp(nxt)})
    for kind, enabled in (
        (sync_run.ACCOUNTS, spec.sync.accounts.enabled),
        (sync_run.SUBSCRIPTIONS, spec.sync.subscriptions.enabled),
    ):
        if not enabled:
            msg = f"spec.sync.{kind}.enabled is false; nothing is synced"
            conds = status_.set_condition(
                conds, types[kind], "Unknown", sync_report.DISABLED, msg, run
            )
            disabled = blocks[kind]
            if disabled is not None:
                blocks[kind] = disabled.model_copy(update={"next_sync_time": None})
    times = [b.last_sync_time for b in blocks.values() if b is not None and b.last_sync_time]
    out = new.model_copy(
        update={
            "conditions": conds,
            "accounts": blocks[sync_run.ACCOUNTS],
            "subscriptions": blocks[sync_run.SUBSCRIPTIONS],
            "last_sync_time": max(times) if times else new.last_sync_time,
        }
    )
    events = []
    changed = sync_report.event_message(results)
    if changed:
        events.append(objects.Event("Normal", "Synced", changed))
    for res in results:
        if not res.ok:
            _, reason, message = sync_report.condition(res)
            events.append(objects.Event("Warning", reason, message))
    return out, events
