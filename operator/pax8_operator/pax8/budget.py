"""The per-connection request budget that every call draws from.

Why: Pax8 allows about 1000 successful calls per rolling minute per application, and a sync
listing pages concurrently while reconciles write; one budget per connection keeps all of
them under the limit together, and a 429 seen by one caller pauses every caller.

An ``aiolimiter.AsyncLimiter`` is a leaky bucket: with burst ``B`` and rate ``r`` per second,
any 60-second window can hold ``B + 60 r`` requests. The limiter is sized so that this stays
under the budget (minus a 2% margin for clock skew and network jitter), so pacing to the
budget never trips a rolling-window limiter of the same size.
"""

from __future__ import annotations

import asyncio

import aiolimiter

WINDOW_SECONDS = 60.0


def limiter_shape(requests_per_minute: int) -> tuple[float, float]:
    """``(burst, seconds per burst)`` so that any 60 s window stays within the budget."""
    target = max(1.0, requests_per_minute - max(1.0, requests_per_minute * 0.02))
    burst = max(1.0, float(int(target // WINDOW_SECONDS)))
    rate = max(target - burst, 1.0) / WINDOW_SECONDS
    return burst, burst / rate


class RequestBudget:
    """Paces requests to ``requests_per_minute`` and pauses everyone after a 429."""

    def __init__(self, requests_per_minute: int) -> None:
        burst, period = limiter_shape(requests_per_minute)
        self.requests_per_minute = requests_per_minute
        self._limiter = aiolimiter.AsyncLimiter(burst, period)
        self._resume_at = 0.0

    async def acquire(self) -> None:
        """Wait for a pause to end and for a slot in the budget."""
        loop = asyncio.get_running_loop()
        while True:
            wait = self._resume_at - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            await self._limiter.acquire()
            if loop.time() >= self._resume_at:
                return

    def back_off(self, seconds: float) -> None:
        """Pause every caller of this budget for ``seconds`` (a 429 was received)."""
        loop = asyncio.get_running_loop()
        self._resume_at = max(self._resume_at, loop.time() + seconds)

    def paused_for(self) -> float:
        """Seconds until the current pause ends (0 when not paused)."""
        return max(0.0, self._resume_at - asyncio.get_running_loop().time())
