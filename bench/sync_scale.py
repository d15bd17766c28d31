"""Sync at scale against a real API server: initial sync vs a bare-client floor, no-op resync.

Why: the API server (2 cores) is the bottleneck of an initial sync; this measures how close
the operator's sync comes to the fastest concurrent bare loop that creates the same objects
(object + status) in the same run, and that a resync with no change in Pax8 makes zero
writes and costs about one listing. The floor and the operator run in child processes so
each one's peak RSS is its own.

    hack/k8s/up.sh /tmp/cp && export KUBECONFIG=/tmp/cp/kubeconfig
    .venv/bin/python bench/sync_scale.py --companies 5000 --subs 10 --concurrency 32
    hack/k8s/down.sh /tmp/cp
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from typing import Any

REPO = pathlib.Path(__file__).resolve().parents[1]
BIN = pathlib.Path(sys.executable).parent
READY = re.compile(r"base_url=(\S+) token_url=(\S+)")
SECRET = "bench-secret"


def kubectl() -> str:
    found = shutil.which("kubectl")
    if found:
        return found
    return str(pathlib.Path.home() / ".cache/pax8-operator/k8s/current/kubectl")


def kube(*args: str, stdin: str | None = None) -> str:
    out = subprocess.run(
        [kubectl(), *args], input=stdin, capture_output=True, text=True, check=True
    )
    return out.stdout


def rss_peak_mib() -> float:
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _pax8_client(base_url: str, token_url: str) -> Any:
    from pydantic import SecretStr

    from pax8_operator.pax8 import client

    cfg = client.Pax8ClientSettings(
        base_url=base_url,
        token_url=token_url,
        client_id="bench",
        client_secret=SecretStr(SECRET),
        requests_per_minute=100000,
    )
    return client.Pax8Client(cfg, connection="bench")


async def _kube_cfg() -> Any:
    from kubernetes_asyncio import client, config

    await config.load_kube_config()
    return client.Configuration.get_default_copy()


async def floor(ns: str, owner_uid: str, urls: tuple[str, str], concurrency: int) -> dict[str, Any]:
    """Build the very objects a sync would create (untimed), then create them as fast as a
    bare aiohttp loop with pre-serialized bodies can (timed)."""
    import ssl

    import aiohttp

    from pax8_operator.models import mirrors as m
    from pax8_operator.reconcile import sync_fields, sync_plan

    owner = sync_plan.Owner(m.CONNECTION_KIND, "bench", owner_uid)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    async with _pax8_client(*urls) as pax8:
        companies = [sync_fields.account(c, "bench", owner) async for c in pax8.list_companies()]
        products = {p.id: p async for p in pax8.list_products()}
        subs = [
            sync_fields.subscription(
                s, "bench", accounts={}, products=products, connection_owner=owner, currency="USD"
            )
            async for s in pax8.list_subscriptions()
        ]
    jobs: list[tuple[str, bytes, str, bytes]] = []
    for kind, wanted in ((m.ACCOUNT_KIND, companies), (m.SUBSCRIPTION_KIND, subs)):
        for write in sync_plan.plan(kind, wanted, [], prune=False, now=stamp).writes:
            body, status = write.bodies()
            jobs.append(
                (
                    m.PLURALS[kind],
                    json.dumps(body).encode(),
                    write.name,
                    json.dumps(status).encode(),
                )
            )
    cfg = await _kube_cfg()
    ctx = ssl.create_default_context(cafile=cfg.ssl_ca_cert)
    ctx.load_cert_chain(cfg.cert_file, cfg.key_file)
    base = f"{cfg.host}/apis/{m.GROUP}/{m.VERSION}/namespaces/{ns}"
    queue = list(reversed(jobs))
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(ssl=ctx, limit=concurrency)
    ) as s:

        async def worker() -> None:
            while queue:
                plural, body, name, status = queue.pop()
                hdr = {"Content-Type": "application/json"}
                async with s.post(f"{base}/{plural}", data=body, headers=hdr) as r:
                    assert r.status == 201, await r.text()
                    await r.read()
                hdr = {"Content-Type": "application/merge-patch+json"}
                async with s.patch(f"{base}/{plural}/{name}/status", data=status, headers=hdr) as r:
                    assert r.status == 200, await r.text()
                    await r.read()

        started = time.monotonic()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.monotonic() - started
    return {"objects": len(jobs), "seconds": elapsed, "rss_mib": rss_peak_mib()}


async def listings(pax8: Any, store: Any, ns: str) -> float:
    """The listings of one sync, in the sync's order and overlap, items drained unread.

    The cluster's subscriptions are listed from the start; Pax8's companies and products and
    the cluster's accounts together; then Pax8's subscriptions. What a sync adds to this
    (converting, digesting, planning) is the cost the no-op target bounds.
    """
    from pax8_operator.models import mirrors as m

    async def kube_kind(kind: str) -> None:
        await _drain(store.list(kind, ns, f"{m.CONNECTION_LABEL}=bench"))
        await _drain(store.list(kind, ns, f"!{m.CONNECTION_LABEL}"))

    started = time.monotonic()
    subs = asyncio.ensure_future(kube_kind(m.SUBSCRIPTION_KIND))
    await asyncio.gather(
        _drain(pax8.list_companies()), _drain(pax8.list_products()), kube_kind(m.ACCOUNT_KIND)
    )
    await _drain(pax8.list_subscriptions())
    await subs
    return time.monotonic() - started


async def operator(
    ns: str, owner_uid: str, urls: tuple[str, str], concurrency: int, rounds: int
) -> dict[str, Any]:
    """The operator's own sync code: initial sync, no-op resyncs, and the listings alone."""
    from pax8_operator import metrics as metrics_
    from pax8_operator import runtime
    from pax8_operator import settings as settings_
    from pax8_operator.kube import mirrors
    from pax8_operator.models import mirrors as m
    from pax8_operator.reconcile import mirror_cache, sync_run

    runtime.tune_gc(settings_.OperatorSettings().gc_young_threshold)  # as `pax8-operator run`
    metrics = metrics_.Metrics.create()
    store = mirrors.MirrorClient(await _kube_cfg(), metrics, concurrency=concurrency)
    target = sync_run.Target(namespace=ns, name="bench", uid=owner_uid, currency="USD")
    cache = mirror_cache.MirrorCache()  # the operator process keeps one between syncs

    def writes() -> float:
        total = 0.0
        for fam in metrics.registry.collect():
            if fam.name == "pax8_operator_kube_writes":
                total += sum(s.value for s in fam.samples if s.name.endswith("_total"))
        return total

    async def one_sync() -> dict[str, Any]:
        before, started = writes(), time.monotonic()
        results = await sync_run.sync(
            pax8,
            store,
            target,
            accounts=True,
            subscriptions=True,
            now=lambda: datetime.now(UTC),
            concurrency=concurrency,
            cache=cache,
        )
        return {
            "seconds": time.monotonic() - started,
            "writes": writes() - before,
            "errors": [r.error or r.failed[:2] for r in results if not r.ok],
            "counts": [r.count for r in results],
        }

    out: dict[str, Any] = {}
    async with _pax8_client(*urls) as pax8:
        out["initial"] = await one_sync()
        # alternated, so that a slow spell of a shared machine hits both figures alike
        out["noop"], out["listing"] = [], []
        for _ in range(rounds):
            out["noop"].append(await one_sync())
            out["listing"].append(await listings(pax8, store, ns))
        started = time.monotonic()
        await asyncio.gather(
            _drain(pax8.list_companies()),
            _drain(pax8.list_products()),
            _drain(pax8.list_subscriptions()),
        )
        out["pax8_listing_seconds"] = time.monotonic() - started
    started = time.monotonic()
    await asyncio.gather(
        _drain(store.list(m.ACCOUNT_KIND, ns, f"{m.CONNECTION_LABEL}=bench")),
        _drain(store.list(m.SUBSCRIPTION_KIND, ns, f"{m.CONNECTION_LABEL}=bench")),
    )
    out["kube_listing_seconds"] = time.monotonic() - started
    await store.close()
    out["rss_mib"] = rss_peak_mib()
    return out


async def _drain(items: Any) -> int:
    count = 0
    async for _ in items:
        count += 1
    return count


def _child(
    role: str, ns: str, uid: str, urls: tuple[str, str], concurrency: int, rounds: int
) -> dict[str, Any]:
    args = [
        sys.executable,
        __file__,
        "--role",
        role,
        "--ns",
        ns,
        "--uid",
        uid,
        "--urls",
        *urls,
        "--concurrency",
        str(concurrency),
        "--rounds",
        str(rounds),
    ]
    env = dict(os.environ, PYTHONPATH=str(REPO / "operator"))
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{role} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _namespace_with_connection(tag: str) -> tuple[str, str]:
    ns = f"bench-{tag}-{os.urandom(3).hex()}"
    kube("create", "namespace", ns)
    body = {
        "apiVersion": "pax8.work365.io/v1alpha1",
        "kind": "Pax8Connection",
        "metadata": {"name": "bench", "namespace": ns},
        "spec": {
            "environment": "Production",
            "credentialsSecretRef": {"name": "none"},
            "countryCode": "US",
            "currencyCode": "USD",
            "suspend": True,
        },
    }
    kube("apply", "-f", "-", stdin=json.dumps(body))
    uid = kube("get", "pax8connections", "bench", "-n", ns, "-o", "jsonpath={.metadata.uid}")
    return ns, uid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--subs", type=int, default=10, help="subscriptions per company")
    parser.add_argument("--concurrency", type=int, default=32, help="Kubernetes writes in flight")
    parser.add_argument("--rounds", type=int, default=5, help="no-op resyncs (and listings)")
    parser.add_argument("--keep", action="store_true", help="keep the bench namespaces")
    parser.add_argument(
        "--no-floor", action="store_true", help="skip the bare-client floor (halves the run)"
    )
    parser.add_argument("--role", choices=["floor", "operator"], help=argparse.SUPPRESS)
    parser.add_argument("--ns", help=argparse.SUPPRESS)
    parser.add_argument("--uid", help=argparse.SUPPRESS)
    parser.add_argument("--urls", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.role:
        urls = (args.urls[0], args.urls[1])
        if args.role == "floor":
            done = asyncio.run(floor(args.ns, args.uid, urls, args.concurrency))
        else:
            done = asyncio.run(operator(args.ns, args.uid, urls, args.concurrency, args.rounds))
        print(json.dumps(done))
        return
    for crd in sorted((REPO / "crds").glob("*.yaml")):
        kube("apply", "--server-side", "--force-conflicts", "-f", str(crd))
    kube("wait", "--for=condition=Established", "-f", str(REPO / "crds"))
    sim = subprocess.Popen(
        [
            str(BIN / "pax8-simulator"),
            "serve",
            "--port",
            "0",
            "--companies",
            str(args.companies),
            "--subscriptions-per-company",
            str(args.subs),
            "--client-id",
            "bench",
            "--client-secret",
            SECRET,
            "--rate-limit-per-minute",
            "0",
            "--latency-ms",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    namespaces: list[str] = []
    try:
        assert sim.stdout is not None
        match = READY.search(sim.stdout.readline())
        assert match, "the simulator did not start"
        urls = (match.group(1), match.group(2))
        floor_ns, floor_uid = _namespace_with_connection("floor")
        sync_ns, sync_uid = _namespace_with_connection("sync")
        namespaces += [floor_ns, sync_ns]
        low = (
            None
            if args.no_floor
            else _child("floor", floor_ns, floor_uid, urls, args.concurrency, args.rounds)
        )
        op = _child("operator", sync_ns, sync_uid, urls, args.concurrency, args.rounds)
    finally:
        sim.terminate()
        if not args.keep:
            for ns in namespaces:
                kube("delete", "namespace", ns, "--wait=false")
    init = op["initial"]
    noop = statistics.median(r["seconds"] for r in op["noop"])
    listing = statistics.median(op["listing"])
    print(
        f"scale: {args.companies} companies x {args.subs} subscriptions = "
        f"{sum(init['counts'])} objects; write concurrency {args.concurrency}"
    )
    print(
        f"initial sync:         {init['seconds']:.1f} s  ({init['writes']:.0f} writes) "
        f"errors={init['errors']}"
    )
    if low is not None:
        print(f"floor (bare client):  {low['seconds']:.1f} s  (same objects, create + status)")
        print(f"ratio initial/floor:  {init['seconds'] / low['seconds']:.2f}  (target <= 1.5)")
    rounds = ", ".join(f"{r['seconds']:.1f} s / {r['writes']:.0f} writes" for r in op["noop"])
    errors = [e for r in op["noop"] for e in r["errors"]]
    print(f"no-op resyncs:        {rounds} (target 0 writes) errors={errors}")
    print(
        f"listing alone:        {', '.join(f'{x:.1f} s' for x in op['listing'])} (the sync's "
        f"listings, same order and overlap); separately: Pax8 "
        f"{op['pax8_listing_seconds']:.1f} s, Kubernetes {op['kube_listing_seconds']:.1f} s"
    )
    paired = statistics.median(
        r["seconds"] / x for r, x in zip(op["noop"], op["listing"], strict=True)
    )
    print(
        f"ratio no-op/listing:  {noop / listing:.2f} (medians of {len(op['noop'])}); "
        f"{paired:.2f} (median of each round's ratio)  (target <= 1.2)"
    )
    floor_rss = f"; floor {low['rss_mib']:.0f} MiB" if low is not None else ""
    print(f"peak RSS operator:    {op['rss_mib']:.0f} MiB (target <= 400){floor_rss}")


if __name__ == "__main__":
    main()
