"""Fixtures: a small seeded simulator app and an authenticated in-process httpx client."""

from __future__ import annotations

import datetime
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette import applications

from pax8_simulator import app as sim_app
from pax8_simulator import config as sim_config
from pax8_simulator import simulator

START = datetime.datetime(2026, 3, 1, 12, 0, tzinfo=datetime.UTC)
CREDENTIALS = {
    "client_id": "sim-client",
    "client_secret": "sim-secret",
    "audience": "https://api.pax8.com",
    "grant_type": "client_credentials",
}


@pytest.fixture
def cfg() -> sim_config.SimulatorConfig:
    return sim_config.SimulatorConfig(
        seed=1, companies=12, subscriptions_per_company=4, start_time=START
    )


@pytest.fixture
def app(cfg: sim_config.SimulatorConfig) -> applications.Starlette:
    return sim_app.create_app(cfg)


@pytest.fixture
def sim(app: applications.Starlette) -> simulator.Simulator:
    result: simulator.Simulator = app.state.simulator
    return result


@pytest.fixture
async def anon(app: applications.Starlette) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        yield client


async def authenticate(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """Fetch a token and send it on every request (again after time moved past 24 h)."""
    token = (await client.post("/v1/token", json=CREDENTIALS)).json()["access_token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return client


@pytest.fixture
async def client(anon: httpx.AsyncClient) -> httpx.AsyncClient:
    """An authenticated client."""
    return await authenticate(anon)


def active_company(sim: simulator.Simulator) -> Any:
    """A seeded Active company."""
    return next(c for c in sim.world.companies.values() if c.data["status"] == "Active")


def assert_documented_error(body: Any, status: int) -> None:
    """The documented Pax8 error body."""
    assert set(body) == {"type", "message", "instance", "status", "details"}
    assert body["status"] == status
    assert body["instance"].startswith("/public/v1/")
