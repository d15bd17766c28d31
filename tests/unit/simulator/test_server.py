"""Real HTTP: the thread runner and the CLI's ready line, plus drop-after-write on the wire."""

from __future__ import annotations

import re
import subprocess
import sys

import httpx
import pytest

from pax8_simulator import config as sim_config
from pax8_simulator import server

from .conftest import CREDENTIALS


def small() -> sim_config.SimulatorConfig:
    return sim_config.SimulatorConfig(seed=2, companies=5, subscriptions_per_company=2)


def test_thread_runner_serves_real_http_when_port_zero_is_asked() -> None:
    with server.run_in_thread(small(), port=0) as running:
        assert running.port > 0
        assert running.base_url == f"http://127.0.0.1:{running.port}/v1"
        token = httpx.post(running.token_url, json=CREDENTIALS).json()["access_token"]
        legacy = httpx.post(
            running.legacy_token_url, json={**CREDENTIALS, "audience": "api://p8p.client"}
        )
        companies = httpx.get(
            f"{running.base_url}/companies", headers={"Authorization": f"Bearer {token}"}
        )
        assert legacy.status_code == 200
        assert companies.json()["page"]["totalElements"] == 5
        assert httpx.get(f"{running.admin_url}/health").json() == {"status": "ok"}
        assert running.simulator.requests.total == 3


def test_client_sees_a_cut_connection_when_drop_after_write_fires() -> None:
    with server.run_in_thread(small(), port=0) as running:
        token = httpx.post(running.token_url, json=CREDENTIALS).json()["access_token"]
        httpx.post(f"{running.admin_url}/faults", json={"kind": "drop-after-write"})
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.get(f"{running.base_url}/products", headers={"Authorization": f"Bearer {token}"})


def test_cli_prints_one_ready_line_when_serving() -> None:
    command = [
        sys.executable,
        "-c",
        "from pax8_simulator import cli; cli.main()",
        "serve",
        "--port",
        "0",
        "--companies",
        "3",
        "--client-id",
        "cid",
        "--client-secret",
        "cs",
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.fullmatch(
            r"pax8-simulator ready base_url=(http://127\.0\.0\.1:(\d+))/v1 "
            r"token_url=\1/v1/token client_id=cid client_secret=cs admin_url=\1/__sim\n",
            line,
        )
        assert match, line
        assert httpx.get(f"{match.group(1)}/__sim/health").json() == {"status": "ok"}
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_cancel_is_applied_but_answer_cut_when_drop_after_write_hits_a_204() -> None:
    with server.run_in_thread(small(), port=0) as running:
        token = httpx.post(running.token_url, json=CREDENTIALS).json()["access_token"]
        subs = running.simulator.world.subscriptions.values()
        sub_id = next(s.id for s in subs if s.data["status"] == "Active")
        fault = {"kind": "drop-after-write", "operations": ["cancelSubscription"]}
        httpx.post(f"{running.admin_url}/faults", json=fault)
        headers = {"Authorization": f"Bearer {token}"}
        with pytest.raises(httpx.RemoteProtocolError):
            httpx.delete(f"{running.base_url}/subscriptions/{sub_id}", headers=headers)
        after = httpx.get(f"{running.base_url}/subscriptions/{sub_id}", headers=headers).json()
        assert after["status"] == "PendingCancel"
