"""The Pax8Connection status we write, and its condition vocabulary.

Why a model: the CRD schema prunes unknown status fields silently, so the operator writes
status only through this model (camelCase aliases, ``None`` fields left out) to keep the
two in step. Reasons are CamelCase constants so tests and docs name the same strings.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

ConditionStatus = Literal["True", "False", "Unknown"]

READY = "Ready"
CONNECTION_VERIFIED = "ConnectionVerified"
ACCOUNTS_SYNCED = "AccountsSynced"
SUBSCRIPTIONS_SYNCED = "SubscriptionsSynced"
RECONCILING = "Reconciling"
STALLED = "Stalled"
INSECURE_ENDPOINT = "InsecureEndpoint"


class _Camel(BaseModel):
    model_config = ConfigDict(extra="ignore", alias_generator=to_camel, populate_by_name=True)


class Condition(_Camel):
    """One kstatus-style condition."""

    type: str
    status: ConditionStatus
    reason: str
    message: str
    last_transition_time: str
    observed_generation: int | None = None


class SyncKindStatus(_Camel):
    """``status.accounts`` / ``status.subscriptions``: the last sync of one kind."""

    count: int | None = None
    last_sync_time: str | None = None
    next_sync_time: str | None = None
    last_sync_duration_seconds: float | None = None
    last_error: str | None = None
    currency_mismatches: int | None = None


class ConnectionStatus(_Camel):
    """``Pax8Connection.status``: verification and the schedule and outcome of syncs."""

    observed_generation: int | None = None
    conditions: list[Condition] = []
    sandbox: bool | None = None
    suspended: bool | None = None
    last_verified_time: str | None = None
    next_verify_time: str | None = None
    last_handled_verify_at: str | None = None
    last_handled_sync_at: str | None = None
    last_sync_time: str | None = None
    accounts: SyncKindStatus | None = None
    subscriptions: SyncKindStatus | None = None

    def condition(self, type_: str) -> Condition | None:
        """The condition of that type, if present."""
        return next((c for c in self.conditions if c.type == type_), None)

    def to_patch(self) -> dict[str, object]:
        """JSON for a merge patch of ``.status``; ``nextVerifyTime`` is removed when unset."""
        patch: dict[str, object] = self.model_dump(by_alias=True, exclude_none=True, mode="json")
        patch.setdefault("nextVerifyTime", None)
        for kind in ("accounts", "subscriptions"):
            block = patch.get(kind)
            if isinstance(block, dict):
                block.setdefault("nextSyncTime", None)
        return patch
