"""Rate limit: successful calls per client per rolling minute, then 429 with the documented body."""

from __future__ import annotations

import httpx

from pax8_simulator import simulator

from .conftest import assert_documented_error


async def limited(client: httpx.AsyncClient, limit: int, retry_after: bool = False) -> None:
    body = {"rateLimitPerMinute": limit, "retryAfterHeader": retry_after}
    assert (await client.put("/__sim/config", json=body)).status_code == 200


async def test_call_is_rejected_with_429_when_limit_is_reached(client: httpx.AsyncClient) -> None:
    await limited(client, 3)
    codes = [(await client.get("/v1/products")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = await client.get("/v1/products")
    assert_documented_error(response.json(), 429)
    assert "retry-after" not in response.headers


async def test_retry_after_is_sent_when_configured(client: httpx.AsyncClient) -> None:
    await limited(client, 1, retry_after=True)
    await client.get("/v1/products")
    response = await client.get("/v1/products")
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 60


async def test_calls_pass_again_when_the_window_rolls_on(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    await limited(client, 2)
    await client.get("/v1/products")
    await client.get("/v1/products")
    assert (await client.get("/v1/products")).status_code == 429
    sim.advance(61)
    assert (await client.get("/v1/products")).status_code == 200


async def test_failed_calls_do_not_count_when_limiting(client: httpx.AsyncClient) -> None:
    await limited(client, 2)
    for _ in range(5):
        assert (await client.get("/v1/companies/missing")).status_code == 404
    assert (await client.get("/v1/products")).status_code == 200


async def test_admin_calls_are_not_limited_when_limit_is_reached(
    client: httpx.AsyncClient,
) -> None:
    await limited(client, 1)
    await client.get("/v1/products")
    assert (await client.get("/__sim/health")).json() == {"status": "ok"}


async def test_calls_pass_again_when_the_window_is_reset_by_admin(
    client: httpx.AsyncClient,
) -> None:
    await limited(client, 2)
    await client.get("/v1/products")
    await client.get("/v1/products")
    assert (await client.get("/v1/products")).status_code == 429
    assert (await client.delete("/__sim/ratelimit")).json() == {"status": "reset"}
    codes = [(await client.get("/v1/products")).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
