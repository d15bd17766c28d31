"""One sync of one connection: list Pax8 completely, list the mirrors, plan, write.

Why this order: listings come first and are used only when complete (an exception part-way
changes nothing); when both kinds are due, companies and subscriptions are both listed before
any write, so each account is written once with its subscription count, and subscriptions
are then written with owner references to accounts that exist (uids of accounts created in
this run come from their create responses).
"""

from __future__ import annotations

import collections
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from pax8_operator.models import mirrors as m
from pax8_operator.pax8 import models
from pax8_operator.reconcile import sync_fields, sync_plan, sync_write

log = logging.getLogger(__name__)
ACCOUNTS = "accounts"
SUBSCRIPTIONS = "subscriptions"
INACTIVE_SUBSCRIPTIONS = frozenset({"Cancelled", "PendingCancel"})


class Lister(Protocol):
    """The listings a sync reads (``pax8.client.Pax8Client``)."""

    def list_companies(self) -> AsyncIterator[models.Company]: ...

    def list_subscriptions(self) -> AsyncIterator[models.Subscription]: ...

    def list_products(self) -> AsyncIterator[models.Product]: ...


@dataclass(frozen=True)
class Target:
    """The connection being synced and the spec settings a sync obeys."""

    namespace: str
    name: str
    uid: str
    currency: str
    prune: bool = False
    mirror_subscriptions: bool = True


@dataclass
class Result:
    """What one kind's sync did; ``error`` set means nothing was changed by the listing."""

    kind: str
    error: str | None = None
    count: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    missing: int = 0
    writes: int = 0
    failed: list[str] = field(default_factory=list)
    duration: float = 0.0
    by_status: dict[str, int] = field(default_factory=dict)
    seats: dict[str, int] = field(default_factory=dict)
    currency_mismatches: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and not self.failed

    def summary(self) -> str:
        parts = [
            f"{n} {w}"
            for n, w in (
                (self.created, "created"),
                (self.updated, "updated"),
                (self.deleted, "deleted"),
            )
            if n
        ]
        return ", ".join(parts)


def _stamp(now: datetime) -> str:
    return now.strftime("%Y-%m-%dT%H:%M:%SZ")


async def _existing(store: sync_write.Store, kind: str, target: Target) -> list[m.Existing]:
    """Mirrors (by label) plus objects a person applied for this connection without it."""
    found = []
    async for obj in store.list(kind, target.namespace, f"{m.CONNECTION_LABEL}={target.name}"):
        found.append(m.existing_from(kind, obj))
    async for obj in store.list(kind, target.namespace, f"!{m.CONNECTION_LABEL}"):
        if ((obj.get("spec") or {}).get("connectionRef") or {}).get("name") == target.name:
            found.append(m.existing_from(kind, obj))
    return found


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"[:500]


async def _write(
    store: sync_write.Store, target: Target, result: Result, plan: sync_plan.Plan, concurrency: int
) -> sync_write.Outcome:
    outcome = await sync_write.execute(
        store, target.namespace, plan.writes, concurrency=concurrency
    )
    result.created, result.updated = plan.created, plan.updated
    result.deleted, result.missing = plan.deleted, plan.missing
    result.writes, result.failed = len(plan.writes), outcome.failed
    return outcome


async def sync(
    pax8: Lister,
    store: sync_write.Store,
    target: Target,
    *,
    accounts: bool,
    subscriptions: bool,
    now: Callable[[], datetime],
    concurrency: int = 32,
) -> list[Result]:
    """Sync the kinds asked for; never raises for a Pax8 or Kubernetes failure."""
    started = time.monotonic()
    conn_owner = sync_plan.Owner(m.CONNECTION_KIND, target.name, target.uid)
    acc = Result(ACCOUNTS) if accounts else None
    sub = Result(SUBSCRIPTIONS) if subscriptions else None
    companies: list[sync_plan.Desired] = []
    subs: list[models.Subscription] = []
    products: dict[str, models.Product] = {}
    if acc is not None:
        try:
            async for company in pax8.list_companies():
                companies.append(sync_fields.account(company, target.name, conn_owner))
                acc.by_status[company.status or "Unknown"] = (
                    acc.by_status.get(company.status or "Unknown", 0) + 1
                )
            acc.count = len(companies)
        except Exception as exc:
            acc.error, companies = f"listing companies failed: {_describe(exc)}", []
    counts: dict[str, int] | None = None
    if sub is not None:
        try:
            async for product in pax8.list_products():
                products[product.id] = product
            async for item in pax8.list_subscriptions():
                subs.append(item)
            counts = collections.Counter(s.company_id or "" for s in subs)
            _tally(sub, subs, target.currency)
        except Exception as exc:
            sub.error, subs = f"listing subscriptions failed: {_describe(exc)}", []
    existing_accounts: list[m.Existing] = []
    try:
        existing_accounts = await _existing(store, m.ACCOUNT_KIND, target)
    except Exception as exc:
        for res in (acc, sub):
            if res is not None and res.error is None:
                res.error = f"listing Pax8Accounts failed: {_describe(exc)}"
        return _finish([r for r in (acc, sub) if r is not None], started)
    refs = {
        e.pax8_id: sync_fields.AccountRef(e.name, e.uid, e.label)
        for e in existing_accounts
        if e.pax8_id and not e.deleting
    }
    stamp = _stamp(now())
    if acc is not None and acc.error is None:
        plan = sync_plan.plan(
            m.ACCOUNT_KIND,
            companies,
            existing_accounts,
            prune=target.prune,
            now=stamp,
            counts=counts,
        )
        outcome = await _write(store, target, acc, plan, concurrency)
        for pax8_id, (name, uid) in outcome.uids.items():
            refs[pax8_id] = sync_fields.AccountRef(name, uid, None)
        names = {d.pax8_id: d.status.get("name") for d in companies}
        for pax8_id, ref in list(refs.items()):
            if pax8_id in names:
                refs[pax8_id] = sync_fields.AccountRef(ref.name, ref.uid, names[pax8_id])
            elif target.prune:
                del refs[pax8_id]
    elif acc is None and counts is not None:
        plan = _count_plan(existing_accounts, counts, stamp)
        await sync_write.execute(store, target.namespace, plan.writes, concurrency=concurrency)
    companies = []
    if sub is not None and sub.error is None and target.mirror_subscriptions:
        try:
            existing_subs = await _existing(store, m.SUBSCRIPTION_KIND, target)
        except Exception as exc:
            sub.error = f"listing Pax8Subscriptions failed: {_describe(exc)}"
            return _finish([r for r in (acc, sub) if r is not None], started)
        desired = (
            sync_fields.subscription(
                s,
                target.name,
                accounts=refs,
                products=products,
                connection_owner=conn_owner,
                currency=target.currency,
            )
            for s in subs
        )
        plan = sync_plan.plan(
            m.SUBSCRIPTION_KIND, desired, existing_subs, prune=target.prune, now=stamp
        )
        subs = []
        await _write(store, target, sub, plan, concurrency)
    return _finish([r for r in (acc, sub) if r is not None], started)


def _count_plan(existing: list[m.Existing], counts: dict[str, int], stamp: str) -> sync_plan.Plan:
    """Only ``subscriptionCount`` of accounts whose count changed (accounts not due)."""
    out = sync_plan.Plan()
    for obj in existing:
        if obj.pax8_id and not obj.deleting and obj.count != counts.get(obj.pax8_id, 0):
            body = {"status": {m.COUNT_KEY: counts.get(obj.pax8_id, 0)}}
            out.writes.append(
                sync_plan.Write(m.ACCOUNT_KIND, "status", obj.name, body, obj.pax8_id)
            )
    return out


def _tally(result: Result, subs: list[models.Subscription], currency: str) -> None:
    result.count = len(subs)
    for s in subs:
        status = s.status or "Unknown"
        result.by_status[status] = result.by_status.get(status, 0) + 1
        if s.status not in INACTIVE_SUBSCRIPTIONS:
            term = s.billing_term or "Unknown"
            result.seats[term] = result.seats.get(term, 0) + int(s.quantity or 0)
        if s.currency_code and s.currency_code != currency:
            result.currency_mismatches += 1


def _finish(results: list[Result], started: float) -> list[Result]:
    elapsed = time.monotonic() - started
    for res in results:
        res.duration = elapsed
    return results
