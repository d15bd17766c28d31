"""``kubectl pax8``: the Verify/Sync buttons of the original product, and a status table.

Why kubectl in a subprocess (not kubernetes_asyncio): a kubectl plugin must talk to the
cluster exactly as the ``kubectl`` that invoked it (same kubeconfig, context, exec auth
plugins, proxies), and running kubectl itself guarantees that with no second kubeconfig
loader; the calls are few (annotate once, then poll ``get -o json`` once a second).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Annotated, Any

import typer

RESOURCE = "pax8connections.pax8.work365.io"
VERIFY_ANNOTATION = "pax8.work365.io/verify-requested-at"
SYNC_ANNOTATION = "pax8.work365.io/sync-requested-at"

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]
app = typer.Typer(add_completion=False, help="Verify, sync and inspect Pax8Connections.")


def kubectl(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    """Run kubectl with ``args``; output captured as text."""
    return subprocess.run(["kubectl", *args], capture_output=True, text=True, check=False)


def _ns_args(namespace: str | None) -> list[str]:
    return ["-n", namespace] if namespace else []


def _condition(obj: dict[str, Any], type_: str) -> dict[str, Any]:
    for cond in obj.get("status", {}).get("conditions", []) or []:
        if cond.get("type") == type_:
            return dict(cond)
    return {}


def request_and_wait(
    name: str,
    namespace: str | None,
    *,
    annotation: str,
    handled_field: str,
    timeout: float,
    run: Runner = kubectl,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    echo: Callable[[str], None] = typer.echo,
) -> int:
    """Set ``annotation`` to now, wait until status handled it; exit code 0/1/2."""
    value = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    result = run(
        ["annotate", RESOURCE, name, *_ns_args(namespace), f"{annotation}={value}", "--overwrite"]
    )
    if result.returncode != 0:
        echo(f"error: cannot annotate Pax8Connection {name}: {result.stderr.strip()}")
        return 2
    echo(f"requested {annotation}={value}; waiting up to {timeout:g}s for the operator")
    deadline = clock() + timeout
    last = ""
    while True:
        got = run(["get", RESOURCE, name, *_ns_args(namespace), "-o", "json"])
        if got.returncode == 0:
            obj = json.loads(got.stdout)
            ready = _condition(obj, "Ready")
            line = f"  Ready={ready.get('status', '?')} {ready.get('reason', '')}".rstrip()
            if line != last:
                echo(line)
                last = line
            if obj.get("status", {}).get(handled_field) == value:
                verified = _condition(obj, "ConnectionVerified")
                echo(
                    f"{name}: Ready={ready.get('status')} reason={ready.get('reason')}: "
                    f"{ready.get('message', '')}"
                )
                if verified:
                    echo(f"  ConnectionVerified={verified.get('status')} {verified.get('reason')}")
                for kind in ("AccountsSynced", "SubscriptionsSynced"):
                    cond = _condition(obj, kind)
                    if annotation == SYNC_ANNOTATION and cond:
                        echo(
                            f"  {kind}={cond.get('status')} {cond.get('reason')}: "
                            f"{cond.get('message', '')}"
                        )
                if annotation == SYNC_ANNOTATION:
                    status = obj.get("status", {})
                    for block in ("accounts", "subscriptions"):
                        info = status.get(block) or {}
                        echo(
                            f"  {block}: count={info.get('count', '-')} "
                            f"lastSyncTime={info.get('lastSyncTime', '-')} "
                            f"duration={info.get('lastSyncDurationSeconds', '-')}s"
                        )
                return 0 if ready.get("status") == "True" else 1
        if clock() >= deadline:
            echo(
                f"timeout: the operator did not handle {annotation}={value} within "
                f"{timeout:g}s; is pax8-operator running and watching this namespace?"
            )
            return 2
        sleep(1.0)


@app.command()
def verify(
    name: str,
    namespace: Annotated[str | None, typer.Option("--namespace", "-n")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for the outcome.")] = 60.0,
) -> None:
    """Verify connectivity now and print the outcome (exit 1 when not Ready)."""
    raise typer.Exit(
        request_and_wait(
            name,
            namespace,
            annotation=VERIFY_ANNOTATION,
            handled_field="lastHandledVerifyAt",
            timeout=timeout,
        )
    )


@app.command()
def sync(
    name: str,
    namespace: Annotated[str | None, typer.Option("--namespace", "-n")] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds to wait for the outcome (a first sync is long).")
    ] = 900.0,
) -> None:
    """Request a sync of accounts and subscriptions now and print the outcome."""
    raise typer.Exit(
        request_and_wait(
            name,
            namespace,
            annotation=SYNC_ANNOTATION,
            handled_field="lastHandledSyncAt",
            timeout=timeout,
        )
    )


def table(items: list[dict[str, Any]], all_namespaces: bool) -> str:
    """One line per connection: the summary a person needs on one screen."""
    header = ["NAME", "ENV", "READY", "STATUS", "LAST VERIFIED", "NEXT VERIFY", "MESSAGE"]
    if all_namespaces:
        header.insert(0, "NAMESPACE")
    rows = [header]
    for obj in items:
        meta, status = obj.get("metadata", {}), obj.get("status", {}) or {}
        ready = _condition(obj, "Ready")
        row = [
            meta.get("name", ""),
            obj.get("spec", {}).get("environment", ""),
            ready.get("status", "Unknown"),
            ready.get("reason", ""),
            status.get("lastVerifiedTime", "-"),
            status.get("nextVerifyTime", "-"),
            (ready.get("message", "") or "")[:60],
        ]
        if all_namespaces:
            row.insert(0, meta.get("namespace", ""))
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows
    )


@app.command()
def status(
    namespace: Annotated[str | None, typer.Option("--namespace", "-n")] = None,
    all_namespaces: Annotated[bool, typer.Option("--all-namespaces", "-A")] = False,
) -> None:
    """Print a summary table of Pax8Connections."""
    scope = ["-A"] if all_namespaces else _ns_args(namespace)
    got = kubectl(["get", RESOURCE, *scope, "-o", "json"])
    if got.returncode != 0:
        typer.echo(f"error: {got.stderr.strip()}", err=True)
        raise typer.Exit(2)
    items = json.loads(got.stdout).get("items", [])
    if not items:
        typer.echo("No Pax8Connections found.")
        return
    typer.echo(table(items, all_namespaces))


def main() -> None:
    """Console-script entry point (``kubectl-pax8``)."""
    app(prog_name="kubectl pax8")
    sys.exit(0)
