"""The client against a scripted transport: paging, tokens, retries, ambiguity, metrics."""

from __future__ import annotations

import asyncio
import json
import traceback

import httpx
import pytest
from prometheus_client import CollectorRegistry

from pax8_operator import metrics as metrics_mod
from pax8_operator.pax8 import client, errors, models

from . import fakes


def order() -> models.CreateOrder:
    return models.CreateOrder(
        company_id="c-1",
        line_items=[
            models.CreateLineItem(
                product_id="p-1", line_item_number=1, quantity=1, billing_term="Monthly"
            )
        ],
    )


def metric(m: metrics_mod.Metrics, name: str, labels: dict[str, str]) -> float:
    value = m.registry.get_sample_value(name, labels)
    return value or 0.0


@pytest.mark.looptime
async def test_listing_yields_every_item_in_order_when_pages_finish_out_of_order() -> None:
    fake = fakes.FakePax8(companies=2_000, page_delay=1.0)
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        ids = [company.id async for company in c.list_companies()]
    assert ids == [f"c-{i:05d}" for i in range(2_000)]
    pages = [r for r in fake.requests if r.url.path == "/v1/companies"]
    assert len(pages) == 10
    assert {r.url.params["size"] for r in pages} == {"200"}
    assert (
        1 < fake.max_in_flight <= client.Pax8ClientSettings.model_fields["page_concurrency"].default
    )


@pytest.mark.looptime
async def test_listing_concurrency_is_bounded_when_configured() -> None:
    fake = fakes.FakePax8(companies=3_000, page_delay=1.0)
    settings = fakes.settings(page_concurrency=3)
    async with client.Pax8Client(settings, transport=fake.transport()) as c:
        count = len([x async for x in c.list_companies()])
    assert count == 3_000
    assert fake.max_in_flight == 3


async def test_listing_is_empty_when_pax8_has_no_items() -> None:
    fake = fakes.FakePax8(companies=0)
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        assert [x async for x in c.list_companies()] == []


async def test_listing_sends_filters_when_given() -> None:
    fake = fakes.FakePax8(companies=1)
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        _ = [x async for x in c.list_companies(status="Active", self_service_allowed=False)]
    params = fake.requests[-1].url.params
    assert params["status"] == "Active"
    assert params["selfServiceAllowed"] == "false"


@pytest.mark.looptime
async def test_listing_cancels_pages_in_flight_when_the_caller_stops_early() -> None:
    fake = fakes.FakePax8(companies=2_000, page_delay=1.0)
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        listing = c.list_companies()
        async for company in listing:
            if company.id == "c-00250":
                break
        await listing.aclose()  # type: ignore[attr-defined]
    assert fake.in_flight == 0


async def test_concurrent_callers_share_one_token_request_when_none_is_cached() -> None:
    fake = fakes.FakePax8(companies=5)
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        results = await asyncio.gather(*(c.verify() for _ in range(20)))
    assert {r.companies_total for r in results} == {5}
    assert fake.count("POST", "/token") == 1


async def test_token_request_is_json_client_credentials_when_fetched() -> None:
    fake = fakes.FakePax8()
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        await c.verify()
    token_request = next(r for r in fake.requests if r.url.path.endswith("/token"))
    assert token_request.headers["content-type"] == "application/json"
    assert json.loads(token_request.content) == {
        "client_id": "cid",
        "client_secret": fakes.SECRET,
        "audience": "https://api.pax8.com",
        "grant_type": "client_credentials",
    }


async def test_token_is_refreshed_once_when_pax8_answers_401() -> None:
    fake = fakes.FakePax8(companies=1)
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        await c.verify()
        fake.valid_tokens.clear()  # Pax8 forgot every token it issued
        result = await c.verify()
    assert result.companies_total == 1
    assert fake.count("POST", "/token") == 2


async def test_concurrent_401s_share_one_refresh_when_the_token_is_revoked() -> None:
    fake = fakes.FakePax8(companies=1)
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        await c.verify()
        fake.valid_tokens.clear()
        await asyncio.gather(*(c.verify() for _ in range(10)))
    assert fake.count("POST", "/token") == 2


@pytest.mark.looptime
async def test_connection_error_has_no_secret_when_the_token_endpoint_is_unreachable() -> None:
    fake = fakes.FakePax8()

    def refuse(request: httpx.Request) -> httpx.Response | None:
        if request.url.path.endswith("/token"):
            # the chained httpx error carries the request, whose body holds the secret
            raise httpx.ConnectError("connection refused", request=request)
        return None

    fake.scripts.append(refuse)
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        with pytest.raises(errors.Pax8ConnectionError) as info:
            await c.verify()
    assert info.value.operation == "createAccessToken"
    assert fake.count("POST", "/token") == 4  # a token request is safe to repeat
    assert isinstance(info.value.__cause__, httpx.ConnectError)
    text = "".join(traceback.format_exception(info.value)) + repr(info.value)
    assert fakes.SECRET not in text


async def test_auth_error_is_raised_when_a_fresh_token_is_also_rejected() -> None:
    fake = fakes.FakePax8(companies=1)
    fake.scripts.append(
        lambda r: (
            httpx.Response(401, json={"message": "no"}) if r.url.path == "/v1/companies" else None
        )
    )
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        with pytest.raises(errors.AuthError):
            await c.verify()
    assert fake.count("GET", "/companies") == 2
    assert fake.count("POST", "/token") == 2


@pytest.mark.looptime
async def test_token_is_reused_until_shortly_before_expiry_when_cached() -> None:
    fake = fakes.FakePax8(companies=1)
    fake.scripts.append(
        lambda r: (
            httpx.Response(200, json={"access_token": "tok-short-1", "expires_in": 600})
            if r.url.path.endswith("/token")
            else None
        )
    )
    fake.valid_tokens.add("tok-short-1")
    loop = asyncio.get_running_loop()
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        await c.verify()
        await asyncio.sleep(500)
        await c.verify()
        assert fake.count("POST", "/token") == 1
        await asyncio.sleep(60)  # 560 s: inside the refresh margin of a 600 s token
        await c.verify()
        assert fake.count("POST", "/token") == 2
    assert loop.time() >= 560


async def test_auth_error_has_no_secret_when_credentials_are_wrong() -> None:
    fake = fakes.FakePax8()
    settings = fakes.settings(client_secret="wrong-secret-value-xyz")
    async with client.Pax8Client(settings, transport=fake.transport()) as c:
        with pytest.raises(errors.AuthError) as info:
            await c.verify()
    error = info.value
    assert error.status == 401
    assert error.operation == "createAccessToken"
    assert error.message == "Unauthorized"
    text = "".join(traceback.format_exception(error)) + repr(error) + repr(settings)
    assert "wrong-secret-value-xyz" not in text


@pytest.mark.looptime
async def test_get_is_retried_when_pax8_answers_5xx() -> None:
    fake = fakes.FakePax8(companies=3)
    failures = iter([503, 502])

    def flaky(request: httpx.Request) -> httpx.Response | None:
        if request.url.path == "/v1/companies":
            status = next(failures, None)
            if status is not None:
                return httpx.Response(status, json={"message": "busy", "status": status})
        return None

    fake.scripts.append(flaky)
    m = metrics_mod.Metrics.create(CollectorRegistry())
    async with client.Pax8Client(
        fakes.settings(), connection="ns/a", metrics=m, transport=fake.transport()
    ) as c:
        assert len([x async for x in c.list_companies()]) == 3
    labels = {"connection": "ns/a", "operation": "findCompanies"}
    assert metric(m, "pax8_operator_pax8_requests_total", {**labels, "code": "503"}) == 1
    assert metric(m, "pax8_operator_pax8_requests_total", {**labels, "code": "502"}) == 1
    assert metric(m, "pax8_operator_pax8_requests_total", {**labels, "code": "200"}) == 1


@pytest.mark.looptime
async def test_server_error_is_raised_when_5xx_persists_past_max_attempts() -> None:
    fake = fakes.FakePax8(companies=3)
    fake.scripts.append(
        lambda r: (
            httpx.Response(500, json={"message": "down"}) if "companies" in r.url.path else None
        )
    )
    async with client.Pax8Client(fakes.settings(max_attempts=3), transport=fake.transport()) as c:
        with pytest.raises(errors.ServerError) as info:
            await c.get_company("c-1")
    assert info.value.message == "down"
    assert fake.count("GET", "/companies/c-1") == 3


async def test_order_is_not_retried_when_pax8_answers_5xx() -> None:
    fake = fakes.FakePax8()
    fake.scripts.append(
        lambda r: (
            httpx.Response(503, json={"message": "busy"}) if r.url.path == "/v1/orders" else None
        )
    )
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        with pytest.raises(errors.AmbiguousWriteError) as info:
            await c.create_order(order())
    assert info.value.operation == "createOrder"
    assert info.value.status == 503
    assert fake.count("POST", "/orders") == 1


@pytest.mark.parametrize(
    "exc", [httpx.ReadTimeout("read timed out"), httpx.RemoteProtocolError("peer closed")]
)
async def test_order_raises_ambiguous_write_when_the_answer_is_lost(exc: Exception) -> None:
    fake = fakes.FakePax8()

    def lose(request: httpx.Request) -> httpx.Response | None:
        if request.url.path == "/v1/orders":
            raise exc
        return None

    fake.scripts.append(lose)
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        with pytest.raises(errors.AmbiguousWriteError) as info:
            await c.create_order(order(), is_mock=False)
    assert "createOrder" in str(info.value)
    assert isinstance(info.value.__cause__, httpx.TransportError)
    assert fake.count("POST", "/orders") == 1
    text = "".join(traceback.format_exception(info.value))
    assert fakes.SECRET not in text
    assert fakes.TOKEN_PREFIX not in text


@pytest.mark.looptime
async def test_order_is_retried_when_the_connection_was_never_made() -> None:
    fake = fakes.FakePax8()
    refused = iter([True])

    def refuse_once(request: httpx.Request) -> httpx.Response | None:
        if request.url.path == "/v1/orders" and next(refused, False):
            raise httpx.ConnectError("connection refused")
        return None

    fake.scripts.append(refuse_once)
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        created = await c.create_order(order(), is_mock=True)
    assert created.id == "o-1"
    posts = [r for r in fake.requests if r.url.path == "/v1/orders"]
    assert len(posts) == 2
    assert posts[-1].url.params["isMock"] == "true"


@pytest.mark.looptime
async def test_get_is_retried_when_the_body_is_truncated_json() -> None:
    fake = fakes.FakePax8(companies=1)
    broken = iter([True])
    fake.scripts.append(
        lambda r: (
            httpx.Response(200, content=b'{"content": [{"id"')
            if r.url.path == "/v1/companies" and next(broken, False)
            else None
        )
    )
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        assert (await c.verify()).companies_total == 1


@pytest.mark.looptime
async def test_every_caller_pauses_when_one_gets_429_with_retry_after() -> None:
    fake = fakes.FakePax8(companies=1)
    limited = iter([True])
    fake.scripts.append(
        lambda r: (
            httpx.Response(429, json={"message": "slow down"}, headers={"Retry-After": "30"})
            if r.url.path == "/v1/companies" and next(limited, False)
            else None
        )
    )
    m = metrics_mod.Metrics.create(CollectorRegistry())
    loop = asyncio.get_running_loop()
    async with client.Pax8Client(
        fakes.settings(), connection="ns/a", metrics=m, transport=fake.transport()
    ) as c:
        await c.session.token()
        start = loop.time()
        first = asyncio.create_task(c.verify())
        await asyncio.sleep(1)
        second_started = loop.time()
        await c.verify()  # another caller: must wait for the shared pause
        second_done = loop.time()
        await first
    assert second_done - second_started >= 28
    assert second_done - start >= 30
    assert metric(m, "pax8_operator_pax8_rate_limited_total", {"connection": "ns/a"}) == 1


@pytest.mark.looptime
async def test_rate_limited_error_is_raised_when_429_never_stops() -> None:
    fake = fakes.FakePax8(companies=1)
    fake.scripts.append(
        lambda r: (
            httpx.Response(429, json={"message": "slow down"})
            if r.url.path == "/v1/companies"
            else None
        )
    )
    async with client.Pax8Client(
        fakes.settings(rate_limited_max_attempts=3, max_attempts=2), transport=fake.transport()
    ) as c:
        with pytest.raises(errors.RateLimitedError):
            await c.verify()
    assert fake.count("GET", "/companies") == 3


async def test_transport_errors_are_counted_as_error_when_no_response_arrives() -> None:
    fake = fakes.FakePax8()

    def lose(request: httpx.Request) -> httpx.Response | None:
        if request.url.path == "/v1/orders":
            raise httpx.ReadTimeout("timed out")
        return None

    fake.scripts.append(lose)
    m = metrics_mod.Metrics.create(CollectorRegistry())
    async with client.Pax8Client(
        fakes.settings(), connection="ns/a", metrics=m, transport=fake.transport()
    ) as c:
        with pytest.raises(errors.AmbiguousWriteError):
            await c.create_order(order())
    labels = {"connection": "ns/a", "operation": "createOrder", "code": "error"}
    assert metric(m, "pax8_operator_pax8_requests_total", labels) == 1
    token_labels = {"connection": "ns/a", "operation": "createAccessToken", "code": "200"}
    assert metric(m, "pax8_operator_pax8_requests_total", token_labels) == 1
    assert (
        metric(m, "pax8_operator_pax8_request_duration_seconds_count", {"operation": "createOrder"})
        == 1
    )


async def test_legacy_token_endpoint_is_used_when_configured() -> None:
    fake = fakes.FakePax8(companies=2)
    settings = fakes.settings(
        token_url="https://login.pax8.test/oauth/token", audience="api://p8p.client"
    )
    async with client.Pax8Client(settings, transport=fake.transport()) as c:
        assert (await c.verify()).companies_total == 2
    token_request = next(r for r in fake.requests if r.method == "POST")
    assert str(token_request.url) == "https://login.pax8.test/oauth/token"
    assert json.loads(token_request.content)["audience"] == "api://p8p.client"


async def test_ids_are_escaped_when_they_are_not_uuids() -> None:
    fake = fakes.FakePax8()
    fake.scripts.append(
        lambda r: (
            httpx.Response(200, json={"id": "a/b c"})
            if "companies/" in r.url.raw_path.decode()
            else None
        )
    )
    async with client.Pax8Client(fakes.settings(), transport=fake.transport()) as c:
        company = await c.get_company("a/b c")
    assert company.id == "a/b c"
    assert fake.requests[-1].url.raw_path == b"/v1/companies/a%2Fb%20c"
