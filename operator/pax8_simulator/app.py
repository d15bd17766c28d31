"""The ASGI application factory: Pax8 routes plus the admin API around one Simulator."""

from __future__ import annotations

from starlette import applications

from pax8_simulator import admin, config, routes, simulator


def create_app(cfg: config.SimulatorConfig | None = None) -> applications.Starlette:
    """A Starlette app serving a freshly seeded simulator (`app.state.simulator`)."""
    sim = simulator.Simulator(cfg or config.SimulatorConfig())
    app = applications.Starlette(routes=[*routes.pax8_routes(), *admin.admin_routes()])
    app.state.simulator = sim
    return app
