"""From a check's outcome to the next ``Pax8Connection.status``, and what changed.

Why pure functions: status is written from one place at the end of a run (Flux style), and
the rules (kstatus conditions, ``lastTransitionTime`` kept while a condition's status holds,
``Reconciling``/``Stalled`` present only while true, Events only on transitions) are easiest
to get right and to test without any I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pax8_operator.kube import objects
from pax8_operator.models import connection
from pax8_operator.models import status as st
from pax8_operator.reconcile import outcomes

SYNC_PENDING = "SyncPending"
_SYNC_MESSAGE = "no sync has completed yet; syncs run once the connection is verified"


@dataclass(frozen=True)
class Run:
    """What one run handled, besides the outcome."""

    generation: int | None
    now: datetime
    next_verify: datetime | None  # None: no schedule (suspended)
    verify_request: str | None  # annotation value handled by this run
    sync_request: str | None


def timestamp(moment: datetime) -> str:
    """RFC 3339 UTC with seconds, as Kubernetes writes times."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: str | None) -> datetime | None:
    """Parse a status time back; ``None`` for absent or unreadable values."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _set(
    conditions: list[st.Condition],
    type_: str,
    status: st.ConditionStatus,
    reason: str,
    message: str,
    run: Run,
) -> list[st.Condition]:
    old = next((c for c in conditions if c.type == type_), None)
    since = old.last_transition_time if old and old.status == status else timestamp(run.now)
    new = st.Condition(
        type=type_,
        status=status,
        reason=reason,
        message=message,
        last_transition_time=since,
        observed_generation=run.generation,
    )
    return [c for c in conditions if c.type != type_] + [new]


def _drop(conditions: list[st.Condition], type_: str) -> list[st.Condition]:
    return [c for c in conditions if c.type != type_]


def next_status(
    previous: st.ConnectionStatus,
    spec: connection.Pax8ConnectionSpec,
    outcome: outcomes.Outcome | None,
    run: Run,
) -> st.ConnectionStatus:
    """The status after a run; ``outcome`` is ``None`` when the connection is suspended."""
    conds = list(previous.conditions)
    if outcome is None:
        msg = "spec.suspend is true: no Pax8 calls and no schedule; set it to false to resume"
        conds = _set(conds, st.READY, "False", outcomes.SUSPENDED, msg, run)
        conds = _set(conds, st.CONNECTION_VERIFIED, "Unknown", outcomes.SUSPENDED, msg, run)
        conds = _drop(_drop(conds, st.RECONCILING), st.STALLED)
    else:
        status: st.ConditionStatus = "True" if outcome.verified else "False"
        conds = _set(conds, st.READY, status, outcome.reason, outcome.message, run)
        conds = _set(conds, st.CONNECTION_VERIFIED, status, outcome.reason, outcome.message, run)
        conds = _drop(_drop(conds, st.RECONCILING), st.STALLED)
        if not outcome.verified:
            kind = st.STALLED if outcome.stalled else st.RECONCILING
            conds = _set(conds, kind, "True", outcome.reason, outcome.message, run)
    for type_ in (st.ACCOUNTS_SYNCED, st.SUBSCRIPTIONS_SYNCED):
        if not any(c.type == type_ for c in conds):
            conds = _set(conds, type_, "Unknown", SYNC_PENDING, _SYNC_MESSAGE, run)
    insecure = spec.insecure_urls if spec.allow_insecure_http else []
    if insecure:
        msg = (
            f"plain HTTP in use ({', '.join(insecure)}): credentials and tokens travel "
            "unencrypted; meant for a local simulator only"
        )
        conds = _set(conds, st.INSECURE_ENDPOINT, "True", outcomes.INSECURE_ENDPOINT, msg, run)
    else:
        conds = _drop(conds, st.INSECURE_ENDPOINT)
    verified_at = previous.last_verified_time
    if outcome is not None and outcome.verified:
        verified_at = timestamp(run.now)
    return st.ConnectionStatus(
        observed_generation=run.generation,
        conditions=sorted(conds, key=lambda c: _ORDER.get(c.type, 99)),
        sandbox=spec.sandbox,
        suspended=outcome is None,
        last_verified_time=verified_at,
        next_verify_time=timestamp(run.next_verify) if run.next_verify else None,
        last_handled_verify_at=run.verify_request or previous.last_handled_verify_at,
        last_handled_sync_at=run.sync_request or previous.last_handled_sync_at,
        last_sync_time=previous.last_sync_time,
        accounts=previous.accounts,
        subscriptions=previous.subscriptions,
    )


def set_condition(
    conditions: list[st.Condition],
    type_: str,
    status: st.ConditionStatus,
    reason: str,
    message: str,
    run: Run,
) -> list[st.Condition]:
    """Set one condition, keeping ``lastTransitionTime`` while its status holds."""
    return sorted(
        _set(conditions, type_, status, reason, message, run), key=lambda c: _ORDER.get(c.type, 99)
    )


_ORDER = {
    t: i
    for i, t in enumerate(
        (
            st.READY,
            st.CONNECTION_VERIFIED,
            st.ACCOUNTS_SYNCED,
            st.SUBSCRIPTIONS_SYNCED,
            st.RECONCILING,
            st.STALLED,
            st.INSECURE_ENDPOINT,
        )
    )
}


def events(
    previous: st.ConnectionStatus, new: st.ConnectionStatus, run: Run
) -> list[objects.Event]:
    """Events for transitions only: Ready status/reason, insecure endpoint, sync requests."""
    found: list[objects.Event] = []
    old_ready, ready = previous.condition(st.READY), new.condition(st.READY)
    if ready and (
        old_ready is None
        or (old_ready.status, old_ready.reason)
        != (
            ready.status,
            ready.reason,
        )
    ):
        kind = (
            "Normal" if ready.status == "True" or ready.reason == outcomes.SUSPENDED else "Warning"
        )
        found.append(objects.Event(kind, ready.reason, ready.message))
    insecure = new.condition(st.INSECURE_ENDPOINT)
    if insecure and previous.condition(st.INSECURE_ENDPOINT) is None:
        found.append(objects.Event("Warning", insecure.reason, insecure.message))
    return found


def invalid_spec(previous: st.ConnectionStatus, exc: Exception, run: Run) -> st.ConnectionStatus:
    """Status for a spec the operator cannot parse (the CRD schema should prevent it)."""
    errors: list[dict[str, Any]] = getattr(exc, "errors", list)()
    fields = ", ".join(".".join(str(p) for p in e.get("loc", ())) for e in errors) or "spec"
    msg = f"spec is invalid ({fields}); fix the Pax8Connection"
    conds = _set(list(previous.conditions), st.READY, "False", "InvalidSpec", msg, run)
    conds = _set(conds, st.STALLED, "True", "InvalidSpec", msg, run)
    conds = _drop(conds, st.RECONCILING)
    return previous.model_copy(update={"conditions": conds, "observed_generation": run.generation})
