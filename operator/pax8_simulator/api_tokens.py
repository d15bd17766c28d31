"""Token endpoints: `POST /v1/token` (audience https://api.pax8.com) and the legacy
`POST /oauth/token` (audience api://p8p.client), both JSON client-credentials.
"""

from __future__ import annotations

import json

from starlette import requests

from pax8_simulator import auth, errors, pipeline, records, simulator

_DENIED = {"error": "access_denied", "error_description": "Unauthorized"}


async def _issue(
    sim: simulator.Simulator, request: requests.Request, audience: str
) -> pipeline.Reply:
    try:
        body = json.loads(await request.body() or b"null")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise errors.ApiError(
            400,
            "invalid_request",
            body={"error": "invalid_request", "error_description": "Body must be a JSON object"},
        )
    if (
        body.get("grant_type") != "client_credentials"
        or body.get("audience") != audience
        or not sim.credentials.check(body.get("client_id"), body.get("client_secret"))
    ):
        raise errors.ApiError(401, "access_denied", body=_DENIED)
    token = sim.tokens.issue(sim.credentials.client_id)
    payload = {"access_token": token, "expires_in": sim.tokens.ttl_seconds, "token_type": "Bearer"}
    return pipeline.Reply(200, records.dumps(payload))


async def create_access_token(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    return await _issue(sim, request, auth.AUDIENCE)


async def create_legacy_token(
    sim: simulator.Simulator, request: requests.Request
) -> pipeline.Reply:
    return await _issue(sim, request, auth.LEGACY_AUDIENCE)
