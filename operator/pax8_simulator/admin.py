"""The admin API under `/__sim/`: clearly not Pax8's; drives faults, time, config and drift.

JSON in and out. Errors use the documented Pax8 body so tests read them the same way.
"""

from __future__ import annotations

import json
import random
from collections.abc import Awaitable, Callable
from typing import Any

from starlette import requests, responses, routing

from pax8_simulator import errors, portal, simulator

AdminHandler = Callable[[simulator.Simulator, requests.Request, Any], Any]


def _sim(request: requests.Request) -> simulator.Simulator:
    sim: simulator.Simulator = request.app.state.simulator
    return sim


def endpoint(handler: AdminHandler) -> Callable[[requests.Request], Awaitable[responses.Response]]:
    """Wrap a handler: parse JSON, call it, answer JSON (or the error body)."""

    async def run(request: requests.Request) -> responses.Response:
        raw = await request.body()
        try:
            body = json.loads(raw) if raw else {}
            result = handler(_sim(request), request, body)
        except ValueError:
            result = errors.bad_request("Body is not valid JSON")
        except errors.ApiError as exc:
            result = exc
        if isinstance(result, errors.ApiError):
            return responses.Response(
                result.render(request.url.path), result.status, media_type="application/json"
            )
        if result is None:
            return responses.Response(status_code=204)
        return responses.JSONResponse(result)

    return run


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise errors.bad_request("Body must be a JSON object")
    return body


def get_requests(sim: simulator.Simulator, _: requests.Request, __: Any) -> Any:
    return sim.requests.summary()


def delete_requests(sim: simulator.Simulator, _: requests.Request, __: Any) -> Any:
    sim.requests.reset()
    return sim.requests.summary()


def delete_ratelimit(sim: simulator.Simulator, _: requests.Request, __: Any) -> Any:
    """Empty every client's rolling window (a fresh minute), e.g. between benchmark phases."""
    sim.limiter.reset()
    return {"status": "reset"}


def add_fault(sim: simulator.Simulator, _: requests.Request, body: Any) -> Any:
    return {"id": sim.faults.add(body).id}


def list_faults(sim: simulator.Simulator, _: requests.Request, __: Any) -> Any:
    return {"faults": [rule.to_json() for rule in sim.faults.rules]}


def clear_faults(sim: simulator.Simulator, _: requests.Request, __: Any) -> Any:
    sim.faults.clear()
    return {"faults": []}


def get_config(sim: simulator.Simulator, _: requests.Request, __: Any) -> Any:
    cfg = sim.config
    return {
        "latencyMs": cfg.latency_ms,
        "rateLimitPerMinute": cfg.rate_limit_per_minute,
        "retryAfterHeader": cfg.retry_after_header,
    }


def put_config(sim: simulator.Simulator, request: requests.Request, body: Any) -> Any:
    body = _object(body)
    cfg = sim.config
    for key, attr, kind in (
        ("latencyMs", "latency_ms", int),
        ("rateLimitPerMinute", "rate_limit_per_minute", int),
        ("retryAfterHeader", "retry_after_header", bool),
    ):
        if key in body:
            value = body[key]
            if not isinstance(value, kind) or (
                kind is int and (isinstance(value, bool) or value < 0)
            ):
                raise errors.bad_request(
                    f"'{key}' must be a {'boolean' if kind is bool else 'number >= 0'}"
                )
            setattr(cfg, attr, value)
    return get_config(sim, request, body)


def expire_tokens(sim: simulator.Simulator, _: requests.Request, __: Any) -> Any:
    sim.tokens.expire_all()
    return {"expired": True}


def put_credentials(sim: simulator.Simulator, _: requests.Request, body: Any) -> Any:
    body = _object(body)
    client_id, secret = body.get("clientId"), body.get("clientSecret")
    if not isinstance(client_id, str) or not client_id or not isinstance(secret, str) or not secret:
        raise errors.bad_request("'clientId' and 'clientSecret' are required strings")
    sim.credentials.rotate(client_id, secret)
    return {"clientId": client_id}


def add_company(sim: simulator.Simulator, _: requests.Request, body: Any) -> Any:
    rng = random.Random(f"{sim.config.seed}/{len(sim.world.companies)}")
    return portal.create_company(sim.world, _object(body), rng).data


def delete_company(sim: simulator.Simulator, request: requests.Request, _: Any) -> Any:
    return portal.delete_company(sim.world, request.path_params["companyId"]).data


def add_subscription(sim: simulator.Simulator, _: requests.Request, body: Any) -> Any:
    return portal.create_subscription(sim.world, _object(body)).data


def patch_subscription(sim: simulator.Simulator, request: requests.Request, body: Any) -> Any:
    sub_id = request.path_params["subscriptionId"]
    return portal.patch_subscription(sim.world, sub_id, _object(body)).data


def cancel_subscription(sim: simulator.Simulator, request: requests.Request, _: Any) -> Any:
    return portal.cancel_subscription(sim.world, request.path_params["subscriptionId"]).data


def advance_clock(sim: simulator.Simulator, _: requests.Request, body: Any) -> Any:
    seconds = _object(body).get("advanceSeconds")
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise errors.bad_request("'advanceSeconds' must be a number >= 0")
    sim.advance(float(seconds))
    return {"now": sim.clock.now().isoformat()}


def health(sim: simulator.Simulator, _: requests.Request, __: Any) -> Any:
    return {"status": "ok"}


_TABLE: tuple[tuple[str, str, AdminHandler], ...] = (
    ("GET", "/requests", get_requests),
    ("DELETE", "/requests", delete_requests),
    ("DELETE", "/ratelimit", delete_ratelimit),
    ("POST", "/faults", add_fault),
    ("GET", "/faults", list_faults),
    ("DELETE", "/faults", clear_faults),
    ("GET", "/config", get_config),
    ("PUT", "/config", put_config),
    ("POST", "/tokens/expire", expire_tokens),
    ("PUT", "/credentials", put_credentials),
    ("POST", "/companies", add_company),
    ("POST", "/companies/{companyId}/delete", delete_company),
    ("POST", "/subscriptions", add_subscription),
    ("PATCH", "/subscriptions/{subscriptionId}", patch_subscription),
    ("POST", "/subscriptions/{subscriptionId}/cancel", cancel_subscription),
    ("POST", "/clock", advance_clock),
    ("GET", "/health", health),
)


def admin_routes() -> list[routing.Route]:
    """Routes under /__sim."""
    return [
        routing.Route("/__sim" + path, endpoint(handler), methods=[method])
        for method, path, handler in _TABLE
    ]
