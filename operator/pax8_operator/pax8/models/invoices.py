"""Invoices and their items (read only).

Why tolerant ``status``: Pax8 sends an invoice status on the wire that its schema omits.
"""

from __future__ import annotations

from pax8_operator.pax8.models import base


class Invoice(base.Pax8Response):
    """A partner invoice."""

    id: str
    invoice_date: base.Pax8Date | None = None
    due_date: base.Pax8Date | None = None
    status: str | None = None
    balance: float | None = None
    carried_balance: float | None = None
    total: float | None = None
    currency_code: str | None = None
    partner_name: str | None = None
    company_id: str | None = None
    external_id: str | None = None


class InvoiceItem(base.Pax8Response):
    """One line of an invoice."""

    id: str | None = None
    purchase_order_number: str | None = None
    type: str | None = None
    company_id: str | None = None
    external_id: str | None = None
    company_name: str | None = None
    start_period: base.Pax8Date | None = None
    end_period: base.Pax8Date | None = None
    quantity: base.Quantity | None = None
    unit_of_measure: str | None = None
    term: str | None = None
    sku: str | None = None
    description: str | None = None
    details: str | None = None
    rate_type: str | None = None
    charge_type: str | None = None
    price: float | None = None
    sub_total: float | None = None
    cost: float | None = None
    cost_total: float | None = None
    offered_by: str | None = None
    billed_by_pax8: bool | None = None
    total: float | None = None
    product_id: str | None = None
    product_name: str | None = None
    billing_fee: float | None = None
    billing_fee_rate: float | None = None
    amount_due: float | None = None
    currency_code: str | None = None
    sales_tax: float | None = None
    subscription_id: str | None = None
    vendor_name: str | None = None
