"""The Pax8 route table: path, method, operationId (from the spec) and handler.

The spec leaves seven operations without an id; the names used here are part of the
shared contract (`findCompanyById`, `createContact`, ... `cancelSubscription`).
"""

from __future__ import annotations

from starlette import routing

from pax8_simulator import (
    api_billing,
    api_companies,
    api_contacts,
    api_orders,
    api_products,
    api_subscriptions,
    api_tokens,
    pipeline,
)

C, P, Ord, S, B = api_companies, api_products, api_orders, api_subscriptions, api_billing
OPERATIONS: tuple[tuple[str, str, str, pipeline.Handler], ...] = (
    ("POST", "/companies", "createCompany", C.create_company),
    ("GET", "/companies", "findCompanies", C.find_companies),
    ("GET", "/companies/{companyId}", "findCompanyById", C.find_company_by_id),
    ("PATCH", "/companies/{companyId}", "updateCompany", C.update_company),
    ("POST", "/companies/{companyId}/contacts", "createContact", api_contacts.create_contact),
    ("GET", "/companies/{companyId}/contacts", "findContacts", api_contacts.find_contacts),
    (
        "GET",
        "/companies/{companyId}/contacts/{contactId}",
        "findContactById",
        api_contacts.find_contact_by_id,
    ),
    (
        "PUT",
        "/companies/{companyId}/contacts/{contactId}",
        "updateContact",
        api_contacts.update_contact,
    ),
    (
        "DELETE",
        "/companies/{companyId}/contacts/{contactId}",
        "deleteContact",
        api_contacts.delete_contact,
    ),
    ("GET", "/products", "findAllProducts", P.find_all_products),
    ("GET", "/products/{productId}", "findProductByProductId", P.find_product_by_product_id),
    (
        "GET",
        "/products/{productId}/provision-details",
        "findProvisionDetailsByProductId",
        P.find_provision_details_by_product_id,
    ),
    (
        "GET",
        "/products/{productId}/dependencies",
        "findProductDependenciesByProductId",
        P.find_product_dependencies_by_product_id,
    ),
    (
        "GET",
        "/products/{productId}/pricing",
        "findPricingByProductId",
        P.find_pricing_by_product_id,
    ),
    ("GET", "/orders", "findOrders", Ord.find_orders),
    ("POST", "/orders", "createOrder", Ord.create_order),
    ("GET", "/orders/{orderId}", "findOrdersByOrderId", Ord.find_orders_by_order_id),
    ("GET", "/subscriptions", "findSubscriptions", S.find_subscriptions),
    (
        "GET",
        "/subscriptions/{subscriptionId}",
        "findSubscriptionBySubscriptionId",
        S.find_subscription_by_subscription_id,
    ),
    ("PUT", "/subscriptions/{subscriptionId}", "updateSubscription", S.update_subscription),
    ("DELETE", "/subscriptions/{subscriptionId}", "cancelSubscription", S.cancel_subscription),
    (
        "GET",
        "/subscriptions/{subscriptionId}/history",
        "findSubscriptionHistoryBySubscriptionId",
        S.find_subscription_history_by_subscription_id,
    ),
    (
        "GET",
        "/invoices/draftItems",
        "findPartnerDraftInvoiceItems",
        B.find_partner_draft_invoice_items,
    ),
    ("GET", "/invoices", "findPartnerInvoices", B.find_partner_invoices),
    ("GET", "/invoices/{invoiceId}", "getPartnerInvoice", B.get_partner_invoice),
    ("GET", "/invoices/{invoiceId}/items", "findPartnerInvoiceItems", B.find_partner_invoice_items),
    (
        "GET",
        "/subscriptions/{subscriptionId}/usage-summaries",
        "findSubscriptionUsageSummaries",
        B.find_subscription_usage_summaries,
    ),
    (
        "GET",
        "/usage-summaries/{usageSummaryId}",
        "findSubscriptionUsageSummary",
        B.find_subscription_usage_summary,
    ),
    ("GET", "/usage-summaries/{usageSummaryId}/usage-lines", "findUsageLines", B.find_usage_lines),
)


def pax8_routes() -> list[routing.Route]:
    """Routes for the 29 partner operations under /v1 plus both token endpoints."""
    table = [
        routing.Route(
            "/v1" + path,
            pipeline.Pax8Endpoint(op, handler),
            methods=[method],
            name=op,
        )
        for method, path, op, handler in OPERATIONS
    ]
    table.append(
        routing.Route(
            "/v1/token",
            pipeline.Pax8Endpoint(
                "createAccessToken", api_tokens.create_access_token, authenticated=False
            ),
            methods=["POST"],
            name="createAccessToken",
        )
    )
    table.append(
        routing.Route(
            "/oauth/token",
            pipeline.Pax8Endpoint(
                "createLegacyToken", api_tokens.create_legacy_token, authenticated=False
            ),
            methods=["POST"],
            name="createLegacyToken",
        )
    )
    return table
