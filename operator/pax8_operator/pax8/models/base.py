"""Base classes and tolerant field types shared by every Pax8 model.

Why: Pax8's responses drift (new fields, several date shapes, ids that are not UUIDs,
integral numbers sent as floats), so response models are tolerant in one place; the requests
we send are strict, so a typo in our own code fails here and not as a 400 from Pax8.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Generic, TypeVar

import pydantic
from pydantic import alias_generators

UTC = datetime.UTC


def _as_aware(value: datetime.datetime) -> datetime.datetime:
    """Naive date-times (date-only strings included) are UTC: Pax8 reports UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _date_of(value: object) -> object:
    """Accept a date-time where the spec says date: keep the date part."""
    if isinstance(value, str) and len(value) > 10 and value[10] in "T ":
        return value[:10]
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def _integral(value: object) -> object:
    """``5.0`` becomes ``5``; fractional quantities stay floats."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


Pax8DateTime = Annotated[datetime.datetime, pydantic.AfterValidator(_as_aware)]
"""A date-time in any shape Pax8 sends: date-only, ``Z``, ``-0700``, ``-07:00``, fractions."""

Pax8Date = Annotated[datetime.date, pydantic.BeforeValidator(_date_of)]
"""A date; a full date-time is accepted and truncated."""

Quantity = Annotated[int | float, pydantic.BeforeValidator(_integral)]
"""A count that Pax8 types as ``number``."""


class Pax8Response(pydantic.BaseModel):
    """Something Pax8 sent us: unknown fields ignored, camelCase or snake_case accepted."""

    model_config = pydantic.ConfigDict(
        extra="ignore",
        populate_by_name=True,
        alias_generator=alias_generators.to_camel,
        frozen=True,
    )


class Pax8Request(pydantic.BaseModel):
    """Something we send to Pax8: unknown fields are an error in our code."""

    model_config = pydantic.ConfigDict(
        extra="forbid",
        populate_by_name=True,
        alias_generator=alias_generators.to_camel,
    )

    def to_wire(self) -> dict[str, object]:
        """The JSON body: camelCase keys, unset optional fields left out."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class PageInfo(Pax8Response):
    """Paging metadata; ``totalPages`` is 0 for an empty result."""

    size: int = 0
    total_elements: int = 0
    total_pages: int = 0
    number: int = 0


ItemT = TypeVar("ItemT")


class Page(Pax8Response, Generic[ItemT]):
    """One page of a listing; ``page`` is absent on the un-paged list endpoints."""

    content: list[ItemT] = pydantic.Field(default_factory=list)
    page: PageInfo | None = None


class VerifyResult(Pax8Response):
    """What ``Pax8Client.verify`` learned: the credentials work and how many companies exist."""

    companies_total: int
