"""The Pax8 partner API client the operator codes against: one ``Pax8Client`` per connection.

Why: it maps each Pax8 operation (named by its operationId, the metrics label) to a path and
a model; transport concerns (budget, token, retries, errors) live in ``session`` and paging
in ``paging``. Listing methods are async iterators over every page.

    async with Pax8Client(settings, connection="ns/name", metrics=m) as c:
        await c.verify()
        async for company in c.list_companies(status="Active"): ...
"""

from __future__ import annotations

import datetime
import types
import urllib.parse
from collections.abc import AsyncIterator
from typing import Any, TypeVar

import httpx
import pydantic

from pax8_operator import metrics as metrics_mod
from pax8_operator.pax8 import config, models, paging, session
from pax8_operator.pax8.config import Pax8ClientSettings as Pax8ClientSettings
from pax8_operator.pax8.models import base

ModelT = TypeVar("ModelT", bound=pydantic.BaseModel)
ItemT = TypeVar("ItemT")


def _seg(value: str) -> str:
    """An id as one path segment (ids are not always UUIDs: escape them)."""
    return urllib.parse.quote(str(value), safe="")


def _params(**values: Any) -> dict[str, Any]:
    """Query parameters with None left out (keyword names are Pax8's camelCase names)."""
    return {k: v for k, v in values.items() if v is not None}


def _nothing(_: bytes) -> None:
    """Decoder of bodies we do not read (DELETE answers 204)."""


class Pax8Client:
    """Async client of the Pax8 partner API for one connection (one budget, one token).

    Every method raises only ``errors.Pax8Error`` subclasses: ``AuthError`` (401, after one
    token refresh), ``ForbiddenError``, ``NotFoundError``, ``BadRequestError`` /
    ``UnprocessableError`` (Pax8's messages in ``message``/``details``), ``RateLimitedError``
    and ``ServerError`` (after the allowed retries), ``Pax8ConnectionError`` /
    ``Pax8TimeoutError``, ``InvalidResponseError``, and ``AmbiguousWriteError`` when a create
    (POST) may have been applied: look Pax8 up before trying again.
    """

    def __init__(
        self,
        settings: config.Pax8ClientSettings,
        *,
        connection: str = "default",
        metrics: metrics_mod.Metrics | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.settings = settings
        self.session = session.Pax8Session(
            settings, connection=connection, metrics=metrics, transport_=transport
        )

    async def __aenter__(self) -> Pax8Client:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: types.TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.session.aclose()

    # -- plumbing -------------------------------------------------------------------------

    async def _get(self, path: str, operation: str, model: type[ModelT], **params: Any) -> ModelT:
        return await self.session.call(
            "GET", path, operation, model.model_validate_json, params=_params(**params)
        )

    async def _send(
        self,
        method: str,
        path: str,
        operation: str,
        model: type[ModelT],
        body: base.Pax8Request,
        params: dict[str, Any] | None = None,
    ) -> ModelT:
        return await self.session.call(
            method,
            path,
            operation,
            model.model_validate_json,
            params=params,
            json_body=body.to_wire(),
        )

    async def _content(
        self, path: str, operation: str, page_model: type[base.Page[ItemT]], **params: Any
    ) -> list[ItemT]:
        """An un-paged ``{content: [...]}`` list."""
        page = await self._get(path, operation, page_model, **params)
        return page.content

    def _list(
        self, path: str, operation: str, page_model: type[base.Page[ItemT]], **params: Any
    ) -> AsyncIterator[ItemT]:
        query = _params(**params)

        async def fetch_page(number: int) -> paging.PageResult[ItemT]:
            page_query = {**query, "page": number, "size": self.settings.page_size}
            page = await self._get(path, operation, page_model, **page_query)
            return paging.PageResult(items=page.content, info=page.page)

        return paging.iterate(fetch_page, concurrency=self.settings.page_concurrency)

    # -- connection -----------------------------------------------------------------------

    async def verify(self) -> models.VerifyResult:
        """Fetch a token and make one cheap authenticated call (``GET /companies``, size 1)."""
        await self.session.token()
        page = await self._get(
            "/companies", "findCompanies", models.Page[models.Company], page=0, size=1
        )
        total = page.page.total_elements if page.page else len(page.content)
        return models.VerifyResult(companies_total=total)

    # -- companies and contacts ---------------------------------------------------------

    def list_companies(
        self,
        *,
        status: str | None = None,
        city: str | None = None,
        country: str | None = None,
        state_or_province: str | None = None,
        postal_code: str | None = None,
        self_service_allowed: bool | None = None,
        bill_on_behalf_of_enabled: bool | None = None,
        order_approval_required: bool | None = None,
        sort: str | None = None,
    ) -> AsyncIterator[models.Company]:
        """Every company matching the filters (``GET /companies``, all pages)."""
        return self._list(
            "/companies",
            "findCompanies",
            models.Page[models.Company],
            status=status,
            city=city,
            country=country,
            stateOrProvince=state_or_province,
            postalCode=postal_code,
            selfServiceAllowed=self_service_allowed,
            billOnBehalfOfEnabled=bill_on_behalf_of_enabled,
            orderApprovalRequired=order_approval_required,
            sort=sort,
        )

    async def get_company(self, company_id: str) -> models.Company:
        return await self._get(f"/companies/{_seg(company_id)}", "findCompanyById", models.Company)

    async def create_company(self, company: models.CreateCompany) -> models.Company:
        """``POST /companies``; never retried after it may have arrived (AmbiguousWriteError)."""
        return await self._send("POST", "/companies", "createCompany", models.Company, company)

    async def update_company(self, company_id: str, update: models.UpdateCompany) -> models.Company:
        path = f"/companies/{_seg(company_id)}"
        return await self._send("PATCH", path, "updateCompany", models.Company, update)

    def list_contacts(self, company_id: str) -> AsyncIterator[models.Contact]:
        return self._list(
            f"/companies/{_seg(company_id)}/contacts", "findContacts", models.Page[models.Contact]
        )

    async def get_contact(self, company_id: str, contact_id: str) -> models.Contact:
        path = f"/companies/{_seg(company_id)}/contacts/{_seg(contact_id)}"
        return await self._get(path, "findContactById", models.Contact)

    async def create_contact(self, company_id: str, contact: models.ContactInput) -> models.Contact:
        path = f"/companies/{_seg(company_id)}/contacts"
        return await self._send("POST", path, "createContact", models.Contact, contact)

    async def update_contact(
        self, company_id: str, contact_id: str, contact: models.ContactInput
    ) -> models.Contact:
        path = f"/companies/{_seg(company_id)}/contacts/{_seg(contact_id)}"
        return await self._send("PUT", path, "updateContact", models.Contact, contact)

    async def delete_contact(self, company_id: str, contact_id: str) -> None:
        path = f"/companies/{_seg(company_id)}/contacts/{_seg(contact_id)}"
        await self.session.call("DELETE", path, "deleteContact", _nothing)

    # -- products -------------------------------------------------------------------------

    def list_products(
        self, *, search: str | None = None, vendor_name: str | None = None, sort: str | None = None
    ) -> AsyncIterator[models.Product]:
        return self._list(
            "/products",
            "findAllProducts",
            models.Page[models.Product],
            search=search,
            vendorName=vendor_name,
            sort=sort,
        )

    async def get_product(self, product_id: str) -> models.ProductDetail:
        path = f"/products/{_seg(product_id)}"
        return await self._get(path, "findProductByProductId", models.ProductDetail)

    async def get_product_dependencies(self, product_id: str) -> models.Dependencies:
        path = f"/products/{_seg(product_id)}/dependencies"
        return await self._get(path, "findProductDependenciesByProductId", models.Dependencies)

    async def get_product_pricing(
        self, product_id: str, *, company_id: str | None = None
    ) -> list[models.Pricing]:
        path = f"/products/{_seg(product_id)}/pricing"
        return await self._content(
            path, "findPricingByProductId", models.Page[models.Pricing], companyId=company_id
        )

    async def get_product_provision_details(
        self, product_id: str
    ) -> list[models.ProvisioningDetail]:
        path = f"/products/{_seg(product_id)}/provision-details"
        return await self._content(
            path, "findProvisionDetailsByProductId", models.Page[models.ProvisioningDetail]
        )

    # -- orders ---------------------------------------------------------------------------

    def list_orders(self, *, company_id: str | None = None) -> AsyncIterator[models.Order]:
        """Orders, oldest first (Pax8 ignores a status filter: orders have none)."""
        return self._list("/orders", "findOrders", models.Page[models.Order], companyId=company_id)

    async def get_order(self, order_id: str) -> models.Order:
        return await self._get(f"/orders/{_seg(order_id)}", "findOrdersByOrderId", models.Order)

    async def create_order(
        self, order: models.CreateOrder, *, is_mock: bool = False
    ) -> models.Order:
        """``POST /orders``; ``is_mock`` validates without buying. Never retried blindly:
        an ambiguous failure raises ``AmbiguousWriteError`` (list the company's orders first).
        """
        params = {"isMock": "true"} if is_mock else None
        return await self._send("POST", "/orders", "createOrder", models.Order, order, params)

    # -- subscriptions --------------------------------------------------------------------

    def list_subscriptions(
        self,
        *,
        company_id: str | None = None,
        status: str | None = None,
        billing_term: str | None = None,
        product_id: str | None = None,
        sort: str | None = None,
    ) -> AsyncIterator[models.Subscription]:
        return self._list(
            "/subscriptions",
            "findSubscriptions",
            models.Page[models.Subscription],
            companyId=company_id,
            status=status,
            billingTerm=billing_term,
            productId=product_id,
            sort=sort,
        )

    async def get_subscription(self, subscription_id: str) -> models.Subscription:
        path = f"/subscriptions/{_seg(subscription_id)}"
        return await self._get(path, "findSubscriptionBySubscriptionId", models.Subscription)

    async def update_subscription(
        self, subscription_id: str, update: models.UpdateSubscription
    ) -> models.Subscription:
        """``PUT /subscriptions/{id}`` (absolute values: safe to retry)."""
        path = f"/subscriptions/{_seg(subscription_id)}"
        return await self._send("PUT", path, "updateSubscription", models.Subscription, update)

    async def cancel_subscription(
        self, subscription_id: str, *, cancel_date: datetime.datetime | None = None
    ) -> None:
        """``DELETE /subscriptions/{id}``: PendingCancel now, Cancelled at its end date.

        Retried like any DELETE; a repeat that finds it already cancelled may raise
        ``NotFoundError`` or ``UnprocessableError``: look the subscription up.
        """
        params = None
        if cancel_date is not None:
            moment = cancel_date if cancel_date.tzinfo else cancel_date.replace(tzinfo=base.UTC)
            text = moment.astimezone(base.UTC).isoformat(timespec="seconds")
            params = {"cancelDate": text.replace("+00:00", "Z")}
        path = f"/subscriptions/{_seg(subscription_id)}"
        await self.session.call("DELETE", path, "cancelSubscription", _nothing, params=params)

    async def get_subscription_history(self, subscription_id: str) -> list[models.Subscription]:
        path = f"/subscriptions/{_seg(subscription_id)}/history"
        return await self._content(
            path, "findSubscriptionHistoryBySubscriptionId", models.Page[models.Subscription]
        )

    # -- invoices -------------------------------------------------------------------------

    def list_invoices(
        self,
        *,
        company_id: str | None = None,
        status: str | None = None,
        sort: str | None = None,
    ) -> AsyncIterator[models.Invoice]:
        return self._list(
            "/invoices",
            "findPartnerInvoices",
            models.Page[models.Invoice],
            companyId=company_id,
            status=status,
            sort=sort,
        )

    async def get_invoice(self, invoice_id: str) -> models.Invoice:
        return await self._get(f"/invoices/{_seg(invoice_id)}", "getPartnerInvoice", models.Invoice)

    def list_invoice_items(self, invoice_id: str) -> AsyncIterator[models.InvoiceItem]:
        path = f"/invoices/{_seg(invoice_id)}/items"
        return self._list(path, "findPartnerInvoiceItems", models.Page[models.InvoiceItem])
