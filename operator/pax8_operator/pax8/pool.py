"""The HTTP connection pool under the Pax8 client: httpx's, minus a per-request CPU cost.

Why: a full listing fetches hundreds of 200-item pages, several at once, and the client's own
CPU per page is what limits it. httpcore's pool checks every pooled connection on each
request and each response close (``has_expired``), and each check asks the network stream
for its socket; the anyio stream answers by building a fresh table of attribute lookups
every time. That was about a third of httpx's share of a page. Here the stream answers
the attributes that never change while a connection lives (its socket, addresses, TLS
object) from a cache, and ``is_readable`` (a server that closed an idle connection) is
still polled every time, on the cached socket. Everything else (HTTP/1.1 keep-alive, TLS,
timeouts, error mapping) is httpx's and httpcore's own code.
"""

from __future__ import annotations

import functools
import select
import socket
import ssl
import typing
from collections.abc import Iterable

import httpcore
import httpx

_CONSTANT_INFO = frozenset({"socket", "ssl_object", "client_addr", "server_addr"})


def is_readable(sock: socket.socket | None) -> bool:
    """Whether ``recv`` would return at once: on an idle connection, the server closed it.

    A socket that is gone counts as readable (its next read returns the end of stream).
    """
    fd = -1 if sock is None else sock.fileno()
    if fd < 0:
        return True
    if not hasattr(select, "poll"):  # pragma: no cover - Windows
        ready, _, _ = select.select([fd], [], [], 0)
        return bool(ready)
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class CachedInfoStream(httpcore.AsyncNetworkStream):
    """A network stream whose constant ``get_extra_info`` answers are looked up once."""

    def __init__(self, inner: httpcore.AsyncNetworkStream) -> None:
        self._inner = inner
        self._info: dict[str, typing.Any] = {}

    # httpcore's stream/backend interface takes ``timeout`` arguments: ASYNC109 does not apply.
    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:  # noqa: ASYNC109
        return await self._inner.read(max_bytes, timeout)

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:  # noqa: ASYNC109
        await self._inner.write(buffer, timeout)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,  # noqa: ASYNC109
    ) -> httpcore.AsyncNetworkStream:
        return CachedInfoStream(await self._inner.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> typing.Any:
        if info == "is_readable":
            return is_readable(self.get_extra_info("socket"))
        if info not in _CONSTANT_INFO:
            return self._inner.get_extra_info(info)
        try:
            return self._info[info]
        except KeyError:
            value = self._info[info] = self._inner.get_extra_info(info)
            return value


class CachedInfoBackend(httpcore.AsyncNetworkBackend):
    """Opens connections with ``inner`` and wraps each stream in a ``CachedInfoStream``."""

    def __init__(self, inner: httpcore.AsyncNetworkBackend) -> None:
        self._inner = inner

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,  # noqa: ASYNC109
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_tcp(
            host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )
        return CachedInfoStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,  # noqa: ASYNC109
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        stream = await self._inner.connect_unix_socket(
            path, timeout=timeout, socket_options=socket_options
        )
        return CachedInfoStream(stream)

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


@functools.cache
def shared_ssl_context() -> ssl.SSLContext:
    """httpx's default verifying context (certifi's CA bundle), built once per process.

    Loading the bundle takes tens of milliseconds of CPU; every client (one per connection,
    rebuilt when its Secret changes) shares the one context, which is safe across tasks.
    """
    return httpx.create_ssl_context()


class PooledTransport(httpx.AsyncHTTPTransport):
    """``httpx.AsyncHTTPTransport`` (HTTP/1.1, keep-alive) over a ``CachedInfoBackend`` pool.

    Only the pool is replaced; requests, responses and httpcore-to-httpx error mapping are
    the parent's. Environment proxies do not apply here (as before: the client always
    passed its own transport).
    """

    def __init__(self, *, limits: httpx.Limits) -> None:
        # The parent's __init__ is not called: it would build a second pool and SSL context.
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=shared_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=False,
            network_backend=CachedInfoBackend(httpcore.AnyIOBackend()),
        )
