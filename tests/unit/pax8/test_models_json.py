"""Pages parsed straight from JSON bytes (the listing path) keep every tolerance of the models.

Why separate: the hot path validates response bytes natively and falls back to Python only
for shapes the native parser rejects; both paths must give the same values, and a value no
shape fits must fail once, at its field.
"""

from __future__ import annotations

import datetime
import json

import pydantic
import pytest

from pax8_operator.pax8 import models

UTC = datetime.UTC
PAGE = models.Page[models.Subscription]


def page_of(**fields: object) -> bytes:
    return json.dumps({"content": [{"id": "s", **fields}], "page": {"totalPages": 1}}).encode()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01", datetime.datetime(2024, 3, 1, tzinfo=UTC)),
        ("2024-03-01T10:20:30.000Z", datetime.datetime(2024, 3, 1, 10, 20, 30, tzinfo=UTC)),
        ("2024-03-01T03:20:30-0700", datetime.datetime(2024, 3, 1, 10, 20, 30, tzinfo=UTC)),
        ("2024-03-01T03:20:30-07:00", datetime.datetime(2024, 3, 1, 10, 20, 30, tzinfo=UTC)),
        ("2024-03-01T10:20:30.25", datetime.datetime(2024, 3, 1, 10, 20, 30, 250000, tzinfo=UTC)),
    ],
)
def test_page_dates_are_aware_when_parsed_from_json_in_any_shape(
    raw: str, expected: datetime.datetime
) -> None:
    sub = PAGE.model_validate_json(page_of(startDate=raw, billingStart=raw)).content[0]
    assert sub.start_date == expected
    assert sub.start_date is not None
    assert sub.start_date.utcoffset() is not None
    assert sub.billing_start == datetime.date(2024, 3, 1)


@pytest.mark.parametrize(("raw", "expected"), [(5, 5), (5.0, 5), (2.5, 2.5), (1e20, 10**20)])
def test_page_quantity_is_int_when_integral_in_json(raw: float, expected: float) -> None:
    sub = PAGE.model_validate_json(page_of(quantity=raw)).content[0]
    assert sub.quantity == expected
    assert type(sub.quantity) is type(expected)


def test_page_fails_once_per_field_when_no_shape_fits() -> None:
    body = page_of(startDate="soon", billingStart="later", quantity="many")
    with pytest.raises(pydantic.ValidationError) as caught:
        PAGE.model_validate_json(body)
    locs = [e["loc"] for e in caught.value.errors()]
    assert locs == [
        ("content", 0, "quantity"),
        ("content", 0, "startDate"),
        ("content", 0, "billingStart"),
    ]
