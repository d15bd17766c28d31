"""The product catalogue: products, their dependencies, commitments, pricing and the
provisioning details an order must carry.

Why: ordering a product needs ``commitmentTermId`` (from dependencies) and provisioning
values (from provision details) taken verbatim from Pax8, so these are read, never invented.
"""

from __future__ import annotations

import pydantic

from pax8_operator.pax8.models import base


class Product(base.Pax8Response):
    """A catalogue entry."""

    id: str
    name: str | None = None
    vendor_name: str | None = None
    short_description: str | None = None
    sku: str | None = None
    vendor_sku: str | None = None
    alt_vendor_sku: str | None = None
    requires_commitment: bool = False


class ProductDetail(Product):
    """``GET /products/{id}``: a product with its long description."""

    description: str | None = None


class Commitment(base.Pax8Response):
    """A commitment term a product can be ordered with (``term``: Monthly, 1-Year, ...)."""

    id: str
    term: str | None = None
    auto_renew: bool | None = None
    renewal_window_days_before_term_end: float | None = None
    renewal_window_days_after_term_end: float | None = None
    allow_for_quantity_increase: bool | None = None
    allow_for_quantity_decrease: bool | None = None
    allow_for_early_cancellation: bool | None = None
    cancellation_fee_applied: bool | None = None
    is_transferable: bool | None = None


class ProductDependency(base.Pax8Response):
    """Products that must be ordered with (or before) this one."""

    name: str | None = None
    products: list[Product] = pydantic.Field(default_factory=list)


class Dependencies(base.Pax8Response):
    """``GET /products/{id}/dependencies``."""

    commitment_dependencies: list[Commitment] = pydantic.Field(default_factory=list)
    product_dependencies: list[ProductDependency] = pydantic.Field(default_factory=list)


class Rate(base.Pax8Response):
    """One price band of a pricing entry."""

    partner_buy_rate: float | None = None
    suggested_retail_price: float | None = None
    start_quantity_range: float | None = None
    end_quantity_range: float | None = None
    charge_type: str | None = None


class Pricing(base.Pax8Response):
    """One pricing entry (per billing term and commitment) of a product."""

    product_id: str | None = None
    product_name: str | None = None
    billing_term: str | None = None
    commitment_term: str | None = None
    commitment_term_in_months: float | None = None
    type: str | None = None
    unit_of_measurement: str | None = None
    rates: list[Rate] = pydantic.Field(default_factory=list)


class ProvisioningDetail(base.Pax8Response):
    """A value the vendor needs at order time; ``possible_values`` must be used verbatim."""

    label: str | None = None
    key: str
    values: list[str] = pydantic.Field(default_factory=list)
    description: str | None = None
    value_type: str | None = None
    possible_values: list[str] = pydantic.Field(default_factory=list)
