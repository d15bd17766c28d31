"""The simulated clock: real time plus an offset the admin API can advance.

Tests move time forward (`POST /__sim/clock`) instead of sleeping, so cancellations,
token expiry and the rate-limit window all read this clock.
"""

from __future__ import annotations

import datetime
import time

UTC = datetime.UTC


class SimClock:
    """Monotonic-backed clock that starts at a wall time and can be advanced."""

    def __init__(self, start: datetime.datetime | None = None) -> None:
        self._start_wall = (start or datetime.datetime.now(UTC)).astimezone(UTC)
        self._start_mono = time.monotonic()
        self._offset = 0.0

    def monotonic(self) -> float:
        """Seconds on a monotonic scale that includes advances."""
        return time.monotonic() + self._offset

    def now(self) -> datetime.datetime:
        """The current simulated UTC time."""
        elapsed = time.monotonic() - self._start_mono + self._offset
        return self._start_wall + datetime.timedelta(seconds=elapsed)

    def start_day(self) -> datetime.datetime:
        """Midnight UTC of the start day: the anchor for seeded dates."""
        return self._start_wall.replace(hour=0, minute=0, second=0, microsecond=0)

    def advance(self, seconds: float) -> None:
        """Move simulated time forward."""
        self._offset += max(0.0, seconds)


def iso(moment: datetime.datetime) -> str:
    """Pax8's date-time format: milliseconds and `Z`."""
    if moment.tzinfo is not UTC:
        moment = moment.astimezone(UTC)
    return moment.isoformat(timespec="milliseconds")[:-6] + "Z"


def iso_date(moment: datetime.datetime) -> str:
    """A date-only string."""
    return moment.date().isoformat()


def parse_datetime(text: str) -> datetime.datetime:
    """Parse the date-time shapes Pax8 uses (`Z`, `-0700`, `-07:00`, date only)."""
    value = text.strip()
    if value.endswith("Z"):
        value = value[:-1] + "+00:00"
    if len(value) > 5 and value[-5] in "+-" and value[-4:].isdigit() and ":" not in value[-5:]:
        value = value[:-2] + ":" + value[-2:]
    parsed = datetime.datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
