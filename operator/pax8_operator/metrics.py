"""Every Prometheus metric of the operator, on a registry that is passed in.

Why one module: metric names and label sets are a public interface (dashboards and alerts
depend on them), so they are declared once here, with bounded labels only (connection,
operation, kind, status, billing term; never a company or subscription id). The registry is
passed in so tests can create a fresh one and assert on it, and so the HTTP transport of the
Pax8 client records requests where retries happen (every attempt counts).
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

_DURATION_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
_SYNC_BUCKETS = (0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800)


@dataclass(frozen=True)
class Metrics:
    """The operator's metric families, bound to one registry."""

    registry: CollectorRegistry
    pax8_requests: Counter
    pax8_request_duration: Histogram
    pax8_rate_limited: Counter
    sync_runs: Counter
    sync_duration: Histogram
    last_sync_timestamp: Gauge
    connection_ready: Gauge
    accounts: Gauge
    subscriptions: Gauge
    subscription_seats: Gauge
    kube_writes: Counter

    def forget_connection(self, connection: str) -> None:
        """Drop every series of ``connection`` (deleted, or no longer served by this process),
        so dashboards stop showing its last counts and the series set stays bounded."""
        for family in (
            self.pax8_requests,
            self.pax8_rate_limited,
            self.sync_runs,
            self.last_sync_timestamp,
            self.connection_ready,
            self.accounts,
            self.subscriptions,
            self.subscription_seats,
        ):
            family.remove_by_labels({"connection": connection})

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> Metrics:
        """Register every family on ``registry`` (a fresh one when not given)."""
        reg = registry if registry is not None else CollectorRegistry()
        p = "pax8_operator_"
        return cls(
            registry=reg,
            pax8_requests=Counter(
                p + "pax8_requests",
                "HTTP requests sent to Pax8, every attempt, by operation and status code "
                "(code is 'error' when no response arrived).",
                ["connection", "operation", "code"],
                registry=reg,
            ),
            pax8_request_duration=Histogram(
                p + "pax8_request_duration_seconds",
                "Duration of one HTTP request to Pax8, by operation.",
                ["operation"],
                buckets=_DURATION_BUCKETS,
                registry=reg,
            ),
            pax8_rate_limited=Counter(
                p + "pax8_rate_limited",
                "HTTP 429 responses received from Pax8.",
                ["connection"],
                registry=reg,
            ),
            sync_runs=Counter(
                p + "sync_runs",
                "Sync runs by kind (accounts, subscriptions) and result (success, failure).",
                ["connection", "kind", "result"],
                registry=reg,
            ),
            sync_duration=Histogram(
                p + "sync_duration_seconds",
                "Wall time of one sync run, by kind.",
                ["kind"],
                buckets=_SYNC_BUCKETS,
                registry=reg,
            ),
            last_sync_timestamp=Gauge(
                p + "last_sync_timestamp_seconds",
                "Unix time of the last successful sync, by connection and kind.",
                ["connection", "kind"],
                registry=reg,
            ),
            connection_ready=Gauge(
                p + "connection_ready",
                "1 when the connection's Ready condition is True, else 0.",
                ["connection"],
                registry=reg,
            ),
            accounts=Gauge(
                p + "accounts",
                "Pax8 companies seen by the last complete sync, by status.",
                ["connection", "status"],
                registry=reg,
            ),
            subscriptions=Gauge(
                p + "subscriptions",
                "Pax8 subscriptions seen by the last complete sync, by status.",
                ["connection", "status"],
                registry=reg,
            ),
            subscription_seats=Gauge(
                p + "subscription_seats",
                "Seats (quantity) of non-cancelled subscriptions, by billing term.",
                ["connection", "billing_term"],
                registry=reg,
            ),
            kube_writes=Counter(
                p + "kube_writes",
                "Writes to the Kubernetes API by kind and verb (create, patch, delete).",
                ["kind", "verb"],
                registry=reg,
            ),
        )
