"""The operator process's garbage-collector tuning (``pax8_operator.runtime``)."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from pax8_operator import runtime
from pax8_operator import settings as settings_


@pytest.fixture(autouse=True)
def _restore_gc() -> Iterator[None]:
    saved = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*saved)


def test_tune_gc_collects_less_often_and_freezes_start_up_when_set() -> None:
    gc.set_threshold(runtime.PYTHON_DEFAULT_THRESHOLD, 10, 10)
    runtime.tune_gc(40_000)
    assert gc.get_threshold() == (40_000, 10, 10)
    assert gc.get_freeze_count() > 0


@pytest.mark.parametrize("threshold", [0, runtime.PYTHON_DEFAULT_THRESHOLD])
def test_tune_gc_leaves_the_collector_alone_when_zero_or_default(threshold: int) -> None:
    gc.set_threshold(runtime.PYTHON_DEFAULT_THRESHOLD, 10, 10)
    frozen = gc.get_freeze_count()
    runtime.tune_gc(threshold)
    assert gc.get_threshold() == (runtime.PYTHON_DEFAULT_THRESHOLD, 10, 10)
    assert gc.get_freeze_count() == frozen


def test_operator_default_threshold_is_tuned_when_env_unset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PAX8_OPERATOR_GC_YOUNG_THRESHOLD", raising=False)
    assert settings_.OperatorSettings().gc_young_threshold > runtime.PYTHON_DEFAULT_THRESHOLD
    monkeypatch.setenv("PAX8_OPERATOR_GC_YOUNG_THRESHOLD", "0")
    assert settings_.OperatorSettings().gc_young_threshold == 0
