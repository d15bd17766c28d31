"""An httpx transport wrapper that counts every attempt on the operator's metrics.

Why at the transport: retries happen above it, so each attempt (a retried 503, a 429, a
dropped connection) is one sample, with the Pax8 operation as a bounded label. The wrapper
also reads the whole body inside the timed section, so a response cut off mid-body is
counted as ``code="error"`` and surfaces as an httpx error to the caller.
"""

from __future__ import annotations

import time

import httpx

from pax8_operator import metrics as metrics_mod

OPERATION_EXTENSION = "pax8_operation"


def operation_of(request: httpx.Request) -> str:
    """The operation label the client put on the request."""
    value = request.extensions.get(OPERATION_EXTENSION)
    return value if isinstance(value, str) else "unknown"


class InstrumentedTransport(httpx.AsyncBaseTransport):
    """Delegates to ``inner`` and records requests, durations and 429s per attempt."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport,
        *,
        connection: str,
        metrics: metrics_mod.Metrics | None,
    ) -> None:
        self._inner = inner
        self._connection = connection
        self._metrics = metrics

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        operation = operation_of(request)
        started = time.perf_counter()
        code = "error"
        try:
            response = await self._inner.handle_async_request(request)
            if response.is_stream_consumed:  # already read by the inner transport (mocks)
                code = str(response.status_code)
                return response
            try:
                body = b"".join([chunk async for chunk in response.aiter_raw()])
            finally:
                await response.aclose()
            code = str(response.status_code)
            return httpx.Response(
                status_code=response.status_code,
                headers=response.headers,
                stream=httpx.ByteStream(body),
                extensions=response.extensions,
            )
        finally:
            self._record(operation, code, time.perf_counter() - started)

    def _record(self, operation: str, code: str, seconds: float) -> None:
        if self._metrics is None:
            return
        self._metrics.pax8_requests.labels(self._connection, operation, code).inc()
        self._metrics.pax8_request_duration.labels(operation).observe(seconds)
        if code == "429":
            self._metrics.pax8_rate_limited.labels(self._connection).inc()

    async def aclose(self) -> None:
        await self._inner.aclose()
