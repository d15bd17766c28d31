"""Portal actions: what a person does in the Pax8 portal, outside the partner API.

Used by the admin API so tests can make the world drift (a company added by hand, a seat
count changed, a subscription cancelled) and check that the operator notices.
"""

from __future__ import annotations

import random
from typing import Any

from pax8_simulator import (
    api_companies,
    builders,
    catalogue,
    clock,
    errors,
    products,
    seed,
    state,
    subscriptions,
)


def create_company(world: state.World, body: dict[str, Any], rng: random.Random) -> state.Company:
    """A company from a partial body; missing fields and contacts are made up. Active."""
    filler = seed.company_fields(rng, {c.data["name"] for c in world.companies.values()})
    fields = {**filler, **{k: v for k, v in body.items() if v is not None}}
    if not fields.get("contacts"):
        domain = str(fields["website"]).split("//")[-1].removeprefix("www.")
        fields["contacts"] = seed.contacts(rng, domain)
    return api_companies.create(world, fields, builders.new_id())


def delete_company(world: state.World, company_id: str) -> state.Company:
    """Mark a company Deleted."""
    company = api_companies.find(world, company_id)
    company.data["status"] = "Deleted"
    company.data["updatedDate"] = clock.iso(world.clock.now())
    company.touch()
    world.changed("companies")
    return company


def create_subscription(world: state.World, body: dict[str, Any]) -> state.Subscription:
    """A subscription added by hand (no order rules, no provisioning)."""
    company = api_companies.find(world, str(body.get("companyId")))
    product = catalogue.BY_ID.get(str(body.get("productId")))
    if product is None:
        raise errors.not_found("Product", str(body.get("productId")))
    billing = str(body.get("billingTerm") or product.billing_terms[0])
    terms = [t for t in product.commitment_terms if products.term_allows(t, billing)]
    now = world.clock.now()
    sub = state.Subscription(
        builders.subscription_data(
            ident=builders.new_id(),
            company=company,
            product=product,
            quantity=int(body.get("quantity") or 1),
            billing_term=billing,
            term=terms[0] if terms else "",
            status="Active",
            created=now,
            start=now,
            now=now,
            vendor_subscription_id=builders.new_id().upper(),
        )
    )
    sub.snapshot()
    world.add_subscription(sub)
    return sub


def _sub(world: state.World, sub_id: str) -> state.Subscription:
    sub = world.subscriptions.get(sub_id)
    if sub is None:
        raise errors.not_found("Subscription", sub_id)
    return sub


def patch_subscription(world: state.World, sub_id: str, body: dict[str, Any]) -> state.Subscription:
    """Change quantity, status or price directly, bypassing commitment rules."""
    sub = _sub(world, sub_id)
    changes = {k: body[k] for k in ("quantity", "status", "price") if body.get(k) is not None}
    if "status" in changes and changes["status"] not in subscriptions.STATUSES:
        raise errors.bad_request(f"status must be one of {', '.join(subscriptions.STATUSES)}")
    world.before_change(sub)
    sub.data.update(changes)
    sub.data["updatedDate"] = clock.iso(world.clock.now())
    world.update_subscription(sub)
    if changes.get("status") == "PendingCancel" and sub.data.get("endDate"):
        world.schedule_cancel(sub)
    return sub


def cancel_subscription(world: state.World, sub_id: str) -> state.Subscription:
    """Cancelled now, end date now."""
    sub = _sub(world, sub_id)
    now = clock.iso(world.clock.now())
    world.before_change(sub)
    sub.data.update(status="Cancelled", endDate=now, updatedDate=now)
    world.update_subscription(sub)
    return sub
