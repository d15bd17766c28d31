"""The retry policy table: what is retried, after how long, and what never is."""

from __future__ import annotations

import pytest

from pax8_operator.pax8 import retry

NOT_SENT = retry.Failure.NOT_SENT
AMBIGUOUS = retry.Failure.AMBIGUOUS


def half() -> float:
    return 0.5


@pytest.mark.parametrize(
    ("method", "status", "failure", "retried"),
    [
        ("GET", 503, None, True),
        ("GET", 500, None, True),
        ("GET", 408, None, True),
        ("GET", 429, None, True),
        ("GET", None, AMBIGUOUS, True),
        ("GET", None, NOT_SENT, True),
        ("GET", 400, None, False),
        ("GET", 401, None, False),
        ("GET", 404, None, False),
        ("GET", 422, None, False),
        ("PUT", 503, None, True),
        ("PATCH", None, AMBIGUOUS, True),
        ("DELETE", 502, None, True),
        ("POST", 503, None, False),
        ("POST", 500, None, False),
        ("POST", 408, None, False),
        ("POST", None, AMBIGUOUS, False),
        ("POST", None, NOT_SENT, True),
        ("POST", 429, None, True),
        ("POST", 422, None, False),
    ],
)
def test_retry_decision_follows_the_table_when_an_attempt_fails(
    method: str, status: int | None, failure: retry.Failure | None, retried: bool
) -> None:
    delay = retry.retry_delay(
        method=method, attempt=1, max_attempts=4, status=status, failure=failure, rand=half
    )
    assert (delay is not None) is retried


def test_retry_stops_when_attempts_are_used_up() -> None:
    assert retry.retry_delay(method="GET", attempt=4, max_attempts=4, status=503) is None
    assert retry.retry_delay(method="GET", attempt=3, max_attempts=4, status=503) is not None


def test_backoff_grows_and_is_capped_when_attempts_repeat() -> None:
    backoff = retry.Backoff(base=1.0, maximum=8.0)
    delays = [backoff.delay(n, half) for n in range(1, 7)]
    assert delays == [0.75, 1.5, 3.0, 6.0, 6.0, 6.0]


def test_backoff_has_jitter_when_random_varies() -> None:
    backoff = retry.Backoff(base=2.0, maximum=60.0)
    assert backoff.delay(1, lambda: 0.0) == 1.0
    assert backoff.delay(1, lambda: 1.0) == 2.0


def test_retry_after_is_honoured_and_capped_when_pax8_sends_it() -> None:
    backoff = retry.Backoff(max_retry_after=60.0)
    assert (
        retry.retry_delay(
            method="GET", attempt=1, max_attempts=4, status=429, retry_after=7, backoff=backoff
        )
        == 7
    )
    assert (
        retry.retry_delay(
            method="GET", attempt=1, max_attempts=4, status=429, retry_after=3600, backoff=backoff
        )
        == 60.0
    )


def test_rate_limit_backoff_is_used_when_429_has_no_retry_after() -> None:
    delay = retry.retry_delay(
        method="GET",
        attempt=1,
        max_attempts=4,
        status=429,
        rate_limit_backoff=retry.Backoff(base=10.0, maximum=60.0),
        rand=half,
    )
    assert delay == 7.5


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("5", 5.0),
        ("0", 0.0),
        ("Thu, 01 Jan 1970 00:01:40 GMT", 40.0),
        ("garbage", None),
        (None, None),
    ],
)
def test_retry_after_parses_when_seconds_or_http_date(
    header: str | None, expected: float | None
) -> None:
    assert retry.parse_retry_after(header, now=60.0) == expected
