"""Sync against a real API server and the simulator over HTTP: what a partner sees in the cluster.

One operator and one simulator (50 companies x 5 subscriptions) serve this module; the tests
run in order on one connection (each builds on the mirrors the previous one left), and the
last ones delete it and use a fresh connection to kill the operator in the middle of a sync.
"""

from __future__ import annotations

import collections
import json
import re
import subprocess
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from operator_harness import (  # noqa: F401 - fixtures
    BIN,
    READY_LINE,
    SIM_SECRET,
    Cluster,
    Operator,
    Simulator,
    cluster_fixture,
    op_namespace_fixture,
    wait_for,
)

WRITE_OPERATIONS = (
    "createCompany",
    "updateCompany",
    "createContact",
    "updateContact",
    "deleteContact",
    "createOrder",
    "updateSubscription",
    "cancelSubscription",
)
MIRROR_KINDS = ("Pax8Account", "Pax8Subscription")


class BigSimulator(Simulator):
    """The harness simulator, seeded with 50 companies x 5 subscriptions."""

    def start(self) -> BigSimulator:
        args = [str(BIN / "pax8-simulator"), "serve", "--host", "127.0.0.1", "--port", "0"]
        args += ["--companies", "50", "--subscriptions-per-company", "5", "--seed", "7"]
        args += ["--client-id", "e2e-client", "--client-secret", SIM_SECRET]
        log = (self.workdir / "simulator.log").open("a")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, text=True)
        assert self.proc.stdout is not None
        match = READY_LINE.search(self.proc.stdout.readline())
        assert match, "simulator did not print its ready line"
        self.base_url, self.token_url, self.admin_url = match.groups()
        return self

    def pax8(self, path: str) -> Any:
        """GET from the Pax8 API as a client would (token first)."""
        body = {
            "client_id": "e2e-client",
            "client_secret": SIM_SECRET,
            "audience": "https://api.pax8.com",
            "grant_type": "client_credentials",
        }
        req = urllib.request.Request(  # noqa: S310 - local http
            self.token_url, json.dumps(body).encode(), {"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
            token = json.loads(resp.read())["access_token"]
        req = urllib.request.Request(  # noqa: S310
            self.base_url + path, headers={"Authorization": f"Bearer {token}"}
        )
        with urllib.request.urlopen(req, timeout=10) as resp:  # noqa: S310
            return json.loads(resp.read())


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BigSimulator]:
    started = BigSimulator(tmp_path_factory.mktemp("sim")).start()
    yield started
    started.stop()


@pytest.fixture(scope="module")
def operator(
    control_plane: Any, op_namespace: str, sim: BigSimulator, tmp_path_factory: Any
) -> Iterator[Operator]:
    # A failed sync is retried after 60 s here, so a test can look at the failure.
    retry = {"PAX8_OPERATOR_ERROR_RETRY_SECONDS": "60"}
    op = Operator(
        tmp_path_factory.mktemp("operator"), control_plane.env, op_namespace, extra_env=retry
    ).start()
    yield op
    op.stop()


@pytest.fixture(scope="module")
def main(cluster: Cluster, sim: BigSimulator, operator: Operator) -> str:
    cluster.secret("pax8", {"applicationId": "e2e-client", "applicationSecret": SIM_SECRET})
    cluster.connection("main", sim)
    wait_synced(cluster, "main", timeout=120)
    return "main"


def wait_synced(cluster: Cluster, name: str, timeout: float = 120) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        obj = cluster.get(name)
        conds = {c["type"]: c for c in obj.get("status", {}).get("conditions", [])}
        ok = all(
            conds.get(t, {}).get("status") == "True"
            for t in ("AccountsSynced", "SubscriptionsSynced")
        )
        return obj if ok else None

    return dict(wait_for(f"{name} synced", probe, timeout=timeout, every=1))


def mirrors(cluster: Cluster, kind: str, connection: str) -> list[dict[str, Any]]:
    out = cluster.cp.kubectl(
        "get",
        kind,
        "-n",
        cluster.ns,
        "-l",
        f"pax8.work365.io/connection={connection}",
        "-o",
        "json",
    ).stdout
    return list(json.loads(out)["items"])


def versions(cluster: Cluster, connection: str) -> dict[str, str]:
    return {
        f"{o['kind']}/{o['metadata']['name']}": o["metadata"]["resourceVersion"]
        for kind in ("pax8accounts", "pax8subscriptions")
        for o in mirrors(cluster, kind, connection)
    }


def kube_writes(operator: Operator) -> float:
    total = 0.0
    for line in operator.metrics_text().splitlines():
        if line.startswith("pax8_operator_kube_writes_total{") and any(
            f'kind="{k}"' in line for k in MIRROR_KINDS
        ):
            total += float(line.rsplit(" ", 1)[1])
    return total


def plugin_sync(cluster: Cluster, name: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "kubectl-pax8"), "sync", name, "-n", cluster.ns, "--timeout", "120"],
        capture_output=True,
        text=True,
        env=cluster.cp.env,
        timeout=150,
        check=False,
    )


def test_sync_mirrors_every_company_and_subscription_when_connection_applied(
    cluster: Cluster, sim: BigSimulator, main: str
) -> None:
    accounts = mirrors(cluster, "pax8accounts", main)
    subs = mirrors(cluster, "pax8subscriptions", main)
    assert len(accounts) == 50
    assert len(subs) == 250
    companies = {c["id"]: c for c in sim.pax8("/companies?size=200")["content"]}
    pax8_subs = {s["id"]: s for s in sim.pax8("/subscriptions?size=200&page=0")["content"]}
    by_company = {a["spec"]["companyId"]: a for a in accounts}
    assert set(by_company) == set(companies)
    for company_id, company in companies.items():
        acct = by_company[company_id]
        assert acct["metadata"]["name"].endswith("-" + company_id.replace("-", "")[:8])
        assert acct["status"]["name"] == company["name"]
        assert acct["status"]["status"] == company["status"]
        assert acct["spec"]["managementPolicy"] == "Observe"
        assert acct["metadata"]["ownerReferences"][0]["kind"] == "Pax8Connection"
    by_sub = {s["spec"]["subscriptionId"]: s for s in subs}
    for sub_id, sub in pax8_subs.items():
        mirror = by_sub[sub_id]
        status = mirror["status"]
        assert status["quantity"] == sub["quantity"]
        assert status["status"] == sub["status"]
        assert status["billingTerm"] == sub["billingTerm"]
        assert status["currencyCode"] == sub["currencyCode"]
        assert status["accountName"] == companies[sub["companyId"]]["name"]
        assert mirror["metadata"]["labels"]["pax8.work365.io/product-id"] == sub["productId"]
        owner = mirror["metadata"]["ownerReferences"][0]
        assert owner["kind"] == "Pax8Account"
        assert owner["uid"] == by_company[sub["companyId"]]["metadata"]["uid"]
    table = cluster.cp.kubectl("get", "pax8subscriptions", "-n", cluster.ns).stdout.splitlines()
    assert re.split(r"\s{2,}", table[0].strip()) == [
        "NAME",
        "ACCOUNT",
        "PRODUCT",
        "QTY",
        "DESIRED",
        "STATUS",
        "TERM",
        "READY",
        "AGE",
    ]
    assert "<none>" not in table[1].split("  ")[1]
    header = cluster.cp.kubectl("get", "pax8accounts", "-n", cluster.ns).stdout.splitlines()[0]
    assert re.split(r"\s{2,}", header.strip())[:5] == [
        "NAME",
        "COMPANY",
        "STATUS",
        "SUBSCRIPTIONS",
        "POLICY",
    ]
    conn = cluster.cp.kubectl("get", "pax8connections", main, "-n", cluster.ns).stdout
    assert re.search(r"\s50\s+250\s", conn), conn


def test_portal_changes_show_after_kubectl_pax8_sync(
    cluster: Cluster, sim: BigSimulator, main: str
) -> None:
    subs = sim.pax8("/subscriptions?size=200&status=Active")["content"]
    changed, cancelled = subs[0], subs[1]
    sim.admin("PATCH", f"/subscriptions/{changed['id']}", {"quantity": changed["quantity"] + 7})
    sim.admin("POST", f"/subscriptions/{cancelled['id']}/cancel")
    company = sim.admin("POST", "/companies", {"name": "Fresh Portal Company"})
    done = plugin_sync(cluster, main)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 created" in done.stdout
    assert "updated" in done.stdout
    by_sub = {s["spec"]["subscriptionId"]: s for s in mirrors(cluster, "pax8subscriptions", main)}
    assert by_sub[changed["id"]]["status"]["quantity"] == changed["quantity"] + 7
    assert by_sub[cancelled["id"]]["status"]["status"] in {"Cancelled", "PendingCancel"}
    names = {a["spec"]["companyId"]: a for a in mirrors(cluster, "pax8accounts", main)}
    assert names[company["id"]]["status"]["name"] == "Fresh Portal Company"


def test_sync_makes_zero_writes_when_nothing_changed(
    cluster: Cluster, operator: Operator, main: str
) -> None:
    plugin_sync(cluster, main)  # settle anything the previous test left
    before_writes, before_versions = kube_writes(operator), versions(cluster, main)
    done = plugin_sync(cluster, main)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no changes" in done.stdout
    assert kube_writes(operator) == before_writes
    assert versions(cluster, main) == before_versions


def test_fault_mid_listing_changes_nothing(
    cluster: Cluster, sim: BigSimulator, operator: Operator, main: str
) -> None:
    sub = sim.pax8("/subscriptions?size=200&status=Active")["content"][3]
    sim.admin("PATCH", f"/subscriptions/{sub['id']}", {"quantity": sub["quantity"] + 3})
    rule = {"kind": "status", "status": 503, "times": 1, "operations": ["findSubscriptions"]}
    sim.admin("POST", "/faults", rule)
    before_writes, before_versions = kube_writes(operator), versions(cluster, main)
    plugin_sync(cluster, main)
    cond = next(
        c for c in cluster.get(main)["status"]["conditions"] if c["type"] == "SubscriptionsSynced"
    )
    assert (cond["status"], cond["reason"]) == ("False", "ListingIncomplete")
    assert "503" in cond["message"]
    assert kube_writes(operator) == before_writes
    assert versions(cluster, main) == before_versions
    done = plugin_sync(cluster, main)  # the next sync catches up
    assert "SubscriptionsSynced=True" in done.stdout
    by_sub = {s["spec"]["subscriptionId"]: s for s in mirrors(cluster, "pax8subscriptions", main)}
    assert by_sub[sub["id"]]["status"]["quantity"] == sub["quantity"] + 3


def test_deleting_connection_collects_mirrors_and_leaves_pax8_untouched(
    cluster: Cluster, sim: BigSimulator, main: str
) -> None:
    cluster.delete(main)

    def gone() -> bool:
        left = cluster.cp.kubectl(
            "get", "pax8accounts,pax8subscriptions", "-n", cluster.ns, "-o", "name"
        )
        return not left.stdout.strip()

    wait_for("mirrors garbage-collected", gone, timeout=150, every=2)
    by_op = sim.requests().get("byOperation", {})
    assert {op: by_op.get(op, 0) for op in WRITE_OPERATIONS} == dict.fromkeys(WRITE_OPERATIONS, 0)


def test_operator_killed_mid_sync_finishes_without_duplicates_after_restart(
    cluster: Cluster, sim: BigSimulator, operator: Operator
) -> None:
    cluster.connection("again", sim)

    def some_written() -> bool:
        n = len(mirrors(cluster, "pax8subscriptions", "again"))
        return 0 < n < 200

    wait_for("the sync to be writing", some_written, timeout=90, every=0.2)
    assert operator.proc is not None
    operator.proc.kill()
    operator.proc.wait(10)
    partial = len(mirrors(cluster, "pax8subscriptions", "again"))
    operator.start()
    wait_synced(cluster, "again", timeout=120)
    subs = mirrors(cluster, "pax8subscriptions", "again")
    accounts = mirrors(cluster, "pax8accounts", "again")
    assert partial < len(subs)
    sub_ids = collections.Counter(s["spec"]["subscriptionId"] for s in subs)
    company_ids = collections.Counter(a["spec"]["companyId"] for a in accounts)
    assert max(sub_ids.values()) == 1
    assert max(company_ids.values()) == 1
    assert len(company_ids) == 51  # 50 seeded + the one added through the portal
    assert len(sub_ids) == len(sim.pax8("/subscriptions?size=200&page=0")["content"]) + len(
        sim.pax8("/subscriptions?size=200&page=1")["content"]
    )
    assert all("status" in s and s["status"].get("subscriptionId") for s in subs)
