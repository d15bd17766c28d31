"""Connection runs with the real Pax8 client against the simulator in-process."""

from __future__ import annotations

from typing import Any

import httpx
from conftest import REF, FakeSecrets, FakeStatuses, spec

from pax8_operator.models import status as st
from pax8_operator.reconcile import connection as reconcile_connection


async def _admin(sim_app: Any, method: str, path: str, body: Any = None) -> Any:
    transport = httpx.ASGITransport(app=sim_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as admin:
        response = await admin.request(method, "/__sim" + path, json=body)
        response.raise_for_status()
        return response.json() if response.content else None


async def _run(deps: reconcile_connection.Dependencies, **extra: Any) -> st.ConnectionStatus:
    return await reconcile_connection.run(
        deps,
        REF,
        generation=1,
        raw_spec=spec(**extra),
        annotations={},
        current=st.ConnectionStatus(),
    )


def _ready(new: st.ConnectionStatus) -> tuple[str, str, str]:
    cond = new.condition(st.READY)
    assert cond is not None
    return cond.status, cond.reason, cond.message


async def test_simulated_check_counts_companies_when_credentials_good(
    sim_deps: reconcile_connection.Dependencies, sim_app: Any
) -> None:
    new = await _run(sim_deps)
    assert _ready(new)[:2] == ("True", "Verified")
    assert "7 companies" in _ready(new)[2]
    log = await _admin(sim_app, "GET", "/requests")
    assert log["byOperation"]["createAccessToken"] == 1
    assert log["byOperation"]["findCompanies"] == 1
    requests = sim_deps.metrics.registry.get_sample_value(
        "pax8_operator_pax8_requests_total",
        {"connection": "billing/main", "operation": "findCompanies", "code": "200"},
    )
    assert requests == 1


async def test_simulated_check_is_invalid_credentials_when_secret_wrong(
    sim_deps: reconcile_connection.Dependencies, secrets: FakeSecrets, statuses: FakeStatuses
) -> None:
    secrets.secrets[("billing", "pax8")]["applicationSecret"] = "not-the-secret"
    new = await _run(sim_deps)
    assert _ready(new)[:2] == ("False", "InvalidCredentials")
    assert "not-the-secret" not in str(statuses.patches)


async def test_simulated_check_recovers_when_credentials_rotated(
    sim_deps: reconcile_connection.Dependencies, secrets: FakeSecrets, sim_app: Any
) -> None:
    await _admin(sim_app, "PUT", "/credentials", {"clientId": "new-id", "clientSecret": "new-s"})
    assert _ready(await _run(sim_deps))[1] == "InvalidCredentials"
    secrets.secrets[("billing", "pax8")] = {"applicationId": "new-id", "applicationSecret": "new-s"}
    secrets.version += 1
    assert _ready(await _run(sim_deps))[1] == "Verified"


async def test_simulated_check_is_rate_limited_when_pax8_answers_429(
    sim_deps: reconcile_connection.Dependencies, sim_app: Any
) -> None:
    await _admin(
        sim_app,
        "POST",
        "/faults",
        {"kind": "status", "status": 429, "operations": ["findCompanies"]},
    )
    deps = sim_deps
    deps.cfg = deps.cfg.model_copy(update={"pax8_rate_limited_attempts": 1, "pax8_max_attempts": 1})
    new = await _run(deps)
    assert _ready(new)[:2] == ("False", "RateLimited")
    reconciling = new.condition(st.RECONCILING)
    assert reconciling is not None
    assert reconciling.reason == "RateLimited"


async def test_simulated_check_is_pax8_error_when_pax8_fails(
    sim_deps: reconcile_connection.Dependencies, sim_app: Any
) -> None:
    await _admin(
        sim_app,
        "POST",
        "/faults",
        {"kind": "status", "status": 503, "operations": ["findCompanies"]},
    )
    sim_deps.cfg = sim_deps.cfg.model_copy(update={"pax8_max_attempts": 1})
    new = await _run(sim_deps)
    assert _ready(new)[:2] == ("False", "Pax8Error")
    assert "503" in _ready(new)[2]


async def test_simulated_check_sends_nothing_when_suspended(
    sim_deps: reconcile_connection.Dependencies, sim_app: Any
) -> None:
    await _run(sim_deps, suspend=True)
    log = await _admin(sim_app, "GET", "/requests")
    assert log["total"] == 0
