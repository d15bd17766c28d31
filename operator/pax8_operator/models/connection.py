"""The Pax8Connection spec, parsed strictly.

Why strict (``extra="forbid"``): the CRD schema and this model must list exactly the same
fields; a field the operator does not know is a bug to surface, not data to drop.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic.alias_generators import to_camel

from pax8_operator.models import durations

MIN_INTERVAL = timedelta(minutes=1)


def _interval(value: object) -> timedelta:
    if isinstance(value, timedelta):
        parsed = value
    elif isinstance(value, str):
        parsed = durations.parse_duration(value)
    else:
        raise ValueError("interval must be a duration string such as 10m")
    if parsed < MIN_INTERVAL:
        raise ValueError("interval must be at least 1m")
    return parsed


Interval = Annotated[timedelta, BeforeValidator(_interval)]


class _Spec(BaseModel):
    model_config = ConfigDict(
        extra="forbid", alias_generator=to_camel, populate_by_name=True, frozen=True
    )


class SecretRef(_Spec):
    """Where the Pax8 application id and secret live (a Secret in the same namespace)."""

    name: str = Field(min_length=1)
    application_id_key: str = "applicationId"
    application_secret_key: str = "applicationSecret"  # noqa: S105 - a key name


class AccountsSync(_Spec):
    """Schedule of the companies mirror."""

    enabled: bool = True
    interval: Interval = timedelta(hours=1)


class SubscriptionsSync(_Spec):
    """Schedule of the subscriptions mirror."""

    enabled: bool = True
    interval: Interval = timedelta(hours=1)
    mirror: bool = True


class SyncSpec(_Spec):
    """What is mirrored from Pax8 and how often."""

    accounts: AccountsSync = AccountsSync()
    subscriptions: SubscriptionsSync = SubscriptionsSync()
    prune: bool = False


class Pax8ConnectionSpec(_Spec):
    """One set of Pax8 API credentials and its settings (``Pax8Connection.spec``)."""

    display_name: str | None = None
    environment: Literal["Production", "Sandbox"]
    endpoint_url: str = Field(default="https://api.pax8.com/v1", alias="endpointURL")
    token_url: str = Field(default="https://api.pax8.com/v1/token", alias="tokenURL")
    audience: str = "https://api.pax8.com"
    allow_insecure_http: bool = Field(default=False, alias="allowInsecureHTTP")
    credentials_secret_ref: SecretRef
    country_code: str = Field(pattern=r"^[A-Z]{2}$")
    currency_code: str = Field(pattern=r"^[A-Z]{3}$")
    self_service_allowed: bool = False
    bill_on_behalf_of_enabled: bool = False
    order_approval_required: bool = False
    verify_interval: Interval = timedelta(minutes=10)
    requests_per_minute: int = Field(default=1000, ge=1, le=100000)
    suspend: bool = False
    sync: SyncSpec = SyncSpec()

    @property
    def sandbox(self) -> bool:
        """Sandbox connections never mutate Pax8."""
        return self.environment == "Sandbox"

    @property
    def insecure_urls(self) -> list[str]:
        """The endpoint/token URLs that use plain HTTP."""
        return [u for u in (self.endpoint_url, self.token_url) if u.lower().startswith("http://")]
