"""The Pax8Connection spec model: defaults, camelCase names, strictness, durations."""

from __future__ import annotations

from datetime import timedelta

import pydantic
import pytest

from pax8_operator.models import connection, durations

MINIMAL = {
    "environment": "Sandbox",
    "credentialsSecretRef": {"name": "pax8"},
    "countryCode": "US",
    "currencyCode": "USD",
}


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("90s", 90), ("15m", 900), ("1h", 3600), ("1h30m", 5400), ("1.5h", 5400), ("500ms", 0.5)],
)
def test_parse_duration_reads_go_syntax_when_valid(text: str, seconds: float) -> None:
    assert durations.parse_duration(text) == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["", "10", "1d", "m5", "1h x"])
def test_parse_duration_rejects_text_when_not_go_syntax(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        durations.parse_duration(text)


def test_spec_fills_defaults_when_minimal() -> None:
    spec = connection.Pax8ConnectionSpec.model_validate(MINIMAL)
    assert spec.endpoint_url == "https://api.pax8.com/v1"
    assert spec.token_url == "https://api.pax8.com/v1/token"
    assert spec.credentials_secret_ref.application_secret_key == "applicationSecret"
    assert spec.verify_interval == timedelta(minutes=10)
    assert spec.sync.subscriptions.mirror is True
    assert spec.sandbox
    assert not spec.insecure_urls


def test_spec_rejects_field_when_unknown() -> None:
    with pytest.raises(pydantic.ValidationError):
        connection.Pax8ConnectionSpec.model_validate({**MINIMAL, "endpointUrl": "x"})


def test_spec_rejects_interval_when_below_one_minute() -> None:
    with pytest.raises(pydantic.ValidationError, match="at least 1m"):
        connection.Pax8ConnectionSpec.model_validate({**MINIMAL, "verifyInterval": "30s"})


def test_spec_lists_plain_http_urls_when_insecure() -> None:
    spec = connection.Pax8ConnectionSpec.model_validate(
        {**MINIMAL, "endpointURL": "http://127.0.0.1:1/v1", "allowInsecureHTTP": True}
    )
    assert spec.insecure_urls == ["http://127.0.0.1:1/v1"]
