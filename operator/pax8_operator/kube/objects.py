"""Plain data the kube layer hands to and takes from the domain logic.

Why here: ``reconcile`` depends on ``kube`` (never the reverse), so the few shapes both
sides speak (a decoded Secret, an object reference, an Event to post) live in this layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SecretData:
    """The decoded data of a Secret, plus its version to tell a changed Secret apart."""

    data: Mapping[str, str] = field(repr=False)
    resource_version: str


@dataclass(frozen=True)
class ObjectRef:
    """Identity of one Pax8Connection (what status patches and Events point at)."""

    namespace: str
    name: str
    uid: str

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name}"


@dataclass(frozen=True)
class Event:
    """A Kubernetes Event to post about an object."""

    type: str  # Normal | Warning
    reason: str
    message: str
