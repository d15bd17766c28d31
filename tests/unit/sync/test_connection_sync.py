"""A connection run with syncs: schedule per kind, status blocks, Events, the sync request."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from pax8_operator import metrics as metrics_
from pax8_operator import settings
from pax8_operator.kube import objects
from pax8_operator.models import mirrors as m
from pax8_operator.models import status as st
from pax8_operator.pax8 import client
from pax8_operator.reconcile import connection as reconcile_connection
from pax8_operator.reconcile import schedule

from . import fakes

T0 = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
REF = objects.ObjectRef("billing", "main", "uid-main")
SPEC = {
    "environment": "Production",
    "endpointURL": "http://sim.test/v1",
    "tokenURL": "http://sim.test/v1/token",
    "allowInsecureHTTP": True,
    "credentialsSecretRef": {"name": "pax8"},
    "countryCode": "US",
    "currencyCode": "USD",
    "sync": {"accounts": {"interval": "1h"}, "subscriptions": {"interval": "15m"}},
}


@dataclass
class Secrets:
    async def read(self, namespace: str, name: str) -> objects.SecretData | None:
        data = {"applicationId": "sim-client", "applicationSecret": "sim-secret"}
        return objects.SecretData(data=data, resource_version="1")


@dataclass
class Recorder:
    patches: list[dict[str, Any]] = field(default_factory=list)
    events: list[objects.Event] = field(default_factory=list)

    async def write(self, ref: objects.ObjectRef, patch: Mapping[str, Any]) -> None:
        self.patches.append(dict(patch))

    async def post(self, ref: objects.ObjectRef, event: objects.Event) -> None:
        self.events.append(event)


@pytest.fixture
def deps(
    sim_app: Any, store: fakes.FakeStore
) -> tuple[reconcile_connection.Dependencies, Recorder]:
    recorder = Recorder()

    @asynccontextmanager
    async def make(cfg: client.Pax8ClientSettings, conn: str) -> AsyncIterator[client.Pax8Client]:
        transport = httpx.ASGITransport(sim_app, raise_app_exceptions=False)
        async with client.Pax8Client(cfg, connection=conn, transport=transport) as c:
            yield c

    built = reconcile_connection.Dependencies(
        cfg=settings.OperatorSettings(),
        secrets=Secrets(),
        clients=make,
        statuses=recorder,
        events=recorder,
        metrics=metrics_.Metrics.create(),
        clock=lambda: T0,
        mirrors=store,
    )
    return built, recorder


async def run(
    deps: reconcile_connection.Dependencies, current: st.ConnectionStatus, **annotations: str
) -> st.ConnectionStatus:
    return await reconcile_connection.run(
        deps, REF, generation=1, raw_spec=SPEC, annotations=annotations, current=current
    )


async def test_run_syncs_both_kinds_and_schedules_each_when_connection_verified(
    deps: tuple[reconcile_connection.Dependencies, Recorder], store: fakes.FakeStore
) -> None:
    built, recorder = deps
    new = await run(built, st.ConnectionStatus())
    assert len(store.items(m.ACCOUNT_KIND)) == 12
    assert len(store.items(m.SUBSCRIPTION_KIND)) == 36
    patch = recorder.patches[-1]
    assert patch["accounts"]["count"] == 12
    assert patch["accounts"]["nextSyncTime"] == "2026-12-01T11:00:00Z"
    assert patch["subscriptions"]["nextSyncTime"] == "2026-12-01T10:15:00Z"
    assert patch["lastSyncTime"] == "2026-12-01T10:00:00Z"
    synced = {c["type"]: (c["status"], c["reason"]) for c in patch["conditions"]}
    assert synced["AccountsSynced"] == ("True", "Synced")
    assert synced["SubscriptionsSynced"] == ("True", "Synced")
    assert any(e.reason == "Synced" and "12 created" in e.message for e in recorder.events)
    due = schedule.due_at(
        current=new, generation=1, suspend=False, requests=schedule.Requests(None, None), now=T0
    )
    assert due == T0 + timedelta(minutes=10)  # verifyInterval comes first


async def test_run_syncs_nothing_new_when_not_due_and_again_when_requested(
    deps: tuple[reconcile_connection.Dependencies, Recorder], store: fakes.FakeStore
) -> None:
    built, recorder = deps
    first = await run(built, st.ConnectionStatus())
    writes = len(store.writes)
    second = await run(built, first)
    assert len(store.writes) == writes
    assert second.accounts == first.accounts
    third = await run(built, second, **{schedule.SYNC_ANNOTATION: "now"})
    assert third.last_handled_sync_at == "now"
    assert len(store.writes) == writes  # nothing changed in Pax8
    handled = [p.get("lastHandledSyncAt") for p in recorder.patches[-2:]]
    assert handled == [None, "now"]  # handled only once the sync is done


async def test_run_leaves_sync_due_in_status_when_killed_before_sync_finished(
    deps: tuple[reconcile_connection.Dependencies, Recorder],
) -> None:
    built, recorder = deps
    await run(built, st.ConnectionStatus())
    early = st.ConnectionStatus.model_validate(recorder.patches[0])
    assert early.accounts is not None
    assert early.accounts.next_sync_time == "2026-12-01T10:00:00Z"
    restart_due = schedule.due_at(
        current=early,
        generation=1,
        suspend=False,
        requests=schedule.Requests(None, None),
        now=T0 + timedelta(minutes=1),
    )
    assert restart_due == T0
