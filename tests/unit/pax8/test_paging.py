"""Listing pages: a slow page does not stall the other requests, and memory stays bounded.

Why: with pages yielded in order, a page that arrives ahead of its turn must free its
request slot (else one slow page idles every connection), yet pages held while waiting for
the slow one are capped.
"""

from __future__ import annotations

import asyncio

import pytest

from pax8_operator.pax8 import paging
from pax8_operator.pax8.models import base


@pytest.mark.looptime
async def test_next_requests_start_when_a_page_ahead_of_its_turn_arrives() -> None:
    loop = asyncio.get_running_loop()
    started: dict[int, float] = {}
    in_flight = 0
    most = 0

    async def fetch(number: int) -> paging.PageResult[int]:
        nonlocal in_flight, most
        started[number] = loop.time()
        in_flight += 1
        most = max(most, in_flight)
        await asyncio.sleep(10 if number == 1 else 1)
        in_flight -= 1
        return paging.PageResult(items=[number], info=base.PageInfo(total_pages=12))

    items = [item async for item in paging.iterate(fetch, concurrency=2)]

    assert items == list(range(12))
    assert most == 2
    before_slow_page_arrived = sorted(n for n, at in started.items() if at < started[0] + 11)
    assert before_slow_page_arrived == [0, 1, 2, 3, 4]  # page 0, then at most 2 x 2 held
