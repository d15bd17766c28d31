"""What a sync reports: connection status blocks, conditions, the Event text and metrics."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from pax8_operator import metrics as metrics_
from pax8_operator.reconcile import sync_report, sync_run

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)
NEXT = NOW + timedelta(hours=1)


def test_kind_status_keeps_last_good_count_and_time_when_listing_failed() -> None:
    previous = {"count": 40, "lastSyncTime": "2026-12-01T09:00:00Z", "lastError": ""}
    failed = sync_run.Result(sync_run.ACCOUNTS, error="listing companies failed: HTTP 503")
    block = sync_report.kind_status(previous, failed, NOW, NEXT)
    assert block["count"] == 40
    assert block["lastSyncTime"] == "2026-12-01T09:00:00Z"
    assert block["lastError"] == "listing companies failed: HTTP 503"
    assert block["nextSyncTime"] == "2026-12-01T11:00:00Z"


def test_kind_status_reports_count_time_and_mismatches_when_sync_succeeded() -> None:
    done = sync_run.Result(
        sync_run.SUBSCRIPTIONS, count=250, duration=1.23456, currency_mismatches=3
    )
    block = sync_report.kind_status({"lastError": "old"}, done, NOW, NEXT)
    assert block == {
        "count": 250,
        "lastSyncTime": "2026-12-01T10:00:00Z",
        "nextSyncTime": "2026-12-01T11:00:00Z",
        "lastSyncDurationSeconds": 1.235,
        "lastError": "",
        "currencyMismatches": 3,
    }


def test_condition_is_false_with_reason_when_listing_failed_or_writes_failed() -> None:
    failed = sync_run.Result(sync_run.ACCOUNTS, error="listing companies failed: HTTP 503")
    assert sync_report.condition(failed)[:2] == ("False", sync_report.LISTING_FAILED)
    writes = sync_run.Result(
        sync_run.ACCOUNTS, writes=10, failed=["create Pax8Account a: HTTP 500"]
    )
    status, reason, message = sync_report.condition(writes)
    assert (status, reason) == ("False", sync_report.WRITE_FAILED)
    assert "1 of 10" in message


def test_condition_says_counted_only_when_subscription_mirror_is_off() -> None:
    done = sync_run.Result(sync_run.SUBSCRIPTIONS, count=7)
    assert sync_report.condition(done, mirror=False)[:2] == ("True", sync_report.COUNTED)


def test_event_message_lists_changes_and_is_none_when_nothing_changed() -> None:
    acc = sync_run.Result(sync_run.ACCOUNTS, created=12, updated=3)
    sub = sync_run.Result(sync_run.SUBSCRIPTIONS)
    assert sync_report.event_message([acc, sub]) == "accounts: 12 created, 3 updated"
    assert sync_report.event_message([sub]) is None


def test_record_sets_counts_by_status_and_seats_by_term() -> None:
    metrics = metrics_.Metrics.create()
    acc = sync_run.Result(sync_run.ACCOUNTS, count=3, by_status={"Active": 2, "Deleted": 1})
    sub = sync_run.Result(
        sync_run.SUBSCRIPTIONS, count=2, by_status={"Active": 2}, seats={"Monthly": 15}
    )
    sync_report.record(metrics, "billing/main", [acc, sub])
    value = metrics.registry.get_sample_value
    assert value("pax8_operator_accounts", {"connection": "billing/main", "status": "Active"}) == 2
    assert (
        value("pax8_operator_accounts", {"connection": "billing/main", "status": "Inactive"}) == 0
    )
    assert (
        value(
            "pax8_operator_subscription_seats",
            {"connection": "billing/main", "billing_term": "Monthly"},
        )
        == 15
    )
    runs = {"connection": "billing/main", "kind": "accounts", "result": "success"}
    assert value("pax8_operator_sync_runs_total", runs) == 1


def test_forget_connection_drops_only_its_series_when_a_connection_is_deleted() -> None:
    metrics = metrics_.Metrics.create()
    for connection in ("billing/gone", "billing/kept"):
        acc = sync_run.Result(sync_run.ACCOUNTS, count=1, by_status={"Active": 1})
        sub = sync_run.Result(
            sync_run.SUBSCRIPTIONS, count=1, by_status={"Active": 1}, seats={"Monthly": 3}
        )
        sync_report.record(metrics, connection, [acc, sub])
        metrics.connection_ready.labels(connection=connection).set(1)
    metrics.forget_connection("billing/gone")
    exposed = [
        s.labels.get("connection")
        for family in metrics.registry.collect()
        for s in family.samples
        if "connection" in s.labels
    ]
    assert "billing/gone" not in exposed
    assert exposed.count("billing/kept") > 10  # counts, seats, runs, ready, last sync
