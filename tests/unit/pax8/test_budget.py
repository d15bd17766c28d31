"""The per-connection budget: never more than the budget in any rolling minute, and a pause
after a 429 holds every caller."""

from __future__ import annotations

import asyncio
import bisect

import pytest

from pax8_operator.pax8 import budget


@pytest.mark.parametrize("rpm", [10, 11, 60, 120, 999, 1000, 3000, 100_000])
def test_limiter_shape_fits_a_rolling_minute_when_sized_for_rpm(rpm: int) -> None:
    burst, period = budget.limiter_shape(rpm)
    worst_window = burst + budget.WINDOW_SECONDS * burst / period
    assert worst_window <= rpm
    assert worst_window >= 0.9 * rpm - 2  # and it does not waste much of the budget


@pytest.mark.looptime
async def test_requests_stay_within_budget_when_many_callers_draw_at_once() -> None:
    requests_budget = budget.RequestBudget(120)
    loop = asyncio.get_running_loop()
    stamps: list[float] = []

    async def call() -> None:
        await requests_budget.acquire()
        stamps.append(loop.time())

    await asyncio.gather(*(call() for _ in range(400)))
    stamps.sort()
    busiest = max(
        bisect.bisect_left(stamps, start + budget.WINDOW_SECONDS) - i
        for i, start in enumerate(stamps)
    )
    assert busiest <= 120
    assert stamps[-1] - stamps[0] < 4 * 60  # but it is not needlessly slow either


@pytest.mark.looptime
async def test_every_caller_waits_when_the_budget_backs_off() -> None:
    requests_budget = budget.RequestBudget(1000)
    loop = asyncio.get_running_loop()
    start = loop.time()
    requests_budget.back_off(12.0)
    assert requests_budget.paused_for() == pytest.approx(12.0)
    await asyncio.gather(*(requests_budget.acquire() for _ in range(5)))
    assert loop.time() - start >= 12.0
