"""The real client against the simulator over real HTTP (uvicorn in a thread).

Why over sockets: a response cut off mid-body (drop-after-write) only looks like what it is,
``httpx.RemoteProtocolError`` after the server applied the write, on a real connection.
"""

from __future__ import annotations

import collections.abc

import httpx
import pytest
from pydantic import SecretStr

from pax8_operator.pax8 import client, errors, models
from pax8_simulator import config as sim_config
from pax8_simulator import server as sim_server

from . import simulated

SECRET = "http-sim-secret-xyz"


@pytest.fixture(scope="module")
def running() -> collections.abc.Iterator[sim_server.RunningSimulator]:
    cfg = sim_config.SimulatorConfig(
        seed=3, companies=10, subscriptions_per_company=2, client_secret=SECRET
    )
    with sim_server.run_in_thread(cfg) as sim:
        yield sim


def http_client(sim: sim_server.RunningSimulator, **overrides: object) -> client.Pax8Client:
    values: dict[str, object] = {
        "base_url": sim.base_url,
        "token_url": sim.token_url,
        "client_id": "sim-client",
        "client_secret": SecretStr(SECRET),
        "timeout_seconds": 5.0,
        "backoff_base_seconds": 0.01,
    }
    values.update(overrides)
    return client.Pax8Client(client.Pax8ClientSettings.model_validate(values), connection="t")


def admin(sim: sim_server.RunningSimulator) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=sim.admin_url)


async def test_order_is_created_once_when_the_connection_drops_after_the_write(
    running: sim_server.RunningSimulator,
) -> None:
    async with http_client(running) as c:
        company = await anext(c.list_companies(status="Active"))
        product = await simulated.simple_product(c)
        before = [o.id async for o in c.list_orders(company_id=company.id)]
        async with admin(running) as a:
            fault = {"kind": "drop-after-write", "times": 1, "operations": ["createOrder"]}
            (await a.post("/faults", json=fault)).raise_for_status()
            (await a.delete("/requests")).raise_for_status()
            order = models.CreateOrder(
                company_id=company.id,
                line_items=[
                    models.CreateLineItem(
                        product_id=product.id,
                        line_item_number=1,
                        quantity=2,
                        billing_term="Monthly",
                    )
                ],
            )
            with pytest.raises(errors.AmbiguousWriteError) as info:
                await c.create_order(order)
            counts = (await a.get("/requests")).json()
        after = [o.id async for o in c.list_orders(company_id=company.id)]
    assert info.value.operation == "createOrder"
    assert isinstance(info.value.__cause__, httpx.RemoteProtocolError)
    assert counts["byOperation"]["createOrder"] == 1
    assert len(after) == len(before) + 1  # exactly one order exists: the write was applied


async def test_verify_and_listing_work_when_over_real_http(
    running: sim_server.RunningSimulator,
) -> None:
    async with http_client(running) as c:
        assert (await c.verify()).companies_total >= 10
        subs = [s async for s in c.list_subscriptions()]
    assert len(subs) >= 20
    assert len({s.id for s in subs}) == len(subs)


async def test_legacy_token_works_when_over_real_http(
    running: sim_server.RunningSimulator,
) -> None:
    async with http_client(
        running, token_url=running.legacy_token_url, audience="api://p8p.client"
    ) as c:
        assert (await c.verify()).companies_total >= 10


async def test_timeout_error_when_pax8_hangs_on_a_read(
    running: sim_server.RunningSimulator,
) -> None:
    async with admin(running) as a:
        fault = {"kind": "hang", "hangSeconds": 1, "times": 2, "operations": ["findCompanyById"]}
        (await a.post("/faults", json=fault)).raise_for_status()
        try:
            async with http_client(running, timeout_seconds=0.3, max_attempts=2) as c:
                with pytest.raises(errors.Pax8TimeoutError) as info:
                    await c.get_company("00000000-0000-0000-0000-000000000000")
        finally:
            (await a.delete("/faults")).raise_for_status()
    assert info.value.operation == "findCompanyById"
    assert isinstance(info.value.__cause__, httpx.ReadTimeout)


async def test_connection_error_when_nothing_listens() -> None:
    settings = client.Pax8ClientSettings(
        base_url="http://127.0.0.1:9/v1",
        token_url="http://127.0.0.1:9/v1/token",
        client_id="x",
        client_secret=SecretStr("never-shown-secret"),
        max_attempts=2,
        backoff_base_seconds=0.01,
    )
    async with client.Pax8Client(settings) as c:
        with pytest.raises(errors.Pax8ConnectionError) as info:
            await c.verify()
    assert "never-shown-secret" not in str(info.value) + repr(info.value)
