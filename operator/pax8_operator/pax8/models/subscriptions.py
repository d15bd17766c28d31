"""Subscriptions: the seats a company holds, and the partial update we send.

Why the alias choices: Pax8 sends the commitment as ``commitmentTerm`` or ``commitment``
(null on monthly terms); both must land in one field.
"""

from __future__ import annotations

import pydantic

from pax8_operator.pax8.models import base, orders, products


class SubscriptionCommitment(base.Pax8Response):
    """The commitment a subscription runs under, until ``end_date``."""

    id: str | None = None
    term: str | None = None
    end_date: base.Pax8DateTime | None = None


class Subscription(base.Pax8Response):
    """A subscription; ``status`` and ``billing_term`` kept as text (Pax8 adds values)."""

    id: str
    parent_subscription_id: str | None = None
    company_id: str | None = None
    product_id: str | None = None
    vendor_subscription_id: str | None = None
    vendor_sku_id: str | None = None
    quantity: base.Quantity | None = None
    start_date: base.Pax8DateTime | None = None
    end_date: base.Pax8DateTime | None = None
    created_date: base.Pax8DateTime | None = None
    updated_date: base.Pax8DateTime | None = None
    billing_start: base.Pax8Date | None = None
    status: str | None = None
    price: float | None = None
    currency_code: str | None = None
    partner_cost: float | None = None
    product_name: str | None = None
    billing_term: str | None = None
    provisioning_details: list[products.ProvisioningDetail] = pydantic.Field(default_factory=list)
    commitment_term: SubscriptionCommitment | None = pydantic.Field(
        default=None,
        validation_alias=pydantic.AliasChoices("commitmentTerm", "commitment", "commitment_term"),
    )


class UpdateSubscription(base.Pax8Request):
    """``PUT /subscriptions/{id}``: a partial body with at least one field."""

    quantity: int | None = pydantic.Field(default=None, ge=1)
    price: float | None = None
    billing_term: orders.BillingTerm | None = None
    start_date: base.Pax8DateTime | None = None

    @pydantic.model_validator(mode="after")
    def _at_least_one(self) -> UpdateSubscription:
        fields = (self.quantity, self.price, self.billing_term, self.start_date)
        if all(value is None for value in fields):
            raise ValueError("set at least one of quantity, price, billing_term, start_date")
        return self
