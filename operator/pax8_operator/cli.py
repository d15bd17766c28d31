"""``pax8-operator run``: the operator process (Kopf in-process, metrics, liveness).

Why our own entry point instead of ``kopf run``: settings come from ``PAX8_OPERATOR_*``,
the Prometheus endpoint serves our own registry on its own port, and the handlers get
their dependencies through Kopf's memo rather than globals.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated

import kopf
import prometheus_client
import typer

from pax8_operator import handlers, runtime
from pax8_operator import metrics as metrics_
from pax8_operator import settings as settings_

app = typer.Typer(add_completion=False, help="The pax8-operator process.")
log = logging.getLogger(__name__)


@app.callback()
def _root() -> None:
    """pax8-operator: Pax8 partner API in Kubernetes."""


@app.command()
def run(
    namespace: Annotated[
        list[str] | None, typer.Option("--namespace", "-n", help="Namespace to serve (repeat).")
    ] = None,
    all_namespaces: Annotated[
        bool, typer.Option("--all-namespaces", "-A", help="Serve every namespace.")
    ] = False,
    metrics_port: Annotated[
        int | None, typer.Option(help="Prometheus port (default PAX8_OPERATOR_METRICS_PORT).")
    ] = None,
) -> None:
    """Run the operator until interrupted."""
    if bool(namespace) == all_namespaces:
        raise typer.BadParameter("give --namespace NS (repeatable) or --all-namespaces")
    cfg = settings_.OperatorSettings()
    if metrics_port is not None:
        cfg = cfg.model_copy(update={"metrics_port": metrics_port})
    kopf.configure(
        debug=cfg.log_level == "DEBUG",
        verbose=cfg.log_level in ("DEBUG", "INFO"),
        quiet=cfg.log_level in ("ERROR",),
        log_format=kopf.LogFormat.JSON if cfg.log_format == "json" else kopf.LogFormat.FULL,
        log_prefix=False,
    )
    # The Kubernetes client logs whole response bodies at DEBUG, Secret data included:
    # never let it, whatever the operator's own level.
    logging.getLogger("kubernetes_asyncio").setLevel(logging.WARNING)
    metrics = metrics_.Metrics.create()
    if cfg.metrics_port:
        prometheus_client.start_http_server(
            cfg.metrics_port, addr=cfg.metrics_host, registry=metrics.registry
        )
        log.info("metrics on http://%s:%d/metrics", cfg.metrics_host, cfg.metrics_port)
    log.info("handlers registered: %s", ", ".join(handlers.__all__))
    memo = kopf.Memo(cfg=cfg, metrics=metrics)
    runtime.tune_gc(cfg.gc_young_threshold)  # last: what start-up built is frozen
    asyncio.run(
        kopf.operator(
            clusterwide=all_namespaces,
            namespaces=namespace or (),
            memo=memo,
            standalone=True,
            liveness_endpoint=cfg.liveness_endpoint or None,
        )
    )


def main() -> None:
    """Console-script entry point."""
    app()
