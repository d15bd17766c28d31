"""Operator settings from ``PAX8_OPERATOR_*`` environment variables.

Why a settings model: every timing and endpoint that operations people (and the e2e tests,
which need short timings) may tune lives in one typed, documented place; the Helm chart
documents the same variables. Command-line flags of ``pax8-operator run`` override a few.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class OperatorSettings(BaseSettings):
    """Tunables of the operator process; each field is ``PAX8_OPERATOR_<FIELD>``."""

    model_config = SettingsConfigDict(
        env_prefix="PAX8_OPERATOR_", extra="ignore", use_attribute_docstrings=True
    )

    metrics_port: int = Field(default=9090, ge=0, le=65535)
    """Port of the Prometheus /metrics endpoint (0 disables it)."""

    metrics_host: str = "0.0.0.0"  # noqa: S104 - scraped from inside the cluster
    """Address the Prometheus endpoint binds to."""

    liveness_endpoint: str = "http://0.0.0.0:8080/healthz"
    """Kopf liveness endpoint URL (empty string disables it)."""

    log_format: Literal["text", "json"] = "text"
    """Log line format: human-readable text or one JSON object per line."""

    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    """Minimum level of log records written to stderr."""

    startup_jitter_seconds: float = Field(default=10.0, ge=0)
    """Overdue verifications found at start-up are spread randomly over this many seconds."""

    startup_spacing_seconds: float = Field(default=0.25, ge=0)
    """Minimum gap between two overdue checks at start-up (at most 1/gap checks a second)."""

    auth_retry_seconds: float = Field(default=60.0, gt=0)
    """Retry delay after Pax8 rejected the credentials (a fixed Secret is picked up then)."""

    secret_retry_seconds: float = Field(default=30.0, gt=0)
    """Retry delay while the credentials Secret or one of its keys is missing."""

    error_retry_seconds: float = Field(default=30.0, gt=0)
    """Retry delay after a network error, a timeout or a Pax8 5xx."""

    rate_limited_retry_seconds: float = Field(default=60.0, gt=0)
    """Retry delay after HTTP 429 when Pax8 sent no Retry-After header."""

    pax8_timeout_seconds: float = Field(default=30.0, gt=0)
    """Timeout of one HTTP request to Pax8."""

    pax8_max_attempts: int = Field(default=4, ge=1)
    """Attempts per Pax8 request (retries of 5xx/network errors inside one check)."""

    pax8_rate_limited_attempts: int = Field(default=2, ge=1)
    """Attempts per Pax8 request while it answers 429; the check itself is retried later."""

    kube_write_concurrency: int = Field(default=32, ge=1, le=256)
    """Kubernetes writes in flight at once during a sync (measured best on 2 cores: 32-64)."""

    gc_young_threshold: int = Field(default=50_000, ge=0)
    """Allocations between two young-generation garbage collections (0: Python's default,
    700). Pages of Pax8 and Kubernetes listings allocate thousands of objects each; see
    ``pax8_operator.runtime``."""
