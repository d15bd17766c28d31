"""Fixtures of the sync tests: the real Pax8 client on the in-process simulator, a fake API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from pax8_operator import metrics as metrics_
from pax8_operator.pax8 import client
from pax8_simulator import app as sim_app_
from pax8_simulator import config as sim_config

from . import fakes

BASE = "http://sim.test"


@pytest.fixture
def sim_app() -> Any:
    cfg = sim_config.SimulatorConfig(
        seed=3,
        companies=12,
        subscriptions_per_company=3,
        client_id="sim-client",
        client_secret="sim-secret",
        latency_ms=0,
        rate_limit_per_minute=0,
    )
    return sim_app_.create_app(cfg)


@pytest.fixture
async def pax8(sim_app: Any) -> AsyncIterator[client.Pax8Client]:
    settings = client.Pax8ClientSettings(
        base_url=f"{BASE}/v1",
        token_url=f"{BASE}/v1/token",
        client_id="sim-client",
        client_secret=SecretStr("sim-secret"),
        page_size=10,
        max_attempts=1,
    )
    transport = httpx.ASGITransport(sim_app, raise_app_exceptions=False)
    async with client.Pax8Client(settings, connection="billing/main", transport=transport) as c:
        yield c


@pytest.fixture
async def admin(sim_app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(sim_app)
    async with httpx.AsyncClient(transport=transport, base_url=f"{BASE}/__sim") as a:
        yield a


@pytest.fixture
def store() -> fakes.FakeStore:
    return fakes.FakeStore()


@pytest.fixture
def metrics() -> metrics_.Metrics:
    return metrics_.Metrics.create()
