"""From a Pax8 company or subscription to the mirror it should be (name, labels, spec, status).

Why one place: the status schema of the CRDs is fixed and pruned silently by the API server,
so every Pax8 field we show is mapped here, once, in the shape the API server stores (dates
as RFC 3339 text, ``None`` left out); what the mirror spec holds is identity only.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from pax8_operator.models import mirrors as m
from pax8_operator.pax8 import models
from pax8_operator.reconcile import sync_plan


@dataclass(frozen=True)
class AccountRef:
    """An account mirror a subscription points at."""

    name: str
    uid: str
    company_name: str | None


@functools.lru_cache(maxsize=8192)
def _account_owner(name: str, uid: str) -> sync_plan.Owner:
    """One owner per account, shared by its subscriptions' mirrors (memory)."""
    return sync_plan.Owner(m.ACCOUNT_KIND, name, uid)


def _when(value: datetime.datetime | datetime.date | None) -> str | None:
    """RFC 3339 text in UTC (``Z``), as the API server keeps a date-time; a date as is."""
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        if value.utcoffset():  # Pax8 sends UTC: convert only what is not
            value = value.astimezone(datetime.UTC)
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return value.isoformat()


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


def _dumps(status: dict[str, Any]) -> bytes:
    """Canonical JSON of a status whose numbers are already normalized (see ``_num``)."""
    return m.canonical(status)


def _num(value: float | None) -> float | None:
    """As the API server stores a number: ``492.0`` becomes ``492``."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def account(company: models.Company, connection: str, owner: sync_plan.Owner) -> sync_plan.Desired:
    """The Pax8Account mirror of one company."""
    address = company.address
    status = _compact(
        {
            "companyId": company.id,
            "name": company.name,
            "status": company.status,
            "address": _compact(address.model_dump(by_alias=True)) if address else None,
            "phone": company.phone,
            "website": company.website,
            "externalId": company.external_id,
            "selfServiceAllowed": company.self_service_allowed,
            "billOnBehalfOfEnabled": company.bill_on_behalf_of_enabled,
            "orderApprovalRequired": company.order_approval_required,
            "updatedDate": _when(company.updated_date),
        }
    )
    return sync_plan.Desired(
        kind=m.ACCOUNT_KIND,
        pax8_id=company.id,
        name=m.mirror_name(company.name, company.id, "company"),
        labels={m.CONNECTION_LABEL: connection, m.COMPANY_LABEL: company.id},
        spec={
            "connectionRef": {"name": connection},
            "managementPolicy": m.OBSERVE,
            "companyId": company.id,
        },
        owner=owner,
        status_json=_dumps(status),
        bucket=company.status or "Unknown",
    )


def subscription(
    sub: models.Subscription,
    connection: str,
    *,
    accounts: dict[str, AccountRef],
    products: dict[str, models.Product],
    connection_owner: sync_plan.Owner,
    currency: str,
) -> sync_plan.Desired:
    """The Pax8Subscription mirror of one subscription (owned by its account when mirrored)."""
    acct = accounts.get(sub.company_id or "")
    product = products.get(sub.product_id or "")
    product_name = (product.name if product else None) or sub.product_name
    commitment = sub.commitment_term
    mismatch = bool(sub.currency_code) and sub.currency_code != currency
    status = _compact(
        {
            "subscriptionId": sub.id,
            "companyId": sub.company_id,
            "accountName": acct.company_name if acct else None,
            "productId": sub.product_id,
            "productName": product_name,
            "vendorName": product.vendor_name if product else None,
            "quantity": _num(sub.quantity),
            "price": _num(sub.price),
            "partnerCost": _num(sub.partner_cost),
            "currencyCode": sub.currency_code,
            "currencyMismatch": mismatch,
            "billingTerm": sub.billing_term,
            "status": sub.status,
            "startDate": _when(sub.start_date),
            "endDate": _when(sub.end_date),
            "createdDate": _when(sub.created_date),
            "updatedDate": _when(sub.updated_date),
            "commitment": _compact(
                {
                    "id": commitment.id,
                    "term": commitment.term,
                    "endDate": _when(commitment.end_date),
                }
            )
            if commitment
            else None,
            "vendorSubscriptionId": sub.vendor_subscription_id,
        }
    )
    labels = {m.CONNECTION_LABEL: connection}
    if sub.company_id:
        labels[m.COMPANY_LABEL] = sub.company_id
    if sub.product_id:
        labels[m.PRODUCT_LABEL] = sub.product_id
    spec = _compact(
        {
            "connectionRef": {"name": connection},
            "managementPolicy": m.OBSERVE,
            "deletionPolicy": "Orphan",
            "subscriptionId": sub.id,
            "companyId": sub.company_id,
            "productId": sub.product_id,
            "accountRef": {"name": acct.name} if acct else None,
        }
    )
    owner = _account_owner(acct.name, acct.uid) if acct else connection_owner
    return sync_plan.Desired(
        kind=m.SUBSCRIPTION_KIND,
        pax8_id=sub.id,
        name=m.mirror_name(product_name, sub.id, "subscription"),
        labels=labels,
        spec=spec,
        owner=owner,
        status_json=_dumps(status),
        bucket=sub.status or "Unknown",
    )


def with_account(
    desired: sync_plan.Desired, acct: AccountRef | None, connection_owner: sync_plan.Owner
) -> sync_plan.Desired:
    """The same subscription mirror pointing at ``acct`` (an account created in this run)."""
    status = desired.status
    spec = dict(desired.spec)
    if acct is None:
        status.pop("accountName", None)
        spec.pop("accountRef", None)
    else:
        status["accountName"] = acct.company_name
        spec["accountRef"] = {"name": acct.name}
    owner = sync_plan.Owner(m.ACCOUNT_KIND, acct.name, acct.uid) if acct else connection_owner
    return sync_plan.Desired(
        kind=desired.kind,
        pax8_id=desired.pax8_id,
        name=desired.name,
        labels=desired.labels,
        spec=_compact(spec),
        owner=owner,
        status_json=_dumps(_compact(status)),
        bucket=desired.bucket,
    )
