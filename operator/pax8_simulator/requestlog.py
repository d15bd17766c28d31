"""Counts of Pax8 requests per operation and per status code, for tests and benchmarks."""

from __future__ import annotations

import collections
from typing import Any


class RequestLog:
    """Counters read and reset by the admin API (`/__sim/requests`)."""

    def __init__(self) -> None:
        self.total = 0
        self.by_operation: collections.Counter[str] = collections.Counter()
        self.status_codes: collections.Counter[str] = collections.Counter()

    def request(self, operation: str) -> None:
        """Count one request to a Pax8 route."""
        self.total += 1
        self.by_operation[operation] += 1

    def status(self, code: int) -> None:
        """Count the status code of one answer."""
        self.status_codes[str(code)] += 1

    def reset(self) -> None:
        """Start counting afresh."""
        self.total = 0
        self.by_operation.clear()
        self.status_codes.clear()

    def summary(self) -> dict[str, Any]:
        """The admin API's JSON view."""
        return {
            "total": self.total,
            "byOperation": dict(self.by_operation),
            "statusCodes": dict(self.status_codes),
        }
