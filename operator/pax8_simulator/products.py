"""JSON views of the catalogue: list and detail shapes, pricing, dependencies, provisioning.

Built once per simulator; products never change, so their bytes are cached for good.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from pax8_simulator import catalogue, records

# Per-month price factor by commitment term; billing multiplies by the months billed at once.
_COMMITMENT_FACTOR = {"": 1.0, "Monthly": 1.2, "1-Year": 1.0, "2-Year": 0.97, "3-Year": 0.95}
_BILLED_MONTHS = {"Monthly": 1, "Annual": 12, "2-Year": 24, "3-Year": 36, "Trial": 0}


def unit_price(product: catalogue.ProductDef, billing_term: str, term: str) -> tuple[float, float]:
    """(customer price, partner cost) per unit for one billing term and commitment term."""
    months = _BILLED_MONTHS.get(billing_term, 1)
    factor = _COMMITMENT_FACTOR.get(term, 1.0) * months
    return round(product.price * factor, 2), round(product.cost * factor, 2)


def commitment_for(product: catalogue.ProductDef, commitment_id: str) -> str | None:
    """The commitment term name behind a commitment id of this product, if any."""
    for term in product.commitment_terms:
        if product.commitment_id(term) == commitment_id:
            return term
    return None


def term_allows(term: str, billing_term: str) -> bool:
    """A commitment term must be at least as long as the billing term."""
    return catalogue.TERM_MONTHS[term] >= catalogue.BILLING_MONTHS.get(billing_term, 0)


@dataclasses.dataclass
class ProductViews:
    """Every JSON shape of one product."""

    definition: catalogue.ProductDef
    summary: records.Record
    detail: records.Record
    pricing: list[records.Record]
    dependencies: records.Record
    provisioning: list[records.Record]


def _summary(product: catalogue.ProductDef) -> dict[str, Any]:
    return {
        "id": product.id,
        "name": product.name,
        "vendorName": product.vendor,
        "shortDescription": product.description or f"{product.name} from {product.vendor}.",
        "sku": product.sku,
        "vendorSku": product.sku.split("-", 1)[-1],
        "requiresCommitment": product.requires_commitment,
    }


def _pricing(product: catalogue.ProductDef) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    terms = product.commitment_terms or ("",)
    for term in terms:
        for billing in product.billing_terms:
            if term and not term_allows(term, billing):
                continue
            price, cost = unit_price(product, billing, term)
            row: dict[str, Any] = {
                "productId": product.id,
                "productName": product.name,
                "billingTerm": billing,
                "type": "Flat",
                "unitOfMeasurement": product.unit,
                "rates": [
                    {
                        "partnerBuyRate": cost,
                        "suggestedRetailPrice": price,
                        "startQuantityRange": 1,
                        "chargeType": "Per Unit",
                    }
                ],
            }
            if term:
                row["commitmentTerm"] = term
                row["commitmentTermInMonths"] = catalogue.TERM_MONTHS[term]
            rows.append(row)
    return rows


def _dependencies(product: catalogue.ProductDef) -> dict[str, Any]:
    commitments = [
        {
            "id": product.commitment_id(term),
            "term": term,
            "autoRenew": True,
            "renewalWindowDaysBeforeTermEnd": 0 if term == "Monthly" else 30,
            "renewalWindowDaysAfterTermEnd": 7 if term != "Monthly" else 0,
            "allowForQuantityIncrease": True,
            "allowForQuantityDecrease": term == "Monthly",
            "allowForEarlyCancellation": term == "Monthly",
            "cancellationFeeApplied": term != "Monthly",
            "isTransferable": False,
        }
        for term in product.commitment_terms
    ]
    by_sku = {p.sku: p for p in catalogue.PRODUCTS}
    needs = catalogue.REQUIRES.get(product.sku, ())
    product_deps = (
        [{"name": "Requires", "products": [_summary(by_sku[s]) for s in needs]}] if needs else []
    )
    return {"commitmentDependencies": commitments, "productDependencies": product_deps}


def build() -> dict[str, ProductViews]:
    """Views for the whole catalogue, keyed by product id."""
    views: dict[str, ProductViews] = {}
    for product in catalogue.PRODUCTS:
        summary = _summary(product)
        detail = dict(summary)
        detail["description"] = (
            f"{product.name} by {product.vendor}, sold per {product.unit.lower()}"
            + (" with a commitment term." if product.requires_commitment else " month to month.")
        )
        views[product.id] = ProductViews(
            definition=product,
            summary=records.Record(summary),
            detail=records.Record(detail),
            pricing=[records.Record(row) for row in _pricing(product)],
            dependencies=records.Record(_dependencies(product)),
            provisioning=[
                records.Record(dict(item))
                for item in catalogue.PROVISIONING.get(product.provisioning, [])
            ],
        )
    return views
