"""Billing endpoints: invoices and their items, draft items, usage summaries and usage lines.

Draft items and usage lines are derived on demand from subscriptions (deterministically),
so they always agree with what the subscription endpoints show.
"""

from __future__ import annotations

import random
import uuid
from typing import Any

from starlette import requests

from pax8_simulator import (
    billing_seed,
    catalogue,
    errors,
    paging,
    pipeline,
    records,
    simulator,
)

INVOICE_SORTS = (
    "invoiceDate",
    "dueDate",
    "status",
    "partnerName",
    "total",
    "balance",
    "carriedBalance",
)
INVOICE_STATUSES = ("Unpaid", "Paid", "Void", "Carried", "Nothing Due", "Credited")


def _number(params: Any, name: str) -> float | None:
    raw = params.get(name)
    if raw is None:
        return None
    try:
        return float(raw)
    except ValueError:
        raise errors.bad_request(f"Parameter '{name}' must be a number") from None


async def find_partner_invoices(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    params = request.query_params
    page, size = paging.page_and_size(params)
    sort = paging.sort_key(params, INVOICE_SORTS)
    filters = (
        ("status", paging.choice(params, "status", INVOICE_STATUSES)),
        ("invoiceDate", paging.date(params, "invoiceDate")),
        ("dueDate", paging.date(params, "dueDate")),
        ("total", _number(params, "total")),
        ("balance", _number(params, "balance")),
        ("carriedBalance", _number(params, "carriedBalance")),
        ("companyId", params.get("companyId")),
    )
    start = paging.date(params, "invoiceDateRangeStart")
    end = paging.date(params, "invoiceDateRangeEnd")
    match = paging.matcher(filters, lambda item, field: item.data.get(field))
    items = [
        inv
        for inv in sim.world.invoices.values()
        if match(inv)
        and (start is None or inv.data["invoiceDate"] >= start)
        and (end is None or inv.data["invoiceDate"] <= end)
    ]
    items.sort(key=lambda inv: str(inv.data["invoiceDate"]), reverse=True)
    return pipeline.Reply(200, paging.page_of(paging.sorted_by(items, sort), page, size))


def _invoice(sim: simulator.Simulator, invoice_id: str) -> records.Record:
    invoice = sim.world.invoices.get(invoice_id)
    if invoice is None:
        raise errors.not_found("Invoice", invoice_id)
    return invoice


async def get_partner_invoice(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    return pipeline.Reply(200, _invoice(sim, request.path_params["invoiceId"]).raw())


async def find_partner_invoice_items(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    invoice = _invoice(sim, request.path_params["invoiceId"])
    page, size = paging.page_and_size(request.query_params)
    return pipeline.Reply(200, paging.page_of(sim.world.invoice_items[invoice.id], page, size))


async def find_partner_draft_invoice_items(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    params = request.query_params
    page, size = paging.page_and_size(params)
    raw_offset = params.get("monthOffset", "1")
    if raw_offset not in ("0", "1"):
        raise errors.unprocessable("Invalid monthOffset value: use 0 or 1")
    offset = int(raw_offset)
    company_id = params.get("companyId")
    world = sim.world
    if company_id is not None and company_id not in world.companies:
        raise errors.not_found("Company", company_id)

    def build() -> list[records.Record]:
        start = billing_seed.month_start(world.clock.start_day(), offset)
        pool = (
            world.subs_by_company[company_id]
            if company_id is not None
            else world.subscriptions.values()
        )
        return [
            records.Record(
                billing_seed.invoice_item(
                    sub,
                    world.companies[sub.data["companyId"]],
                    start,
                    str(uuid.uuid5(catalogue.NAMESPACE, f"{sub.id}/{start.date()}")),
                )
            )
            for sub in pool
            if sub.data["status"] not in ("Cancelled", "PendingCancel")
        ]

    items = world.cached("subscriptions", ("draft", offset, company_id), build)
    return pipeline.Reply(200, paging.page_of(items, page, size))


async def find_subscription_usage_summaries(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    params = request.query_params
    sub_id = request.path_params["subscriptionId"]
    sub = sim.world.subscriptions.get(sub_id)
    company_id = params.get("companyId")
    if sub is None or (company_id is not None and company_id != sub.data["companyId"]):
        raise errors.not_found("Subscription", sub_id)
    page, size = paging.page_and_size(params)
    sort = paging.sort_key(params, ("resourceGroup", "currentCharges", "partnerTotal"))
    group = params.get("resourceGroup")
    items = [
        s
        for s in sim.world.summaries_by_sub.get(sub_id, [])
        if group is None or s.data["resourceGroup"] == group
    ]
    return pipeline.Reply(200, paging.page_of(paging.sorted_by(items, sort), page, size))


def _summary(sim: simulator.Simulator, summary_id: str) -> records.Record:
    summary = sim.world.usage_summaries.get(summary_id)
    if summary is None:
        raise errors.not_found("Usage summary", summary_id)
    return summary


async def find_subscription_usage_summary(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    return pipeline.Reply(200, _summary(sim, request.path_params["usageSummaryId"]).raw())


async def find_usage_lines(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    summary = _summary(sim, request.path_params["usageSummaryId"])
    params = request.query_params
    usage_date = paging.date(params, "usageDate")
    if usage_date is None:
        raise errors.bad_request("Parameter 'usageDate' is required")
    page, size = paging.page_and_size(params)
    rng = random.Random(f"{summary.id}/{usage_date}")
    product = catalogue.BY_ID[summary.data["productId"]]
    lines = []
    for index in range(rng.randint(1, 6)):
        quantity = round(rng.uniform(1, 50), 2)
        unit = round(rng.uniform(0.01, 2.5), 4)
        charges = round(quantity * unit, 2)
        lines.append(
            records.Record(
                {
                    "usageSummaryId": summary.id,
                    "usageDate": usage_date,
                    "productName": f"{product.name} - meter {index + 1}",
                    "productId": product.id,
                    "unitOfMeasure": product.unit,
                    "quantity": quantity,
                    "currentCharges": charges,
                    "currentProfit": round(charges * 0.18, 2),
                    "partnerTotal": round(charges * 0.82, 2),
                    "unitPrice": unit,
                    "currencyCode": summary.data["currencyCode"],
                    "isTrial": False,
                }
            )
        )
    wanted = params.get("productId")
    lines = [line for line in lines if wanted is None or line.data["productId"] == wanted]
    return pipeline.Reply(200, paging.page_of(lines, page, size))
