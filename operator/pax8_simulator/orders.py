"""Order validation and placement: every rule a line item must pass before anything is created.

`place(..., mock=True)` runs the same checks and builds the same response without storing
anything (and without ids for the subscriptions it would have created).
"""

from __future__ import annotations

import datetime
from typing import Any

from pax8_simulator import (
    builders,
    catalogue,
    clock,
    errors,
    products,
    records,
    state,
    validation,
)

LINE = "Line item"


def _provisioning(product: catalogue.ProductDef, item: dict[str, Any], number: int) -> None:
    needed = catalogue.PROVISIONING.get(product.provisioning, [])
    if not needed:
        return
    given = item.get("provisioningDetails") or []
    if not isinstance(given, list):
        raise errors.unprocessable(f"{LINE} {number}: 'provisioningDetails' must be a list")
    values = {d.get("key"): d.get("values") for d in given if isinstance(d, dict)}
    problems = []
    for detail in needed:
        key, kind = str(detail["key"]), detail["valueType"]
        chosen = values.get(key)
        allowed = detail.get("possibleValues") or []
        if (
            not isinstance(chosen, list)
            or not chosen
            or not all(isinstance(v, str) and v.strip() for v in chosen)
        ):
            problems.append(f"provisioning detail '{key}' is required")
        elif kind != "Input" and not set(chosen) <= set(allowed):  # type: ignore[call-overload]
            problems.append(f"provisioning detail '{key}' must be taken from possibleValues")
        elif kind == "Single-Value" and len(chosen) != 1:
            problems.append(f"provisioning detail '{key}' takes exactly one value")
    if problems:
        raise errors.unprocessable(f"{LINE} {number}: {problems[0]}", details=problems)


def _commitment(product: catalogue.ProductDef, item: dict[str, Any], number: int) -> str:
    """The commitment term the line item names ("" when the product needs none)."""
    billing = item["billingTerm"]
    if billing not in product.billing_terms:
        raise errors.unprocessable(
            f"{LINE} {number}: billingTerm '{billing}' is not offered for {product.name}"
            f" (offered: {', '.join(product.billing_terms)})"
        )
    if not product.requires_commitment:
        return ""
    commitment_id = item.get("commitmentTermId")
    if not commitment_id:
        raise errors.unprocessable(
            f"{LINE} {number}: commitmentTermId is required for {product.name}; "
            "take one from GET /products/{id}/dependencies"
        )
    term = products.commitment_for(product, str(commitment_id))
    if term is None:
        raise errors.unprocessable(f"{LINE} {number}: unknown commitmentTermId {commitment_id}")
    if not products.term_allows(term, billing):
        raise errors.unprocessable(
            f"{LINE} {number}: commitment term {term} is shorter than billingTerm {billing}"
        )
    return term


def _check_item(
    world: state.World, item: Any, numbers: set[Any]
) -> tuple[catalogue.ProductDef, str]:
    if not isinstance(item, dict):
        raise errors.unprocessable("Each line item must be an object")
    validation.missing(item, ("productId", "lineItemNumber", "quantity", "billingTerm"), LINE)
    number = validation.whole(item["lineItemNumber"], "lineItemNumber", LINE, minimum=0)
    product = catalogue.BY_ID.get(str(item["productId"]))
    if product is None:
        raise errors.unprocessable(f"{LINE} {number}: product {item['productId']} not found")
    validation.whole(item["quantity"], "quantity", LINE)
    parent = item.get("parentSubscriptionId")
    if parent is not None and parent not in world.subscriptions:
        raise errors.unprocessable(f"{LINE} {number}: parent subscription {parent} not found")
    parent_line = item.get("parentLineItemNumber")
    if parent_line is not None and parent_line not in numbers:
        raise errors.unprocessable(f"{LINE} {number}: parentLineItemNumber {parent_line} unknown")
    if item.get("provisionStartDate") is not None:
        try:
            clock.parse_datetime(str(item["provisionStartDate"]))
        except ValueError:
            raise errors.unprocessable(
                f"{LINE} {number}: provisionStartDate is not a date-time"
            ) from None
    term = _commitment(product, item, number)
    _provisioning(product, item, number)
    return product, term


def place(world: state.World, body: dict[str, Any], *, mock: bool) -> dict[str, Any]:
    """Validate an order; unless `mock`, create its subscriptions and store it."""
    validation.missing(body, ("companyId", "lineItems"), "Order")
    company = world.companies.get(str(body["companyId"]))
    if company is None:
        raise errors.unprocessable(f"Company {body['companyId']} not found")
    if company.data["status"] != "Active":
        raise errors.unprocessable(
            f"Company {company.id} is {company.data['status']}: orders need an Active company "
            "(add primary Admin, Billing and Technical contacts)"
        )
    items = body["lineItems"]
    if not isinstance(items, list) or not items:
        raise errors.unprocessable("Order field 'lineItems' must be a non-empty list")
    numbers = {i.get("lineItemNumber") for i in items if isinstance(i, dict)}
    checked = [(item, *_check_item(world, item, numbers)) for item in items]
    now = world.clock.now()
    lines = []
    for item, product, term in checked:
        start = (
            clock.parse_datetime(item["provisionStartDate"])
            if item.get("provisionStartDate")
            else now
        )
        line: dict[str, Any] = {
            "productId": product.id,
            "provisionStartDate": clock.iso(start),
            "billingTerm": item["billingTerm"],
            "quantity": int(item["quantity"]),
        }
        if term:
            line["commitmentTermId"] = product.commitment_id(term)
        if not mock:
            sub = _subscribe(world, company, product, item, term, start, now)
            line = {"id": builders.new_id(), **line, "subscriptionId": sub.id}
        lines.append(line)
    order = builders.order_data(
        ident=None if mock else builders.new_id(),
        company_id=company.id,
        created=now,
        line_items=lines,
        email=str(body.get("orderedByUserEmail") or "api@partner.example"),
    )
    if not mock:
        world.add_order(records.Record(order))
    return {**order, "orderedBy": "Pax8 Partner"}


def _subscribe(
    world: state.World,
    company: state.Company,
    product: catalogue.ProductDef,
    item: dict[str, Any],
    term: str,
    start: datetime.datetime,
    now: datetime.datetime,
) -> state.Subscription:
    billing = item["billingTerm"]
    sub = state.Subscription(
        builders.subscription_data(
            ident=builders.new_id(),
            company=company,
            product=product,
            quantity=int(item["quantity"]),
            billing_term=billing,
            term=term,
            status="Trial" if billing == "Trial" else "Active",
            created=now,
            start=start,
            now=now,
            vendor_subscription_id=builders.new_id().upper(),
        )
    )
    if item.get("parentSubscriptionId"):
        sub.data["parentSubscriptionId"] = item["parentSubscriptionId"]
    sub.snapshot()
    world.add_subscription(sub)
    return sub
