"""Listing every page of a Pax8 collection as one async iterator, pages fetched concurrently.

Why: a sync needs tens of thousands of subscriptions and Pax8 serves at most 200 per page.
The first page says how many pages there are; the rest are fetched with bounded concurrency
(a sliding window, so memory stays bounded) and yielded strictly in page order, so the
caller sees one complete, ordered listing or an exception (never a silent partial one).
"""

from __future__ import annotations

import asyncio
import collections
import dataclasses
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Generic, TypeVar

from pax8_operator.pax8.models import base

ItemT = TypeVar("ItemT")


@dataclasses.dataclass(frozen=True)
class PageResult(Generic[ItemT]):
    """The parsed items of one page and its paging metadata (None on un-paged endpoints)."""

    items: list[ItemT]
    info: base.PageInfo | None


async def iterate(
    fetch_page: Callable[[int], Awaitable[PageResult[ItemT]]], *, concurrency: int
) -> AsyncIterator[ItemT]:
    """Yield every item of every page, in order; up to ``concurrency`` page requests at once.

    A page that arrived ahead of its turn does not hold a request slot: the next request
    starts as soon as any page arrives (a fetched page waits for its turn, at most
    ``2 * concurrency`` pages held in all, so memory stays bounded). If the total grows
    while listing (a later page reports more pages) the extra pages are fetched too. On an
    error or an early exit, the pages still in flight are cancelled.
    """
    first = await fetch_page(0)
    for item in first.items:
        yield item
    if first.info is None:
        return
    total = first.info.total_pages
    held = 2 * concurrency
    pending: collections.deque[asyncio.Task[PageResult[ItemT]]] = collections.deque()
    next_page = 1

    def top_up() -> None:
        nonlocal next_page
        in_flight = sum(1 for task in pending if not task.done())
        while next_page < total and in_flight < concurrency and len(pending) < held:
            pending.append(asyncio.ensure_future(fetch_page(next_page)))
            next_page += 1
            in_flight += 1

    try:
        while next_page < total or pending:
            top_up()
            head = pending[0]
            while not head.done():
                running = [task for task in pending if not task.done()]
                await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                top_up()
            pending.popleft()
            page = head.result()
            if page.info is not None and page.info.total_pages > total:
                total = page.info.total_pages
                top_up()
            for item in page.items:
                yield item
    finally:
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
