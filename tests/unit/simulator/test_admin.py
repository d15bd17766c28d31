"""Admin API: request counts, config, portal actions (drift), clock, health."""

from __future__ import annotations

import httpx

from pax8_simulator import catalogue, simulator

from .conftest import active_company


async def test_requests_are_counted_per_operation_when_pax8_routes_are_called(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    company = active_company(sim)
    await client.get("/v1/companies")
    await client.get(f"/v1/companies/{company.id}")
    await client.get("/v1/companies/missing")
    await client.delete(f"/v1/subscriptions/{sim.world.subs_by_company[company.id][0].id}")
    log = (await client.get("/__sim/requests")).json()
    assert log["byOperation"] == {
        "createAccessToken": 1,
        "findCompanies": 1,
        "findCompanyById": 2,
        "cancelSubscription": 1,
    }
    assert log["total"] == 5
    assert log["statusCodes"] == {"200": 3, "404": 1, "204": 1}


async def test_request_counts_restart_when_reset(client: httpx.AsyncClient) -> None:
    await client.get("/v1/products")
    await client.delete("/__sim/requests")
    await client.get("/v1/products")
    log = (await client.get("/__sim/requests")).json()
    assert log == {"total": 1, "byOperation": {"findAllProducts": 1}, "statusCodes": {"200": 1}}


async def test_config_round_trips_when_updated(client: httpx.AsyncClient) -> None:
    body = {"latencyMs": 20, "rateLimitPerMinute": 1000, "retryAfterHeader": True}
    assert (await client.put("/__sim/config", json=body)).json() == body
    assert (await client.get("/__sim/config")).json() == body
    assert (await client.put("/__sim/config", json={"latencyMs": -1})).status_code == 400


async def test_portal_company_is_active_with_contacts_when_created_by_hand(
    client: httpx.AsyncClient,
) -> None:
    made = (await client.post("/__sim/companies", json={"name": "Hand Made LLC"})).json()
    assert made["name"] == "Hand Made LLC"
    assert made["status"] == "Active"
    seen = (await client.get(f"/v1/companies/{made['id']}")).json()
    assert seen == made
    contacts = (await client.get(f"/v1/companies/{made['id']}/contacts")).json()
    assert contacts["page"]["totalElements"] >= 1


async def test_portal_delete_marks_company_deleted_when_called(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    company = active_company(sim)
    assert (await client.post(f"/__sim/companies/{company.id}/delete")).status_code == 200
    assert (await client.get(f"/v1/companies/{company.id}")).json()["status"] == "Deleted"


async def test_portal_subscription_changes_show_in_api_when_made_by_hand(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    company = active_company(sim)
    product = next(p for p in catalogue.PRODUCTS if p.sku == "MST-365-E3-NCE")
    created = await client.post(
        "/__sim/subscriptions",
        json={
            "companyId": company.id,
            "productId": product.id,
            "quantity": 3,
            "billingTerm": "Annual",
        },
    )
    sub = created.json()
    assert sub["quantity"] == 3
    assert sub["commitmentTerm"]["term"] == "1-Year"
    await client.patch(f"/__sim/subscriptions/{sub['id']}", json={"quantity": 1, "price": 2.0})
    after = (await client.get(f"/v1/subscriptions/{sub['id']}")).json()
    assert (after["quantity"], after["price"]) == (1, 2.0)
    await client.post(f"/__sim/subscriptions/{sub['id']}/cancel")
    assert (await client.get(f"/v1/subscriptions/{sub['id']}")).json()["status"] == "Cancelled"
    history = (await client.get(f"/v1/subscriptions/{sub['id']}/history")).json()["content"]
    assert [h["status"] for h in history] == ["Cancelled", "Active", "Active"]


async def test_clock_moves_forward_when_advanced(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    before = sim.clock.now()
    assert (await client.post("/__sim/clock", json={"advanceSeconds": 3600})).status_code == 200
    assert (sim.clock.now() - before).total_seconds() >= 3600
    assert (await client.post("/__sim/clock", json={"advanceSeconds": "x"})).status_code == 400


async def test_health_is_ok_when_running(anon: httpx.AsyncClient) -> None:
    assert (await anon.get("/__sim/health")).json() == {"status": "ok"}
