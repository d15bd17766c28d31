"""Per-client rolling-window rate limit: Pax8 allows N successful calls per minute.

Only successful calls count (the notes say so), and the window runs on the simulated
clock so tests advance time instead of sleeping.
"""

from __future__ import annotations

import collections

from pax8_simulator import clock

WINDOW_SECONDS = 60.0


class RollingLimiter:
    """Counts successful calls per client over the last 60 simulated seconds."""

    def __init__(self, sim_clock: clock.SimClock) -> None:
        self._clock = sim_clock
        self._calls: dict[str, collections.deque[float]] = {}

    def _window(self, client: str) -> collections.deque[float]:
        calls = self._calls.setdefault(client, collections.deque())
        horizon = self._clock.monotonic() - WINDOW_SECONDS
        while calls and calls[0] <= horizon:
            calls.popleft()
        return calls

    def exceeded(self, client: str, limit: int) -> bool:
        """True when `client` already made `limit` successful calls in the window."""
        return limit > 0 and len(self._window(client)) >= limit

    def retry_after(self, client: str) -> int:
        """Whole seconds until the oldest call leaves the window."""
        calls = self._window(client)
        if not calls:
            return 0
        return max(1, int(calls[0] + WINDOW_SECONDS - self._clock.monotonic() + 0.999))

    def record(self, client: str) -> None:
        """Count one successful call (pruning the window so memory stays bounded)."""
        self._window(client).append(self._clock.monotonic())

    def reset(self) -> None:
        """Forget every call."""
        self._calls.clear()
