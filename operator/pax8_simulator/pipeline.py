"""The per-request path every Pax8 route shares: count, authenticate, fault, delay, limit, answer.

Written as a raw ASGI endpoint (not Starlette's request/response wrapper) to keep per-request
overhead low and so drop-after-write can cut a response off after it started.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette import requests, types

from pax8_simulator import errors, simulator

JSON_HEADERS = [(b"content-type", b"application/json")]
Handler = Callable[[simulator.Simulator, requests.Request], Awaitable["Reply"]]


@dataclasses.dataclass(slots=True)
class Reply:
    """What a handler answers: status, body bytes (None for no body), extra headers."""

    status: int
    body: bytes | None = None
    headers: list[tuple[bytes, bytes]] = dataclasses.field(default_factory=list)


class DroppedConnection(Exception):
    """Raised after a partial response so the server closes the connection (drop-after-write)."""


async def json_body(request: requests.Request) -> Any:
    """The request's JSON body, or 400 with the documented body."""
    raw = await request.body()
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        raise errors.bad_request("Request body is not valid JSON") from None


def bearer(scope: types.Scope) -> str | None:
    """The bearer token from the Authorization header, if any."""
    for name, value in scope["headers"]:
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
    return None


class Pax8Endpoint:
    """ASGI endpoint for one Pax8 operation."""

    def __init__(self, operation: str, handler: Handler, *, authenticated: bool = True) -> None:
        self.operation = operation
        self.handler = handler
        self.authenticated = authenticated

    async def __call__(self, scope: types.Scope, receive: types.Receive, send: types.Send) -> None:
        sim: simulator.Simulator = scope["app"].state.simulator
        sim.requests.request(self.operation)
        path = scope["path"]
        client: str | None = None
        post_fault: str | None = None
        try:
            client, post_fault = await self._admit(sim, scope)
            reply = await self.handler(sim, requests.Request(scope, receive))
        except errors.ApiError as exc:
            reply = Reply(exc.status, exc.render(path), exc.headers)
        sim.requests.status(reply.status)
        if client is not None and reply.status < 400:
            sim.limiter.record(client)
        await _send(reply, post_fault, send)

    async def _admit(
        self, sim: simulator.Simulator, scope: types.Scope
    ) -> tuple[str | None, str | None]:
        """Latency, authentication, faults and the rate limit; returns (client, post fault)."""
        cfg = sim.config
        if cfg.latency_ms:
            await asyncio.sleep(cfg.latency_ms / 1000)
        sim.world.sweep()
        client: str | None = None
        if self.authenticated:
            token = bearer(scope)
            client = sim.tokens.client_for(token) if token else None
            if client is None:
                raise errors.ApiError(401, "Unauthorized", details=["Invalid or expired token"])
        post_fault: str | None = None
        for rule in sim.faults.pick(self.operation):
            if rule.kind == "latency":
                await asyncio.sleep(rule.latency_ms / 1000)
            elif rule.kind == "hang":
                await asyncio.sleep(rule.hang_seconds)
            elif rule.kind == "status":
                raise errors.ApiError(
                    rule.status, f"Injected fault: HTTP {rule.status}", shape=rule.error_shape
                )
            elif post_fault is None:
                post_fault = rule.kind
        if client is not None and sim.limiter.exceeded(client, cfg.rate_limit_per_minute):
            raise _rate_limited(sim, client)
        return client, post_fault


async def _send(reply: Reply, fault: str | None, send: types.Send) -> None:
    """Send the reply, corrupted or cut off when a post-handler fault fired."""
    headers = list(reply.headers)
    body = reply.body if reply.body is not None else b""
    status = reply.status
    if fault == "drop-after-write" and not body:
        # An empty answer would be complete after its headers; promise a body to cut instead.
        status, body = (200 if status == 204 else status), b"{}"
    if fault == "malformed-json":
        body = b'{"content": [ {"id": <!-- upstream error -->'
    elif fault == "truncated-json":
        body = body[: max(1, len(body) // 2)]
    if body:
        headers = JSON_HEADERS + headers
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    if fault == "drop-after-write":
        partial = {"type": "http.response.body", "body": body[: len(body) // 2], "more_body": True}
        await send(partial)
        raise DroppedConnection("drop-after-write fault: response cut off")
    await send({"type": "http.response.body", "body": body})


def _rate_limited(sim: simulator.Simulator, client: str) -> errors.ApiError:
    limit = sim.config.rate_limit_per_minute
    exc = errors.ApiError(
        429, "Too Many Requests", details=[f"Rate limit of {limit} requests per minute exceeded"]
    )
    if sim.config.retry_after_header:
        exc.headers.append((b"retry-after", str(sim.limiter.retry_after(client)).encode()))
    return exc
