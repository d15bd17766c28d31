"""How new objects look: one builder per kind, shared by the seed, the API and the admin API.

Keeping the shapes in one place means seeded and created objects serialise identically.
"""

from __future__ import annotations

import datetime
import random
import uuid
from typing import Any

from pax8_simulator import catalogue, clock, products, state

CURRENCY = {
    "US": "USD",
    "CA": "CAD",
    "GB": "GBP",
    "AU": "AUD",
    "DE": "EUR",
    "NL": "EUR",
    "IE": "EUR",
    "NZ": "NZD",
}
CONTACT_TYPES = ("Admin", "Billing", "Technical")


def seeded_id(rng: random.Random) -> str:
    """A version-4-shaped uuid drawn from `rng` (cheaper than `uuid.UUID`)."""
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


def new_id() -> str:
    """A random id for objects created at run time."""
    return str(uuid.uuid4())


def company_status(company: state.Company) -> str:
    """Active once it has a primary Admin, Billing and Technical contact; else Inactive."""
    if company.data.get("status") == "Deleted":
        return "Deleted"
    primaries = {
        kind.get("type")
        for contact in company.contacts.values()
        for kind in contact.data.get("types") or []
        if kind.get("primary")
    }
    return "Active" if primaries.issuperset(CONTACT_TYPES) else "Inactive"


def contact_data(fields: dict[str, Any], ident: str, created: datetime.datetime) -> dict[str, Any]:
    """A contact as Pax8 returns it."""
    return {
        "id": ident,
        "firstName": fields["firstName"],
        "lastName": fields["lastName"],
        "email": fields["email"],
        "phone": fields["phone"],
        "createdDate": clock.iso_date(created),
        "types": [
            {"type": kind["type"], "primary": bool(kind.get("primary", False))}
            for kind in fields.get("types") or []
        ],
    }


def company_data(fields: dict[str, Any], ident: str, now: datetime.datetime) -> dict[str, Any]:
    """A company as Pax8 returns it (status is set by the caller)."""
    data: dict[str, Any] = {
        "id": ident,
        "name": fields["name"],
        "address": dict(fields["address"]),
        "phone": fields["phone"],
        "website": fields["website"],
        "status": "Inactive",
        "selfServiceAllowed": bool(fields["selfServiceAllowed"]),
        "billOnBehalfOfEnabled": bool(fields["billOnBehalfOfEnabled"]),
        "orderApprovalRequired": bool(fields["orderApprovalRequired"]),
        "updatedDate": clock.iso(now),
    }
    if fields.get("externalId") is not None:
        data["externalId"] = fields["externalId"]
    return data


def commitment_end(
    start: datetime.datetime, term: str, now: datetime.datetime
) -> datetime.datetime:
    """End of the current commitment period (auto-renewed terms roll forward past `now`)."""
    months = catalogue.TERM_MONTHS[term]
    end = start
    while end <= now:
        year, month = divmod(end.month - 1 + months, 12)
        end = end.replace(year=end.year + year, month=month + 1, day=min(end.day, 28))
    return end


def subscription_data(
    *,
    ident: str,
    company: state.Company,
    product: catalogue.ProductDef,
    quantity: int,
    billing_term: str,
    term: str,
    status: str,
    created: datetime.datetime,
    start: datetime.datetime,
    now: datetime.datetime,
    vendor_subscription_id: str,
) -> dict[str, Any]:
    """A subscription as Pax8 returns it; `term` is the commitment term ("" for none)."""
    price, cost = products.unit_price(product, billing_term, term)
    country = company.data["address"].get("country", "US")
    created_at = clock.iso(created)
    data: dict[str, Any] = {
        "id": ident,
        "companyId": company.id,
        "productId": product.id,
        "vendorSubscriptionId": vendor_subscription_id,
        "vendorSkuId": product.sku.split("-", 1)[-1],
        "quantity": quantity,
        "startDate": clock.iso(start),
        "createdDate": created_at,
        "updatedDate": created_at,
        "billingStart": clock.iso_date(start),
        "status": status,
        "price": price,
        "currencyCode": CURRENCY.get(country, "USD"),
        "partnerCost": cost,
        "productName": product.name,
        "billingTerm": billing_term,
        "commitmentTerm": None,
    }
    if term and term != "Monthly":
        data["commitmentTerm"] = {
            "id": product.commitment_id(term),
            "term": term,
            "endDate": clock.iso(commitment_end(start, term, now)),
        }
    return data


def order_data(
    *,
    ident: str | None,
    company_id: str,
    created: datetime.datetime,
    line_items: list[dict[str, Any]],
    email: str,
) -> dict[str, Any]:
    """An order as Pax8 returns it on read (`orderedBy` "Pax8Partner")."""
    data: dict[str, Any] = {
        "companyId": company_id,
        "createdDate": clock.iso_date(created),
        "orderedBy": "Pax8Partner",
        "orderedByUserEmail": email,
        "isScheduled": False,
        "lineItems": line_items,
    }
    if ident is not None:
        data = {"id": ident, **data}
    return data
