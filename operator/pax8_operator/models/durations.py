"""Go duration strings ("90s", "15m", "1h30m") as used by Kubernetes-style specs.

Why here: the CRDs take intervals in the syntax every Kubernetes user knows, and the
operator needs them as numbers; one parser keeps the two in agreement.
"""

from __future__ import annotations

import re
from datetime import timedelta

_UNITS = {
    "ns": 1e-9,
    "us": 1e-6,
    "µs": 1e-6,
    "ms": 1e-3,
    "s": 1.0,
    "m": 60.0,
    "h": 3600.0,
}
_PART = re.compile(r"(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)")


def parse_duration(text: str) -> timedelta:
    """Parse a Go duration string; raise ``ValueError`` naming the bad value."""
    value = text.strip()
    if value in ("0", ""):
        if value == "0":
            return timedelta(0)
        raise ValueError("empty duration")
    pos, total = 0, 0.0
    while pos < len(value):
        match = _PART.match(value, pos)
        if match is None:
            raise ValueError(f"invalid duration {text!r}: use Go syntax such as 90s, 15m, 1h30m")
        total += float(match.group(1)) * _UNITS[match.group(2)]
        pos = match.end()
    return timedelta(seconds=total)
