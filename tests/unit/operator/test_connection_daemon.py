"""The per-connection daemon, called directly under fake loop time (looptime)."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import random
from datetime import timedelta
from typing import Any

import kopf
import pytest
from conftest import FakeStatuses, ScriptedPax8, loop_clock, spec

from pax8_operator.handlers import connection as handler
from pax8_operator.reconcile import connection as reconcile_connection
from pax8_operator.reconcile import schedule
from pax8_operator.reconcile import status as status_

pytestmark = pytest.mark.looptime


class Stopped:
    """Kopf's ``stopped`` flag, as far as the daemon uses it."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def __bool__(self) -> bool:
        return self.event.is_set()

    async def wait(self) -> None:
        await self.event.wait()


def _raw(status: dict[str, Any] | None = None, **spec_extra: Any) -> dict[str, Any]:
    return {
        "metadata": {
            "name": "main",
            "namespace": "billing",
            "uid": "uid-1",
            "generation": 1,
            "annotations": {},
        },
        "spec": spec(**spec_extra),
        "status": status or {},
    }


async def _start(
    deps: reconcile_connection.Dependencies, raw: dict[str, Any], **cfg: Any
) -> tuple[asyncio.Task[None], kopf.Memo, Stopped]:
    deps.clock = loop_clock
    deps.started_at = loop_clock()
    deps.cfg = deps.cfg.model_copy(update=cfg)
    memo, stopped = kopf.Memo(deps=deps), Stopped()
    task = asyncio.create_task(
        handler.connection_schedule(
            body=kopf.Body(raw), memo=memo, stopped=stopped, logger=logging.getLogger("t")
        )
    )
    await asyncio.sleep(0)
    return task, memo, stopped


async def _stop(task: asyncio.Task[None], stopped: Stopped) -> None:
    stopped.event.set()
    await asyncio.wait_for(task, 1)


async def test_daemon_checks_at_once_then_every_interval(
    deps: reconcile_connection.Dependencies, statuses: FakeStatuses
) -> None:
    task, _, stopped = await _start(deps, _raw())
    await asyncio.sleep(1)
    assert len(statuses.patches) == 1
    await asyncio.sleep(598)
    assert len(statuses.patches) == 1
    await asyncio.sleep(2)
    assert len(statuses.patches) == 2
    await _stop(task, stopped)


async def test_daemon_runs_once_when_verify_annotation_changes(
    deps: reconcile_connection.Dependencies, statuses: FakeStatuses
) -> None:
    raw = _raw()
    task, memo, stopped = await _start(deps, raw)
    await asyncio.sleep(1)
    raw["metadata"]["annotations"][schedule.VERIFY_ANNOTATION] = "2026-01-01T00:00:00Z"
    await handler.wake(memo=memo)
    await asyncio.sleep(1)
    assert len(statuses.patches) == 2
    assert statuses.patches[-1]["lastHandledVerifyAt"] == "2026-01-01T00:00:00Z"
    await handler.wake(memo=memo)  # the same value again: nothing new to do
    await asyncio.sleep(1)
    assert len(statuses.patches) == 2
    await _stop(task, stopped)


async def test_daemon_waits_for_next_verify_time_when_restarted(
    deps: reconcile_connection.Dependencies, statuses: FakeStatuses
) -> None:
    due = loop_clock() + timedelta(minutes=5)
    status = {"observedGeneration": 1, "nextVerifyTime": status_.timestamp(due)}
    task, _, stopped = await _start(deps, _raw(status), startup_jitter_seconds=10)
    await asyncio.sleep(299)
    assert statuses.patches == []
    await asyncio.sleep(2)
    assert len(statuses.patches) == 1
    await _stop(task, stopped)


async def test_daemon_spreads_overdue_checks_within_jitter_when_started(
    deps: reconcile_connection.Dependencies,
) -> None:
    overdue = {"observedGeneration": 1, "nextVerifyTime": "2000-01-01T00:00:00Z"}
    writers = [FakeStatuses() for _ in range(10)]
    started = [
        await _start(
            dataclasses.replace(deps, statuses=w, rng=random.Random(i)),
            _raw(overdue),
            startup_jitter_seconds=10,
        )
        for i, w in enumerate(writers)
    ]
    written_by: list[int] = []
    for _ in range(11):
        await asyncio.sleep(1)
        written_by.append(sum(1 for w in writers if w.patches))
        assert written_by[-1] <= 10
    assert written_by[0] < 5  # no burst in the first second
    assert written_by[9] == 10  # none forgotten once the window has passed
    assert len(set(written_by)) > 3  # spread over the window
    for task, _, stopped in started:
        await _stop(task, stopped)


async def test_daemon_makes_no_calls_when_suspended(
    deps: reconcile_connection.Dependencies, statuses: FakeStatuses, scripted: ScriptedPax8
) -> None:
    task, _, stopped = await _start(deps, _raw(suspend=True))
    await asyncio.sleep(3600)
    assert scripted.calls == []
    assert len(statuses.patches) == 1  # "Suspended" written once, then no timer
    assert statuses.patches[0]["suspended"] is True
    await _stop(task, stopped)
