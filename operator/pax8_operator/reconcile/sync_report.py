"""What a sync tells people: connection status per kind, conditions, an Event, metrics.

Why pure functions (metrics aside): the connection's status is written in one place at the
end of a run; these functions give that writer the ``accounts``/``subscriptions`` blocks and
the ``AccountsSynced``/``SubscriptionsSynced`` conditions, and say in one line what changed.
A failed sync keeps the last good count and time and reports the error instead.
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from pax8_operator import metrics as metrics_
from pax8_operator.reconcile import sync_run

SYNCED = "Synced"
COUNTED = "CountedOnly"
LISTING_FAILED = "ListingIncomplete"
WRITE_FAILED = "KubernetesWriteFailed"
DISABLED = "SyncDisabled"
COMPANY_STATUSES = ("Active", "Inactive", "Deleted")
SUBSCRIPTION_STATUSES = (
    "Active",
    "Cancelled",
    "PendingManual",
    "PendingAutomated",
    "PendingCancel",
    "WaitingForDetails",
    "Trial",
    "Converted",
    "PendingActivation",
    "Activated",
)
BILLING_TERMS = ("Monthly", "Annual", "2-Year", "3-Year", "One-Time", "Trial", "Activation")


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def kind_status(
    previous: dict[str, Any] | None,
    result: sync_run.Result,
    now: datetime,
    next_at: datetime,
) -> dict[str, Any]:
    """The ``status.accounts`` / ``status.subscriptions`` block after a run."""
    block: dict[str, Any] = dict(previous or {})
    block["nextSyncTime"] = stamp(next_at)
    block["lastSyncDurationSeconds"] = round(result.duration, 3)
    if result.error is not None:
        block["lastError"] = result.error
        return block
    block["count"] = result.count
    block["lastSyncTime"] = stamp(now)
    block["lastError"] = "; ".join(result.failed[:3])[:1000] if result.failed else ""
    if result.kind == sync_run.SUBSCRIPTIONS:
        block["currencyMismatches"] = result.currency_mismatches
    return block


def condition(result: sync_run.Result, *, mirror: bool = True) -> tuple[str, str, str]:
    """``(status, reason, message)`` of AccountsSynced / SubscriptionsSynced."""
    what = "companies" if result.kind == sync_run.ACCOUNTS else "subscriptions"
    if result.error is not None:
        return (
            "False",
            LISTING_FAILED,
            (f"{result.error}; nothing was changed, the next sync retries the full listing"),
        )
    if result.failed:
        return (
            "False",
            WRITE_FAILED,
            (
                f"{len(result.failed)} of {result.writes} Kubernetes writes failed, e.g. "
                f"{result.failed[0]}; the next sync retries them"
            ),
        )
    if not mirror:
        return (
            "True",
            COUNTED,
            (
                f"{result.count} Pax8 {what} counted; spec.sync.subscriptions.mirror is false, "
                "so no objects are kept"
            ),
        )
    gone = (
        f"; {result.missing} absent from Pax8 (kept, marked NotFoundInPax8)"
        if result.missing
        else ""
    )
    changes = result.summary() or "no changes"
    return "True", SYNCED, f"{result.count} Pax8 {what} mirrored ({changes}){gone}"


def event_message(results: list[sync_run.Result]) -> str | None:
    """ "Accounts: 12 created, 3 updated; subscriptions: ..." when something changed."""
    parts = [f"{r.kind}: {r.summary()}" for r in results if r.error is None and r.summary()]
    return "; ".join(parts) if parts else None


def record(metrics: metrics_.Metrics, connection: str, results: list[sync_run.Result]) -> None:
    """Counts by status, seats by term, runs, durations and the last success time."""
    for res in results:
        metrics.sync_runs.labels(
            connection=connection, kind=res.kind, result="success" if res.ok else "failure"
        ).inc()
        metrics.sync_duration.labels(kind=res.kind).observe(res.duration)
        if res.error is not None:
            continue
        metrics.last_sync_timestamp.labels(connection=connection, kind=res.kind).set(time.time())
        known: tuple[str, ...] = COMPANY_STATUSES
        gauge = metrics.accounts
        if res.kind == sync_run.SUBSCRIPTIONS:
            gauge, known = metrics.subscriptions, SUBSCRIPTION_STATUSES
            for term in {*BILLING_TERMS, *res.seats}:
                metrics.subscription_seats.labels(connection=connection, billing_term=term).set(
                    res.seats.get(term, 0)
                )
        for status in {*known, *res.by_status}:
            gauge.labels(connection=connection, status=status).set(res.by_status.get(status, 0))
