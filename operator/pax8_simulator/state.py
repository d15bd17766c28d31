"""The simulated partner's world: companies, contacts, subscriptions, orders, billing data.

Indexes (per company) and per-kind version counters live here so list queries can be
cached until the next write of that kind.
"""

from __future__ import annotations

import copy
import datetime
import heapq
from collections.abc import Callable
from typing import Any

from pax8_simulator import clock, products, records


class Company(records.Record):
    """A company and its contacts."""

    __slots__ = ("contacts",)

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.contacts: dict[str, records.Record] = {}


class Subscription(records.Record):
    """A subscription and its history of full snapshots (oldest first)."""

    __slots__ = ("history",)

    def __init__(self, data: dict[str, Any]) -> None:
        super().__init__(data)
        self.history: list[records.Record] = []

    def snapshot(self) -> None:
        """Record the current state in the history."""
        self.history.append(records.Record(copy.deepcopy(self.data)))


class World:
    """All mutable simulator data plus the indexes that keep lists fast."""

    def __init__(self, sim_clock: clock.SimClock) -> None:
        self.clock = sim_clock
        self.products = products.build()
        self.companies: dict[str, Company] = {}
        self.subscriptions: dict[str, Subscription] = {}
        self.subs_by_company: dict[str, list[Subscription]] = {}
        self.orders: dict[str, records.Record] = {}
        self.orders_by_company: dict[str, list[records.Record]] = {}
        self.invoices: dict[str, records.Record] = {}
        self.invoice_items: dict[str, list[records.Record]] = {}
        self.usage_summaries: dict[str, records.Record] = {}
        self.summaries_by_sub: dict[str, list[records.Record]] = {}
        self.versions: dict[str, int] = {"companies": 0, "subscriptions": 0, "orders": 0}
        self._cache: dict[tuple[Any, ...], tuple[int, list[records.Record]]] = {}
        self._pending_cancel: list[tuple[float, str]] = []

    # -- change tracking -------------------------------------------------------------------
    def changed(self, kind: str) -> None:
        """Invalidate cached lists of one kind."""
        self.versions[kind] += 1

    def cached(
        self, kind: str, key: tuple[Any, ...], build: Callable[[], list[records.Record]]
    ) -> list[records.Record]:
        """A list query result, rebuilt only after a change of `kind`."""
        version = self.versions[kind]
        hit = self._cache.get((kind, *key))
        if hit is not None and hit[0] == version:
            return hit[1]
        result = build()
        if len(self._cache) > 256:
            self._cache.clear()
        self._cache[(kind, *key)] = (version, result)
        return result

    def preserialize(self) -> None:
        """Fill every list-heavy record's byte cache now instead of on first read."""
        for kind in (self.companies, self.subscriptions, self.orders):
            for record in kind.values():
                record.raw()

    # -- adding objects --------------------------------------------------------------------
    def add_company(self, company: Company) -> None:
        """Store a new company."""
        self.companies[company.id] = company
        self.subs_by_company.setdefault(company.id, [])
        self.changed("companies")

    def add_subscription(self, sub: Subscription) -> None:
        """Store a new subscription (with its first history snapshot)."""
        self.subscriptions[sub.id] = sub
        self.subs_by_company.setdefault(sub.data["companyId"], []).append(sub)
        if sub.data.get("status") == "PendingCancel" and sub.data.get("endDate"):
            self.schedule_cancel(sub)
        self.changed("subscriptions")

    def add_order(self, order: records.Record) -> None:
        """Store a new order (orders list oldest first, so append)."""
        self.orders[order.id] = order
        self.orders_by_company.setdefault(order.data["companyId"], []).append(order)
        self.changed("orders")

    # -- subscription lifecycle ------------------------------------------------------------
    def schedule_cancel(
        self, sub: Subscription, not_before: datetime.datetime | None = None
    ) -> None:
        """Remember when a PendingCancel subscription turns Cancelled."""
        end = clock.parse_datetime(sub.data["endDate"]).timestamp()
        if not_before is not None:
            end = max(end, not_before.timestamp())
        heapq.heappush(self._pending_cancel, (end, sub.id))

    def sweep(self) -> None:
        """Turn PendingCancel subscriptions whose endDate passed into Cancelled."""
        heap = self._pending_cancel
        if not heap:
            return
        now = self.clock.now()
        stamp = now.timestamp()
        while heap and heap[0][0] <= stamp:
            _, sub_id = heapq.heappop(heap)
            sub = self.subscriptions.get(sub_id)
            if sub is None or sub.data.get("status") != "PendingCancel":
                continue
            self.before_change(sub)
            sub.data["status"] = "Cancelled"
            sub.data["updatedDate"] = clock.iso(now)
            self.update_subscription(sub)

    def before_change(self, sub: Subscription) -> None:
        """Keep the pre-change state in history (seeded subscriptions start without one)."""
        if not sub.history:
            sub.snapshot()

    def update_subscription(self, sub: Subscription) -> None:
        """After a change: new snapshot, fresh bytes, lists invalidated."""
        sub.snapshot()
        sub.touch()
        self.changed("subscriptions")
