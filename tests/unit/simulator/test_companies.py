"""Companies and contacts: required fields, Active/Inactive rule, PATCH, filters."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from pax8_simulator import simulator

from .conftest import active_company, assert_documented_error

NEW_COMPANY: dict[str, Any] = {
    "name": "Ghost Town Dental",
    "address": {"street": "1 Main St", "city": "Denver", "postalCode": "80202", "country": "US"},
    "phone": "303-555-0100",
    "website": "https://ghost.example",
    "billOnBehalfOfEnabled": False,
    "selfServiceAllowed": False,
    "orderApprovalRequired": False,
}
ALL_ROLES = [{"type": t, "primary": True} for t in ("Admin", "Billing", "Technical")]
PERSON = {"firstName": "Ann", "lastName": "Lee", "email": "ann@ghost.example", "phone": "555"}


async def test_company_is_inactive_when_created_without_contacts(
    client: httpx.AsyncClient,
) -> None:
    body = (await client.post("/v1/companies", json=NEW_COMPANY)).json()
    assert body["status"] == "Inactive"
    assert body["id"]


async def test_company_is_active_when_created_with_contacts(client: httpx.AsyncClient) -> None:
    payload = {**NEW_COMPANY, "contacts": [{**PERSON, "types": ALL_ROLES}]}
    body = (await client.post("/v1/companies", json=payload)).json()
    assert body["status"] == "Active"
    contacts = (await client.get(f"/v1/companies/{body['id']}/contacts")).json()
    assert contacts["content"][0]["email"] == PERSON["email"]


async def test_company_turns_active_when_all_three_primary_contacts_exist(
    client: httpx.AsyncClient,
) -> None:
    company_id = (await client.post("/v1/companies", json=NEW_COMPANY)).json()["id"]
    statuses = []
    for role in ("Admin", "Billing", "Technical"):
        contact = {**PERSON, "types": [{"type": role, "primary": True}]}
        response = await client.post(f"/v1/companies/{company_id}/contacts", json=contact)
        assert response.status_code == 200
        statuses.append((await client.get(f"/v1/companies/{company_id}")).json()["status"])
    assert statuses == ["Inactive", "Inactive", "Active"]


@pytest.mark.parametrize("field", list(NEW_COMPANY))
async def test_company_create_fails_naming_the_field_when_a_required_field_is_missing(
    client: httpx.AsyncClient, field: str
) -> None:
    payload = {k: v for k, v in NEW_COMPANY.items() if k != field}
    response = await client.post("/v1/companies", json=payload)
    assert response.status_code == 422
    assert_documented_error(response.json(), 422)
    assert field in response.json()["message"]


async def test_company_create_fails_when_country_is_not_alpha2(client: httpx.AsyncClient) -> None:
    payload = {**NEW_COMPANY, "address": {**NEW_COMPANY["address"], "country": "USA"}}
    response = await client.post("/v1/companies", json=payload)
    assert response.status_code == 422
    assert "country" in response.json()["message"]


async def test_patch_fails_when_no_updatable_field_is_given(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    company = active_company(sim)
    response = await client.patch(f"/v1/companies/{company.id}", json={"status": "Deleted"})
    assert response.status_code == 422


async def test_patch_changes_only_given_fields_when_valid(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    company = active_company(sim)
    before = (await client.get(f"/v1/companies/{company.id}")).json()
    response = await client.patch(f"/v1/companies/{company.id}", json={"externalId": "X-1"})
    after = (await client.get(f"/v1/companies/{company.id}")).json()
    assert response.status_code == 200
    assert after["externalId"] == "X-1"
    assert after["name"] == before["name"]
    assert after["address"] == before["address"]


async def test_companies_are_filtered_when_status_and_country_given(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    body = (
        await client.get("/v1/companies", params={"status": "Active", "country": "US", "size": 200})
    ).json()
    expected = [
        c.id
        for c in sim.world.companies.values()
        if c.data["status"] == "Active" and c.data["address"]["country"] == "US"
    ]
    assert [c["id"] for c in body["content"]] == expected


async def test_unknown_company_is_404_when_read(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/companies/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert_documented_error(response.json(), 404)


async def test_primary_contact_cannot_be_deleted_when_company_is_active(
    client: httpx.AsyncClient,
) -> None:
    payload = {**NEW_COMPANY, "contacts": [{**PERSON, "types": ALL_ROLES}]}
    company_id = (await client.post("/v1/companies", json=payload)).json()["id"]
    contacts = (await client.get(f"/v1/companies/{company_id}/contacts")).json()["content"]
    path = f"/v1/companies/{company_id}/contacts/{contacts[0]['id']}"
    assert (await client.delete(path)).status_code == 422
    extra = (await client.post(f"/v1/companies/{company_id}/contacts", json=PERSON)).json()
    assert (
        await client.delete(f"/v1/companies/{company_id}/contacts/{extra['id']}")
    ).status_code == 204
