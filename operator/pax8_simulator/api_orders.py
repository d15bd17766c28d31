"""Order endpoints: list (oldest first, `status` ignored), read, create (and `isMock`)."""

from __future__ import annotations

from starlette import requests

from pax8_simulator import errors, orders, paging, pipeline, records, simulator, validation


async def find_orders(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    params = request.query_params
    page, size = paging.page_and_size(params)
    company_id = params.get("companyId")
    world = sim.world
    items: list[records.Record]
    if company_id is None:
        items = world.cached("orders", ("all",), lambda: list(world.orders.values()))
    else:
        items = world.orders_by_company.get(company_id, [])
    return pipeline.Reply(200, paging.page_of(items, page, size))


async def create_order(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    mock = paging.boolean(request.query_params, "isMock") or False
    body = validation.require_object(await pipeline.json_body(request), "Order")
    order = orders.place(sim.world, body, mock=mock)
    return pipeline.Reply(200, records.dumps(order))


async def find_orders_by_order_id(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    order = sim.world.orders.get(request.path_params["orderId"])
    if order is None:
        raise errors.not_found("Order", request.path_params["orderId"])
    return pipeline.Reply(200, order.raw())
