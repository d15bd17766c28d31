"""Orders: what we send to buy subscriptions and what Pax8 answers.

Why strict requests here matter most: an order spends money, so a malformed one must fail in
our code, and ``orderedBy`` is normalised because Pax8 spells it ``Pax8 Partner`` on create
and ``Pax8Partner`` on read.
"""

from __future__ import annotations

import datetime
from typing import Literal

import pydantic

from pax8_operator.pax8.models import base

BillingTerm = Literal["Monthly", "Annual", "2-Year", "3-Year", "One-Time", "Trial", "Activation"]

_ORDERED_BY = {"pax8partner": "Pax8 Partner", "customer": "Customer", "pax8": "Pax8"}


def _ordered_by(value: object) -> object:
    if isinstance(value, str):
        return _ORDERED_BY.get(value.replace(" ", "").lower(), value)
    return value


class ProvisioningValue(base.Pax8Request):
    """A provisioning detail we send with a line item."""

    key: str
    values: list[str]


class CreateLineItem(base.Pax8Request):
    """One product of an order."""

    product_id: str
    line_item_number: int = pydantic.Field(ge=1)
    quantity: int = pydantic.Field(ge=1)
    billing_term: BillingTerm
    commitment_term_id: str | None = None
    provision_start_date: datetime.datetime | None = None
    parent_subscription_id: str | None = None
    parent_line_item_number: int | None = None
    provisioning_details: list[ProvisioningValue] | None = None


class CreateOrder(base.Pax8Request):
    """``POST /orders``: a company and its line items."""

    company_id: str
    line_items: list[CreateLineItem] = pydantic.Field(min_length=1)
    ordered_by: Literal["Pax8 Partner", "Customer", "Pax8"] | None = None
    ordered_by_user_email: str | None = None


class OrderProvisioningDetail(base.Pax8Response):
    """A provisioning value as echoed on an order line item."""

    key: str | None = None
    values: list[str] = pydantic.Field(default_factory=list)


class LineItem(base.Pax8Response):
    """One line of an order; ``subscription_id`` is the subscription it created (if any)."""

    id: str | None = None
    product_id: str | None = None
    subscription_id: str | None = None
    commitment_term_id: str | None = None
    provision_start_date: base.Pax8DateTime | None = None
    line_item_number: int | None = None
    billing_term: str | None = None
    parent_subscription_id: str | None = None
    parent_line_item_number: int | None = None
    quantity: base.Quantity | None = None
    provisioning_details: list[OrderProvisioningDetail] = pydantic.Field(default_factory=list)


class Order(base.Pax8Response):
    """An order as Pax8 reports it. Orders have no status; ``id`` is None for a mock order."""

    id: str | None = None
    company_id: str | None = None
    created_date: base.Pax8Date | None = None
    ordered_by: str | None = None
    ordered_by_user_id: str | None = None
    ordered_by_user_email: str | None = None
    is_scheduled: bool | None = None
    line_items: list[LineItem] = pydantic.Field(default_factory=list)

    @pydantic.field_validator("ordered_by", mode="before")
    @classmethod
    def _normalise_ordered_by(cls, value: object) -> object:
        return _ordered_by(value)
