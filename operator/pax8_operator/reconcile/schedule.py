"""When the next check of a connection is due, from what the object and its status say.

Why the schedule lives in status: after an operator restart each connection continues from
its ``nextVerifyTime`` instead of all being checked at once; overdue ones found at start-up
are spread over a jitter window, so a restart never bursts against Pax8 and none is
forgotten. A new annotation value or spec generation makes a check due at once.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from pax8_operator.models import status as st
from pax8_operator.reconcile import status as status_

VERIFY_ANNOTATION = "pax8.work365.io/verify-requested-at"
SYNC_ANNOTATION = "pax8.work365.io/sync-requested-at"


@dataclass(frozen=True)
class Requests:
    """Annotation values not yet handled (``None`` when nothing new was asked)."""

    verify: str | None
    sync: str | None


def pending_requests(annotations: dict[str, str], current: st.ConnectionStatus) -> Requests:
    """New values of the verify/sync annotations compared with what status says was handled."""
    verify = annotations.get(VERIFY_ANNOTATION)
    sync = annotations.get(SYNC_ANNOTATION)
    return Requests(
        verify=verify if verify and verify != current.last_handled_verify_at else None,
        sync=sync if sync and sync != current.last_handled_sync_at else None,
    )


def due_at(
    *,
    current: st.ConnectionStatus,
    generation: int | None,
    suspend: bool,
    requests: Requests,
    now: datetime,
) -> datetime | None:
    """When the next run is due; ``None`` means "only when something changes"."""
    if suspend:
        needs_write = not current.suspended or current.observed_generation != generation
        return now if needs_write or requests.verify or requests.sync else None
    if requests.verify or requests.sync:
        return now
    if current.suspended or current.observed_generation != generation:
        return now
    scheduled = status_.parse_time(current.next_verify_time)
    if scheduled is None:
        return now
    for block in (current.accounts, current.subscriptions):
        sync_at = status_.parse_time(block.next_sync_time if block else None)
        if sync_at is not None:
            scheduled = min(scheduled, sync_at)
    return scheduled


class StartupSlots:
    """Start-up slots for overdue runs, kept at least ``spacing_seconds`` apart.

    Random jitter alone bounds nothing: ten draws over five seconds put six in the same
    second now and then. Keeping every slot apart from the others caps the start-up rate at
    one run per ``spacing_seconds`` whatever the draws, so a restart never bursts.
    """

    def __init__(self, spacing_seconds: float) -> None:
        self._spacing = timedelta(seconds=spacing_seconds)
        self._taken: list[datetime] = []

    def reserve(self, wanted: datetime) -> datetime:
        """The earliest free slot at or after ``wanted``; it is taken from then on."""
        slot = wanted
        clash = self._clash(slot)
        while clash is not None:
            slot = clash + self._spacing
            clash = self._clash(slot)
        self._taken.append(slot)
        return slot

    def _clash(self, slot: datetime) -> datetime | None:
        near = [t for t in self._taken if abs(t - slot) < self._spacing]
        return max(near) if near else None


def startup_due(
    due: datetime | None,
    now: datetime,
    jitter_seconds: float,
    rng: random.Random,
    slots: StartupSlots | None = None,
) -> datetime | None:
    """At start-up, move an overdue run to a random point of the jitter window.

    With ``slots``, the point is also kept apart from every other overdue run's.
    """
    if due is None or due > now:
        return due
    wanted = now + timedelta(seconds=rng.uniform(0, jitter_seconds)) if jitter_seconds > 0 else now
    return slots.reserve(wanted) if slots is not None else wanted
