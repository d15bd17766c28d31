"""Processes for the operator e2e tests: the simulator and the operator, run for real.

Why a module of fixtures beside conftest: the operator tests start ``pax8-simulator serve``
and ``pax8-operator run`` as subprocesses (exactly what a user runs), read the simulator's
request log through its admin API and scan every output for secrets; these helpers keep the
test modules about behaviour. Timings are shortened through ``PAX8_OPERATOR_*`` variables.
"""

from __future__ import annotations

import json
import os
import pathlib
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = pathlib.Path(sys.executable).parent
SIM_SECRET = "e2e-Sim-Secret-7f3a9c1d"  # distinctive, so a leak is easy to find
WRONG_SECRET = "e2e-Wrong-Secret-52bd8e0a"
READY_LINE = re.compile(r"pax8-simulator ready base_url=(\S+) token_url=(\S+) .*admin_url=(\S+)")

FAST_ENV = {
    "PAX8_OPERATOR_LOG_FORMAT": "json",
    "PAX8_OPERATOR_LOG_LEVEL": "DEBUG",
    "PAX8_OPERATOR_STARTUP_JITTER_SECONDS": "0",
    "PAX8_OPERATOR_AUTH_RETRY_SECONDS": "2",
    "PAX8_OPERATOR_SECRET_RETRY_SECONDS": "1",
    "PAX8_OPERATOR_ERROR_RETRY_SECONDS": "1",
    "PAX8_OPERATOR_RATE_LIMITED_RETRY_SECONDS": "1",
    "PAX8_OPERATOR_PAX8_TIMEOUT_SECONDS": "3",
    "PAX8_OPERATOR_PAX8_MAX_ATTEMPTS": "1",
    "PAX8_OPERATOR_PAX8_RATE_LIMITED_ATTEMPTS": "1",
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(what: str, probe: Callable[[], Any], timeout: float = 30, every: float = 0.25) -> Any:
    """Poll ``probe`` until it returns something truthy; fail naming ``what`` otherwise."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = probe()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what} (last: {last!r})")


@dataclass
class Simulator:
    """``pax8-simulator serve`` as a subprocess; can be stopped and restarted on its port."""

    workdir: pathlib.Path
    port: int = 0
    proc: subprocess.Popen[str] | None = None
    base_url: str = ""
    token_url: str = ""
    admin_url: str = ""

    def start(self) -> Simulator:
        args = [str(BIN / "pax8-simulator"), "serve", "--host", "127.0.0.1"]
        args += ["--port", str(self.port), "--companies", "5", "--subscriptions-per-company", "1"]
        args += ["--client-id", "e2e-client", "--client-secret", SIM_SECRET]
        log = (self.workdir / "simulator.log").open("a")
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=log, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = READY_LINE.search(line)
        assert match, f"simulator did not print its ready line: {line!r}"
        self.base_url, self.token_url, self.admin_url = match.groups()
        self.port = int(self.base_url.split(":")[2].split("/")[0])
        return self

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        self.proc = None

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(  # noqa: S310 - a local http URL
            self.admin_url + path,
            data=data,
            method=method,
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            text = response.read().decode()
        return json.loads(text) if text else None

    def requests(self) -> dict[str, Any]:
        return dict(self.admin("GET", "/requests"))

    def calls(self, *operations: str) -> int:
        by_op = self.requests().get("byOperation", {})
        return sum(int(by_op.get(op, 0)) for op in operations)


@dataclass
class Operator:
    """``pax8-operator run --namespace NS`` as a subprocess, output kept in files."""

    workdir: pathlib.Path
    kube_env: dict[str, str]
    namespace: str
    extra_env: dict[str, str] = field(default_factory=dict)
    proc: subprocess.Popen[bytes] | None = None
    metrics_port: int = 0
    liveness_url: str = ""
    runs: int = 0

    def start(self) -> Operator:
        self.runs += 1
        self.metrics_port = free_port()
        env = {**self.kube_env, **FAST_ENV, **self.extra_env}
        env["PAX8_OPERATOR_METRICS_PORT"] = str(self.metrics_port)
        self.liveness_url = f"http://127.0.0.1:{free_port()}/healthz"
        env["PAX8_OPERATOR_LIVENESS_ENDPOINT"] = self.liveness_url
        out = (self.workdir / f"operator-{self.runs}.out").open("wb")
        err = (self.workdir / f"operator-{self.runs}.err").open("wb")
        self.proc = subprocess.Popen(
            [str(BIN / "pax8-operator"), "run", "--namespace", self.namespace],
            stdout=out,
            stderr=err,
            env=env,
        )
        wait_for("the operator's metrics endpoint", self._metrics_up, timeout=30)
        return self

    def _metrics_up(self) -> bool:
        assert self.proc is not None
        assert self.proc.poll() is None, self.logs()[-3000:]
        try:
            self.metrics_text()
        except OSError:
            return False
        return True

    def metrics_text(self) -> str:
        url = f"http://127.0.0.1:{self.metrics_port}/metrics"
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode())

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None

    def logs(self) -> str:
        return "".join(
            p.read_text(errors="replace") for p in sorted(self.workdir.glob("operator-*.*"))
        )


class Cluster:
    """kubectl helpers for Pax8Connections in one namespace."""

    def __init__(self, control_plane: Any, namespace: str) -> None:
        self.cp = control_plane
        self.ns = namespace

    def secret(self, name: str, values: dict[str, str]) -> None:
        args = [f"--from-literal={k}={v}" for k, v in values.items()]
        manifest = self.cp.kubectl(
            "create",
            "secret",
            "generic",
            name,
            "-n",
            self.ns,
            *args,
            "--dry-run=client",
            "-o",
            "yaml",
        ).stdout
        self.cp.kubectl("apply", "-f", "-", input=manifest)

    def connection(
        self,
        name: str,
        sim: Simulator,
        secret: str = "pax8",  # noqa: S107 - a Secret name
        **spec: Any,
    ) -> None:
        body = {
            "apiVersion": "pax8.work365.io/v1alpha1",
            "kind": "Pax8Connection",
            "metadata": {"name": name, "namespace": self.ns},
            "spec": {
                "environment": "Production",
                "endpointURL": sim.base_url,
                "tokenURL": sim.token_url,
                "allowInsecureHTTP": True,
                "credentialsSecretRef": {"name": secret},
                "countryCode": "US",
                "currencyCode": "USD",
                **spec,
            },
        }
        self.cp.kubectl("apply", "-f", "-", input=json.dumps(body))

    def get(self, name: str) -> dict[str, Any]:
        out = self.cp.kubectl("get", "pax8connections", name, "-n", self.ns, "-o", "json").stdout
        return dict(json.loads(out))

    def condition(self, name: str, type_: str = "Ready") -> dict[str, Any]:
        for cond in self.get(name).get("status", {}).get("conditions", []):
            if cond["type"] == type_:
                return dict(cond)
        return {}

    def wait_reason(
        self, name: str, reason: str, status: str | None = None, timeout: float = 30
    ) -> dict[str, Any]:
        def probe() -> dict[str, Any] | None:
            cond = self.condition(name)
            ok = cond.get("reason") == reason and status in (None, cond.get("status"))
            return cond if ok else None

        return dict(wait_for(f"{name} Ready reason {reason}", probe, timeout=timeout))

    def delete(self, *names: str) -> None:
        self.cp.kubectl(
            "delete",
            "pax8connections",
            *names,
            "-n",
            self.ns,
            "--wait=true",
            "--timeout=30s",
        )


@pytest.fixture(scope="module", name="op_namespace")
def op_namespace_fixture(control_plane: Any, crds: Any) -> Iterator[str]:
    """A namespace shared by the tests of one module (one operator serves it)."""
    name = f"e2e-op-{os.urandom(4).hex()}"
    control_plane.kubectl("create", "namespace", name)
    yield name
    control_plane.kubectl("delete", "namespace", name, "--wait=false", check=False)


@pytest.fixture(scope="module", name="simulator")
def simulator_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Simulator]:
    sim = Simulator(tmp_path_factory.mktemp("sim")).start()
    yield sim
    sim.stop()


@pytest.fixture(scope="module", name="cluster")
def cluster_fixture(control_plane: Any, op_namespace: str) -> Cluster:
    return Cluster(control_plane, op_namespace)
