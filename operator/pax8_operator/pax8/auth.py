"""OAuth2 client-credentials tokens: the request body, the response, and a shared cache.

Why a cache with a lock: a sync fetches many pages at once and reconciles run alongside; they
must share one token, fetched by one request even when they all start at once, reused until
shortly before it expires, and replaced once when Pax8 answers 401 to a token it issued.
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Awaitable, Callable

import pydantic

from pax8_operator.pax8 import errors

LEGACY_AUDIENCE = "api://p8p.client"


@dataclasses.dataclass(frozen=True)
class Token:
    """An access token and its lifetime; ``repr`` hides the value."""

    value: pydantic.SecretStr
    expires_in: float


def operation_name(audience: str) -> str:
    """The metrics/operation name of a token request (as the simulator names them)."""
    return "createLegacyToken" if audience == LEGACY_AUDIENCE else "createAccessToken"


def request_body(
    client_id: str, client_secret: pydantic.SecretStr, audience: str
) -> dict[str, str]:
    """The JSON body Pax8 expects (JSON, not form-encoded)."""
    return {
        "client_id": client_id,
        "client_secret": client_secret.get_secret_value(),
        "audience": audience,
        "grant_type": "client_credentials",
    }


def parse_token(data: object, *, operation: str) -> Token:
    """The token of a decoded 2xx token response; the body is never copied into an error."""
    value = data.get("access_token") if isinstance(data, dict) else None
    if not isinstance(value, str) or not value:
        raise errors.InvalidResponseError(
            "the token endpoint answered without a usable access_token", operation=operation
        )
    raw_expiry = data.get("expires_in") if isinstance(data, dict) else None
    expires_in = (
        float(raw_expiry) if isinstance(raw_expiry, int | float) and raw_expiry > 0 else 86400.0
    )
    return Token(value=pydantic.SecretStr(value), expires_in=expires_in)


class TokenCache:
    """Holds the current token; one fetch at a time, shared by every waiting caller."""

    def __init__(self, refresh_margin_seconds: float) -> None:
        self._margin = refresh_margin_seconds
        self._lock = asyncio.Lock()
        self._token: Token | None = None
        self._expires_at = 0.0
        self.fetches = 0
        """How many token requests were made (for tests and debugging)."""

    def current(self) -> str | None:
        """The cached token value, if any (to scrub it from error text)."""
        return self._token.value.get_secret_value() if self._token else None

    def _valid(self) -> str | None:
        if self._token is None:
            return None
        if asyncio.get_running_loop().time() >= self._expires_at:
            return None
        return self._token.value.get_secret_value()

    async def get(self, fetch: Callable[[], Awaitable[Token]]) -> str:
        """A valid token, fetching one (once for all concurrent callers) when needed."""
        value = self._valid()
        if value is not None:
            return value
        async with self._lock:
            value = self._valid()
            if value is not None:
                return value
            token = await fetch()
            self.fetches += 1
            margin = min(self._margin, token.expires_in / 10)
            self._token = token
            self._expires_at = asyncio.get_running_loop().time() + token.expires_in - margin
            return token.value.get_secret_value()

    def invalidate(self, value: str) -> None:
        """Forget ``value`` after a 401, unless another caller already replaced it."""
        if self._token is not None and self._token.value.get_secret_value() == value:
            self._token = None
