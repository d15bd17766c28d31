"""Operator start-up and clean-up: Kopf settings and the shared dependencies.

Why here: our finalizer and annotation prefix (``pax8.work365.io/``, no ``status.kopf``
writes) must be set before Kopf touches any object, and the Kubernetes client, Secret
reader, status writer and Pax8 client factory are created once and shared via the memo.
"""

from __future__ import annotations

import logging
from typing import Any

import kopf

from pax8_operator import metrics as metrics_
from pax8_operator import settings as settings_
from pax8_operator.kube import api, connections, mirrors, secrets
from pax8_operator.pax8 import client
from pax8_operator.reconcile import connection as reconcile_connection
from pax8_operator.reconcile import schedule, verify

PREFIX = "pax8.work365.io"
FINALIZER = f"{PREFIX}/finalizer"


def configure(settings: kopf.OperatorSettings) -> None:
    """Our finalizer and annotation-only persistence (nothing under status.kopf)."""
    settings.persistence.finalizer = FINALIZER
    settings.persistence.progress_storage = kopf.AnnotationsProgressStorage(prefix=PREFIX)
    settings.persistence.diffbase_storage = kopf.AnnotationsDiffBaseStorage(prefix=PREFIX)
    settings.posting.level = logging.WARNING
    settings.watching.server_timeout = 300


def client_factory(metrics: metrics_.Metrics) -> verify.ClientFactory:
    """Real Pax8 clients that record into our metrics."""

    def make(cfg: client.Pax8ClientSettings, connection: str) -> client.Pax8Client:
        return client.Pax8Client(cfg, connection=connection, metrics=metrics, transport=None)

    return make


@kopf.on.startup()
async def start(settings: kopf.OperatorSettings, memo: kopf.Memo, **_: Any) -> None:
    """Configure Kopf and build the dependencies every connection daemon uses."""
    configure(settings)
    cfg: settings_.OperatorSettings = memo.cfg
    metrics: metrics_.Metrics = memo.metrics
    api_client = await api.connect()
    memo.api_client = api_client
    mirror_client = mirrors.MirrorClient(
        api_client.configuration, metrics, concurrency=cfg.kube_write_concurrency
    )
    memo.mirror_client = mirror_client
    memo.deps = reconcile_connection.Dependencies(
        cfg=cfg,
        secrets=secrets.SecretReader(api_client),
        clients=client_factory(metrics),
        statuses=connections.StatusWriter(api_client, metrics),
        events=connections.EventRecorder(api_client, metrics),
        metrics=metrics,
        mirrors=mirror_client,
        sync_concurrency=cfg.kube_write_concurrency,
        startup_slots=schedule.StartupSlots(cfg.startup_spacing_seconds),
    )


@kopf.on.cleanup()
async def stop(memo: kopf.Memo, **_: Any) -> None:
    """Close the Kubernetes clients."""
    mirror_client = memo.get("mirror_client")
    if mirror_client is not None:
        await mirror_client.close()
    api_client = memo.get("api_client")
    if api_client is not None:
        await api_client.close()
