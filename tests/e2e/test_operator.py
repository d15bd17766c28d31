"""The operator against a real API server and the simulator over HTTP, as a user runs it.

One operator process serves this module's namespace; each test uses its own connections and
deletes them, so the simulator's request log belongs to the test that reads it.
"""

from __future__ import annotations

import base64
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from operator_harness import (  # noqa: F401 - fixtures
    BIN,
    SIM_SECRET,
    WRONG_SECRET,
    Cluster,
    Operator,
    Simulator,
    cluster_fixture,
    op_namespace_fixture,
    simulator_fixture,
    wait_for,
)

GOOD = {"applicationId": "e2e-client", "applicationSecret": SIM_SECRET}


@pytest.fixture(scope="module")
def operator(
    control_plane: Any, op_namespace: str, simulator: Simulator, tmp_path_factory: Any
) -> Iterator[Operator]:
    op = Operator(tmp_path_factory.mktemp("operator"), control_plane.env, op_namespace).start()
    yield op
    op.stop()


@pytest.fixture
def good_secret(cluster: Cluster) -> str:
    cluster.secret("pax8", GOOD)
    return "pax8"


def test_connection_ready_within_seconds_when_credentials_good(
    cluster: Cluster, simulator: Simulator, operator: Operator, good_secret: str
) -> None:
    start = time.monotonic()
    cluster.connection("good", simulator)
    cluster.wait_reason("good", "Verified", "True", timeout=15)
    elapsed = time.monotonic() - start
    obj = cluster.get("good")
    status = obj["status"]
    assert elapsed < 15
    assert "kopf" not in status
    assert not [k for k in obj["metadata"].get("annotations", {}) if "kopf" in k]
    assert set(obj["metadata"].get("finalizers", [])) <= {"pax8.work365.io/finalizer"}
    assert status["lastVerifiedTime"]
    assert status["nextVerifyTime"] > status["lastVerifiedTime"]
    assert status["observedGeneration"] == 1
    types = {c["type"]: c for c in status["conditions"]}
    assert types["ConnectionVerified"]["status"] == "True"
    assert types["InsecureEndpoint"]["status"] == "True"
    assert "Reconciling" not in types
    assert "Stalled" not in types
    table = cluster.cp.kubectl("get", "pax8connections", "-n", cluster.ns).stdout
    header, row = table.splitlines()[0].split(), table.splitlines()[1].split()
    assert header[:7] == ["NAME", "ENV", "READY", "STATUS", "ACCOUNTS", "SUBSCRIPTIONS", "LAST"]
    assert row[:4] == ["good", "Production", "True", "Verified"]
    events = cluster.cp.kubectl("get", "events", "-n", cluster.ns, "-o", "json").stdout
    assert '"reason": "InsecureEndpoint"' in events
    with urllib.request.urlopen(operator.liveness_url, timeout=5) as live:  # noqa: S310
        assert live.status == 200
    metrics = operator.metrics_text()
    assert f'pax8_operator_connection_ready{{connection="{cluster.ns}/good"}} 1.0' in metrics
    assert "pax8_operator_pax8_requests_total" in metrics
    cluster.delete("good")


def test_invalid_credentials_then_ready_without_restart_when_secret_fixed(
    cluster: Cluster, simulator: Simulator, operator: Operator
) -> None:
    cluster.secret("wrong", {"applicationId": "e2e-client", "applicationSecret": WRONG_SECRET})
    cluster.connection("wrongcreds", simulator, secret="wrong")
    cond = cluster.wait_reason("wrongcreds", "InvalidCredentials", "False")
    assert "HTTP 401" in cond["message"]
    assert f"applicationId/applicationSecret of Secret {cluster.ns}/wrong" in cond["message"]
    stalled = cluster.condition("wrongcreds", "Stalled")
    assert stalled["reason"] == "InvalidCredentials"
    cluster.secret("wrong", GOOD)
    cluster.wait_reason("wrongcreds", "Verified", "True", timeout=15)
    assert cluster.condition("wrongcreds", "Stalled") == {}
    cluster.delete("wrongcreds")


def test_secret_problems_named_when_secret_or_key_missing(
    cluster: Cluster, simulator: Simulator, operator: Operator
) -> None:
    cluster.connection("nosecret", simulator, secret="absent")
    cond = cluster.wait_reason("nosecret", "SecretNotFound", "False")
    assert f"{cluster.ns}/absent" in cond["message"]
    cluster.secret("halfkey", {"applicationId": "e2e-client"})
    cluster.connection("nokey", simulator, secret="halfkey")
    cond = cluster.wait_reason("nokey", "SecretKeyMissing", "False")
    assert "applicationSecret" in cond["message"]
    cluster.delete("nosecret", "nokey")


def test_endpoint_unreachable_then_recovered_when_simulator_returns(
    cluster: Cluster, simulator: Simulator, operator: Operator, good_secret: str
) -> None:
    cluster.connection("flaky", simulator)
    cluster.wait_reason("flaky", "Verified", "True")
    simulator.stop()
    try:
        cluster.cp.kubectl(
            "annotate",
            "pax8connections",
            "flaky",
            "-n",
            cluster.ns,
            "pax8.work365.io/verify-requested-at=down-1",
            "--overwrite",
        )
        cond = cluster.wait_reason("flaky", "EndpointUnreachable", "False")
        assert simulator.base_url in cond["message"]
        assert cluster.condition("flaky", "Reconciling")["status"] == "True"
    finally:
        simulator.start()  # same port
    cluster.wait_reason("flaky", "Verified", "True", timeout=15)
    cluster.delete("flaky")


def test_rate_limited_then_recovered_when_429_stops(
    cluster: Cluster, simulator: Simulator, operator: Operator, good_secret: str
) -> None:
    cluster.connection("limited", simulator)
    cluster.wait_reason("limited", "Verified", "True")
    simulator.admin(
        "POST", "/faults", {"kind": "status", "status": 429, "operations": ["findCompanies"]}
    )
    try:
        cluster.cp.kubectl(
            "annotate",
            "pax8connections",
            "limited",
            "-n",
            cluster.ns,
            "pax8.work365.io/verify-requested-at=limit-1",
            "--overwrite",
        )
        cond = cluster.wait_reason("limited", "RateLimited", "False")
        assert "429" in cond["message"]
    finally:
        simulator.admin("DELETE", "/faults")
    cluster.wait_reason("limited", "Verified", "True", timeout=15)
    assert 'pax8_operator_pax8_rate_limited_total{connection="' in operator.metrics_text()
    cluster.delete("limited")


def test_suspend_stops_pax8_calls_when_set(
    cluster: Cluster, simulator: Simulator, operator: Operator, good_secret: str
) -> None:
    cluster.connection("paused", simulator)
    cluster.wait_reason("paused", "Verified", "True")
    cluster.connection("paused", simulator, suspend=True)
    cluster.wait_reason("paused", "Suspended", "False")
    simulator.admin("DELETE", "/requests")
    cluster.cp.kubectl(
        "annotate",
        "pax8connections",
        "paused",
        "-n",
        cluster.ns,
        "pax8.work365.io/verify-requested-at=while-suspended",
        "--overwrite",
    )
    wait_for(
        "the verify request handled while suspended",
        lambda: cluster.get("paused")["status"].get("lastHandledVerifyAt") == "while-suspended",
    )
    time.sleep(3)  # longer than every retry delay of the fast settings
    status = cluster.get("paused")["status"]
    assert status["suspended"] is True
    assert "nextVerifyTime" not in status
    assert simulator.requests()["total"] == 0
    cluster.connection("paused", simulator, suspend=False)
    cluster.wait_reason("paused", "Verified", "True")
    assert simulator.requests()["total"] > 0
    cluster.delete("paused")


def _plugin(control_plane: Any, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "kubectl-pax8"), *args],
        capture_output=True,
        text=True,
        env=control_plane.env,
        timeout=90,
        check=False,
    )


def test_plugin_verify_and_sync_print_outcome_when_operator_handles_them(
    cluster: Cluster, simulator: Simulator, operator: Operator, good_secret: str
) -> None:
    cluster.connection("plugged", simulator)
    cluster.wait_reason("plugged", "Verified", "True")
    # The first sync lists companies too (findCompanies): let it finish before counting.
    for kind in ("AccountsSynced", "SubscriptionsSynced"):
        wait_for(
            f"plugged {kind}",
            lambda kind=kind: cluster.condition("plugged", kind).get("status") == "True",
            timeout=60,
        )
    before = simulator.calls("findCompanies")
    verify = _plugin(cluster.cp, "verify", "plugged", "-n", cluster.ns, "--timeout", "30")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "Ready=True reason=Verified" in verify.stdout
    assert simulator.calls("findCompanies") == before + 1
    sync = _plugin(cluster.cp, "sync", "plugged", "-n", cluster.ns, "--timeout", "30")
    assert sync.returncode == 0, sync.stdout + sync.stderr
    assert "AccountsSynced=True Synced" in sync.stdout
    status = _plugin(cluster.cp, "status", "-n", cluster.ns)
    assert "plugged" in status.stdout
    assert "Verified" in status.stdout
    missing = _plugin(cluster.cp, "verify", "nope", "-n", cluster.ns, "--timeout", "2")
    assert missing.returncode != 0
    cluster.delete("plugged")


def test_plugin_times_out_with_message_when_operator_absent(
    cluster: Cluster, simulator: Simulator, good_secret: str, control_plane: Any
) -> None:
    other = "e2e-noop-" + str(int(time.time()))
    control_plane.kubectl("create", "namespace", other)
    try:
        Cluster(control_plane, other).secret("pax8", GOOD)
        Cluster(control_plane, other).connection("orphan", simulator)
        result = _plugin(control_plane, "verify", "orphan", "-n", other, "--timeout", "3")
        assert result.returncode == 2
        assert "timeout" in result.stdout
    finally:
        control_plane.kubectl("delete", "namespace", other, "--wait=false", check=False)


def test_application_secret_appears_nowhere_after_all_scenarios(
    cluster: Cluster, operator: Operator, control_plane: Any
) -> None:
    texts = {
        "operator output": operator.logs(),
        "events": control_plane.kubectl("get", "events", "-A", "-o", "yaml").stdout,
        "connections": control_plane.kubectl("get", "pax8connections", "-A", "-o", "yaml").stdout,
        "metrics": operator.metrics_text(),
    }
    assert "InvalidCredentials" in texts["operator output"] + texts["events"]
    # A Secret body carries its values base64-encoded: look for both forms.
    forms = [s for secret in (SIM_SECRET, WRONG_SECRET) for s in (secret, b64(secret))]
    for where, text in texts.items():
        for form in forms:
            assert form not in text, f"{form!r} leaked into {where}"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()
