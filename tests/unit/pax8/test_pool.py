"""The client's connection pool: keep-alive across a listing, and the cheap idle-connection check.

Why: a full listing is only fast if pages reuse pooled HTTP/1.1 connections, and the pool
must still notice a server that closed an idle connection (else the next request fails).
"""

from __future__ import annotations

import asyncio
import json
import socket
import typing

import httpcore

from pax8_operator.pax8 import client, pool

from . import fakes


class CountingServer:
    """A minimal HTTP/1.1 server: a token, and ``/companies`` in pages; counts connections."""

    def __init__(self, companies: int) -> None:
        self.companies = companies
        self.connections = 0
        self.requests = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while head := await reader.readuntil(b"\r\n\r\n"):
                self.requests += 1
                lines = head.decode().split("\r\n")
                length = next(
                    (
                        int(v)
                        for k, _, v in (x.partition(": ") for x in lines)
                        if k == "Content-Length"
                    ),
                    0,
                )
                await reader.readexactly(length)
                body = json.dumps(self.answer(lines[0].split()[1])).encode()
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(body)}\r\n\r\n".encode()
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    def answer(self, target: str) -> dict[str, typing.Any]:
        if target.startswith("/token"):
            return {"access_token": "tok", "expires_in": 3600}
        query = dict(p.split("=") for p in target.partition("?")[2].split("&"))
        number, size = int(query["page"]), int(query["size"])
        ids = range(number * size, min(self.companies, (number + 1) * size))
        pages = -(-self.companies // size)
        info = {"size": size, "totalElements": self.companies, "totalPages": pages}
        return {"content": [{"id": f"c{i}"} for i in ids], "page": {**info, "number": number}}


async def test_pages_reuse_kept_alive_connections_when_listing_concurrently() -> None:
    server = CountingServer(companies=40)
    listener = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    port = listener.sockets[0].getsockname()[1]
    settings = fakes.settings(
        base_url=f"http://127.0.0.1:{port}",
        token_url=f"http://127.0.0.1:{port}/token",
        page_size=2,
        page_concurrency=3,
    )
    async with listener, client.Pax8Client(settings) as c:
        ids = [company.id async for company in c.list_companies()]
    assert ids == [f"c{i}" for i in range(40)]
    assert server.requests == 21  # the token and 20 pages
    assert server.connections <= 4  # at most the pages in flight plus the first


async def test_idle_connection_is_readable_when_the_server_closed_it() -> None:
    ours, theirs = socket.socketpair()
    with ours:
        assert pool.is_readable(ours) is False
        theirs.close()
        assert pool.is_readable(ours) is True
    assert pool.is_readable(None) is True


class FakeStream(httpcore.AsyncNetworkStream):
    """An inner stream that counts what it is asked."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.asked: list[str] = []

    def get_extra_info(self, info: str) -> typing.Any:
        self.asked.append(info)
        return self.sock if info == "socket" else f"<{info}>"


async def test_constant_attributes_are_looked_up_once_when_checked_per_request() -> None:
    ours, theirs = socket.socketpair()
    with ours, theirs:
        inner = FakeStream(ours)
        stream = pool.CachedInfoStream(inner)
        readable = [stream.get_extra_info("is_readable") for _ in range(3)]
        addresses = [stream.get_extra_info("server_addr") for _ in range(3)]
        theirs.sendall(b"x")
        assert stream.get_extra_info("is_readable") is True
    assert readable == [False, False, False]
    assert addresses == ["<server_addr>"] * 3
    assert inner.asked == ["socket", "server_addr"]
