"""Base classes and tolerant field types shared by every Pax8 model.

Why: Pax8's responses drift (new fields, several date shapes, ids that are not UUIDs,
integral numbers sent as floats), so response models are tolerant in one place; the requests
we send are strict, so a typo in our own code fails here and not as a 400 from Pax8.
"""

from __future__ import annotations

import dataclasses
import datetime
import typing
from typing import Annotated, Generic, TypeVar

import pydantic
import pydantic_core
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


@dataclasses.dataclass(frozen=True)
class _FirstThatFits:
    """Marks a union as tried left to right, failing as one error like a single type.

    Why: the field types below parse the common shape natively (pydantic-core, no Python
    call per value: a 200-item page holds a thousand of them) and fall back to a Python
    fix-up only for the shapes the native parser rejects. A shape neither accepts is one
    error at the field (``message``), not one per union member.
    """

    error_type: str
    message: str

    def __get_pydantic_core_schema__(
        self, source: object, handler: pydantic.GetCoreSchemaHandler
    ) -> pydantic_core.CoreSchema:
        schema = handler(source)
        if schema["type"] == "union":
            union = typing.cast(pydantic_core.core_schema.UnionSchema, schema)
            union["mode"] = "left_to_right"
            union["custom_error_type"] = self.error_type
            union["custom_error_message"] = self.message
        return schema


Pax8DateTime = Annotated[
    pydantic.AwareDatetime | Annotated[datetime.datetime, pydantic.AfterValidator(_as_aware)],
    _FirstThatFits("pax8_datetime", "Input should be a valid datetime or date"),
]
"""A date-time in any shape Pax8 sends: date-only, ``Z``, ``-0700``, ``-07:00``, fractions.

Always aware: a shape without an offset (date-only included) is taken as UTC."""

Pax8Date = Annotated[
    datetime.date | Annotated[datetime.date, pydantic.BeforeValidator(_date_of)],
    _FirstThatFits("pax8_date", "Input should be a valid date or datetime"),
]
"""A date; a full date-time is accepted and truncated."""

Quantity = Annotated[
    int | Annotated[float, pydantic.AfterValidator(_integral)],
    _FirstThatFits("pax8_quantity", "Input should be a valid number"),
]
"""A count that Pax8 types as ``number``: ``5.0`` becomes ``5``, fractions stay floats."""


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
