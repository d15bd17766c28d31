"""One sync of one connection: list Pax8 completely, list the mirrors, plan, write.

Why this order: listings come first and are used only when complete (an exception part-way
changes nothing); when both kinds are due, companies and subscriptions are both listed before
any write, so each account is written once with its subscription count, and subscriptions
are then written with owner references to accounts that exist (uids of accounts created in
this run come from their create responses).
"""

from __future__ import annotations

import asyncio
import collections
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from pax8_operator.models import mirrors as m
from pax8_operator.pax8 import models
from pax8_operator.reconcile import mirror_cache, sync_fields, sync_plan, sync_write

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


async def _existing(
    store: sync_write.Store, kind: str, target: Target, cache: mirror_cache.MirrorCache
) -> list[m.Existing]:
    """Mirrors (by label) plus objects a person applied for this connection without it."""
    found = []
    listing = cache.listing(target.namespace, target.name, kind)
    async for obj in store.list(kind, target.namespace, f"{m.CONNECTION_LABEL}={target.name}"):
        found.append(listing.reduce(obj))
    async for obj in store.list(kind, target.namespace, f"!{m.CONNECTION_LABEL}"):
        if ((obj.get("spec") or {}).get("connectionRef") or {}).get("name") == target.name:
            found.append(listing.reduce(obj))
    listing.complete()
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


async def _companies(
    pax8: Lister, target: Target, result: Result | None, owner: sync_plan.Owner
) -> list[sync_plan.Desired]:
    if result is None:
        return []
    found: list[sync_plan.Desired] = []
    try:
        async for company in pax8.list_companies():
            found.append(sync_fields.account(company, target.name, owner))
            bucket = company.status or "Unknown"
            result.by_status[bucket] = result.by_status.get(bucket, 0) + 1
    except Exception as exc:
        result.error, result.by_status = f"listing companies failed: {_describe(exc)}", {}
        return []
    result.count = len(found)
    return found


async def _products(pax8: Lister, result: Result | None) -> dict[str, models.Product]:
    if result is None:
        return {}
    products: dict[str, models.Product] = {}
    try:
        async for product in pax8.list_products():
            products[product.id] = product
    except Exception as exc:
        result.error = f"listing subscriptions failed: {_describe(exc)}"
        return {}
    return products


async def _subscriptions(
    pax8: Lister,
    target: Target,
    result: Result | None,
    make: Callable[[models.Subscription], sync_plan.Desired] | None,
) -> tuple[list[sync_plan.Desired], dict[str, int]]:
    """Subscriptions listed, each converted to its mirror (``make``) as it arrives.

    Converting during the listing keeps no Pax8 model past its page (memory) and overlaps
    the CPU work with listing the cluster (a no-op resync costs about one listing). Returns
    the mirrors and the subscription count per company id.
    """
    if result is None or result.error is not None:
        return [], {}
    found: list[sync_plan.Desired] = []
    counts: collections.Counter[str] = collections.Counter()
    try:
        async for item in pax8.list_subscriptions():
            counts[item.company_id or ""] += 1
            _tally(result, item, target.currency)
            if make is not None:
                found.append(make(item))
                if len(found) % 256 == 0:
                    await asyncio.sleep(0)  # let the listing of the cluster progress
    except Exception as exc:
        result.error = f"listing subscriptions failed: {_describe(exc)}"
        result.by_status, result.seats, result.currency_mismatches = {}, {}, 0
        return [], {}
    result.count = sum(counts.values())
    return found, dict(counts)


async def _mirrors(
    store: sync_write.Store,
    kind: str,
    target: Target,
    wanted: bool,
    cache: mirror_cache.MirrorCache,
) -> list[m.Existing] | BaseException:
    if not wanted:
        return []
    try:
        return await _existing(store, kind, target, cache)
    except Exception as exc:
        return exc


async def sync(
    pax8: Lister,
    store: sync_write.Store,
    target: Target,
    *,
    accounts: bool,
    subscriptions: bool,
    now: Callable[[], datetime],
    concurrency: int = 32,
    cache: mirror_cache.MirrorCache | None = None,
) -> list[Result]:
    """Sync the kinds asked for; never raises for a Pax8 or Kubernetes failure.

    Pax8 and the cluster are listed at the same time (a no-op resync costs about one
    listing); writes start only once every listing is complete. ``cache`` keeps what the
    listed mirrors reduced to for the next sync (the process keeps one for all connections).
    """
    cache = cache if cache is not None else mirror_cache.MirrorCache()
    started = time.monotonic()
    conn_owner = sync_plan.Owner(m.CONNECTION_KIND, target.name, target.uid)
    acc = Result(ACCOUNTS) if accounts else None
    sub = Result(SUBSCRIPTIONS) if subscriptions else None
    results = [r for r in (acc, sub) if r is not None]
    mirror_subs = sub is not None and target.mirror_subscriptions
    kube_subs = asyncio.ensure_future(
        _mirrors(store, m.SUBSCRIPTION_KIND, target, mirror_subs, cache)
    )
    try:
        companies, products, old_accounts = await asyncio.gather(
            _companies(pax8, target, acc, conn_owner),
            _products(pax8, sub),
            _mirrors(store, m.ACCOUNT_KIND, target, True, cache),
        )
        if isinstance(old_accounts, BaseException):
            for res in results:
                res.error = res.error or f"listing Pax8Accounts failed: {_describe(old_accounts)}"
            return _finish(results, started)
        refs = _named_refs(old_accounts, companies)

        def make(item: models.Subscription) -> sync_plan.Desired:
            return sync_fields.subscription(
                item,
                target.name,
                accounts=refs,
                products=products,
                connection_owner=conn_owner,
                currency=target.currency,
            )

        # Converted while the cluster's subscriptions are still being listed (CPU overlaps
        # I/O); those whose account is created in this run are rebuilt after the account writes.
        desired_subs, counted = await _subscriptions(
            pax8, target, sub, make if mirror_subs else None
        )
        old_subs = await kube_subs
    finally:
        kube_subs.cancel()
    if isinstance(old_subs, BaseException) and sub is not None:
        sub.error = sub.error or f"listing Pax8Subscriptions failed: {_describe(old_subs)}"
    counts = counted if sub is not None and sub.error is None else None
    stamp = _stamp(now())
    if acc is not None and acc.error is None:
        plan = sync_plan.plan(
            m.ACCOUNT_KIND, companies, old_accounts, prune=target.prune, now=stamp, counts=counts
        )
        outcome = await _write(store, target, acc, plan, concurrency)
        changed = _created_refs(refs, outcome, companies, target.prune)
        for i, want in enumerate(desired_subs if changed else []):
            company_id = want.labels.get(m.COMPANY_LABEL, "")
            if company_id in changed:
                desired_subs[i] = sync_fields.with_account(want, refs.get(company_id), conn_owner)
    elif acc is None and counts is not None:
        plan = _count_plan(old_accounts, counts, stamp)
        await sync_write.execute(store, target.namespace, plan.writes, concurrency=concurrency)
    del companies
    if sub is not None and sub.error is None and isinstance(old_subs, list) and mirror_subs:
        plan = sync_plan.plan(
            m.SUBSCRIPTION_KIND, desired_subs, old_subs, prune=target.prune, now=stamp
        )
        del desired_subs, old_subs
        await _write(store, target, sub, plan, concurrency)
    return _finish(results, started)


def _named_refs(
    existing: list[m.Existing], companies: list[sync_plan.Desired]
) -> dict[str, sync_fields.AccountRef]:
    """Account mirrors by company id, with the company names of this listing when known."""
    names = {d.pax8_id: d.status.get("name") for d in companies}
    return {
        e.pax8_id: sync_fields.AccountRef(e.name, e.uid, names.get(e.pax8_id, e.label))
        for e in existing
        if e.pax8_id and not e.deleting
    }


def _created_refs(
    refs: dict[str, sync_fields.AccountRef],
    outcome: sync_write.Outcome,
    companies: list[sync_plan.Desired],
    prune: bool,
) -> set[str]:
    """Add accounts created in this run, drop pruned ones; the company ids that changed."""
    changed: set[str] = set()
    names = {d.pax8_id: d.status.get("name") for d in companies}
    for pax8_id, (name, uid) in outcome.uids.items():
        refs[pax8_id] = sync_fields.AccountRef(name, uid, names.get(pax8_id))
        changed.add(pax8_id)
    if prune:
        for pax8_id in [k for k in refs if k not in names]:
            del refs[pax8_id]
            changed.add(pax8_id)
    return changed


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


def _tally(result: Result, s: models.Subscription, currency: str) -> None:
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
