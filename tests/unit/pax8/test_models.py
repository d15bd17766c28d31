"""Response models accept every quirk Pax8 is known for; request models reject our typos."""

from __future__ import annotations

import datetime

import pydantic
import pytest

from pax8_operator.pax8 import models

UTC = datetime.UTC


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-03-01", datetime.datetime(2024, 3, 1, tzinfo=UTC)),
        ("2024-03-01T10:20:30Z", datetime.datetime(2024, 3, 1, 10, 20, 30, tzinfo=UTC)),
        ("2024-03-01T03:20:30-0700", datetime.datetime(2024, 3, 1, 10, 20, 30, tzinfo=UTC)),
        ("2024-03-01T03:20:30-07:00", datetime.datetime(2024, 3, 1, 10, 20, 30, tzinfo=UTC)),
        (
            "2024-03-01T10:20:30.123456Z",
            datetime.datetime(2024, 3, 1, 10, 20, 30, 123456, tzinfo=UTC),
        ),
        (
            "2024-03-01T10:20:30.5+00:00",
            datetime.datetime(2024, 3, 1, 10, 20, 30, 500000, tzinfo=UTC),
        ),
        ("2024-03-01T10:20:30", datetime.datetime(2024, 3, 1, 10, 20, 30, tzinfo=UTC)),
    ],
)
def test_subscription_dates_parse_when_pax8_uses_any_date_shape(
    raw: str, expected: datetime.datetime
) -> None:
    sub = models.Subscription.model_validate({"id": "s", "startDate": raw, "billingStart": raw})
    assert sub.start_date == expected
    assert sub.start_date is not None
    assert sub.start_date.tzinfo is not None
    assert sub.billing_start == datetime.date(2024, 3, 1)


@pytest.mark.parametrize("key", ["commitmentTerm", "commitment"])
def test_subscription_commitment_is_read_when_sent_under_either_key(key: str) -> None:
    sub = models.Subscription.model_validate(
        {"id": "s", key: {"id": "ct-1", "term": "1-Year", "endDate": "2025-01-01"}}
    )
    assert sub.commitment_term is not None
    assert sub.commitment_term.term == "1-Year"
    assert sub.commitment_term.end_date == datetime.datetime(2025, 1, 1, tzinfo=UTC)


def test_subscription_commitment_is_none_when_monthly_sends_null() -> None:
    sub = models.Subscription.model_validate({"id": "s", "commitmentTerm": None})
    assert sub.commitment_term is None


@pytest.mark.parametrize("spelling", ["Pax8 Partner", "Pax8Partner"])
def test_order_ordered_by_is_one_spelling_when_pax8_sends_either(spelling: str) -> None:
    order = models.Order.model_validate(
        {"id": "o", "orderedBy": spelling, "createdDate": "2024-01-02"}
    )
    assert order.ordered_by == "Pax8 Partner"


@pytest.mark.parametrize(
    ("model", "raw"),
    [
        (models.Company, {"id": "not-a-uuid", "name": "A", "brandNewField": {"x": 1}}),
        (models.Subscription, {"id": "123", "quantity": 5.0, "futureField": [1, 2]}),
        (models.Invoice, {"id": "inv 1", "status": "Unpaid", "invoiceDate": "2024-01-31"}),
        (models.Product, {"id": "p", "requiresCommitment": True, "newFlag": True}),
        (models.Order, {"id": "o", "lineItems": [{"productId": "p", "quantity": 1, "x": 2}]}),
        (models.InvoiceItem, {"id": "i", "startPeriod": "2024-01-01T00:00:00.000Z"}),
    ],
)
def test_response_is_accepted_when_it_has_unknown_fields_or_odd_ids(
    model: type[pydantic.BaseModel], raw: dict[str, object]
) -> None:
    parsed = model.model_validate(raw)
    assert parsed.model_dump()["id"] == raw["id"]


def test_invoice_status_is_kept_when_on_the_wire() -> None:
    assert models.Invoice.model_validate({"id": "i", "status": "Paid"}).status == "Paid"


def test_quantity_is_an_int_when_sent_as_integral_float() -> None:
    sub = models.Subscription.model_validate({"id": "s", "quantity": 7.0})
    assert sub.quantity == 7
    assert isinstance(sub.quantity, int)


def test_page_parses_when_envelope_is_documented() -> None:
    page = models.Page[models.Company].model_validate(
        {
            "content": [{"id": "a"}],
            "page": {"size": 200, "totalElements": 1, "totalPages": 1, "number": 0},
        }
    )
    assert page.page is not None
    assert page.page.total_pages == 1
    assert [c.id for c in page.content] == ["a"]


def test_create_order_rejects_unknown_field_when_our_code_has_a_typo() -> None:
    with pytest.raises(pydantic.ValidationError):
        models.CreateOrder.model_validate(
            {
                "companyId": "c",
                "lineItems": [
                    {
                        "productId": "p",
                        "lineItemNumber": 1,
                        "quantity": 1,
                        "billingTerm": "Monthly",
                        "comitmentTermId": "typo",
                    }
                ],
            }
        )


def test_create_order_serialises_camel_case_when_built_with_snake_case() -> None:
    order = models.CreateOrder(
        company_id="c",
        line_items=[
            models.CreateLineItem(
                product_id="p",
                line_item_number=1,
                quantity=3,
                billing_term="Annual",
                commitment_term_id="ct",
            )
        ],
    )
    assert order.to_wire() == {
        "companyId": "c",
        "lineItems": [
            {
                "productId": "p",
                "lineItemNumber": 1,
                "quantity": 3,
                "billingTerm": "Annual",
                "commitmentTermId": "ct",
            }
        ],
    }


def test_update_subscription_is_rejected_when_empty() -> None:
    with pytest.raises(pydantic.ValidationError):
        models.UpdateSubscription()


def test_create_company_requires_the_seven_fields_when_built() -> None:
    with pytest.raises(pydantic.ValidationError):
        models.CreateCompany.model_validate({"name": "x"})
