"""The error-to-condition mapping, as a table: each failure gets its reason, advice and delay."""

from __future__ import annotations

from datetime import timedelta

import pytest

from pax8_operator import settings
from pax8_operator.pax8 import errors
from pax8_operator.reconcile import credentials, outcomes

TARGET = outcomes.Target(
    namespace="billing",
    secret_name="pax8-credentials",
    id_key="applicationId",
    secret_key="applicationSecret",
    endpoint_url="https://api.pax8.com/v1",
    token_url="https://api.pax8.com/v1/token",
)
CFG = settings.OperatorSettings(
    auth_retry_seconds=60,
    secret_retry_seconds=30,
    error_retry_seconds=15,
    rate_limited_retry_seconds=45,
)


def _err(cls: type[errors.Pax8Error], status: int | None, **kw: object) -> errors.Pax8Error:
    return cls("boom", operation="findCompanies", status=status, **kw)  # type: ignore[arg-type]


TABLE = [
    # exception, reason, stalled, delay seconds, words the message must contain
    (
        credentials.SecretNotFoundError("billing", "pax8-credentials"),
        "SecretNotFound",
        True,
        30,
        ["billing/pax8-credentials", "applicationId", "applicationSecret"],
    ),
    (
        credentials.SecretKeyMissingError("billing", "pax8-credentials", ["applicationSecret"]),
        "SecretKeyMissing",
        True,
        30,
        ["billing/pax8-credentials", "applicationSecret"],
    ),
    (
        _err(errors.AuthError, 401),
        "InvalidCredentials",
        True,
        60,
        ["HTTP 401", "applicationId/applicationSecret of Secret billing/pax8-credentials"],
    ),
    (_err(errors.ForbiddenError, 403), "InvalidCredentials", True, 60, ["HTTP 403"]),
    (_err(errors.RateLimitedError, 429), "RateLimited", False, 45, ["429"]),
    (
        errors.RateLimitedError("slow", operation="findCompanies", retry_after=7.0),
        "RateLimited",
        False,
        7,
        ["7s"],
    ),
    (_err(errors.ServerError, 503), "Pax8Error", False, 15, ["503"]),
    (
        _err(errors.Pax8ConnectionError, None),
        "EndpointUnreachable",
        False,
        15,
        ["https://api.pax8.com/v1", "spec.endpointURL"],
    ),
    (_err(errors.Pax8TimeoutError, None), "EndpointUnreachable", False, 15, ["Timeout"]),
    (_err(errors.NotFoundError, 404), "Pax8Error", True, 60, ["404", "spec.endpointURL"]),
    (_err(errors.UnprocessableError, 422), "Pax8Error", True, 60, ["422", "boom"]),
    (_err(errors.InvalidResponseError, 200), "Pax8Error", False, 15, ["findCompanies"]),
]


@pytest.mark.parametrize(("exc", "reason", "stalled", "delay", "words"), TABLE)
def test_classify_gives_reason_advice_and_delay_when_check_fails(
    exc: Exception, reason: str, stalled: bool, delay: float, words: list[str]
) -> None:
    outcome = outcomes.classify(exc, TARGET, CFG)
    assert (outcome.verified, outcome.reason, outcome.stalled) == (False, reason, stalled)
    assert outcome.retry_after == timedelta(seconds=delay)
    for word in words:
        assert word in outcome.message


def test_classify_reraises_when_error_is_unknown() -> None:
    with pytest.raises(KeyError):
        outcomes.classify(KeyError("x"), TARGET, CFG)


def test_redact_removes_secret_when_present() -> None:
    assert outcomes.redact("bad s3cr3t-value here", "s3cr3t-value") == "bad *** here"
