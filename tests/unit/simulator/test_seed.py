"""Seeded data: deterministic per seed, realistic mix, sized as asked."""

from __future__ import annotations

import collections

from pax8_simulator import catalogue, simulator
from pax8_simulator import config as sim_config

from .conftest import START


def build(seed: int, companies: int = 40, per_company: int = 5) -> simulator.Simulator:
    cfg = sim_config.SimulatorConfig(
        seed=seed, companies=companies, subscriptions_per_company=per_company, start_time=START
    )
    return simulator.Simulator(cfg)


def snapshot(sim: simulator.Simulator) -> list[bytes]:
    world = sim.world
    return [
        *(c.raw() for c in world.companies.values()),
        *(s.raw() for s in world.subscriptions.values()),
        *(o.raw() for o in world.orders.values()),
        *(i.raw() for i in world.invoices.values()),
        *(u.raw() for u in world.usage_summaries.values()),
    ]


def test_same_seed_builds_the_same_world_when_seeded_twice() -> None:
    assert snapshot(build(5)) == snapshot(build(5))


def test_different_seeds_build_different_worlds_when_seeded() -> None:
    assert snapshot(build(5)) != snapshot(build(6))


def test_world_has_requested_size_when_seeded() -> None:
    sim = build(1, companies=30, per_company=7)
    assert len(sim.world.companies) == 30
    assert len(sim.world.subscriptions) == 210
    assert len(sim.world.orders) == 30


def test_catalogue_covers_common_msp_products_when_listed() -> None:
    names = " ".join(p.name for p in catalogue.PRODUCTS)
    assert 30 <= len(catalogue.PRODUCTS) <= 60
    for needle in (
        "Business Premium",
        "E5",
        "Exchange Online",
        "Teams",
        "Defender",
        "Entra ID P2",
        "Intune",
        "Acronis",
        "Datto",
        "Veeam",
        "SentinelOne",
        "Bitdefender",
        "Sophos",
    ):
        assert needle in names
    assert any(p.requires_commitment for p in catalogue.PRODUCTS)
    assert any("3-Year" in p.commitment_terms for p in catalogue.PRODUCTS)


def test_subscriptions_mix_statuses_terms_and_currencies_when_seeded() -> None:
    subs = [s.data for s in build(3, companies=200, per_company=5).world.subscriptions.values()]
    statuses = collections.Counter(s["status"] for s in subs)
    currencies = collections.Counter(s["currencyCode"] for s in subs)
    terms = {s["billingTerm"] for s in subs}
    assert statuses.most_common(1)[0][0] == "Active"
    assert {"Cancelled", "PendingCancel", "Trial"} <= set(statuses)
    assert currencies.most_common(1)[0][0] == "USD"
    assert len(currencies) > 2
    assert {"Monthly", "Annual", "3-Year"} <= terms
    assert all(s["vendorSubscriptionId"] for s in subs)
    assert any(s["commitmentTerm"] is None for s in subs)


def test_companies_mix_countries_and_have_contacts_when_seeded() -> None:
    companies = list(build(3, companies=200, per_company=1).world.companies.values())
    countries = {c.data["address"]["country"] for c in companies}
    assert len(countries) >= 4
    active = [c for c in companies if c.data["status"] == "Active"]
    assert len(active) > 150
    assert all(c.contacts for c in active)
    assert len({c.data["name"] for c in companies}) == len(companies)
