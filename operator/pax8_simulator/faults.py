"""Injected faults: the failures a real Pax8 integration meets, on demand.

Rules come from `POST /__sim/faults`; each request asks `pick()` which rules fire.
"""

from __future__ import annotations

import dataclasses
import itertools
import random
from typing import Any, Literal

from pax8_simulator import errors

Kind = Literal["status", "latency", "hang", "malformed-json", "truncated-json", "drop-after-write"]
KINDS: tuple[str, ...] = (
    "status",
    "latency",
    "hang",
    "malformed-json",
    "truncated-json",
    "drop-after-write",
)
SHAPES: tuple[str, ...] = ("documented", "errors", "oauth")


@dataclasses.dataclass
class FaultRule:
    """One fault: what happens, to which operations, how often and how many times."""

    id: str
    kind: str
    status: int = 503
    error_shape: str = "documented"
    rate: float = 1.0
    times: int | None = None
    operations: list[str] = dataclasses.field(default_factory=list)
    latency_ms: int = 0
    hang_seconds: float = 30.0

    def to_json(self) -> dict[str, Any]:
        """The admin API's view (same keys as the request)."""
        return {
            "id": self.id,
            "kind": self.kind,
            "status": self.status,
            "errorShape": self.error_shape,
            "rate": self.rate,
            "times": self.times,
            "operations": list(self.operations),
            "latencyMs": self.latency_ms,
            "hangSeconds": self.hang_seconds,
        }


def _field(body: dict[str, Any], name: str, kind: type | tuple[type, ...], default: Any) -> Any:
    value = body.get(name, default)
    if value is None and default is None:
        return None
    if isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple) else (kind,)):
        raise errors.bad_request(f"Fault field '{name}' has the wrong type")
    if not isinstance(value, kind):
        raise errors.bad_request(f"Fault field '{name}' has the wrong type")
    return value


class Faults:
    """The active rules, applied in the order they were added."""

    def __init__(self, seed: int) -> None:
        self.rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._rng = random.Random(seed)

    def add(self, body: Any) -> FaultRule:
        """Validate and add one rule from its JSON body."""
        if not isinstance(body, dict):
            raise errors.bad_request("Fault must be a JSON object")
        kind = body.get("kind")
        if kind not in KINDS:
            raise errors.bad_request(f"Fault 'kind' must be one of {', '.join(KINDS)}")
        shape = body.get("errorShape", "documented")
        if shape not in SHAPES:
            raise errors.bad_request(f"Fault 'errorShape' must be one of {', '.join(SHAPES)}")
        operations = _field(body, "operations", list, [])
        rule = FaultRule(
            id=f"fault-{next(self._ids)}",
            kind=kind,
            status=_field(body, "status", int, 503),
            error_shape=shape,
            rate=float(_field(body, "rate", (int, float), 1.0)),
            times=_field(body, "times", int, None),
            operations=[str(op) for op in operations],
            latency_ms=_field(body, "latencyMs", int, 0),
            hang_seconds=float(_field(body, "hangSeconds", (int, float), 30.0)),
        )
        if not 100 <= rule.status <= 599:
            raise errors.bad_request("Fault 'status' must be an HTTP status code")
        self.rules.append(rule)
        return rule

    def clear(self) -> None:
        """Remove every rule."""
        self.rules.clear()

    def pick(self, operation: str) -> list[FaultRule]:
        """The rules that fire for this request (consuming their `times`)."""
        if not self.rules:
            return []
        fired = []
        for rule in list(self.rules):
            if rule.operations and operation not in rule.operations:
                continue
            if rule.rate < 1.0 and self._rng.random() >= rule.rate:
                continue
            if rule.times is not None:
                rule.times -= 1
                if rule.times <= 0:
                    self.rules.remove(rule)
            fired.append(rule)
        return fired
