"""Subscription changes: partial update with commitment rules, and cancellation.

Inside a commitment a quantity decrease or a billing-term change is rejected with 422 and
the `{"errors": [...]}` body the live API is seen to send for these rejections.
"""

from __future__ import annotations

import datetime
from typing import Any

from pax8_simulator import catalogue, clock, errors, products, state, validation

# Every subscription status Pax8 documents (pax8-api-notes: "Subscription statuses").
STATUSES = (
    "Active",
    "Cancelled",
    "PendingManual",
    "PendingAutomated",
    "PendingCancel",
    "WaitingForDetails",
    "Trial",
    "Converted",
    "PendingActivation",
    "Activated",
)


UPDATABLE = ("quantity", "price", "billingTerm", "startDate")
BILLING_TERMS = ("Monthly", "Annual", "2-Year", "3-Year", "One-Time", "Trial", "Activation")
CLOSED = ("Cancelled", "PendingCancel")
CANCEL_PROCESSING = datetime.timedelta(seconds=60)
"""A cancellation shows PendingCancel at least this long (Pax8 processes it asynchronously)."""


def _reject(message: str) -> errors.ApiError:
    return errors.ApiError(422, message, shape="errors")


def _in_commitment(sub: state.Subscription, now: datetime.datetime) -> dict[str, Any] | None:
    commitment = sub.data.get("commitmentTerm")
    if not commitment:
        return None
    return commitment if clock.parse_datetime(commitment["endDate"]) > now else None


def update(world: state.World, sub: state.Subscription, body: dict[str, Any]) -> None:
    """Apply a partial update (at least one of quantity, price, billingTerm, startDate)."""
    changes = {k: body[k] for k in UPDATABLE if body.get(k) is not None}
    if not changes:
        raise errors.unprocessable(
            f"Subscription update needs at least one of: {', '.join(UPDATABLE)}"
        )
    if sub.data["status"] in CLOSED:
        raise errors.unprocessable(f"Subscription is {sub.data['status']} and cannot be changed")
    product = catalogue.BY_ID[sub.data["productId"]]
    now = world.clock.now()
    if "quantity" in changes:
        changes["quantity"] = validation.whole(changes["quantity"], "quantity", "Subscription")
    if "price" in changes:
        price = changes["price"]
        if isinstance(price, bool) or not isinstance(price, int | float) or not 0 <= price < 1e9:
            raise errors.unprocessable("Subscription field 'price' must be a number >= 0")
    if "startDate" in changes:
        try:
            start = clock.parse_datetime(str(changes["startDate"]))
        except ValueError:
            raise errors.unprocessable(
                "Subscription field 'startDate' must be a date-time"
            ) from None
        changes["startDate"] = clock.iso(start)
        changes["billingStart"] = clock.iso_date(start)
    billing = changes.get("billingTerm")
    if billing is not None and billing not in product.billing_terms:
        raise _reject(f"Billing term {billing} is not available for {product.name}")
    commitment = _in_commitment(sub, now)
    if commitment is not None:
        ends = commitment["endDate"]
        if changes.get("quantity", sub.data["quantity"]) < sub.data["quantity"]:
            raise _reject(
                f"Quantity cannot be decreased during the {commitment['term']} commitment "
                f"(ends {ends})"
            )
        if billing is not None and billing != sub.data["billingTerm"]:
            raise _reject(
                f"Billing term cannot be changed during the {commitment['term']} commitment "
                f"(ends {ends})"
            )
    elif billing is not None and product.requires_commitment:
        offered = [t for t in product.commitment_terms if products.term_allows(t, billing)]
        if not offered:
            raise _reject(f"No commitment term of {product.name} allows billing term {billing}")
    world.before_change(sub)
    sub.data.update(changes)
    sub.data["updatedDate"] = clock.iso(now)
    world.update_subscription(sub)


def cancel(world: state.World, sub: state.Subscription, cancel_date: str | None) -> None:
    """Set the end date and PendingCancel; it becomes Cancelled once the date has passed."""
    if sub.data["status"] in CLOSED:
        return
    now = world.clock.now()
    end = now
    if cancel_date is not None:
        try:
            end = clock.parse_datetime(cancel_date)
        except ValueError:
            raise errors.bad_request("Parameter 'cancelDate' must be a date-time") from None
    world.before_change(sub)
    sub.data["endDate"] = clock.iso(end)
    sub.data["status"] = "PendingCancel"
    sub.data["updatedDate"] = clock.iso(now)
    world.update_subscription(sub)
    world.schedule_cancel(sub, not_before=now + CANCEL_PROCESSING)
