"""Subscription endpoints: list with filters and sort, read, update, cancel, history."""

from __future__ import annotations

from typing import Any

from starlette import requests

from pax8_simulator import (
    errors,
    paging,
    pipeline,
    records,
    simulator,
    state,
    subscriptions,
    validation,
)

SORTS = ("quantity", "startDate", "endDate", "createdDate", "billingStart", "price")


def find(sim: simulator.Simulator, sub_id: str) -> state.Subscription:
    """The subscription or 404."""
    sub = sim.world.subscriptions.get(sub_id)
    if sub is None:
        raise errors.not_found("Subscription", sub_id)
    return sub


def _get(item: records.Record, field: str) -> Any:
    return item.data.get(field)


async def find_subscriptions(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    params = request.query_params
    page, size = paging.page_and_size(params)
    sort = paging.sort_key(params, SORTS)
    world = sim.world
    company_id = params.get("companyId")
    if company_id is not None and company_id not in world.companies:
        raise errors.ApiError(403, "Invalid companyId", details=["Invalid companyId"])
    filters = (
        ("productId", params.get("productId")),
        ("status", paging.choice(params, "status", subscriptions.STATUSES)),
        ("billingTerm", paging.choice(params, "billingTerm", subscriptions.BILLING_TERMS)),
    )

    def build() -> list[records.Record]:
        pool: list[state.Subscription] = (
            world.subs_by_company[company_id]
            if company_id is not None
            else list(world.subscriptions.values())
        )
        if any(wanted is not None for _, wanted in filters):
            match = paging.matcher(filters, _get)
            pool = [sub for sub in pool if match(sub)]
        return paging.sorted_by(list(pool), sort)

    items = world.cached("subscriptions", (company_id, filters, sort), build)
    return pipeline.Reply(200, paging.page_of(items, page, size))


async def find_subscription_by_subscription_id(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    return pipeline.Reply(200, find(sim, request.path_params["subscriptionId"]).raw())


async def update_subscription(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    sub = find(sim, request.path_params["subscriptionId"])
    body = validation.require_object(await pipeline.json_body(request), "Subscription")
    subscriptions.update(sim.world, sub, body)
    return pipeline.Reply(200, sub.raw())


async def cancel_subscription(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    sub = find(sim, request.path_params["subscriptionId"])
    subscriptions.cancel(sim.world, sub, request.query_params.get("cancelDate"))
    return pipeline.Reply(204)


async def find_subscription_history_by_subscription_id(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    sub = find(sim, request.path_params["subscriptionId"])
    snapshots: list[records.Record] = list(reversed(sub.history)) if sub.history else [sub]
    return pipeline.Reply(200, records.content_body(snapshots))
