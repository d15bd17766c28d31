"""MirrorClient over real HTTP (aiohttp on loopback): throttled answers and error text."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from kubernetes_asyncio import client as kclient

from pax8_operator import metrics as metrics_
from pax8_operator.kube import mirrors
from pax8_operator.models import mirrors as m

PATH = f"/apis/{m.GROUP}/{m.VERSION}/namespaces/billing/pax8accounts"


class FakeServer:
    """Answers ``throttle`` requests with 429 first, then serves an empty list / creates."""

    def __init__(self, throttle: int, retry_after: str | None = "0") -> None:
        self.throttle = throttle
        self.retry_after = retry_after
        self.calls: list[str] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.calls.append(request.method)
        if self.throttle > 0:
            self.throttle -= 1
            headers = {} if self.retry_after is None else {"Retry-After": self.retry_after}
            body = {"kind": "Status", "message": "storage is (re)initializing", "code": 429}
            return web.json_response(body, status=429, headers=headers)
        if request.method == "POST":
            return web.json_response({"metadata": {"name": "a", "uid": "u-1"}}, status=201)
        return web.json_response({"items": [{"metadata": {"name": "a"}}], "metadata": {}})


@pytest.fixture
async def serve() -> AsyncIterator[Any]:
    runners: list[web.AppRunner] = []

    async def start(fake: FakeServer) -> mirrors.MirrorClient:
        app = web.Application()
        app.router.add_route("*", PATH, fake.handle)
        runner = web.AppRunner(app)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        runners.append(runner)
        port = runner.addresses[0][1]
        cfg = kclient.Configuration(host=f"http://127.0.0.1:{port}")
        cfg.verify_ssl = False
        return mirrors.MirrorClient(cfg, metrics_.Metrics.create(), concurrency=4)

    yield start
    for runner in runners:
        await runner.cleanup()


async def test_list_retries_when_the_api_server_answers_429(serve: Any) -> None:
    fake = FakeServer(throttle=2)
    store = await serve(fake)
    try:
        names = [o["metadata"]["name"] async for o in store.list(m.ACCOUNT_KIND, "billing", "")]
    finally:
        await store.close()
    assert names == ["a"]
    assert fake.calls == ["GET", "GET", "GET"]


async def test_create_is_repeated_when_throttled_because_nothing_was_done(
    serve: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeServer(throttle=1, retry_after=None)
    monkeypatch.setattr(mirrors, "MAX_RETRY_AFTER", 0.0)  # no real 1 s wait
    store = await serve(fake)
    try:
        got = await store.create(m.ACCOUNT_KIND, "billing", {"metadata": {"name": "a"}})
    finally:
        await store.close()
    assert got["metadata"]["uid"] == "u-1"
    assert fake.calls == ["POST", "POST"]


async def test_throttling_is_an_error_with_the_message_when_it_persists(serve: Any) -> None:
    fake = FakeServer(throttle=100)
    store = await serve(fake)
    try:
        with pytest.raises(mirrors.KubeError, match="storage is") as info:
            _ = [o async for o in store.list(m.ACCOUNT_KIND, "billing", "")]
    finally:
        await store.close()
    assert info.value.status == 429
    assert len(fake.calls) == mirrors.THROTTLED_ATTEMPTS


@pytest.mark.parametrize(
    ("header", "seconds"),
    [(None, 1.0), ("2", 2.0), ("0", 0.0), ("-3", 0.0), ("soon", 1.0), ("3600", 10.0)],
)
def test_retry_delay_follows_retry_after_when_sane(header: str | None, seconds: float) -> None:
    assert mirrors._retry_delay(header) == seconds
