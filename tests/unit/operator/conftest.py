"""Fakes for the Kubernetes side of a connection run; the Pax8 side is the real client."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from pax8_operator import metrics, settings
from pax8_operator.kube import objects
from pax8_operator.pax8 import client, models
from pax8_operator.reconcile import connection as reconcile_connection
from pax8_operator.reconcile import verify

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
REF = objects.ObjectRef("billing", "main", "uid-1")


@dataclass
class FakeSecrets:
    """Secrets by (namespace, name); bump ``version`` to simulate an edit."""

    secrets: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    version: int = 1
    reads: int = 0

    async def read(self, namespace: str, name: str) -> objects.SecretData | None:
        self.reads += 1
        data = self.secrets.get((namespace, name))
        if data is None:
            return None
        return objects.SecretData(data=dict(data), resource_version=str(self.version))


@dataclass
class FakeStatuses:
    """Records every status patch."""

    patches: list[dict[str, Any]] = field(default_factory=list)
    written: asyncio.Event = field(default_factory=asyncio.Event)

    async def write(self, ref: objects.ObjectRef, patch: Mapping[str, Any]) -> None:
        self.patches.append(dict(patch))
        self.written.set()


@dataclass
class FakeEvents:
    """Records every Event."""

    events: list[objects.Event] = field(default_factory=list)

    async def post(self, ref: objects.ObjectRef, event: objects.Event) -> None:
        self.events.append(event)


@dataclass
class ScriptedPax8:
    """A stand-in for the Pax8 client: raises the queued errors, else succeeds."""

    errors: list[Exception | Callable[[], Exception]] = field(default_factory=list)
    calls: list[client.Pax8ClientSettings] = field(default_factory=list)

    def factory(self) -> verify.ClientFactory:
        @asynccontextmanager
        async def make(cfg: client.Pax8ClientSettings, conn: str) -> AsyncIterator[ScriptedPax8]:
            self.calls.append(cfg)
            yield self

        return make

    async def verify(self) -> models.VerifyResult:
        if self.errors:
            error = self.errors.pop(0)
            raise error if isinstance(error, Exception) else error()
        return models.VerifyResult(companies_total=3)


@pytest.fixture
def secrets() -> FakeSecrets:
    return FakeSecrets(
        {("billing", "pax8"): {"applicationId": "sim-client", "applicationSecret": "sim-secret"}}
    )


@pytest.fixture
def statuses() -> FakeStatuses:
    return FakeStatuses()


@pytest.fixture
def events() -> FakeEvents:
    return FakeEvents()


@pytest.fixture
def scripted() -> ScriptedPax8:
    return ScriptedPax8()


def loop_clock() -> datetime:
    """Wall time derived from the loop's clock, so looptime fast-forwards it too."""
    return T0 + timedelta(seconds=asyncio.get_running_loop().time())


@pytest.fixture
def cfg() -> settings.OperatorSettings:
    return settings.OperatorSettings(startup_jitter_seconds=0, auth_retry_seconds=60)


@pytest.fixture
def deps(
    cfg: settings.OperatorSettings,
    secrets: FakeSecrets,
    statuses: FakeStatuses,
    events: FakeEvents,
    scripted: ScriptedPax8,
) -> reconcile_connection.Dependencies:
    return reconcile_connection.Dependencies(
        cfg=cfg,
        secrets=secrets,
        clients=scripted.factory(),
        statuses=statuses,
        events=events,
        metrics=metrics.Metrics.create(),
        clock=lambda: T0,
    )


def spec(**extra: Any) -> dict[str, Any]:
    """A Pax8Connection spec for the fake Secret ``billing/pax8``."""
    return {
        "environment": "Production",
        "credentialsSecretRef": {"name": "pax8"},
        "countryCode": "US",
        "currencyCode": "USD",
        "endpointURL": "http://sim.test/v1",
        "tokenURL": "http://sim.test/v1/token",
        "allowInsecureHTTP": True,
        **extra,
    }


@pytest.fixture
def sim_app() -> Any:
    """The simulator in-process (ASGI), seeded small; ``app.state.simulator`` is its state."""
    from pax8_simulator import app as sim_app_
    from pax8_simulator import config as sim_config

    cfg = sim_config.SimulatorConfig(
        seed=1,
        companies=7,
        subscriptions_per_company=1,
        client_id="sim-client",
        client_secret="sim-secret",
        latency_ms=0,
        rate_limit_per_minute=0,
    )
    return sim_app_.create_app(cfg)


@pytest.fixture
def sim_deps(
    deps: reconcile_connection.Dependencies, sim_app: Any
) -> reconcile_connection.Dependencies:
    """Dependencies whose Pax8 client is the real one, talking to the in-process simulator."""
    import httpx

    def make(settings_: client.Pax8ClientSettings, conn: str) -> client.Pax8Client:
        return client.Pax8Client(
            settings_,
            connection=conn,
            metrics=deps.metrics,
            transport=httpx.ASGITransport(app=sim_app),
        )

    return dataclasses.replace(deps, clients=make)
