"""One run for one Pax8Connection: parse, check (unless suspended), write status, post Events.

Why a run function with its dependencies passed in: the Kopf daemon in ``handlers`` only
decides *when* to call this; everything a run does goes through small protocols (Secret
reader, status writer, event recorder, Pax8 client factory) so unit tests drive the real
logic with the real client against the simulator and fakes for Kubernetes.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

import pydantic

from pax8_operator import metrics as metrics_
from pax8_operator import settings as settings_
from pax8_operator.kube import objects
from pax8_operator.models import connection
from pax8_operator.models import status as st
from pax8_operator.reconcile import (
    credentials,
    outcomes,
    schedule,
    sync_connection,
    sync_write,
    verify,
)
from pax8_operator.reconcile import mirror_cache as mirror_cache_
from pax8_operator.reconcile import status as status_

log = logging.getLogger(__name__)


class StatusWriter(Protocol):
    """Merge-patches ``.status`` of a Pax8Connection."""

    async def write(self, ref: objects.ObjectRef, patch: Mapping[str, Any]) -> None: ...


class EventRecorder(Protocol):
    """Posts a Kubernetes Event about a Pax8Connection."""

    async def post(self, ref: objects.ObjectRef, event: objects.Event) -> None: ...


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass
class Dependencies:
    """Everything a run talks to; built once per operator process."""

    cfg: settings_.OperatorSettings
    secrets: credentials.SecretReader
    clients: verify.ClientFactory
    statuses: StatusWriter
    events: EventRecorder
    metrics: metrics_.Metrics
    clock: Callable[[], datetime] = _utcnow
    rng: random.Random = field(default_factory=random.Random)
    started_at: datetime = field(default_factory=_utcnow)
    startup_slots: schedule.StartupSlots | None = None  # None: jitter without spacing
    mirrors: sync_write.Store | None = None  # None: syncs are not run (verification only)
    sync_concurrency: int = 32
    mirror_cache: mirror_cache_.MirrorCache = field(default_factory=mirror_cache_.MirrorCache)


async def run(
    deps: Dependencies,
    ref: objects.ObjectRef,
    *,
    generation: int | None,
    raw_spec: Mapping[str, Any],
    annotations: Mapping[str, str],
    current: st.ConnectionStatus,
) -> st.ConnectionStatus:
    """Check the connection now, write the resulting status, and return it."""
    requests = schedule.pending_requests(dict(annotations), current)
    now = deps.clock()
    try:
        spec = connection.Pax8ConnectionSpec.model_validate(dict(raw_spec))
    except pydantic.ValidationError as exc:
        new = status_.invalid_spec(current, exc, status_.Run(generation, now, None, None, None))
        await deps.statuses.write(ref, new.to_patch())
        deps.metrics.connection_ready.labels(connection=ref.key).set(0)
        return new
    outcome: outcomes.Outcome | None = None
    next_verify: datetime | None = None
    if not spec.suspend:
        outcome = await verify.check(
            spec,
            ref.namespace,
            ref.name,
            secrets=deps.secrets,
            clients=deps.clients,
            cfg=deps.cfg,
        )
        next_verify = now + (outcome.retry_after or spec.verify_interval)
        log.info("checked %s: %s", ref.key, outcome.reason)
    run_ = status_.Run(generation, now, next_verify, requests.verify, requests.sync)
    new = status_.next_status(current, spec, outcome, run_)
    events = status_.events(current, new, run_)
    kinds = sync_connection.Due(False, False)
    if outcome is not None and deps.mirrors is not None:
        kinds = sync_connection.due(spec, current, requests.sync is not None, now)
    retry = timedelta(seconds=deps.cfg.error_retry_seconds)
    if kinds and outcome is not None and outcome.verified and deps.mirrors is not None:
        # Verification first (Ready shows at once); the sync request counts as handled
        # only once the sync is done, so `kubectl pax8 sync` waits for the real outcome.
        # The due kinds stay due in status, so a restart in the middle of a sync resumes it.
        early = sync_connection.mark_due(new, kinds, run_).model_copy(
            update={"last_handled_sync_at": current.last_handled_sync_at}
        )
        await deps.statuses.write(ref, early.to_patch())
        ctx = sync_connection.Context(
            deps.cfg,
            deps.secrets,
            deps.clients,
            deps.mirrors,
            deps.metrics,
            deps.clock,
            deps.sync_concurrency,
            deps.mirror_cache,
        )
        results = await sync_connection.run(ctx, ref, spec, kinds)
        new, sync_events = sync_connection.fold(
            new, spec, results, sync_connection.Due(False, False), run_, retry
        )
        events += sync_events
    else:
        new, _ = sync_connection.fold(new, spec, [], kinds, run_, retry)
    await deps.statuses.write(ref, new.to_patch())
    ready = new.condition(st.READY)
    deps.metrics.connection_ready.labels(connection=ref.key).set(
        1 if ready is not None and ready.status == "True" else 0
    )
    for event in events:
        try:
            await deps.events.post(ref, event)
        except Exception:  # an Event is best effort; status already says it all
            log.warning("could not post Event %s for %s", event.reason, ref.key, exc_info=True)
    return new
