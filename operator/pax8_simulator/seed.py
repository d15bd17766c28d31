"""Deterministic seeded data: the same `seed` always builds the same world.

Everything random comes from one `random.Random(seed)`; ids are drawn from it too.
Built for scale: 5,000 companies x 10 subscriptions seed in about a second.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import random
from typing import Any

from pax8_simulator import billing_seed, builders, catalogue, clock, records, state

_PREFIX = (
    "Summit",
    "Blue Ridge",
    "Harbor",
    "Pioneer",
    "Cedar",
    "Redwood",
    "Granite",
    "Lakeside",
    "Northstar",
    "Silverline",
    "Evergreen",
    "Riverbend",
    "Keystone",
    "Maple",
    "Oakwood",
    "Frontier",
    "Bright",
    "Coastal",
    "Prairie",
    "Ironwood",
    "Crescent",
    "Falcon",
    "Sterling",
    "Horizon",
    "Aspen",
    "Copper",
    "Beacon",
    "Union",
    "Liberty",
    "Meridian",
    "Vista",
    "Sunrise",
    "Atlas",
    "Highland",
    "Willow",
    "Trinity",
    "Apex",
    "Cobalt",
    "Juniper",
    "Orion",
)
_TRADE = (
    "Dental",
    "Logistics",
    "Accounting",
    "Law",
    "Realty",
    "Veterinary",
    "Construction",
    "Marketing",
    "Engineering",
    "Insurance",
    "Pharmacy",
    "Architects",
    "Consulting",
    "Plumbing",
    "Auto Care",
    "Fitness",
    "Bakery",
    "Medical",
    "Wealth",
    "Design",
    "Printing",
    "Landscaping",
    "Staffing",
    "Travel",
    "Manufacturing",
    "Brewing",
    "Solar",
    "Pet Care",
)
_SUFFIX = ("Group", "LLC", "Inc.", "Partners", "Co.", "Associates", "Ltd", "Services", "Studio")
_STREETS = (
    "Main St",
    "Oak Ave",
    "Market St",
    "2nd Ave",
    "Park Rd",
    "Quebec St",
    "High St",
    "Lake Dr",
    "Elm St",
    "Commerce Blvd",
    "Station Rd",
    "King St",
    "Queen St W",
)
_PLACES: tuple[tuple[str, str, str, str, int], ...] = (
    # country, city, state or province, postal code prefix, weight
    ("US", "Greenwood Village", "CO", "801", 6),
    ("US", "Denver", "CO", "802", 6),
    ("US", "Austin", "TX", "787", 6),
    ("US", "Chicago", "IL", "606", 6),
    ("US", "Seattle", "WA", "981", 5),
    ("US", "Atlanta", "GA", "303", 5),
    ("US", "Boston", "MA", "021", 5),
    ("US", "Phoenix", "AZ", "850", 5),
    ("US", "Tampa", "FL", "336", 5),
    ("US", "Columbus", "OH", "432", 5),
    ("US", "Nashville", "TN", "372", 4),
    ("US", "San Diego", "CA", "921", 4),
    ("CA", "Toronto", "ON", "M5V", 4),
    ("CA", "Vancouver", "BC", "V6B", 3),
    ("GB", "London", "England", "EC1", 4),
    ("GB", "Manchester", "England", "M1", 2),
    ("AU", "Sydney", "NSW", "200", 3),
    ("AU", "Melbourne", "VIC", "300", 2),
    ("DE", "Berlin", "Berlin", "101", 2),
    ("NL", "Amsterdam", "Noord-Holland", "101", 2),
    ("IE", "Dublin", "Leinster", "D02", 1),
    ("NZ", "Auckland", "Auckland", "101", 1),
)
_PLACE_WEIGHTS = [p[4] for p in _PLACES]
_FIRST = (
    "James",
    "Mary",
    "Olivia",
    "Liam",
    "Emma",
    "Noah",
    "Ava",
    "Lucas",
    "Mia",
    "Ethan",
    "Sofia",
    "Mason",
    "Amelia",
    "Logan",
    "Harper",
    "Elijah",
    "Aria",
    "Mateo",
    "Chloe",
    "Ben",
)
_LAST = (
    "Smith",
    "Johnson",
    "Garcia",
    "Brown",
    "Nguyen",
    "Patel",
    "Miller",
    "Davis",
    "Lopez",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Martin",
    "Lee",
    "Walker",
    "Young",
)
_STATUSES = (
    "Active",
    "Cancelled",
    "PendingCancel",
    "Trial",
    "PendingManual",
    "PendingAutomated",
    "WaitingForDetails",
    "Converted",
    "PendingActivation",
)
_STATUS_CUMULATIVE = list(itertools.accumulate((82, 6, 3, 2, 2, 2, 1, 1, 1)))


def company_fields(rng: random.Random, used: set[str]) -> dict[str, Any]:
    """Realistic company fields with a name not in `used` (which it extends)."""
    name = ""
    for attempt in range(20):
        name = f"{rng.choice(_PREFIX)} {rng.choice(_TRADE)} {rng.choice(_SUFFIX)}"
        if attempt >= 5:
            name = f"{name} {rng.randint(2, 999)}"
        if name not in used:
            break
    used.add(name)
    country, city, region, postal, _ = rng.choices(_PLACES, _PLACE_WEIGHTS)[0]
    slug = "".join(ch for ch in name.lower() if ch.isalnum())[:40]
    return {
        "name": name,
        "address": {
            "street": f"{rng.randint(10, 9999)} {rng.choice(_STREETS)}",
            "city": city,
            "stateOrProvince": region,
            "postalCode": f"{postal}{rng.randint(10, 99)}",
            "country": country,
        },
        "phone": f"{rng.randint(200, 989)}-555-{rng.randint(1000, 9999)}",
        "website": f"https://www.{slug}.com",
        "externalId": f"CRM-{rng.randint(10000, 99999)}",
        "selfServiceAllowed": rng.random() < 0.3,
        "billOnBehalfOfEnabled": rng.random() < 0.4,
        "orderApprovalRequired": rng.random() < 0.2,
    }


def contacts(rng: random.Random, domain: str) -> list[dict[str, Any]]:
    """One to three people covering the primary Admin, Billing and Technical roles."""
    count = rng.choice((1, 1, 2, 3))
    kinds = (
        [list(builders.CONTACT_TYPES)]
        if count == 1
        else (
            [["Admin", "Technical"], ["Billing"]]
            if count == 2
            else [["Admin"], ["Billing"], ["Technical"]]
        )
    )
    people = []
    for types in kinds:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        people.append(
            {
                "firstName": first,
                "lastName": last,
                "email": f"{first[0].lower()}{last.lower()}@{domain}",
                "phone": f"{rng.randint(200, 989)}-555-{rng.randint(1000, 9999)}",
                "types": [{"type": t, "primary": True} for t in types],
            }
        )
    return people


def _between(rng: random.Random, low: int, high: int) -> int:
    """`randint` without its overhead (the seed draws hundreds of thousands)."""
    return low + int(rng.random() * (high - low + 1))


def _pick(rng: random.Random, items: tuple[str, ...]) -> str:
    return items[int(rng.random() * len(items))]


@functools.cache
def _terms_for(product: catalogue.ProductDef, billing: str) -> tuple[str, ...]:
    months = catalogue.BILLING_MONTHS.get(billing, 0)
    return tuple(t for t in product.commitment_terms if catalogue.TERM_MONTHS[t] >= months)


def _subscription(
    rng: random.Random,
    world: state.World,
    company: state.Company,
    product: catalogue.ProductDef,
    anchor: datetime.datetime,
    now: datetime.datetime,
) -> state.Subscription:
    status = _STATUSES[bisect.bisect(_STATUS_CUMULATIVE, rng.random() * _STATUS_CUMULATIVE[-1])]
    billing = _pick(rng, product.billing_terms)
    terms = _terms_for(product, billing)
    term = _pick(rng, terms) if terms else ""
    if billing == "Trial":
        status = _pick(rng, ("Trial", "Converted"))
    age = datetime.timedelta(days=_between(rng, 20, 1100), seconds=_between(rng, 0, 86399))
    created = anchor - age
    start = created + datetime.timedelta(hours=_between(rng, 0, 48))
    data = builders.subscription_data(
        ident=builders.seeded_id(rng),
        company=company,
        product=product,
        quantity=_between(rng, 1, 60),
        billing_term=billing,
        term=term,
        status=status,
        created=created,
        start=start,
        now=now,
        vendor_subscription_id=builders.seeded_id(rng).upper()
        if product.vendor == "Microsoft"
        else f"{product.vendor[:3].upper()}-{_between(rng, 10**7, 10**8 - 1)}",
    )
    if status == "Cancelled":
        data["endDate"] = clock.iso(anchor - datetime.timedelta(days=rng.randint(1, 15)))
    elif status == "PendingCancel":
        data["endDate"] = clock.iso(anchor + datetime.timedelta(days=rng.randint(2, 30)))
    return state.Subscription(data)


def populate(world: state.World, seed: int, companies: int, per_company: int) -> None:
    """Fill `world` with `companies` companies of `per_company` subscriptions each."""
    rng = random.Random(seed)
    anchor = world.clock.start_day()
    now = world.clock.now()
    catalogue_list = [p for p in catalogue.PRODUCTS if p.price > 0 or p.usage_based]
    weights = [8 if p.vendor == "Microsoft" else 3 for p in catalogue_list]
    names: set[str] = set()
    orders: list[records.Record] = []
    for _ in range(companies):
        fields = company_fields(rng, names)
        created = anchor - datetime.timedelta(days=rng.randint(30, 1500))
        company = state.Company(builders.company_data(fields, builders.seeded_id(rng), created))
        roll = rng.random()
        if roll >= 0.03:  # 3% are Inactive ghosts without contacts
            domain = fields["website"].removeprefix("https://www.")
            for person in contacts(rng, domain):
                contact = records.Record(
                    builders.contact_data(person, builders.seeded_id(rng), created)
                )
                company.contacts[contact.id] = contact
        company.data["status"] = "Deleted" if roll >= 0.99 else builders.company_status(company)
        world.add_company(company)
        chosen = rng.choices(catalogue_list, weights, k=per_company)
        subs = [_subscription(rng, world, company, product, anchor, now) for product in chosen]
        for sub in subs:
            world.add_subscription(sub)
        if subs:
            first = min(sub.data["createdDate"] for sub in subs)
            items = [
                {
                    "id": builders.seeded_id(rng),
                    "productId": s.data["productId"],
                    "subscriptionId": s.id,
                    "provisionStartDate": s.data["startDate"],
                    "billingTerm": s.data["billingTerm"],
                    "quantity": s.data["quantity"],
                }
                for s in subs
            ]
            orders.append(
                records.Record(
                    builders.order_data(
                        ident=builders.seeded_id(rng),
                        company_id=company.id,
                        created=clock.parse_datetime(first),
                        line_items=items,
                        email="orders@partner.example",
                    )
                )
            )
    for order in sorted(orders, key=lambda o: str(o.data["createdDate"])):
        world.add_order(order)
    billing_seed.populate(world, rng, anchor)
