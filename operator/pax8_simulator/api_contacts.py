"""Contact endpoints under a company; every change re-derives the company's status.

A primary contact for a type replaces the previous primary of that type, and the last
primary of a type cannot be deleted from an Active company (422).
"""

from __future__ import annotations

from typing import Any

from starlette import requests

from pax8_simulator import (
    api_companies,
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


def _find(company: state.Company, contact_id: str) -> records.Record:
    contact = company.contacts.get(contact_id)
    if contact is None:
        raise errors.not_found("Contact", contact_id)
    return contact


def _demote_other_primaries(company: state.Company, keep: records.Record) -> None:
    mine = {k["type"] for k in keep.data["types"] if k["primary"]}
    for other in company.contacts.values():
        if other is keep:
            continue
        for kind in other.data["types"]:
            if kind["primary"] and kind["type"] in mine:
                kind["primary"] = False
                other.touch()


def refresh_status(sim: simulator.Simulator, company: state.Company) -> None:
    """Re-derive Active/Inactive after a contact change."""
    status = builders.company_status(company)
    if status != company.data["status"]:
        company.data["status"] = status
        company.data["updatedDate"] = clock.iso(sim.clock.now())
        company.touch()
        sim.world.changed("companies")


def _store(
    sim: simulator.Simulator, company: state.Company, body: Any, ident: str
) -> records.Record:
    fields = validation.contact(validation.require_object(body, "Contact"))
    existing = company.contacts.get(ident)
    created = sim.clock.now()
    contact = records.Record(builders.contact_data(fields, ident, created))
    if existing is not None:
        contact.data["createdDate"] = existing.data["createdDate"]
    company.contacts[ident] = contact
    _demote_other_primaries(company, contact)
    refresh_status(sim, company)
    return contact


async def create_contact(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    company = api_companies.find(sim.world, request.path_params["companyId"])
    body = await pipeline.json_body(request)
    return pipeline.Reply(200, _store(sim, company, body, builders.new_id()).raw())


async def find_contacts(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    company = api_companies.find(sim.world, request.path_params["companyId"])
    page, size = paging.page_and_size(request.query_params)
    return pipeline.Reply(200, paging.page_of(list(company.contacts.values()), page, size))


async def find_contact_by_id(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    company = api_companies.find(sim.world, request.path_params["companyId"])
    return pipeline.Reply(200, _find(company, request.path_params["contactId"]).raw())


async def update_contact(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    company = api_companies.find(sim.world, request.path_params["companyId"])
    contact = _find(company, request.path_params["contactId"])
    body = await pipeline.json_body(request)
    return pipeline.Reply(200, _store(sim, company, body, contact.id).raw())


async def delete_contact(sim: simulator.Simulator, request: requests.Request) -> pipeline.Reply:
    company = api_companies.find(sim.world, request.path_params["companyId"])
    contact = _find(company, request.path_params["contactId"])
    primary = [k["type"] for k in contact.data["types"] if k["primary"]]
    if primary and company.data["status"] == "Active":
        raise errors.unprocessable(
            f"Contact is the primary {', '.join(primary)} contact; assign another one first"
        )
    del company.contacts[contact.id]
    refresh_status(sim, company)
    return pipeline.Reply(204)
