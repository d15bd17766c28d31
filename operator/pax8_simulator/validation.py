"""Field checks for request bodies, each failing with a 422 that names the field."""

from __future__ import annotations

import re
from typing import Any

from pax8_simulator import errors

COUNTRY = re.compile(r"^[A-Z]{2}$")


def require_object(body: Any, what: str) -> dict[str, Any]:
    """The body must be a JSON object (400 otherwise); no body counts as `{}`."""
    if body is None:
        return {}
    if not isinstance(body, dict):
        raise errors.bad_request(f"{what} must be a JSON object")
    return body


def missing(body: dict[str, Any], fields: tuple[str, ...], what: str) -> None:
    """422 naming the first required field that is absent or null."""
    for name in fields:
        if body.get(name) is None:
            raise errors.unprocessable(f"{what} field '{name}' is required")


def text(body: dict[str, Any], name: str, what: str) -> None:
    """When present, a non-empty string."""
    value = body.get(name)
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise errors.unprocessable(f"{what} field '{name}' must be a non-empty string")


def flag(body: dict[str, Any], name: str, what: str) -> None:
    """When present, a boolean."""
    value = body.get(name)
    if value is not None and not isinstance(value, bool):
        raise errors.unprocessable(f"{what} field '{name}' must be true or false")


def whole(value: Any, name: str, what: str, *, minimum: int = 1, maximum: int = 1_000_000) -> int:
    """A whole number in range (JSON numbers like 5.0 count)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise errors.unprocessable(f"{what} field '{name}' must be a whole number")
    if value != value or float(value) != int(value) or not minimum <= value <= maximum:
        raise errors.unprocessable(
            f"{what} field '{name}' must be a whole number from {minimum} to {maximum}"
        )
    return int(value)


def address(value: Any, what: str) -> dict[str, Any]:
    """An address object whose `country` is ISO 3166-1 alpha-2."""
    if not isinstance(value, dict):
        raise errors.unprocessable(f"{what} field 'address' must be an object")
    for key in ("street", "street2", "city", "stateOrProvince", "postalCode", "country"):
        if value.get(key) is not None and not isinstance(value[key], str):
            raise errors.unprocessable(f"{what} field 'address.{key}' must be a string")
    country = value.get("country")
    if country is not None and not COUNTRY.match(country):
        raise errors.unprocessable(f"{what} field 'address.country' must be an ISO alpha-2 code")
    return {k: v for k, v in value.items() if v is not None and isinstance(v, str)}


def contact(value: Any) -> dict[str, Any]:
    """A contact body: names, email, phone and valid types."""
    if not isinstance(value, dict):
        raise errors.unprocessable("Contact must be an object")
    missing(value, ("firstName", "lastName", "email", "phone"), "Contact")
    for name in ("firstName", "lastName", "email", "phone"):
        text(value, name, "Contact")
    if "@" not in value["email"]:
        raise errors.unprocessable("Contact field 'email' must be an email address")
    kinds = value.get("types") or []
    if not isinstance(kinds, list):
        raise errors.unprocessable("Contact field 'types' must be a list")
    for kind in kinds:
        if not isinstance(kind, dict) or kind.get("type") not in ("Admin", "Billing", "Technical"):
            raise errors.unprocessable(
                "Contact field 'types[].type' must be Admin, Billing or Technical"
            )
        flag(kind, "primary", "Contact")
    return value
