"""Reductions kept between syncs: reused only for an unchanged object, never hiding a change."""

from __future__ import annotations

from typing import Any

import httpx

from pax8_operator.models import mirrors as m
from pax8_operator.pax8 import client
from pax8_operator.reconcile import mirror_cache

from . import fakes
from .test_sync import NS, run


def _obj(uid: str, version: str, quantity: int) -> dict[str, Any]:
    return {
        "metadata": {"name": f"s-{uid}", "uid": uid, "resourceVersion": version},
        "spec": {"managementPolicy": m.OBSERVE, "subscriptionId": f"pax8-{uid}"},
        "status": {"subscriptionId": f"pax8-{uid}", "quantity": quantity},
    }


def _pass(cache: mirror_cache.MirrorCache, objs: list[dict[str, Any]]) -> list[m.Existing]:
    listing = cache.listing(NS, "main", m.SUBSCRIPTION_KIND)
    out = [listing.reduce(o) for o in objs]
    listing.complete()
    return out


def test_reduction_is_reused_when_uid_and_resource_version_are_unchanged() -> None:
    cache = mirror_cache.MirrorCache()
    first = _pass(cache, [_obj("a", "1", 5), _obj("b", "1", 5)])
    listing = cache.listing(NS, "main", m.SUBSCRIPTION_KIND)
    again = [listing.reduce(_obj("a", "1", 5)), listing.reduce(_obj("b", "2", 9))]
    assert again[0] is first[0]
    assert again[1] is not first[1]
    assert again[1].status_fp != first[1].status_fp  # the change is seen
    assert listing.reused == 1


def test_objects_gone_from_a_complete_listing_are_dropped() -> None:
    cache = mirror_cache.MirrorCache()
    _pass(cache, [_obj("a", "1", 5), _obj("b", "1", 5)])
    _pass(cache, [_obj("a", "1", 5)])
    assert len(cache) == 1


def test_failed_listing_keeps_the_previous_one_when_not_completed() -> None:
    cache = mirror_cache.MirrorCache()
    first = _pass(cache, [_obj("a", "1", 5), _obj("b", "1", 5)])
    broken = cache.listing(NS, "main", m.SUBSCRIPTION_KIND)
    broken.reduce(_obj("a", "1", 5))  # then the listing fails: no complete()
    listing = cache.listing(NS, "main", m.SUBSCRIPTION_KIND)
    assert listing.reduce(_obj("b", "1", 5)) is first[1]


def test_forget_drops_only_that_connection_when_it_is_deleted() -> None:
    cache = mirror_cache.MirrorCache()
    for connection in ("main", "other"):
        listing = cache.listing(NS, connection, m.ACCOUNT_KIND)
        listing.reduce(_obj(connection, "1", 1))
        listing.complete()
    cache.forget(NS, "main")
    assert len(cache) == 1
    assert cache.listing(NS, "other", m.ACCOUNT_KIND).reduce(_obj("other", "1", 1)) is not None


async def test_sync_reuses_reductions_and_still_repairs_an_edited_mirror(
    pax8: client.Pax8Client, store: fakes.FakeStore, admin: httpx.AsyncClient
) -> None:
    await run(pax8, store)
    await run(pax8, store)  # the first resync reduces what the initial sync wrote
    assert len(store.cache) == len(store.objects)
    victim = store.items(m.SUBSCRIPTION_KIND)[0]
    name, quantity = victim["metadata"]["name"], victim["status"]["quantity"]
    # a person edits the status of an Observe mirror: the API server bumps resourceVersion
    edit = {"status": {"quantity": quantity + 40}}
    await store.patch(m.SUBSCRIPTION_KIND, NS, name, edit, status=True)
    before = len(store.writes)
    results = await run(pax8, store)
    assert store.writes[before:] == [("status", m.SUBSCRIPTION_KIND, name)]
    repaired = store.objects[(m.SUBSCRIPTION_KIND, NS, name)]
    assert repaired["status"]["quantity"] == quantity
    assert [r.updated for r in results] == [0, 1]
