"""Pydantic models of the Pax8 API, one import for callers: ``models.Company`` etc.

Why a package: the models are many; they are split by area (companies, products, orders,
subscriptions, invoices) and re-exported here so callers need not know the split.
Responses are tolerant (``extra="ignore"``), requests strict (``extra="forbid"``).
"""

from pax8_operator.pax8.models.base import Page as Page
from pax8_operator.pax8.models.base import PageInfo as PageInfo
from pax8_operator.pax8.models.base import VerifyResult as VerifyResult
from pax8_operator.pax8.models.companies import Address as Address
from pax8_operator.pax8.models.companies import AddressInput as AddressInput
from pax8_operator.pax8.models.companies import Company as Company
from pax8_operator.pax8.models.companies import Contact as Contact
from pax8_operator.pax8.models.companies import ContactInput as ContactInput
from pax8_operator.pax8.models.companies import ContactType as ContactType
from pax8_operator.pax8.models.companies import ContactTypeInput as ContactTypeInput
from pax8_operator.pax8.models.companies import CreateCompany as CreateCompany
from pax8_operator.pax8.models.companies import UpdateCompany as UpdateCompany
from pax8_operator.pax8.models.invoices import Invoice as Invoice
from pax8_operator.pax8.models.invoices import InvoiceItem as InvoiceItem
from pax8_operator.pax8.models.orders import BillingTerm as BillingTerm
from pax8_operator.pax8.models.orders import CreateLineItem as CreateLineItem
from pax8_operator.pax8.models.orders import CreateOrder as CreateOrder
from pax8_operator.pax8.models.orders import LineItem as LineItem
from pax8_operator.pax8.models.orders import Order as Order
from pax8_operator.pax8.models.orders import ProvisioningValue as ProvisioningValue
from pax8_operator.pax8.models.products import Commitment as Commitment
from pax8_operator.pax8.models.products import Dependencies as Dependencies
from pax8_operator.pax8.models.products import Pricing as Pricing
from pax8_operator.pax8.models.products import Product as Product
from pax8_operator.pax8.models.products import ProductDependency as ProductDependency
from pax8_operator.pax8.models.products import ProductDetail as ProductDetail
from pax8_operator.pax8.models.products import ProvisioningDetail as ProvisioningDetail
from pax8_operator.pax8.models.products import Rate as Rate
from pax8_operator.pax8.models.subscriptions import Subscription as Subscription
from pax8_operator.pax8.models.subscriptions import (
    SubscriptionCommitment as SubscriptionCommitment,
)
from pax8_operator.pax8.models.subscriptions import UpdateSubscription as UpdateSubscription
