"""Orders: Active company, commitment terms, provisioning details, isMock, listing order."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pax8_simulator import catalogue, simulator

from .conftest import active_company, assert_documented_error

M365 = next(p for p in catalogue.PRODUCTS if p.sku == "MST-365-BB-NCE")
DATTO = next(p for p in catalogue.PRODUCTS if p.sku == "DAT-SAAS-M365")
MS_DETAILS = [
    {"key": "msCustExists", "values": ["No, the customer does not have a Microsoft account"]},
    {"key": "msDomain", "values": ["contoso"]},
]


def m365_line(**changes: Any) -> dict[str, Any]:
    line = {
        "productId": M365.id,
        "lineItemNumber": 1,
        "quantity": 5,
        "billingTerm": "Annual",
        "commitmentTermId": M365.commitment_id("1-Year"),
        "provisioningDetails": MS_DETAILS,
    }
    return {k: v for k, v in {**line, **changes}.items() if v is not None}


async def order(
    client: httpx.AsyncClient, company_id: str, *lines: dict[str, Any], mock: bool = False
) -> httpx.Response:
    params = {"isMock": "true"} if mock else {}
    return await client.post(
        "/v1/orders", params=params, json={"companyId": company_id, "lineItems": list(lines)}
    )


async def test_order_creates_subscription_with_commitment_when_valid(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    company = active_company(sim)
    response = await order(client, company.id, m365_line())
    assert response.status_code == 200
    body = response.json()
    assert body["orderedBy"] == "Pax8 Partner"
    sub_id = body["lineItems"][0]["subscriptionId"]
    sub = (await client.get(f"/v1/subscriptions/{sub_id}")).json()
    assert sub["status"] == "Active"
    assert sub["quantity"] == 5
    assert sub["billingTerm"] == "Annual"
    assert sub["commitmentTerm"]["id"] == M365.commitment_id("1-Year")
    assert sub["commitmentTerm"]["term"] == "1-Year"
    read = (await client.get(f"/v1/orders/{body['id']}")).json()
    assert read["orderedBy"] == "Pax8Partner"


async def test_order_fails_when_company_is_inactive(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    company = active_company(sim)
    company.contacts.clear()
    company.data["status"] = "Inactive"
    response = await order(client, company.id, m365_line())
    assert response.status_code == 422
    assert_documented_error(response.json(), 422)


@pytest.mark.parametrize(
    ("changes", "needle"),
    [
        ({"commitmentTermId": None}, "commitmentTermId"),
        ({"commitmentTermId": "00000000-0000-4000-8000-000000000000"}, "commitmentTermId"),
        ({"commitmentTermId": M365.commitment_id("Monthly")}, "shorter"),
        ({"provisioningDetails": None}, "msCustExists"),
        ({"provisioningDetails": [{"key": "msCustExists", "values": ["Maybe"]}]}, "possibleValues"),
        ({"billingTerm": "2-Year"}, "billingTerm"),
        ({"quantity": 0}, "quantity"),
        ({"productId": "00000000-0000-4000-8000-000000000000"}, "not found"),
    ],
)
async def test_order_fails_with_reason_when_a_line_item_breaks_a_rule(
    client: httpx.AsyncClient, sim: simulator.Simulator, changes: dict[str, Any], needle: str
) -> None:
    before = len(sim.world.subscriptions)
    response = await order(client, active_company(sim).id, m365_line(**changes))
    assert response.status_code == 422
    assert needle in response.json()["message"]
    assert len(sim.world.subscriptions) == before


async def test_mock_order_creates_nothing_when_is_mock_is_true(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    before = (len(sim.world.subscriptions), len(sim.world.orders))
    response = await order(client, active_company(sim).id, m365_line(), mock=True)
    assert response.status_code == 200
    body = response.json()
    assert "id" not in body
    assert "subscriptionId" not in body["lineItems"][0]
    assert (len(sim.world.subscriptions), len(sim.world.orders)) == before


async def test_mock_order_still_validates_when_is_mock_is_true(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    line = m365_line(commitmentTermId=None)
    assert (await order(client, active_company(sim).id, line, mock=True)).status_code == 422


async def test_orders_list_oldest_first_and_ignore_status_when_listed(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    line = {"productId": DATTO.id, "lineItemNumber": 1, "quantity": 2, "billingTerm": "Monthly"}
    new_id = (await order(client, active_company(sim).id, line)).json()["id"]
    plain = (await client.get("/v1/orders", params={"size": 200})).json()
    filtered = (await client.get("/v1/orders", params={"size": 200, "status": "Nope"})).json()
    dates = [o["createdDate"] for o in plain["content"]]
    assert dates == sorted(dates)
    assert plain["content"][-1]["id"] == new_id
    assert filtered == plain


async def test_orders_are_filtered_when_company_id_given(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    company = active_company(sim)
    body = (await client.get("/v1/orders", params={"companyId": company.id})).json()
    assert body["content"]
    assert {o["companyId"] for o in body["content"]} == {company.id}
