"""Settings of one Pax8 client (one per Pax8Connection).

Why a model of its own: the operator builds it from a Pax8Connection spec and its Secret,
tests build it against the simulator, and every knob (endpoints, budget, timeouts, retries,
paging) is in one validated place. ``client_secret`` is a ``SecretStr``: it never prints.
"""

from __future__ import annotations

import httpx
import pydantic


class Pax8ClientSettings(pydantic.BaseModel):
    """Where Pax8 is, who we are, and how hard we may push it."""

    model_config = pydantic.ConfigDict(extra="forbid", frozen=True)

    base_url: str = "https://api.pax8.com/v1"
    """API root; paths such as ``/companies`` are appended."""
    token_url: str = "https://api.pax8.com/v1/token"  # noqa: S105 - a URL, not a secret
    """Token endpoint; the legacy one is ``https://login.pax8.com/oauth/token``."""
    audience: str = "https://api.pax8.com"
    """``https://api.pax8.com`` for the current endpoint, ``api://p8p.client`` for the legacy."""
    client_id: str
    client_secret: pydantic.SecretStr
    requests_per_minute: int = pydantic.Field(default=1000, ge=10)
    """The per-connection budget every request (tokens included) draws from."""
    timeout_seconds: float = pydantic.Field(default=30.0, gt=0)
    """Read and write timeout of one attempt."""
    connect_timeout_seconds: float = pydantic.Field(default=10.0, gt=0)
    """TCP/TLS connect timeout."""
    pool_timeout_seconds: float = pydantic.Field(default=30.0, gt=0)
    """How long an attempt may wait for a free pooled connection."""
    max_attempts: int = pydantic.Field(default=4, ge=1)
    """Attempts per call, the first included (429s, 5xx, connect errors, timeouts)."""
    page_concurrency: int = pydantic.Field(default=16, ge=1)
    """Pages of one listing fetched at once after the first."""
    page_size: int = pydantic.Field(default=200, ge=1, le=200)
    """Items per page; 200 is Pax8's maximum."""
    backoff_base_seconds: float = pydantic.Field(default=0.5, gt=0)
    """First retry delay before jitter; doubles per attempt."""
    backoff_max_seconds: float = pydantic.Field(default=30.0, gt=0)
    """Upper bound of one backoff delay."""
    rate_limited_backoff_seconds: float = pydantic.Field(default=5.0, gt=0)
    """First pause after a 429 without ``Retry-After``; doubles per attempt, jittered."""
    rate_limited_max_attempts: int = pydantic.Field(default=6, ge=1)
    """Attempts per call while Pax8 keeps answering 429."""
    max_retry_after_seconds: float = pydantic.Field(default=120.0, gt=0)
    """Cap on a ``Retry-After`` Pax8 sends: a huge value must not park the client for hours."""
    token_refresh_margin_seconds: float = pydantic.Field(default=300.0, ge=0)
    """Refresh the cached token this long before it expires."""

    def timeout(self) -> httpx.Timeout:
        """Explicit connect/read/write/pool timeouts for httpx."""
        return httpx.Timeout(
            connect=self.connect_timeout_seconds,
            read=self.timeout_seconds,
            write=self.timeout_seconds,
            pool=self.pool_timeout_seconds,
        )
