"""A whole sync against the simulator and a fake API server: what a partner sees in the cluster."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import httpx

from pax8_operator.models import mirrors as m
from pax8_operator.pax8 import client, models
from pax8_operator.reconcile import sync_run

from . import fakes

NS = "billing"
TARGET = sync_run.Target(namespace=NS, name="main", uid="uid-main", currency="USD")


def now() -> datetime:
    return datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


async def run(
    pax8: Any, store: fakes.FakeStore, target: sync_run.Target = TARGET, **kw: Any
) -> list[sync_run.Result]:
    kinds = {"accounts": True, "subscriptions": True, **kw}
    return await sync_run.sync(
        pax8, store, target, now=now, concurrency=4, cache=store.cache, **kinds
    )


async def pax8_state(
    admin_client: httpx.AsyncClient, pax8: client.Pax8Client
) -> tuple[list[models.Company], list[models.Subscription]]:
    companies = [c async for c in pax8.list_companies()]
    subs = [s async for s in pax8.list_subscriptions()]
    return companies, subs


async def test_sync_mirrors_every_company_and_subscription_when_cluster_is_empty(
    pax8: client.Pax8Client, store: fakes.FakeStore, admin: httpx.AsyncClient
) -> None:
    results = await run(pax8, store)
    assert [r.error for r in results] == [None, None]
    companies, subs = await pax8_state(admin, pax8)
    accounts = {a["spec"]["companyId"]: a for a in store.items(m.ACCOUNT_KIND)}
    mirrors = {s["spec"]["subscriptionId"]: s for s in store.items(m.SUBSCRIPTION_KIND)}
    assert set(accounts) == {c.id for c in companies}
    assert set(mirrors) == {s.id for s in subs}
    company = companies[0]
    acct = accounts[company.id]
    assert acct["metadata"]["name"] == m.mirror_name(company.name, company.id, "company")
    assert acct["metadata"]["labels"] == {m.CONNECTION_LABEL: "main", m.COMPANY_LABEL: company.id}
    assert acct["metadata"]["ownerReferences"][0]["uid"] == "uid-main"
    assert acct["spec"]["managementPolicy"] == m.OBSERVE
    assert acct["status"]["name"] == company.name
    assert acct["status"]["status"] == company.status
    assert acct["status"]["subscriptionCount"] == sum(1 for s in subs if s.company_id == company.id)
    sub = subs[0]
    mirror = mirrors[sub.id]
    owner_account = accounts[sub.company_id or ""]
    assert mirror["metadata"]["ownerReferences"][0]["uid"] == owner_account["metadata"]["uid"]
    assert mirror["metadata"]["labels"][m.PRODUCT_LABEL] == sub.product_id
    assert mirror["spec"]["accountRef"] == {"name": owner_account["metadata"]["name"]}
    status = mirror["status"]
    assert status["accountName"] == owner_account["status"]["name"]
    assert status["productName"]
    assert status["vendorName"]
    assert status["quantity"] == sub.quantity
    assert status["price"] == sub.price
    assert status["partnerCost"] == sub.partner_cost
    assert status["billingTerm"] == sub.billing_term
    assert status["status"] == sub.status
    assert status["currencyMismatch"] is False
    assert {c["type"]: c["status"] for c in status["conditions"]} == {
        "Ready": "True",
        "Synced": "True",
    }


async def test_sync_makes_zero_writes_when_pax8_did_not_change(
    pax8: client.Pax8Client, store: fakes.FakeStore
) -> None:
    await run(pax8, store)
    before = len(store.writes)
    versions = {k: o["metadata"]["resourceVersion"] for k, o in store.objects.items()}
    results = await run(pax8, store)
    assert len(store.writes) == before
    assert {k: o["metadata"]["resourceVersion"] for k, o in store.objects.items()} == versions
    assert [r.summary() for r in results] == ["", ""]


async def test_sync_shows_portal_changes_when_pax8_changed(
    pax8: client.Pax8Client, store: fakes.FakeStore, admin: httpx.AsyncClient
) -> None:
    await run(pax8, store)
    _, subs = await pax8_state(admin, pax8)
    active = next(s for s in subs if s.status == "Active")
    (await admin.patch(f"/subscriptions/{active.id}", json={"quantity": 77})).raise_for_status()
    created = (await admin.post("/companies", json={"name": "Brand New Co"})).json()
    before = len(store.writes)
    results = await run(pax8, store)
    mirror = next(
        s for s in store.items(m.SUBSCRIPTION_KIND) if s["spec"]["subscriptionId"] == active.id
    )
    assert mirror["status"]["quantity"] == 77
    assert any(a["spec"]["companyId"] == created["id"] for a in store.items(m.ACCOUNT_KIND))
    assert results[0].created == 1
    assert results[1].updated == 1
    assert len(store.writes) - before == 3  # account create + status, one subscription status


async def test_sync_changes_nothing_when_listing_fails_part_way(
    pax8: client.Pax8Client, store: fakes.FakeStore, admin: httpx.AsyncClient, sim_app: Any
) -> None:
    await run(pax8, store)
    _, subs = await pax8_state(admin, pax8)
    (await admin.patch(f"/subscriptions/{subs[0].id}", json={"quantity": 55})).raise_for_status()
    (await admin.post(f"/companies/{subs[0].company_id}/delete")).raise_for_status()
    snapshot = {k: dict(o) for k, o in store.objects.items()}
    before = len(store.writes)

    class FaultAfterFirstPage:
        """Lists normally, but injects a 503 once the first page has been read."""

        def __init__(self, inner: client.Pax8Client) -> None:
            self.inner = inner

        def list_products(self) -> AsyncIterator[models.Product]:
            return self.inner.list_products()

        async def _faulty(self, items: AsyncIterator[Any], operation: str) -> AsyncIterator[Any]:
            seen = 0
            async for item in items:
                seen += 1
                if seen == 1:
                    rule = {"kind": "status", "status": 503, "times": 1, "operations": [operation]}
                    (await admin.post("/faults", json=rule)).raise_for_status()
                yield item

        def list_companies(self) -> AsyncIterator[models.Company]:
            return self._faulty(self.inner.list_companies(), "findCompanies")

        def list_subscriptions(self) -> AsyncIterator[models.Subscription]:
            return self._faulty(self.inner.list_subscriptions(), "findSubscriptions")

    results = await run(FaultAfterFirstPage(pax8), store)
    assert all(r.error and "503" in r.error for r in results), [r.error for r in results]
    assert len(store.writes) == before
    assert store.objects == snapshot


async def test_sync_marks_absent_and_keeps_cancelled_and_deleted_when_prune_is_off(
    pax8: client.Pax8Client, store: fakes.FakeStore, admin: httpx.AsyncClient
) -> None:
    await run(pax8, store)
    companies, subs = await pax8_state(admin, pax8)
    (await admin.post(f"/subscriptions/{subs[1].id}/cancel")).raise_for_status()
    (await admin.post(f"/companies/{companies[2].id}/delete")).raise_for_status()
    ghost = dict(store.items(m.ACCOUNT_KIND)[0])
    ghost["metadata"] = {**ghost["metadata"], "name": "ghost-0000", "uid": "uid-ghost"}
    ghost["spec"] = {**ghost["spec"], "companyId": "not-in-pax8"}
    store.put(NS, ghost)
    await run(pax8, store)
    by_id = {a["spec"]["companyId"]: a for a in store.items(m.ACCOUNT_KIND)}
    assert by_id[companies[2].id]["status"]["status"] == "Deleted"
    conds = {c["type"]: c for c in by_id["not-in-pax8"]["status"]["conditions"]}
    assert (conds["Synced"]["status"], conds["Synced"]["reason"]) == ("False", m.NOT_FOUND)
    cancelled = next(
        s for s in store.items(m.SUBSCRIPTION_KIND) if s["spec"]["subscriptionId"] == subs[1].id
    )
    assert cancelled["status"]["status"] in {"Cancelled", "PendingCancel"}
    pruned = dataclasses.replace(TARGET, prune=True)
    await run(pax8, store, pruned)
    assert "not-in-pax8" not in {a["spec"]["companyId"] for a in store.items(m.ACCOUNT_KIND)}


async def test_sync_counts_without_objects_when_subscription_mirror_is_off(
    pax8: client.Pax8Client, store: fakes.FakeStore
) -> None:
    target = dataclasses.replace(TARGET, mirror_subscriptions=False)
    results = await run(pax8, store, target)
    assert store.items(m.SUBSCRIPTION_KIND) == []
    assert results[1].count == 36
    assert sum(a["status"]["subscriptionCount"] for a in store.items(m.ACCOUNT_KIND)) == 36


async def test_sync_flags_currency_mismatch_when_connection_expects_another_currency(
    pax8: client.Pax8Client, store: fakes.FakeStore
) -> None:
    results = await run(pax8, store, dataclasses.replace(TARGET, currency="EUR"))
    mirrors = store.items(m.SUBSCRIPTION_KIND)
    assert all(
        s["status"]["currencyMismatch"] for s in mirrors if s["status"].get("currencyCode") != "EUR"
    )
    assert (
        results[1].currency_mismatches
        == sum(1 for s in mirrors if s["status"].get("currencyCode") != "EUR")
        > 0
    )


async def test_sync_finishes_without_duplicates_when_restarted_after_dying_mid_write(
    pax8: client.Pax8Client, store: fakes.FakeStore
) -> None:
    store.fail_after = 29  # 12 accounts (24 writes), then a few subscriptions
    first = await run(pax8, store)
    assert any(r.failed for r in first)
    store.fail_after = None
    second = await run(pax8, store)
    assert all(r.ok for r in second)
    ids = [s["spec"]["subscriptionId"] for s in store.items(m.SUBSCRIPTION_KIND)]
    assert len(ids) == len(set(ids)) == 36
    assert all("status" in s for s in store.items(m.SUBSCRIPTION_KIND))
    assert (
        len({a["spec"]["companyId"] for a in store.items(m.ACCOUNT_KIND)})
        == len(store.items(m.ACCOUNT_KIND))
        == 12
    )


async def test_sync_leaves_other_connection_mirrors_alone_when_names_collide(
    pax8: client.Pax8Client, store: fakes.FakeStore
) -> None:
    await run(pax8, store)
    other = dataclasses.replace(TARGET, name="other", uid="uid-other")
    results = await run(pax8, store, other)
    assert all(r.ok for r in results), [r.failed for r in results]
    accounts = store.items(m.ACCOUNT_KIND)
    assert len(accounts) == 24
    owners = {a["metadata"]["labels"][m.CONNECTION_LABEL] for a in accounts}
    assert owners == {"main", "other"}
    assert len(store.items(m.SUBSCRIPTION_KIND)) == 72
    assert (await run(pax8, store, other))[0].summary() == ""
