"""Errors parse all three Pax8 error bodies, map statuses to classes and never leak secrets."""

from __future__ import annotations

import httpx
import pytest

from pax8_operator.pax8 import errors

DOCUMENTED = {
    "type": "https://api.pax8.com/errors/unprocessable",
    "message": "Quantity decrease is not allowed during a commitment",
    "instance": "/public/v1/subscriptions/abc",
    "status": 422,
    "details": [{"type": "x", "status": 422, "message": "commitment ends 2025-01-01"}],
}


@pytest.mark.parametrize(
    ("body", "message", "details"),
    [
        (
            DOCUMENTED,
            "Quantity decrease is not allowed during a commitment",
            ["commitment ends 2025-01-01"],
        ),
        (
            {"errors": ["Quantity is invalid", "Price is invalid"]},
            "Quantity is invalid; Price is invalid",
            ["Quantity is invalid", "Price is invalid"],
        ),
        (
            {"error": "access_denied", "error_description": "Unauthorized"},
            "Unauthorized",
            ["access_denied"],
        ),
    ],
)
def test_error_body_is_parsed_when_in_any_of_the_three_shapes(
    body: dict[str, object], message: str, details: list[str]
) -> None:
    error = errors.from_response(httpx.Response(422, json=body), operation="updateSubscription")
    assert error.message == message
    assert list(error.details) == details
    assert message in str(error)
    assert error.raw_body is not None
    assert details[0] in error.raw_body


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthError),
        (403, errors.ForbiddenError),
        (404, errors.NotFoundError),
        (409, errors.RequestRejectedError),
        (422, errors.UnprocessableError),
        (429, errors.RateLimitedError),
        (500, errors.ServerError),
        (503, errors.ServerError),
    ],
)
def test_status_maps_to_its_error_class_when_pax8_answers_it(
    status: int, cls: type[errors.Pax8Error]
) -> None:
    error = errors.from_response(httpx.Response(status, json=DOCUMENTED), operation="findCompanies")
    assert type(error) is cls
    assert error.status == status
    assert error.operation == "findCompanies"


def test_unparseable_body_falls_back_to_reason_when_not_json() -> None:
    error = errors.from_response(
        httpx.Response(502, content=b"<html>bad gateway</html>"), operation="findOrders"
    )
    assert error.message == "Bad Gateway"
    assert error.raw_body == "<html>bad gateway</html>"


def test_raw_body_is_truncated_when_huge() -> None:
    error = errors.from_response(httpx.Response(500, content=b"x" * 10_000), operation="o")
    assert error.raw_body is not None
    assert len(error.raw_body) < 2100


def test_request_id_is_kept_when_pax8_sends_one() -> None:
    response = httpx.Response(500, json=DOCUMENTED, headers={"X-Request-Id": "req-42"})
    error = errors.from_response(response, operation="o")
    assert error.request_id == "req-42"
    assert "req-42" in str(error)


def test_secret_is_scrubbed_when_pax8_echoes_it_in_the_body() -> None:
    body = {"message": "bad client_secret s3cr3t-echo given", "details": ["tok-12345 bad"]}
    error = errors.from_response(
        httpx.Response(400, json=body), operation="o", secrets=["s3cr3t-echo", "tok-12345"]
    )
    for text in (str(error), repr(error), error.message, error.raw_body or "", *error.details):
        assert "s3cr3t-echo" not in text
        assert "tok-12345" not in text


def test_rate_limited_error_carries_retry_after_when_given() -> None:
    error = errors.from_response(httpx.Response(429, json=DOCUMENTED), operation="o", retry_after=7)
    assert isinstance(error, errors.RateLimitedError)
    assert error.retry_after == 7
