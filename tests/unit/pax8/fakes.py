"""A tiny scripted Pax8 for httpx.MockTransport: tokens, paged companies, scripted failures.

Why beside the simulator: some behaviours (a dropped connection in-process, a response
arriving in a chosen order, counting exactly what was sent) are easiest to provoke with a
transport handler we control line by line.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx
from pydantic import SecretStr

from pax8_operator.pax8 import client

SECRET = "s3cr3t-value-never-printed"
TOKEN_PREFIX = "tok-abcdef-"

Script = Callable[[httpx.Request], httpx.Response | None]


def settings(**overrides: Any) -> client.Pax8ClientSettings:
    values: dict[str, Any] = {
        "base_url": "https://pax8.test/v1",
        "token_url": "https://pax8.test/v1/token",
        "client_id": "cid",
        "client_secret": SecretStr(SECRET),
        "backoff_base_seconds": 0.1,
    }
    values.update(overrides)
    return client.Pax8ClientSettings(**values)


class FakePax8:
    """Serves ``/token`` and ``/companies`` (paged); ``script`` may answer any request first."""

    def __init__(self, companies: int = 0, *, page_delay: float = 0.0) -> None:
        self.companies = [{"id": f"c-{i:05d}", "name": f"Company {i}"} for i in range(companies)]
        self.page_delay = page_delay
        self.requests: list[httpx.Request] = []
        self.tokens_issued: list[str] = []
        self.valid_tokens: set[str] = set()
        self.scripts: list[Script] = []
        self.in_flight = 0
        self.max_in_flight = 0

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    def count(self, method: str, path_end: str) -> int:
        return sum(1 for r in self.requests if r.method == method and r.url.path.endswith(path_end))

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        for script in self.scripts:
            answer = script(request)
            if answer is not None:
                return answer
        if request.url.path.endswith("/token"):
            return self._token(request)
        if (
            request.headers.get("Authorization", "").removeprefix("Bearer ")
            not in self.valid_tokens
        ):
            return httpx.Response(401, json={"type": "x", "message": "Unauthorized", "status": 401})
        if request.url.path == "/v1/companies" and request.method == "GET":
            return await self._companies(request)
        if request.url.path == "/v1/orders" and request.method == "POST":
            return httpx.Response(200, json={"id": "o-1", "companyId": "c-1", "lineItems": []})
        return httpx.Response(404, json={"message": "Not found", "status": 404})

    def _token(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        if body.get("client_secret") != SECRET:
            return httpx.Response(
                401, json={"error": "access_denied", "error_description": "Unauthorized"}
            )
        token = f"{TOKEN_PREFIX}{len(self.tokens_issued)}"
        self.tokens_issued.append(token)
        self.valid_tokens.add(token)
        return httpx.Response(
            200, json={"access_token": token, "expires_in": 86400, "token_type": "Bearer"}
        )

    async def _companies(self, request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "0"))
        size = int(request.url.params.get("size", "10"))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            # later pages answer faster, so out-of-order completion is exercised
            await asyncio.sleep(self.page_delay / (page + 1))
        finally:
            self.in_flight -= 1
        chunk = self.companies[page * size : (page + 1) * size]
        total = len(self.companies)
        return httpx.Response(
            200,
            json={
                "content": chunk,
                "page": {
                    "size": size,
                    "totalElements": total,
                    "totalPages": (total + size - 1) // size,
                    "number": page,
                },
            },
        )
