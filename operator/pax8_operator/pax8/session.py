"""One HTTP conversation with Pax8: budget, token, attempts, retries and error translation.

Why separate from ``client``: every operation (and the token request) goes through the same
loop here: draw from the budget, attach the token, send, then decide by the pure policy in
``retry`` whether to wait and try again or to raise one of ``errors``. ``client`` only maps
operations to paths and models.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

import httpx
import pydantic

from pax8_operator import metrics as metrics_mod
from pax8_operator.pax8 import auth, budget, config, errors, pool, retry, transport

log = logging.getLogger(__name__)

T = TypeVar("T")

_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
_USER_AGENT = "pax8-operator"


def _classify(exc: httpx.RequestError) -> retry.Failure:
    return retry.Failure.NOT_SENT if isinstance(exc, _NOT_SENT) else retry.Failure.AMBIGUOUS


class Pax8Session:
    """Owns the httpx client, the request budget and the token cache of one connection."""

    def __init__(
        self,
        settings: config.Pax8ClientSettings,
        *,
        connection: str,
        metrics: metrics_mod.Metrics | None = None,
        transport_: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.connection = connection
        self.budget = budget.RequestBudget(settings.requests_per_minute)
        self.tokens = auth.TokenCache(settings.token_refresh_margin_seconds)
        self._backoff = retry.Backoff(
            base=settings.backoff_base_seconds,
            maximum=settings.backoff_max_seconds,
            max_retry_after=settings.max_retry_after_seconds,
        )
        self._rate_backoff = retry.Backoff(
            base=settings.rate_limited_backoff_seconds,
            maximum=max(settings.backoff_max_seconds, settings.rate_limited_backoff_seconds),
            max_retry_after=settings.max_retry_after_seconds,
        )
        size = max(10, settings.page_concurrency * 2)
        inner = transport_ or pool.PooledTransport(
            limits=httpx.Limits(max_connections=size, max_keepalive_connections=size)
        )
        self._http = httpx.AsyncClient(
            transport=transport.InstrumentedTransport(
                inner, connection=connection, metrics=metrics
            ),
            timeout=settings.timeout(),
            headers={"Accept": "application/json", "User-Agent": _USER_AGENT},
            follow_redirects=False,
        )
        self._token_operation = auth.operation_name(settings.audience)

    async def aclose(self) -> None:
        """Close pooled connections."""
        await self._http.aclose()

    def secrets(self) -> list[str]:
        """Values that must never appear in error text."""
        values = [self.settings.client_secret.get_secret_value()]
        token = self.tokens.current()
        if token:
            values.append(token)
        return values

    async def token(self) -> str:
        """A valid access token (cached, or fetched once for all concurrent callers)."""
        return await self.tokens.get(self._fetch_token)

    async def _fetch_token(self) -> auth.Token:
        s = self.settings
        body = auth.request_body(s.client_id, s.client_secret, s.audience)
        # A token request changes nothing in Pax8: safe to repeat, so retried like a PUT.
        operation = self._token_operation

        def decode(content: bytes) -> auth.Token:
            return auth.parse_token(json.loads(content), operation=operation)

        return await self._attempts(
            "PUT", "POST", s.token_url, operation, decode, json_body=body, authenticated=False
        )

    async def call(
        self,
        method: str,
        path: str,
        operation: str,
        decode: Callable[[bytes], T],
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
    ) -> T:
        """Send one API call with retries and return ``decode(body)``.

        ``decode`` is typically a model's ``model_validate_json`` (pydantic's own JSON parser
        is several times faster than ``json.loads`` plus validation, which matters at 200
        subscriptions a page).
        """
        url = self.settings.base_url.rstrip("/") + path
        return await self._attempts(
            method, method, url, operation, decode, params=params, json_body=json_body
        )

    async def _attempts(
        self,
        policy_method: str,
        method: str,
        url: str,
        operation: str,
        decode: Callable[[bytes], T],
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        authenticated: bool = True,
    ) -> T:
        """Attempt until a 2xx and return ``decode(body)``, or raise.

        ``policy_method`` is the method the retry policy judges (the token POST is safe to
        repeat, so it is judged like a PUT).
        """
        attempt = 0
        refreshed = False
        while True:
            attempt += 1
            headers: dict[str, str] = {}
            token = ""
            if authenticated:
                token = await self.token()
                headers["Authorization"] = f"Bearer {token}"
            await self.budget.acquire()
            try:
                response = await self._http.request(
                    method,
                    url,
                    params=params,
                    json=json_body,
                    headers=headers,
                    extensions={transport.OPERATION_EXTENSION: operation},
                )
            except httpx.RequestError as exc:  # transport errors, and bodies that fail to decode
                failure = _classify(exc)
                delay = retry.retry_delay(
                    method=policy_method,
                    attempt=attempt,
                    max_attempts=self.settings.max_attempts,
                    failure=failure,
                    backoff=self._backoff,
                )
                if delay is None:
                    raise self._transport_error(exc, policy_method, failure, operation) from exc
                log.warning(
                    "Pax8 %s attempt %d failed (%s); retrying in %.1fs",
                    operation,
                    attempt,
                    type(exc).__name__,
                    delay,
                )
                await asyncio.sleep(delay)
                continue
            status = response.status_code
            if response.is_success:
                try:
                    return decode(response.content)
                except ValueError as exc:  # pydantic.ValidationError is a ValueError
                    delay = self._bad_body(
                        response, policy_method, operation, attempt, exc, keep_body=authenticated
                    )
                    await asyncio.sleep(delay)
                    continue
            if status == 401 and authenticated and not refreshed:
                refreshed = True
                attempt -= 1
                self.tokens.invalidate(token)
                log.info("Pax8 %s answered 401; refreshing the token once", operation)
                continue
            retry_after = retry.parse_retry_after(response.headers.get("Retry-After"), time.time())
            limit = self.settings.max_attempts
            if status == 429:
                limit = max(limit, self.settings.rate_limited_max_attempts)
            delay = retry.retry_delay(
                method=policy_method,
                attempt=attempt,
                max_attempts=limit,
                status=status,
                retry_after=retry_after,
                backoff=self._backoff,
                rate_limit_backoff=self._rate_backoff,
            )
            if delay is None:
                raise self._status_error(response, policy_method, operation, retry_after)
            log.warning(
                "Pax8 %s answered %d (request id %s); retrying in %.1fs",
                operation,
                status,
                errors.request_id(response),
                delay,
            )
            if status == 429:
                self.budget.back_off(delay)
            else:
                await asyncio.sleep(delay)

    def _transport_error(
        self, exc: httpx.RequestError, method: str, failure: retry.Failure, operation: str
    ) -> errors.Pax8Error:
        text = errors.scrub(f"{type(exc).__name__}: {exc}".rstrip(": "), self.secrets())
        if failure is retry.Failure.AMBIGUOUS and method.upper() not in retry.IDEMPOTENT_METHODS:
            return errors.AmbiguousWriteError(
                f"outcome unknown after {text}; look the object up in Pax8 before retrying",
                operation=operation,
            )
        if isinstance(exc, httpx.TimeoutException):
            return errors.Pax8TimeoutError(text, operation=operation)
        return errors.Pax8ConnectionError(text, operation=operation)

    def _status_error(
        self, response: httpx.Response, method: str, operation: str, retry_after: float | None
    ) -> errors.Pax8Error:
        error = errors.from_response(
            response, operation=operation, secrets=self.secrets(), retry_after=retry_after
        )
        if response.status_code >= 500 and method.upper() not in retry.IDEMPOTENT_METHODS:
            return errors.AmbiguousWriteError(
                f"outcome unknown after {error.message}; look the object up in Pax8 before "
                "retrying",
                operation=operation,
                status=error.status,
                details=error.details,
                raw_body=error.raw_body,
                request_id=error.request_id,
            )
        return error

    def _bad_body(
        self,
        response: httpx.Response,
        method: str,
        operation: str,
        attempt: int,
        exc: ValueError,
        *,
        keep_body: bool,
    ) -> float:
        """Delay before retrying a 2xx whose body is malformed, or raise if that is unsafe.

        Malformed or truncated JSON is a transport accident: retried for idempotent calls.
        Valid JSON of the wrong shape is not retried. After a write, either is ambiguous.
        """
        problems = _problems(exc)
        malformed = not isinstance(exc, pydantic.ValidationError) or any(
            e["type"] == "json_invalid" for e in exc.errors()
        )
        if malformed:
            delay = retry.retry_delay(
                method=method,
                attempt=attempt,
                max_attempts=self.settings.max_attempts,
                failure=retry.Failure.AMBIGUOUS,
                backoff=self._backoff,
            )
            if delay is not None:
                log.warning("Pax8 %s answered malformed JSON; retrying in %.1fs", operation, delay)
                return delay
        what = "is not valid JSON" if malformed else "does not have the expected shape"
        common: dict[str, Any] = {
            "operation": operation,
            "status": response.status_code,
            "details": problems,
            # a token endpoint's body may hold a token we do not know yet: never keep it
            "raw_body": errors.raw_body_text(response.content, self.secrets())
            if keep_body
            else None,
            "request_id": errors.request_id(response),
        }
        if method.upper() not in retry.IDEMPOTENT_METHODS:
            raise errors.AmbiguousWriteError(
                f"Pax8 answered the write with a body that {what}; look the object up in "
                "Pax8 before retrying",
                **common,
            ) from None
        raise errors.InvalidResponseError(
            f"Pax8 answered with a body that {what}", **common
        ) from None


def _problems(exc: ValueError) -> list[str]:
    """Where a body failed validation, without the offending values (they may be anything)."""
    if not isinstance(exc, pydantic.ValidationError):
        return [type(exc).__name__]
    return [
        f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}"
        for e in exc.errors(include_input=False, include_url=False)
    ][:5]
