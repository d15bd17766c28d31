"""Subscriptions: update rules inside commitments, cancellation over simulated time, history."""

from __future__ import annotations

import httpx

from pax8_simulator import catalogue, simulator, state

from .conftest import active_company, assert_documented_error, authenticate


def committed(sim: simulator.Simulator) -> state.Subscription:
    """An Active subscription inside a commitment."""
    return next(
        s
        for s in sim.world.subscriptions.values()
        if s.data["commitmentTerm"] and s.data["status"] == "Active"
    )


def monthly(sim: simulator.Simulator) -> state.Subscription:
    """An Active subscription without commitment on a product that needs none."""
    return next(
        s
        for s in sim.world.subscriptions.values()
        if not catalogue.BY_ID[s.data["productId"]].requires_commitment
        and s.data["status"] == "Active"
        and s.data["billingTerm"] == "Monthly"
    )


async def test_update_fails_when_no_updatable_field_is_given(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    response = await client.put(f"/v1/subscriptions/{monthly(sim).id}", json={"status": "Active"})
    assert response.status_code == 422
    assert_documented_error(response.json(), 422)


async def test_quantity_decrease_is_rejected_when_inside_commitment(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    sub = committed(sim)
    quantity = max(2, sub.data["quantity"])
    sub.data["quantity"] = quantity
    response = await client.put(f"/v1/subscriptions/{sub.id}", json={"quantity": quantity - 1})
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(response.json()) == ["errors"]
    assert "decreased" in errors[0]


async def test_quantity_increase_passes_when_inside_commitment(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    sub = committed(sim)
    target = sub.data["quantity"] + 3
    response = await client.put(f"/v1/subscriptions/{sub.id}", json={"quantity": target})
    assert response.status_code == 200
    assert response.json()["quantity"] == target


async def test_term_change_is_rejected_when_inside_commitment(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    sub = committed(sim)
    product = catalogue.BY_ID[sub.data["productId"]]
    other = next(t for t in product.billing_terms if t != sub.data["billingTerm"])
    response = await client.put(f"/v1/subscriptions/{sub.id}", json={"billingTerm": other})
    assert response.status_code == 422
    assert "errors" in response.json()


async def test_quantity_decrease_passes_when_there_is_no_commitment(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    sub = monthly(sim)
    sub.data["quantity"] = 10
    response = await client.put(f"/v1/subscriptions/{sub.id}", json={"quantity": 4, "price": 1.5})
    assert response.status_code == 200
    assert (response.json()["quantity"], response.json()["price"]) == (4, 1.5)


async def test_cancel_goes_pending_then_cancelled_when_clock_passes_end_date(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    sub = monthly(sim)
    response = await client.delete(
        f"/v1/subscriptions/{sub.id}", params={"cancelDate": "2026-03-05T00:00:00.000-05:00"}
    )
    assert response.status_code == 204
    assert response.content == b""
    pending = (await client.get(f"/v1/subscriptions/{sub.id}")).json()
    assert pending["status"] == "PendingCancel"
    assert pending["endDate"] == "2026-03-05T05:00:00.000Z"
    advanced = await client.post("/__sim/clock", json={"advanceSeconds": 5 * 86400})
    assert advanced.status_code == 200
    await authenticate(client)  # the token expired with the days that passed
    assert (await client.get(f"/v1/subscriptions/{sub.id}")).json()["status"] == "Cancelled"


async def test_cancel_without_date_sets_end_date_now_when_deleted(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    sub = monthly(sim)
    await client.delete(f"/v1/subscriptions/{sub.id}")
    body = (await client.get(f"/v1/subscriptions/{sub.id}")).json()
    assert body["status"] == "PendingCancel"
    assert body["endDate"].startswith("2026-03-01T12:00")
    sim.advance(120)
    assert (await client.get(f"/v1/subscriptions/{sub.id}")).json()["status"] == "Cancelled"


async def test_history_holds_full_snapshots_newest_first_when_changed(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    sub = monthly(sim)
    original = sub.data["quantity"]
    await client.put(f"/v1/subscriptions/{sub.id}", json={"quantity": original + 1})
    await client.put(f"/v1/subscriptions/{sub.id}", json={"quantity": original + 2})
    history = (await client.get(f"/v1/subscriptions/{sub.id}/history")).json()["content"]
    assert [h["quantity"] for h in history] == [original + 2, original + 1, original]
    current = (await client.get(f"/v1/subscriptions/{sub.id}")).json()
    assert history[0] == current


async def test_list_is_forbidden_when_company_is_not_owned(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/v1/subscriptions", params={"companyId": "00000000-0000-4000-8000-000000000000"}
    )
    assert response.status_code == 403
    assert response.json()["message"] == "Invalid companyId"


async def test_list_is_filtered_when_company_and_status_given(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    company = active_company(sim)
    params = {"companyId": company.id, "status": "Active", "size": 200}
    body = (await client.get("/v1/subscriptions", params=params)).json()
    expected = [s.id for s in sim.world.subs_by_company[company.id] if s.data["status"] == "Active"]
    assert [s["id"] for s in body["content"]] == expected


async def test_list_reflects_change_when_a_subscription_was_updated(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    sub = monthly(sim)
    await client.get("/v1/subscriptions", params={"size": 200})
    await client.put(f"/v1/subscriptions/{sub.id}", json={"quantity": 77})
    body = (await client.get("/v1/subscriptions", params={"size": 200})).json()
    assert next(s for s in body["content"] if s["id"] == sub.id)["quantity"] == 77
