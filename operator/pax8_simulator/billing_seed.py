"""Billing data derived from subscriptions: invoices, invoice items, usage summaries.

Derived (not independent) so ids and amounts line up with the subscriptions a client sees.
"""

from __future__ import annotations

import datetime
import random
from typing import Any

from pax8_simulator import builders, catalogue, clock, records, state

_TERM_NAMES = {
    "Monthly": "Monthly",
    "Annual": "Annual",
    "2-Year": "2 Year",
    "3-Year": "3 Year",
    "One-Time": "One-Time",
    "Trial": "Trial",
    "Activation": "Activation",
}
_GROUPS = ("Production", "Staging", "Backups", "Analytics", "Shared Services", "Dev/Test")
PARTNER_NAME = "Simulated Partner LLC"


def month_start(moment: datetime.datetime, offset: int) -> datetime.datetime:
    """First day of the month `offset` months from `moment`'s month."""
    year, month = divmod(moment.month - 1 + offset, 12)
    return moment.replace(
        year=moment.year + year, month=month + 1, day=1, hour=0, minute=0, second=0, microsecond=0
    )


def invoice_item(
    sub: state.Subscription, company: state.Company, start: datetime.datetime, ident: str
) -> dict[str, Any]:
    """One invoice line for a subscription over the month starting at `start`."""
    data = sub.data
    product = catalogue.BY_ID[data["productId"]]
    quantity = data["quantity"]
    subtotal = round(data["price"] * quantity, 2)
    cost_total = round(data["partnerCost"] * quantity, 2)
    tax = round(subtotal * 0.07, 2)
    end = month_start(start, 1) - datetime.timedelta(days=1)
    item: dict[str, Any] = {
        "id": ident,
        "type": "subscription",
        "purchaseOrderNumber": "N/A",
        "companyId": company.id,
        "companyName": company.data["name"],
        "startPeriod": clock.iso_date(start),
        "endPeriod": clock.iso_date(end),
        "quantity": quantity,
        "unitOfMeasure": product.unit,
        "term": _TERM_NAMES.get(data["billingTerm"], "Monthly"),
        "sku": product.sku,
        "description": product.name,
        "rateType": "single (Single price for any quantity, same as flat)",
        "chargeType": "per",
        "price": data["price"],
        "subTotal": subtotal,
        "cost": data["partnerCost"],
        "costTotal": cost_total,
        "offeredBy": "Pax8",
        "billedByPax8": bool(company.data.get("billOnBehalfOfEnabled")),
        "total": round(subtotal + tax, 2),
        "productId": product.id,
        "productName": product.name,
        "billingFee": 0,
        "billingFeeRate": 0,
        "amountDue": cost_total,
        "currencyCode": data["currencyCode"],
        "salesTax": tax,
        "subscriptionId": sub.id,
        "vendorName": product.vendor,
    }
    if company.data.get("externalId"):
        item["externalId"] = company.data["externalId"]
    return item


def _invoices(world: state.World, rng: random.Random, anchor: datetime.datetime) -> None:
    companies = list(world.companies.values())
    billed = [c for c in companies[:25] if c.data.get("billOnBehalfOfEnabled")]
    for months_back in range(12, 0, -1):
        start = month_start(anchor, -months_back)
        for company in [None, *billed]:
            pool = (
                world.subs_by_company[company.id]
                if company
                else [s for c in companies[:20] for s in world.subs_by_company[c.id]]
            )
            items = [
                records.Record(
                    invoice_item(
                        s,
                        world.companies[s.data["companyId"]],
                        month_start(start, -1),
                        builders.seeded_id(rng),
                    )
                )
                for s in pool[:200]
                if s.data["status"] != "Cancelled"
            ]
            total = round(sum(i.data["total"] for i in items), 2)
            status = (
                "Unpaid" if months_back == 1 else rng.choice(("Paid", "Paid", "Paid", "Carried"))
            )
            balance = (
                total
                if status == "Unpaid"
                else (round(total * 0.1, 2) if status == "Carried" else 0)
            )
            data: dict[str, Any] = {
                "id": builders.seeded_id(rng),
                "invoiceDate": clock.iso_date(start),
                "dueDate": clock.iso_date(start + datetime.timedelta(days=14)),
                "status": status,
                "balance": balance,
                "carriedBalance": round(balance * 0.5, 2),
                "total": total,
                "currencyCode": "USD",
                "partnerName": PARTNER_NAME,
            }
            if company is not None:
                data["companyId"] = company.id
                if company.data.get("externalId"):
                    data["externalId"] = company.data["externalId"]
            invoice = records.Record(data)
            world.invoices[invoice.id] = invoice
            world.invoice_items[invoice.id] = items


def _usage(world: state.World, rng: random.Random) -> None:
    for sub in world.subscriptions.values():
        product = catalogue.BY_ID[sub.data["productId"]]
        if not product.usage_based:
            continue
        company = world.companies[sub.data["companyId"]]
        summaries = []
        for group in rng.sample(_GROUPS, rng.randint(1, 3)):
            charges = round(rng.uniform(5, 900), 2)
            summary = records.Record(
                {
                    "id": builders.seeded_id(rng),
                    "companyId": company.id,
                    "subscriptionId": sub.id,
                    "productId": product.id,
                    "resourceGroup": group,
                    "vendorName": product.vendor,
                    "currentCharges": charges,
                    "currencyCode": sub.data["currencyCode"],
                    "partnerTotal": round(charges * 0.82, 2),
                    "isTrial": False,
                }
            )
            world.usage_summaries[summary.id] = summary
            summaries.append(summary)
        world.summaries_by_sub[sub.id] = summaries


def populate(world: state.World, rng: random.Random, anchor: datetime.datetime) -> None:
    """Invoices for the last 12 months and usage summaries for usage-based subscriptions."""
    _invoices(world, rng, anchor)
    _usage(world, rng)
