"""Paging: defaults, limits, envelope, sorting, and the unpaged `{content}` endpoints."""

from __future__ import annotations

import httpx
import pytest

from pax8_simulator import simulator

from .conftest import assert_documented_error


async def test_list_uses_page_zero_size_ten_when_no_paging_is_given(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    body = (await client.get("/v1/subscriptions")).json()
    total = len(sim.world.subscriptions)
    assert len(body["content"]) == 10
    assert body["page"] == {
        "size": 10,
        "totalElements": total,
        "totalPages": (total + 9) // 10,
        "number": 0,
    }


async def test_pages_cover_every_item_once_when_walked_to_the_end(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    seen: list[str] = []
    page = 0
    while True:
        body = (await client.get("/v1/subscriptions", params={"page": page, "size": 7})).json()
        seen += [item["id"] for item in body["content"]]
        if body["page"]["number"] + 1 >= body["page"]["totalPages"]:
            break
        page += 1
    assert sorted(seen) == sorted(sim.world.subscriptions)


@pytest.mark.parametrize(
    "params",
    [
        {"size": 201},
        {"size": 0},
        {"page": -1},
        {"page": "x"},
        {"sort": "nonsense"},
        {"sort": "quantity,sideways"},
    ],
)
async def test_list_answers_400_when_paging_or_sort_is_invalid(
    client: httpx.AsyncClient, params: dict[str, str | int]
) -> None:
    response = await client.get("/v1/subscriptions", params=params)
    assert response.status_code == 400
    assert_documented_error(response.json(), 400)


async def test_size_200_is_accepted_when_at_the_maximum(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/subscriptions", params={"size": 200})
    assert response.status_code == 200
    assert response.json()["page"]["size"] == 200


async def test_empty_result_has_zero_pages_when_nothing_matches(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.get("/v1/companies", params={"city": "Atlantis"})).json()
    assert body == {
        "content": [],
        "page": {"size": 10, "totalElements": 0, "totalPages": 0, "number": 0},
    }


async def test_subscriptions_sort_when_sort_field_and_direction_given(
    client: httpx.AsyncClient,
) -> None:
    body = (
        await client.get("/v1/subscriptions", params={"size": 50, "sort": "quantity,desc"})
    ).json()
    quantities = [item["quantity"] for item in body["content"]]
    assert quantities == sorted(quantities, reverse=True)


async def test_companies_sort_by_name_when_asked(client: httpx.AsyncClient) -> None:
    body = (await client.get("/v1/companies", params={"size": 50, "sort": "name"})).json()
    names = [item["name"].lower() for item in body["content"]]
    assert names == sorted(names)


async def test_unpaged_endpoints_return_content_only_when_listing_pricing_details_history(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    product = next(v.definition for v in sim.world.products.values() if v.definition.provisioning)
    sub_id = next(iter(sim.world.subscriptions))
    for path in (
        f"/v1/products/{product.id}/pricing",
        f"/v1/products/{product.id}/provision-details",
        f"/v1/subscriptions/{sub_id}/history",
    ):
        body = (await client.get(path)).json()
        assert list(body) == ["content"], path
        assert body["content"], path
