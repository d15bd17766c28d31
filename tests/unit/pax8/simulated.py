"""Helpers to run the real client against the simulator in-process (httpx.ASGITransport).

Why: the simulator implements the Pax8 contract (paging, tokens, faults, rate limit), so the
client is tested against the same behaviour the operator meets, without sockets.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from pydantic import SecretStr

from pax8_operator import metrics as metrics_mod
from pax8_operator.pax8 import client, models
from pax8_simulator import app as sim_app
from pax8_simulator import clock as sim_clock
from pax8_simulator import config as sim_config
from pax8_simulator import ratelimit as sim_ratelimit

SIM_SECRET = "sim-secret-do-not-print"
BASE = "http://sim.test"


def simulator_app(**overrides: Any) -> Any:
    values: dict[str, Any] = {
        "seed": 1,
        "companies": 20,
        "subscriptions_per_company": 3,
        "client_id": "sim-client",
        "client_secret": SIM_SECRET,
    }
    values.update(overrides)
    return sim_app.create_app(sim_config.SimulatorConfig(**values))


def settings(**overrides: Any) -> client.Pax8ClientSettings:
    values: dict[str, Any] = {
        "base_url": f"{BASE}/v1",
        "token_url": f"{BASE}/v1/token",
        "client_id": "sim-client",
        "client_secret": SecretStr(SIM_SECRET),
        "backoff_base_seconds": 0.05,
    }
    values.update(overrides)
    return client.Pax8ClientSettings(**values)


def pax8_client(
    app: Any, metrics: metrics_mod.Metrics | None = None, **overrides: Any
) -> client.Pax8Client:
    return client.Pax8Client(
        settings(**overrides),
        connection="ns/sim",
        metrics=metrics,
        transport=httpx.ASGITransport(app, raise_app_exceptions=False),
    )


def admin(app: Any) -> httpx.AsyncClient:
    """A plain client for the simulator's admin API (not Pax8's)."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app), base_url=f"{BASE}/__sim")


async def request_counts(app: Any) -> dict[str, Any]:
    async with admin(app) as a:
        response = await a.get("/requests")
        response.raise_for_status()
        data: dict[str, Any] = response.json()
        return data


class LoopClock(sim_clock.SimClock):
    """The simulator's clock on the event loop's (fake, under looptime) time."""

    def monotonic(self) -> float:
        return asyncio.get_running_loop().time()


def limiter_on_loop_time(app: Any) -> None:
    """Make the simulator's rolling rate limit count fake time, like the client's budget."""
    app.state.simulator.limiter = sim_ratelimit.RollingLimiter(LoopClock())


async def simple_product(c: client.Pax8Client) -> models.Product:
    """A product that needs no commitment and no provisioning details to be ordered."""
    async for product in c.list_products():
        if not product.requires_commitment and not await c.get_product_provision_details(
            product.id
        ):
            return product
    raise AssertionError("no simple product in the simulator's catalogue")


def one_line_order(company_id: str, product_id: str, quantity: int = 1) -> models.CreateOrder:
    return models.CreateOrder(
        company_id=company_id,
        line_items=[
            models.CreateLineItem(
                product_id=product_id,
                line_item_number=1,
                quantity=quantity,
                billing_term="Monthly",
            )
        ],
    )
