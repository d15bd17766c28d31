"""Status building: kstatus conditions, transition times, schedule, and Events on transitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pax8_operator.models import connection
from pax8_operator.models import status as st
from pax8_operator.reconcile import outcomes, schedule
from pax8_operator.reconcile import status as status_

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
SPEC = connection.Pax8ConnectionSpec.model_validate(
    {
        "environment": "Sandbox",
        "credentialsSecretRef": {"name": "pax8"},
        "countryCode": "US",
        "currencyCode": "USD",
    }
)
OK = outcomes.verified(3)
BAD = outcomes.Outcome(False, "InvalidCredentials", "check keys", timedelta(minutes=1), True)
DOWN = outcomes.Outcome(False, "EndpointUnreachable", "cannot reach", timedelta(seconds=30))


def _run(now: datetime, **kw: str) -> status_.Run:
    return status_.Run(1, now, now + timedelta(minutes=10), kw.get("verify"), kw.get("sync"))


def test_next_status_is_ready_with_schedule_when_verified() -> None:
    new = status_.next_status(st.ConnectionStatus(), SPEC, OK, _run(T0))
    ready = new.condition(st.READY)
    assert ready is not None
    assert (ready.status, ready.reason) == ("True", "Verified")
    assert new.condition(st.STALLED) is None
    assert new.condition(st.RECONCILING) is None
    patch = new.to_patch()
    assert patch["lastVerifiedTime"] == "2026-01-01T12:00:00Z"
    assert patch["nextVerifyTime"] == "2026-01-01T12:10:00Z"
    assert patch["sandbox"] is True
    assert patch["suspended"] is False
    assert patch["observedGeneration"] == 1
    synced = new.condition(st.ACCOUNTS_SYNCED)
    assert synced is not None
    assert (synced.status, synced.reason) == ("Unknown", status_.SYNC_PENDING)


def test_next_status_sets_stalled_only_while_user_error_holds() -> None:
    bad = status_.next_status(st.ConnectionStatus(), SPEC, BAD, _run(T0))
    stalled = bad.condition(st.STALLED)
    assert stalled is not None
    assert stalled.reason == "InvalidCredentials"
    assert bad.condition(st.RECONCILING) is None
    good = status_.next_status(bad, SPEC, OK, _run(T0 + timedelta(minutes=1)))
    assert good.condition(st.STALLED) is None


def test_next_status_sets_reconciling_when_error_is_transient() -> None:
    new = status_.next_status(st.ConnectionStatus(), SPEC, DOWN, _run(T0))
    rec = new.condition(st.RECONCILING)
    assert rec is not None
    assert rec.reason == "EndpointUnreachable"
    assert new.condition(st.STALLED) is None
    assert new.last_verified_time is None


def test_next_status_keeps_transition_time_when_status_unchanged() -> None:
    first = status_.next_status(st.ConnectionStatus(), SPEC, OK, _run(T0))
    later = status_.next_status(first, SPEC, OK, _run(T0 + timedelta(hours=1)))
    ready = later.condition(st.READY)
    assert ready is not None
    assert ready.last_transition_time == "2026-01-01T12:00:00Z"
    assert later.last_verified_time == "2026-01-01T13:00:00Z"


def test_next_status_says_suspended_and_drops_schedule_when_suspended() -> None:
    first = status_.next_status(st.ConnectionStatus(), SPEC, OK, _run(T0))
    run = status_.Run(2, T0, None, None, None)
    new = status_.next_status(first, SPEC, None, run)
    ready = new.condition(st.READY)
    assert ready is not None
    assert (ready.status, ready.reason) == ("False", "Suspended")
    assert new.suspended is True
    assert new.to_patch()["nextVerifyTime"] is None


def test_next_status_warns_when_plain_http_allowed() -> None:
    spec = SPEC.model_copy(
        update={"endpoint_url": "http://127.0.0.1:9/v1", "allow_insecure_http": True}
    )
    new = status_.next_status(st.ConnectionStatus(), spec, OK, _run(T0))
    insecure = new.condition(st.INSECURE_ENDPOINT)
    assert insecure is not None
    assert insecure.status == "True"
    kinds = [(e.type, e.reason) for e in status_.events(st.ConnectionStatus(), new, _run(T0))]
    assert ("Warning", "InsecureEndpoint") in kinds


def test_events_posted_only_on_ready_transition() -> None:
    first = status_.next_status(st.ConnectionStatus(), SPEC, OK, _run(T0))
    assert [e.reason for e in status_.events(st.ConnectionStatus(), first, _run(T0))] == [
        "Verified"
    ]
    again = status_.next_status(first, SPEC, OK, _run(T0))
    assert status_.events(first, again, _run(T0)) == []
    bad = status_.next_status(again, SPEC, BAD, _run(T0))
    assert [(e.type, e.reason) for e in status_.events(again, bad, _run(T0))] == [
        ("Warning", "InvalidCredentials")
    ]


def test_status_records_handled_requests_when_annotations_new() -> None:
    run = _run(T0, verify="v1", sync="s1")
    new = status_.next_status(st.ConnectionStatus(), SPEC, OK, run)
    assert (new.last_handled_verify_at, new.last_handled_sync_at) == ("v1", "s1")


def _status(**kw: object) -> st.ConnectionStatus:
    return st.ConnectionStatus.model_validate(kw)


def test_due_at_follows_next_verify_time_when_nothing_changed() -> None:
    current = _status(observedGeneration=1, nextVerifyTime="2026-01-01T12:10:00Z")
    due = schedule.due_at(
        current=current, generation=1, suspend=False, requests=schedule.Requests(None, None), now=T0
    )
    assert due == T0 + timedelta(minutes=10)


def test_due_at_is_now_when_annotation_or_generation_new() -> None:
    current = _status(
        observedGeneration=1, nextVerifyTime="2026-01-01T12:10:00Z", lastHandledVerifyAt="a"
    )
    requests = schedule.pending_requests({schedule.VERIFY_ANNOTATION: "b"}, current)
    assert requests.verify == "b"
    assert (
        schedule.due_at(current=current, generation=1, suspend=False, requests=requests, now=T0)
        == T0
    )
    same = schedule.pending_requests({schedule.VERIFY_ANNOTATION: "a"}, current)
    assert same == schedule.Requests(None, None)
    assert (
        schedule.due_at(current=current, generation=2, suspend=False, requests=same, now=T0) == T0
    )


def test_due_at_has_no_timer_when_suspended_and_recorded() -> None:
    current = _status(observedGeneration=3, suspended=True)
    none = schedule.Requests(None, None)
    assert (
        schedule.due_at(current=current, generation=3, suspend=True, requests=none, now=T0) is None
    )
    assert schedule.due_at(current=current, generation=4, suspend=True, requests=none, now=T0) == T0


def test_startup_due_spreads_overdue_runs_within_jitter() -> None:
    import random

    rng = random.Random(1)
    dues = [schedule.startup_due(T0 - timedelta(hours=1), T0, 10.0, rng) for _ in range(50)]
    offsets = sorted((d - T0).total_seconds() for d in dues if d is not None)
    assert len(offsets) == 50
    assert offsets[0] >= 0
    assert offsets[-1] <= 10
    assert offsets[-1] - offsets[0] > 5  # spread, not a burst
    future = T0 + timedelta(minutes=5)
    assert schedule.startup_due(future, T0, 10.0, rng) == future


def test_startup_slots_keep_overdue_runs_apart_when_draws_collide() -> None:
    import itertools
    import random

    class SameDraw(random.Random):
        def uniform(self, a: float, b: float) -> float:
            return 1.0  # every overdue run wants the same instant: the worst draw

    slots = schedule.StartupSlots(0.25)
    overdue = T0 - timedelta(hours=1)
    dues = [schedule.startup_due(overdue, T0, 5.0, SameDraw(), slots) for _ in range(10)]
    offsets = sorted((d - T0).total_seconds() for d in dues if d is not None)
    assert offsets[0] == 1.0
    gaps = [b - a for a, b in itertools.pairwise(offsets)]
    assert min(gaps) >= 0.25  # at most four runs a second, whatever the draws
    future = T0 + timedelta(minutes=5)
    assert schedule.startup_due(future, T0, 5.0, SameDraw(), slots) == future  # not held
