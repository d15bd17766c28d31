"""The retry policy, as small pure functions.

Why pure: what is retried decides whether a seat is bought twice, so it is a table a test
can read. Rules:
- 429 is retried for every method (the request was refused, nothing happened), after
  ``Retry-After`` (capped) or an exponential backoff with jitter (a longer one than for
  errors: Pax8 counts a rolling minute, so a 0.5 s pause would just earn another 429).
- 5xx, 408, timeouts and connections dropped after sending are retried only for idempotent
  methods: GET, PUT, PATCH and DELETE. PUT/PATCH set absolute values (a quantity, a
  company field); DELETE of a subscription or contact has the same end state when repeated,
  and a repeat that finds the object gone surfaces as ``NotFoundError`` ("already done").
- POST (create company, contact, order) is never retried after it may have reached Pax8;
  a connect error (refused, DNS, connect timeout, no pooled connection) proves it did not,
  so that alone is retried.
"""

from __future__ import annotations

import dataclasses
import email.utils
import enum
import random
from collections.abc import Callable

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "PATCH", "DELETE"})


class Failure(enum.Enum):
    """How an attempt failed when no usable response arrived."""

    NOT_SENT = "not-sent"
    """Connect error or pool timeout: the request never left."""
    AMBIGUOUS = "ambiguous"
    """Timeout, reset or truncated response: the server may have acted on it."""


@dataclasses.dataclass(frozen=True)
class Backoff:
    """Exponential backoff with jitter and a cap on ``Retry-After``."""

    base: float = 0.5
    maximum: float = 30.0
    max_retry_after: float = 120.0

    def delay(self, attempt: int, rand: Callable[[], float] = random.random) -> float:
        """Delay after failed attempt ``attempt`` (1-based): half fixed, half jitter."""
        ceiling = min(self.maximum, self.base * 2 ** max(0, attempt - 1))
        return float(ceiling / 2 + rand() * ceiling / 2)


def retry_delay(
    *,
    method: str,
    attempt: int,
    max_attempts: int,
    status: int | None = None,
    failure: Failure | None = None,
    retry_after: float | None = None,
    backoff: Backoff = Backoff(),
    rate_limit_backoff: Backoff | None = None,
    rand: Callable[[], float] = random.random,
) -> float | None:
    """Seconds to wait before the next attempt, or None when the call must not be retried."""
    if attempt >= max_attempts:
        return None
    idempotent = method.upper() in IDEMPOTENT_METHODS
    if status == 429:
        retryable = True
    elif status is not None:
        retryable = idempotent and (status == 408 or status >= 500)
    elif failure is Failure.NOT_SENT:
        retryable = True
    else:
        retryable = idempotent and failure is Failure.AMBIGUOUS
    if not retryable:
        return None
    if retry_after is not None:
        return min(max(0.0, retry_after), backoff.max_retry_after)
    if status == 429 and rate_limit_backoff is not None:
        return rate_limit_backoff.delay(attempt, rand)
    return backoff.delay(attempt, rand)


def parse_retry_after(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds from ``now`` (Unix time): delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.strip()
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - now)
