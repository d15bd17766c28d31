"""Run the simulator over real HTTP in a background thread (for e2e tests and benchmarks).

`run_in_thread(cfg, port=0)` binds a free port, waits until uvicorn is serving, yields the
URLs, and stops the server on exit.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
from collections.abc import Iterator

import uvicorn

from pax8_simulator import app as sim_app
from pax8_simulator import config, simulator


@dataclasses.dataclass(frozen=True)
class RunningSimulator:
    """Where a running simulator listens, and the Simulator object behind it."""

    host: str
    port: int
    simulator: simulator.Simulator

    @property
    def root_url(self) -> str:
        """`http://host:port` without a path."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """The Pax8 API base URL (`.../v1`)."""
        return f"{self.root_url}/v1"

    @property
    def token_url(self) -> str:
        """The current token endpoint."""
        return f"{self.root_url}/v1/token"

    @property
    def legacy_token_url(self) -> str:
        """The legacy token endpoint."""
        return f"{self.root_url}/oauth/token"

    @property
    def admin_url(self) -> str:
        """The admin API root."""
        return f"{self.root_url}/__sim"


def build_server(
    cfg: config.SimulatorConfig, host: str, port: int
) -> tuple[uvicorn.Server, simulator.Simulator]:
    """A uvicorn server for a fresh app (quiet access log) and its Simulator."""
    app = sim_app.create_app(cfg)
    uv_config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=2,
    )
    sim: simulator.Simulator = app.state.simulator
    return uvicorn.Server(uv_config), sim


def bound_port(server: uvicorn.Server) -> int:
    """The port the started server actually listens on (resolves port 0)."""
    for srv in server.servers:
        for sock in srv.sockets:
            return int(sock.getsockname()[1])
    raise RuntimeError("uvicorn server has no listening socket")


@contextlib.contextmanager
def run_in_thread(
    cfg: config.SimulatorConfig, host: str = "127.0.0.1", port: int = 0, timeout: float = 30.0
) -> Iterator[RunningSimulator]:
    """Serve the simulator in a daemon thread until the block exits."""
    server, sim = build_server(cfg, host, port)
    thread = threading.Thread(target=server.run, name="pax8-simulator", daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("pax8 simulator did not start")
        time.sleep(0.01)
    try:
        yield RunningSimulator(host=host, port=bound_port(server), simulator=sim)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
