"""Product endpoints: the catalogue, details, provisioning details, dependencies and pricing."""

from __future__ import annotations

from starlette import requests

from pax8_simulator import api_companies, errors, paging, pipeline, products, records, simulator


def find(sim: simulator.Simulator, product_id: str) -> products.ProductViews:
    """The product or 404."""
    views = sim.world.products.get(product_id)
    if views is None:
        raise errors.not_found("Product", product_id)
    return views


async def find_all_products(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    params = request.query_params
    page, size = paging.page_and_size(params)
    sort = paging.sort_key(params, ("name", "vendor"))
    search = (params.get("search") or "").lower()
    vendor = (params.get("vendorName") or "").lower()
    items: list[records.Record] = [
        views.summary
        for views in sim.world.products.values()
        if (
            not search
            or search in views.definition.name.lower()
            or search in views.definition.sku.lower()
        )
        and (not vendor or vendor == views.definition.vendor.lower())
    ]
    if sort is not None:
        field = "vendorName" if sort[0] == "vendor" else "name"
        items.sort(key=lambda item: str(item.data[field]).lower(), reverse=sort[1])
    return pipeline.Reply(200, paging.page_of(items, page, size))


async def find_product_by_product_id(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    return pipeline.Reply(200, find(sim, request.path_params["productId"]).detail.raw())


async def find_provision_details_by_product_id(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    views = find(sim, request.path_params["productId"])
    return pipeline.Reply(200, records.content_body(views.provisioning))


async def find_product_dependencies_by_product_id(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    return pipeline.Reply(200, find(sim, request.path_params["productId"]).dependencies.raw())


async def find_pricing_by_product_id(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    views = find(sim, request.path_params["productId"])
    company_id = request.query_params.get("companyId")
    if company_id is not None:
        api_companies.find(sim.world, company_id)
    return pipeline.Reply(200, records.content_body(views.pricing))
