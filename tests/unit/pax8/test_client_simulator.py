"""The real client against the simulator in-process: the contract end to end, no sockets."""

from __future__ import annotations

import asyncio
import traceback
from typing import Any

import httpx
import pytest
from prometheus_client import CollectorRegistry

from pax8_operator import metrics as metrics_mod
from pax8_operator.pax8 import errors, models

from . import simulated


async def plain_listing(app: Any, path: str) -> list[str]:
    """Ids in the simulator's own order: one page at a time, plain httpx."""
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app),
        base_url=simulated.BASE,
    ) as http:
        token = (
            await http.post(
                "/v1/token",
                json={
                    "client_id": "sim-client",
                    "client_secret": simulated.SIM_SECRET,
                    "audience": "https://api.pax8.com",
                    "grant_type": "client_credentials",
                },
            )
        ).json()["access_token"]
        ids: list[str] = []
        page = 0
        while True:
            data = (
                await http.get(
                    path,
                    params={"page": page, "size": 200},
                    headers={"Authorization": f"Bearer {token}"},
                )
            ).json()
            ids += [item["id"] for item in data["content"]]
            page += 1
            if page >= data["page"]["totalPages"]:
                return ids


async def test_listing_returns_every_subscription_in_order_when_there_are_many_pages() -> None:
    app = simulated.simulator_app(companies=400, subscriptions_per_company=5)
    async with simulated.pax8_client(app) as c:
        ids = [s.id async for s in c.list_subscriptions()]
    assert len(ids) == 2_000
    counts = await simulated.request_counts(app)
    assert counts["byOperation"]["findSubscriptions"] == 10
    assert ids == await plain_listing(app, "/v1/subscriptions")


async def test_listing_filters_by_company_when_given() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        company = await anext(c.list_companies(status="Active"))
        subs = [s async for s in c.list_subscriptions(company_id=company.id)]
    assert subs
    assert {s.company_id for s in subs} == {company.id}


async def test_concurrent_callers_make_one_token_request_when_starting_together() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        await asyncio.gather(*(c.verify() for _ in range(25)))
    counts = await simulated.request_counts(app)
    assert counts["byOperation"]["createAccessToken"] == 1
    assert counts["byOperation"]["findCompanies"] == 25


async def test_token_is_refreshed_once_when_the_simulator_expires_it() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        await c.verify()
        async with simulated.admin(app) as a:
            (await a.post("/tokens/expire")).raise_for_status()
        result = await c.verify()
    assert result.companies_total == 20
    counts = await simulated.request_counts(app)
    assert counts["byOperation"]["createAccessToken"] == 2
    assert counts["statusCodes"]["401"] == 1


async def test_auth_error_without_secret_when_credentials_are_rotated_away() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        await c.verify()
        async with simulated.admin(app) as a:
            rotated = {"clientId": "sim-client", "clientSecret": "new-secret"}
            (await a.put("/credentials", json=rotated)).raise_for_status()
            (await a.post("/tokens/expire")).raise_for_status()
        with pytest.raises(errors.AuthError) as info:
            await c.verify()
    text = "".join(traceback.format_exception(info.value)) + repr(info.value)
    assert simulated.SIM_SECRET not in text
    assert info.value.status == 401


async def test_auth_error_when_credentials_are_wrong() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app, client_id="someone-else") as c:
        with pytest.raises(errors.AuthError) as info:
            await c.verify()
    assert info.value.operation == "createAccessToken"
    assert simulated.SIM_SECRET not in str(info.value) + repr(info.value)


async def test_legacy_token_endpoint_works_when_configured() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(
        app, token_url=f"{simulated.BASE}/oauth/token", audience="api://p8p.client"
    ) as c:
        assert (await c.verify()).companies_total == 20
    counts = await simulated.request_counts(app)
    assert counts["byOperation"]["createLegacyToken"] == 1


async def test_calls_are_retried_when_the_simulator_injects_5xx() -> None:
    app = simulated.simulator_app()
    metrics = metrics_mod.Metrics.create(CollectorRegistry())
    async with simulated.admin(app) as a:
        fault = {"kind": "status", "status": 503, "times": 2, "operations": ["findCompanies"]}
        (await a.post("/faults", json=fault)).raise_for_status()
    async with simulated.pax8_client(app, metrics) as c:
        companies = [x async for x in c.list_companies()]
    assert len(companies) == 20
    labels = {"connection": "ns/sim", "operation": "findCompanies", "code": "503"}
    assert metrics.registry.get_sample_value("pax8_operator_pax8_requests_total", labels) == 2


@pytest.mark.parametrize(
    ("shape", "cls"),
    [
        ("documented", errors.UnprocessableError),
        ("errors", errors.UnprocessableError),
        ("oauth", errors.UnprocessableError),
    ],
)
async def test_error_message_is_parsed_when_simulator_answers_each_shape(
    shape: str, cls: type[errors.Pax8Error]
) -> None:
    app = simulated.simulator_app()
    async with simulated.admin(app) as a:
        fault = {
            "kind": "status",
            "status": 422,
            "errorShape": shape,
            "operations": ["findSubscriptionBySubscriptionId"],
        }
        (await a.post("/faults", json=fault)).raise_for_status()
    async with simulated.pax8_client(app) as c:
        sub = await anext(c.list_subscriptions())
        with pytest.raises(cls) as info:
            await c.get_subscription(sub.id)
    assert info.value.message
    assert info.value.message != "Unprocessable Entity"
    assert info.value.raw_body


async def test_get_is_retried_when_the_body_is_malformed() -> None:
    app = simulated.simulator_app()
    async with simulated.admin(app) as a:
        for kind in ("malformed-json", "truncated-json"):
            fault = {"kind": kind, "times": 1, "operations": ["findCompanies"]}
            (await a.post("/faults", json=fault)).raise_for_status()
    async with simulated.pax8_client(app) as c:
        assert (await c.verify()).companies_total == 20


async def test_order_is_not_retried_when_the_simulator_answers_5xx() -> None:
    app = simulated.simulator_app()
    async with simulated.admin(app) as a:
        fault = {"kind": "status", "status": 500, "times": 1, "operations": ["createOrder"]}
        (await a.post("/faults", json=fault)).raise_for_status()
    async with simulated.pax8_client(app) as c:
        sub = await anext(c.list_subscriptions())
        order = models.CreateOrder(
            company_id=sub.company_id or "",
            line_items=[
                models.CreateLineItem(
                    product_id=sub.product_id or "",
                    line_item_number=1,
                    quantity=1,
                    billing_term="Monthly",
                )
            ],
        )
        with pytest.raises(errors.AmbiguousWriteError) as info:
            await c.create_order(order)
    assert info.value.operation == "createOrder"
    counts = await simulated.request_counts(app)
    assert counts["byOperation"]["createOrder"] == 1


@pytest.mark.looptime
async def test_no_429_when_the_budget_matches_the_simulator_limit() -> None:
    app = simulated.simulator_app(rate_limit_per_minute=120)
    simulated.limiter_on_loop_time(app)
    loop = asyncio.get_running_loop()
    start = loop.time()
    async with simulated.pax8_client(app, requests_per_minute=120) as c:
        company = await anext(c.list_companies())
        await asyncio.gather(*(c.get_company(company.id) for _ in range(300)))
    elapsed = loop.time() - start
    counts = await simulated.request_counts(app)
    assert counts["statusCodes"].get("429", 0) == 0
    assert counts["byOperation"]["findCompanyById"] == 300
    assert elapsed >= 120  # 300 calls at 120/minute cannot finish in under two minutes


@pytest.mark.looptime
async def test_client_slows_down_when_the_simulator_answers_429() -> None:
    app = simulated.simulator_app(rate_limit_per_minute=60)
    simulated.limiter_on_loop_time(app)
    async with simulated.pax8_client(app, requests_per_minute=1000) as c:
        company = await anext(c.list_companies())
        results = await asyncio.gather(*(c.get_company(company.id) for _ in range(100)))
    assert len(results) == 100
    counts = await simulated.request_counts(app)
    assert counts["statusCodes"]["429"] > 0
    assert counts["byOperation"]["findCompanyById"] >= 100


async def test_order_raises_ambiguous_write_when_the_answer_is_truncated() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        company = await anext(c.list_companies(status="Active"))
        product = await simulated.simple_product(c)
        before = [o.id async for o in c.list_orders(company_id=company.id)]
        async with simulated.admin(app) as a:
            fault = {"kind": "truncated-json", "times": 1, "operations": ["createOrder"]}
            (await a.post("/faults", json=fault)).raise_for_status()
        with pytest.raises(errors.AmbiguousWriteError):
            await c.create_order(simulated.one_line_order(company.id, product.id))
        after = [o.id async for o in c.list_orders(company_id=company.id)]
    assert len(after) == len(before) + 1
