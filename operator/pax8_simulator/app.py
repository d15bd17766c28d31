"""The ASGI application factory: Pax8 routes plus the admin API around one Simulator."""

from __future__ import annotations

from starlette import applications, exceptions, requests, responses

from pax8_simulator import admin, config, errors, routes, simulator


async def _http_error(request: requests.Request, exc: Exception) -> responses.Response:
    """Unknown paths and methods answer with the documented error body, like Pax8 routes."""
    status = exc.status_code if isinstance(exc, exceptions.HTTPException) else 500
    body = errors.ApiError(status, errors.reason(status)).render(request.url.path)
    return responses.Response(body, status, media_type="application/json")


def create_app(cfg: config.SimulatorConfig | None = None) -> applications.Starlette:
    """A Starlette app serving a freshly seeded simulator (`app.state.simulator`)."""
    sim = simulator.Simulator(cfg or config.SimulatorConfig())
    app = applications.Starlette(
        routes=[*routes.pax8_routes(), *admin.admin_routes()],
        exception_handlers={404: _http_error, 405: _http_error},
    )
    app.state.simulator = sim
    return app
