"""`pax8-simulator serve`: run the simulator as a process and print one ready line.

The ready line carries everything a test harness needs (URLs and credentials), so scripts
start it with `--port 0` and parse stdout instead of guessing ports.
"""

from __future__ import annotations

import asyncio
import sys

import typer
import uvicorn

from pax8_simulator import config, server

cli = typer.Typer(add_completion=False, help="A Pax8 partner API simulator.")


@cli.callback()
def _root() -> None:
    """A Pax8 partner API simulator."""


@cli.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8080, help="Port to listen on; 0 picks a free one."),
    seed: int = typer.Option(1, help="Seed for the generated data."),
    companies: int = typer.Option(50, help="Number of seeded companies."),
    subscriptions_per_company: int = typer.Option(5, help="Seeded subscriptions per company."),
    client_id: str = typer.Option("sim-client", help="The valid OAuth client id."),
    client_secret: str = typer.Option("sim-secret", help="The valid OAuth client secret."),
    latency_ms: int = typer.Option(0, help="Latency added to every Pax8 request."),
    rate_limit_per_minute: int = typer.Option(0, help="Successful calls per minute; 0 = off."),
) -> None:
    """Serve the simulated Pax8 API until interrupted."""
    cfg = config.SimulatorConfig(
        seed=seed,
        companies=companies,
        subscriptions_per_company=subscriptions_per_company,
        client_id=client_id,
        client_secret=client_secret,
        latency_ms=latency_ms,
        rate_limit_per_minute=rate_limit_per_minute,
    )
    uv_server, _ = server.build_server(cfg, host, port)
    asyncio.run(_serve(uv_server, cfg, host))


async def _serve(uv_server: uvicorn.Server, cfg: config.SimulatorConfig, host: str) -> None:
    task = asyncio.create_task(uv_server.serve())
    while not uv_server.started:
        if task.done():
            await task
            raise typer.Exit(1)
        await asyncio.sleep(0.01)
    root = f"http://{host}:{server.bound_port(uv_server)}"
    sys.stdout.write(
        f"pax8-simulator ready base_url={root}/v1 token_url={root}/v1/token "
        f"client_id={cfg.client_id} client_secret={cfg.client_secret} admin_url={root}/__sim\n"
    )
    sys.stdout.flush()
    await task


def main() -> None:
    """Console-script entry point."""
    cli()
