"""Restart safety: the schedule lives in status, so a restart neither bursts nor forgets.

20 connections are verified, the operator is stopped, half of them are made overdue (their
``nextVerifyTime`` moved into the past, as after a long outage) and the operator restarted
with a 5 s jitter window. The simulator's request log, sampled every 0.2 s, must show the
10 overdue checks spread over the window and no call for the 10 that are not yet due.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from operator_harness import (  # noqa: F401 - fixtures
    SIM_SECRET,
    Cluster,
    Operator,
    Simulator,
    cluster_fixture,
    op_namespace_fixture,
    simulator_fixture,
    wait_for,
)

COUNT = 20
JITTER = 5.0
CHECK_OPS = ("createAccessToken", "findCompanies")


@pytest.fixture(scope="module")
def operator(
    control_plane: Any, op_namespace: str, simulator: Simulator, tmp_path_factory: Any
) -> Iterator[Operator]:
    op = Operator(
        tmp_path_factory.mktemp("operator"),
        control_plane.env,
        op_namespace,
        extra_env={"PAX8_OPERATOR_STARTUP_JITTER_SECONDS": str(JITTER)},
    )
    yield op.start()
    op.stop()


def test_restart_spreads_overdue_checks_and_waits_for_future_ones(
    cluster: Cluster, simulator: Simulator, operator: Operator
) -> None:
    cluster.secret("pax8", {"applicationId": "e2e-client", "applicationSecret": SIM_SECRET})
    names = [f"conn-{i:02d}" for i in range(COUNT)]
    # Sync off: this test counts verify calls (findCompanies), which a companies listing
    # would also make; restarts mid-sync are covered by tests/e2e/test_sync.py.
    no_sync = {"accounts": {"enabled": False}, "subscriptions": {"enabled": False}}
    for name in names:
        cluster.connection(name, simulator, sync=no_sync)

    def all_ready() -> bool:
        out = cluster.cp.kubectl("get", "pax8connections", "-n", cluster.ns, "-o", "json").stdout
        items = json.loads(out)["items"]
        reasons = [
            c["reason"]
            for i in items
            for c in i.get("status", {}).get("conditions", [])
            if c["type"] == "Ready"
        ]
        return reasons.count("Verified") == COUNT

    wait_for("20 connections Ready", all_ready, timeout=60 + JITTER)
    operator.stop()
    overdue, future = names[: COUNT // 2], names[COUNT // 2 :]
    before = {n: cluster.get(n)["status"]["lastVerifiedTime"] for n in future}
    for name in overdue:
        cluster.cp.kubectl(
            "patch",
            "pax8connections",
            name,
            "-n",
            cluster.ns,
            "--subresource=status",
            "--type=merge",
            "-p",
            '{"status":{"nextVerifyTime":"2020-01-01T00:00:00Z"}}',
        )
    simulator.admin("DELETE", "/requests")
    operator.start()
    started = time.monotonic()
    samples: list[tuple[float, int]] = []
    while time.monotonic() - started < JITTER + 4:
        samples.append((time.monotonic() - started, simulator.calls("findCompanies")))
        time.sleep(0.2)
    per_second = [
        max(c for t, c in samples if t <= s + 1) - max([0] + [c for t, c in samples if t <= s])
        for s in range(int(JITTER) + 3)
    ]
    print(f"checks per 1-second window after restart: {per_second}")  # the figure we report
    log = simulator.requests()["byOperation"]
    assert log.get("findCompanies", 0) == len(overdue)  # every overdue one, exactly once
    assert max(per_second) <= 5  # 10 checks spread over 5 s: no burst
    for name in overdue:
        assert cluster.get(name)["status"]["nextVerifyTime"] > "2021"
    for name in future:
        assert cluster.get(name)["status"]["lastVerifiedTime"] == before[name]
