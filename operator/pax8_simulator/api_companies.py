"""Company endpoints: create, list with filters, read, patch.

Rules from the notes: create needs seven fields; a company is Inactive until it has primary
Admin, Billing and Technical contacts, Active at once when created with `contacts`.
"""

from __future__ import annotations

from typing import Any

from starlette import requests

from pax8_simulator import (
    builders,
    clock,
    errors,
    paging,
    pipeline,
    records,
    simulator,
    state,
    validation,
)

REQUIRED = (
    "name",
    "address",
    "phone",
    "website",
    "billOnBehalfOfEnabled",
    "selfServiceAllowed",
    "orderApprovalRequired",
)
UPDATABLE = (
    "name",
    "address",
    "phone",
    "website",
    "externalId",
    "billOnBehalfOfEnabled",
    "selfServiceAllowed",
    "orderApprovalRequired",
)
SORTS = ("name", "city", "country", "stateOrProvince", "postalCode")
ADDRESS_FIELDS = ("city", "country", "stateOrProvince", "postalCode")
COUNTRY_NAMES = {
    "united states": "US",
    "canada": "CA",
    "united kingdom": "GB",
    "australia": "AU",
    "germany": "DE",
    "netherlands": "NL",
    "ireland": "IE",
    "new zealand": "NZ",
}


def check_fields(body: dict[str, Any]) -> None:
    """Types of the company fields present in `body`."""
    for name in ("name", "phone", "website"):
        validation.text(body, name, "Company")
    for name in ("billOnBehalfOfEnabled", "selfServiceAllowed", "orderApprovalRequired"):
        validation.flag(body, name, "Company")
    if body.get("externalId") is not None and not isinstance(body["externalId"], str):
        raise errors.unprocessable("Company field 'externalId' must be a string")
    if body.get("address") is not None:
        body["address"] = validation.address(body["address"], "Company")


def create(world: state.World, body: dict[str, Any], ident: str) -> state.Company:
    """Validate and store a new company (and its contacts)."""
    validation.missing(body, REQUIRED, "Company")
    check_fields(body)
    contacts = [validation.contact(c) for c in body.get("contacts") or []]
    now = world.clock.now()
    company = state.Company(builders.company_data(body, ident, now))
    for fields in contacts:
        contact = records.Record(builders.contact_data(fields, builders.new_id(), now))
        company.contacts[contact.id] = contact
    company.data["status"] = builders.company_status(company)
    world.add_company(company)
    return company


def find(world: state.World, company_id: str) -> state.Company:
    """The company or 404."""
    company = world.companies.get(company_id)
    if company is None:
        raise errors.not_found("Company", company_id)
    return company


async def create_company(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    body = validation.require_object(await pipeline.json_body(request), "Company")
    company = create(sim.world, body, builders.new_id())
    return pipeline.Reply(200, company.raw())


def _field(item: records.Record, name: str) -> Any:
    if name in ADDRESS_FIELDS:
        return item.data["address"].get(name)
    return item.data.get(name)


async def find_companies(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    params = request.query_params
    page, size = paging.page_and_size(params)
    sort = paging.sort_key(params, SORTS)
    country = params.get("country")
    if country is not None:
        country = COUNTRY_NAMES.get(country.lower(), country.upper())
    filters = (
        ("city", params.get("city")),
        ("country", country),
        ("stateOrProvince", params.get("stateOrProvince")),
        ("postalCode", params.get("postalCode")),
        ("selfServiceAllowed", paging.boolean(params, "selfServiceAllowed")),
        ("billOnBehalfOfEnabled", paging.boolean(params, "billOnBehalfOfEnabled")),
        ("orderApprovalRequired", paging.boolean(params, "orderApprovalRequired")),
        ("status", paging.choice(params, "status", ("Active", "Inactive", "Deleted"))),
    )

    def build() -> list[records.Record]:
        match = paging.matcher(filters, _field)
        items: list[records.Record] = [c for c in sim.world.companies.values() if match(c)]
        if sort is not None:
            field, descending = sort
            items.sort(key=lambda c: str(_field(c, field) or "").lower(), reverse=descending)
        return items

    items = sim.world.cached("companies", (filters, sort), build)
    return pipeline.Reply(200, paging.page_of(items, page, size))


async def find_company_by_id(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    return pipeline.Reply(200, find(sim.world, request.path_params["companyId"]).raw())


async def update_company(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    company = find(sim.world, request.path_params["companyId"])
    body = validation.require_object(await pipeline.json_body(request), "Company")
    changes = {k: v for k, v in body.items() if k in UPDATABLE and v is not None}
    if not changes:
        fields = ", ".join(UPDATABLE)
        raise errors.unprocessable(f"Company update needs at least one of: {fields}")
    check_fields(changes)
    if "address" in changes:
        changes["address"] = {**company.data["address"], **changes["address"]}
    company.data.update(changes)
    company.data["updatedDate"] = clock.iso(sim.clock.now())
    company.touch()
    sim.world.changed("companies")
    return pipeline.Reply(200, company.raw())
