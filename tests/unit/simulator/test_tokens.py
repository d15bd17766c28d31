"""Tokens: both endpoints, wrong credentials, expiry, rotation."""

from __future__ import annotations

import httpx
import pytest

from pax8_simulator import simulator

from .conftest import CREDENTIALS, assert_documented_error


async def test_token_is_issued_when_credentials_are_right(anon: httpx.AsyncClient) -> None:
    response = await anon.post("/v1/token", json=CREDENTIALS)
    assert response.status_code == 200
    body = response.json()
    assert body["expires_in"] == 86400
    assert body["token_type"] == "Bearer"
    assert len(body["access_token"]) > 20


async def test_legacy_token_is_issued_when_legacy_audience_is_used(
    anon: httpx.AsyncClient,
) -> None:
    body = {**CREDENTIALS, "audience": "api://p8p.client"}
    assert (await anon.post("/oauth/token", json=body)).status_code == 200


@pytest.mark.parametrize(
    ("path", "change"),
    [
        ("/v1/token", {"client_secret": "wrong"}),
        ("/v1/token", {"client_id": "someone-else"}),
        ("/v1/token", {"audience": "api://p8p.client"}),
        ("/oauth/token", {"audience": "https://api.pax8.com"}),
    ],
)
async def test_token_is_denied_when_credentials_or_audience_are_wrong(
    anon: httpx.AsyncClient, path: str, change: dict[str, str]
) -> None:
    response = await anon.post(path, json={**CREDENTIALS, **change})
    assert response.status_code == 401
    assert response.json() == {"error": "access_denied", "error_description": "Unauthorized"}


async def test_api_call_is_rejected_when_token_is_missing_or_unknown(
    anon: httpx.AsyncClient,
) -> None:
    missing = await anon.get("/v1/companies")
    unknown = await anon.get("/v1/companies", headers={"Authorization": "Bearer nope"})
    assert missing.status_code == unknown.status_code == 401
    assert_documented_error(unknown.json(), 401)


async def test_token_stops_working_when_it_expires(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    assert (await client.get("/v1/companies")).status_code == 200
    sim.advance(86400)
    assert (await client.get("/v1/companies")).status_code == 401


async def test_tokens_stop_working_when_admin_expires_them(client: httpx.AsyncClient) -> None:
    assert (await client.post("/__sim/tokens/expire")).status_code == 200
    assert (await client.get("/v1/products")).status_code == 401


async def test_old_credentials_fail_when_rotated(anon: httpx.AsyncClient) -> None:
    rotated = await anon.put(
        "/__sim/credentials", json={"clientId": "new-id", "clientSecret": "new-secret"}
    )
    assert rotated.status_code == 200
    assert (await anon.post("/v1/token", json=CREDENTIALS)).status_code == 401
    fresh = {**CREDENTIALS, "client_id": "new-id", "client_secret": "new-secret"}
    assert (await anon.post("/v1/token", json=fresh)).status_code == 200


def test_secrets_are_hidden_when_objects_are_printed(sim: simulator.Simulator) -> None:
    token = sim.tokens.issue("sim-client")
    text = repr(sim.credentials) + repr(sim.tokens) + repr(sim.config) + repr(sim)
    assert "sim-secret" not in text
    assert token not in text
