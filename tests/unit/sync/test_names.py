"""Mirror names and values: what `kubectl get p8a` shows and what the API server accepts."""

from __future__ import annotations

import re
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pax8_operator.models import mirrors as m
from pax8_operator.pax8 import models
from pax8_operator.reconcile import sync_fields, sync_plan

DNS_1123 = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def test_mirror_name_is_slug_and_id_prefix_when_pax8_name_is_plain() -> None:
    name = m.mirror_name("Contoso Ltd.", "0a1b2c3d-4e5f-6789-abcd-ef0123456789", "company")
    assert name == "contoso-ltd-0a1b2c3d"


def test_mirror_name_falls_back_when_pax8_name_has_no_usable_characters() -> None:
    assert m.mirror_name("!!!", "DEADBEEF-0000", "company") == "company-deadbeef"
    assert m.mirror_name(None, "12345678", "subscription") == "subscription-12345678"


def test_mirror_name_hashes_ids_without_eight_hex_digits() -> None:
    name = m.mirror_name("Acme", "zz-1", "company")
    assert re.fullmatch(r"acme-[0-9a-f]{8}", name)
    assert name == m.mirror_name("Acme", "zz-1", "company")  # stable


@given(st.text(max_size=300), st.uuids())
def test_mirror_name_is_valid_dns_1123_label_for_any_pax8_name(text: str, ident: uuid.UUID) -> None:
    name = m.mirror_name(text, str(ident), "company")
    assert len(name) <= 63
    assert DNS_1123.match(name), name
    assert name.endswith(str(ident).replace("-", "")[:8])


def test_fingerprint_equal_when_api_server_drops_float_fraction() -> None:
    assert m.fingerprint({"price": 492.0, "x": None}) == m.fingerprint({"price": 492})
    assert m.fingerprint({"price": 492.5}) != m.fingerprint({"price": 492})


@pytest.mark.parametrize(
    ("pax8", "stored"),
    [
        ("2025-01-14T14:05:10.000Z", "2025-01-14T14:05:10Z"),
        ("2025-01-14T14:05:10.250Z", "2025-01-14T14:05:10.250000Z"),
        ("2025-01-14T14:05:10-07:00", "2025-01-14T21:05:10Z"),
        ("2025-01-14T23:30:00+0530", "2025-01-14T18:00:00Z"),
        ("2025-01-14", "2025-01-14T00:00:00Z"),
    ],
)
def test_mirror_dates_are_utc_rfc3339_when_pax8_sends_any_shape(pax8: str, stored: str) -> None:
    sub = models.Subscription.model_validate({"id": "s-1", "startDate": pax8})
    owner = sync_plan.Owner(m.CONNECTION_KIND, "main", "uid-1")
    mirror = sync_fields.subscription(
        sub, "main", accounts={}, products={}, connection_owner=owner, currency="USD"
    )
    assert mirror.status["startDate"] == stored
