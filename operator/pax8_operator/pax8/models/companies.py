"""Companies (Pax8's end customers) and their contacts, as read and as sent.

Why separate request models: creating a company needs the seven required fields and, to be
Active at once, contacts holding the primary Admin, Billing and Technical roles; the strict
request models make our side of that contract explicit.
"""

from __future__ import annotations

from typing import Literal

import pydantic

from pax8_operator.pax8.models import base

ContactRole = Literal["Admin", "Billing", "Technical"]


class Address(base.Pax8Response):
    """A company address as Pax8 reports it."""

    street: str | None = None
    street2: str | None = None
    city: str | None = None
    state_or_province: str | None = None
    postal_code: str | None = None
    country: str | None = None


class ContactType(base.Pax8Response):
    """One role of a contact."""

    type: str | None = None
    primary: bool = False


class Contact(base.Pax8Response):
    """A company contact."""

    id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    created_date: base.Pax8DateTime | None = None
    types: list[ContactType] = pydantic.Field(default_factory=list)


class Company(base.Pax8Response):
    """A Pax8 company; ``status`` is Active, Inactive or Deleted (kept as text)."""

    id: str
    name: str | None = None
    address: Address | None = None
    phone: str | None = None
    website: str | None = None
    external_id: str | None = None
    bill_on_behalf_of_enabled: bool | None = None
    self_service_allowed: bool | None = None
    order_approval_required: bool | None = None
    status: str | None = None
    updated_date: base.Pax8DateTime | None = None
    contacts: list[Contact] = pydantic.Field(default_factory=list)


class AddressInput(base.Pax8Request):
    """An address we send; ``country`` is ISO 3166-1 alpha-2."""

    street: str
    street2: str | None = None
    city: str
    state_or_province: str | None = None
    postal_code: str
    country: str = pydantic.Field(min_length=2, max_length=2)


class ContactTypeInput(base.Pax8Request):
    """A role we assign to a contact."""

    type: ContactRole
    primary: bool = True


class ContactInput(base.Pax8Request):
    """A contact we create or replace (PUT)."""

    first_name: str
    last_name: str
    email: str
    phone: str
    types: list[ContactTypeInput] = pydantic.Field(default_factory=list)


class CreateCompany(base.Pax8Request):
    """``POST /companies``; send ``contacts`` so the company is Active at once."""

    name: str
    address: AddressInput
    phone: str
    website: str
    external_id: str | None = None
    bill_on_behalf_of_enabled: bool
    self_service_allowed: bool
    order_approval_required: bool
    contacts: list[ContactInput] | None = None


class UpdateCompany(base.Pax8Request):
    """``PATCH /companies/{id}``: only the fields that are set are sent."""

    name: str | None = None
    address: AddressInput | None = None
    phone: str | None = None
    website: str | None = None
    external_id: str | None = None
    bill_on_behalf_of_enabled: bool | None = None
    self_service_allowed: bool | None = None
    order_approval_required: bool | None = None
