"""Every write operation against the simulator in-process: what the operator will send."""

from __future__ import annotations

import datetime

import pytest

from pax8_operator.pax8 import errors, models

from . import simulated


def new_company(**overrides: object) -> models.CreateCompany:
    admin = models.ContactInput(
        first_name="Ada",
        last_name="Admin",
        email="ada@example.com",
        phone="555-0100",
        types=[
            models.ContactTypeInput(type="Admin"),
            models.ContactTypeInput(type="Billing"),
            models.ContactTypeInput(type="Technical"),
        ],
    )
    values: dict[str, object] = {
        "name": "Acme Test Co",
        "address": models.AddressInput(
            street="1 Main St",
            city="Springfield",
            postal_code="12345",
            country="US",
            state_or_province="IL",
        ),
        "phone": "555-0100",
        "website": "https://acme.example",
        "bill_on_behalf_of_enabled": False,
        "self_service_allowed": False,
        "order_approval_required": False,
        "contacts": [admin],
    }
    values.update(overrides)
    return models.CreateCompany.model_validate(values)


async def test_company_is_active_when_created_with_contacts() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        created = await c.create_company(new_company(external_id="crm-1"))
        fetched = await c.get_company(created.id)
        updated = await c.update_company(created.id, models.UpdateCompany(phone="555-0199"))
    assert created.status == "Active"
    assert fetched.external_id == "crm-1"
    assert updated.phone == "555-0199"


async def test_contacts_round_trip_when_created_updated_and_deleted() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        company = await c.create_company(new_company())
        contact = await c.create_contact(
            company.id,
            models.ContactInput(first_name="Bob", last_name="B", email="b@x.example", phone="1"),
        )
        assert contact.id is not None
        replaced = await c.update_contact(
            company.id,
            contact.id,
            models.ContactInput(first_name="Robert", last_name="B", email="b@x.example", phone="1"),
        )
        assert replaced.first_name == "Robert"
        assert (await c.get_contact(company.id, contact.id)).first_name == "Robert"
        listed = [x.id async for x in c.list_contacts(company.id)]
        assert contact.id in listed
        await c.delete_contact(company.id, contact.id)
        with pytest.raises(errors.NotFoundError):
            await c.get_contact(company.id, contact.id)


async def test_mock_order_creates_nothing_when_is_mock() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        company = await c.create_company(new_company())
        product = await simulated.simple_product(c)
        mocked = await c.create_order(
            simulated.one_line_order(company.id, product.id), is_mock=True
        )
        subs = [s async for s in c.list_subscriptions(company_id=company.id)]
        orders = [o async for o in c.list_orders(company_id=company.id)]
    assert mocked.company_id == company.id
    assert subs == []
    assert orders == []


async def test_order_creates_a_subscription_we_can_update_and_cancel() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        company = await c.create_company(new_company())
        product = await simulated.simple_product(c)
        order = await c.create_order(simulated.one_line_order(company.id, product.id, quantity=3))
        assert order.id is not None
        assert (await c.get_order(order.id)).id == order.id
        sub_id = order.line_items[0].subscription_id
        assert sub_id is not None
        updated = await c.update_subscription(sub_id, models.UpdateSubscription(quantity=5))
        assert updated.quantity == 5
        cancel_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
        await c.cancel_subscription(sub_id, cancel_date=cancel_at)
        cancelled = await c.get_subscription(sub_id)
        history = await c.get_subscription_history(sub_id)
    assert cancelled.status == "PendingCancel"
    assert cancelled.end_date is not None
    assert len(history) >= 2


async def test_order_is_rejected_with_pax8_message_when_the_company_is_unknown() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        product = await simulated.simple_product(c)
        with pytest.raises(errors.RequestRejectedError) as info:
            await c.create_order(
                simulated.one_line_order("00000000-0000-0000-0000-000000000000", product.id)
            )
    assert info.value.message
    assert info.value.status in (400, 404, 422)


async def test_product_catalogue_reads_when_listing_and_fetching() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        products = [p async for p in c.list_products()]
        committed = next(p for p in products if p.requires_commitment)
        detail = await c.get_product(committed.id)
        deps = await c.get_product_dependencies(committed.id)
        pricing = await c.get_product_pricing(committed.id)
    assert detail.id == committed.id
    assert deps.commitment_dependencies
    assert deps.commitment_dependencies[0].term
    assert pricing
    assert pricing[0].rates


async def test_invoices_read_when_listing_items() -> None:
    app = simulated.simulator_app()
    async with simulated.pax8_client(app) as c:
        invoice = await anext(c.list_invoices())
        fetched = await c.get_invoice(invoice.id)
        items = [i async for i in c.list_invoice_items(invoice.id)]
    assert fetched.id == invoice.id
    assert fetched.status
    assert items
