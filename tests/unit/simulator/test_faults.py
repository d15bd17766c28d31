"""Fault injection: status faults in three body shapes, limits, corrupt bodies, drop-after-write."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest

from pax8_simulator import simulator

from .conftest import active_company, assert_documented_error


async def add_fault(client: httpx.AsyncClient, **rule: Any) -> str:
    response = await client.post("/__sim/faults", json=rule)
    assert response.status_code == 200
    fault_id: str = response.json()["id"]
    return fault_id


async def test_status_fault_uses_documented_body_when_shape_is_documented(
    client: httpx.AsyncClient,
) -> None:
    await add_fault(client, kind="status", status=503)
    response = await client.get("/v1/products")
    assert response.status_code == 503
    assert_documented_error(response.json(), 503)


@pytest.mark.parametrize(
    ("shape", "keys"), [("errors", {"errors"}), ("oauth", {"error", "error_description"})]
)
async def test_status_fault_uses_other_body_when_shape_is_chosen(
    client: httpx.AsyncClient, shape: str, keys: set[str]
) -> None:
    await add_fault(client, kind="status", status=500, errorShape=shape)
    response = await client.get("/v1/products")
    assert response.status_code == 500
    assert set(response.json()) == keys


async def test_fault_fires_only_n_times_when_times_is_set(client: httpx.AsyncClient) -> None:
    await add_fault(client, kind="status", status=502, times=2)
    codes = [(await client.get("/v1/products")).status_code for _ in range(3)]
    assert codes == [502, 502, 200]
    assert (await client.get("/__sim/faults")).json() == {"faults": []}


async def test_fault_hits_only_listed_operations_when_operations_given(
    client: httpx.AsyncClient,
) -> None:
    await add_fault(client, kind="status", status=504, operations=["findCompanies"])
    assert (await client.get("/v1/products")).status_code == 200
    assert (await client.get("/v1/companies")).status_code == 504


async def test_faults_stop_when_cleared(client: httpx.AsyncClient) -> None:
    await add_fault(client, kind="status", status=503)
    assert (await client.delete("/__sim/faults")).status_code == 200
    assert (await client.get("/v1/products")).status_code == 200


async def test_body_is_not_json_when_malformed_json_fault_fires(client: httpx.AsyncClient) -> None:
    await add_fault(client, kind="malformed-json")
    response = await client.get("/v1/products")
    assert response.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_body_is_cut_short_when_truncated_json_fault_fires(client: httpx.AsyncClient) -> None:
    full = (await client.get("/v1/products")).content
    await add_fault(client, kind="truncated-json")
    response = await client.get("/v1/products")
    assert full.startswith(response.content)
    assert len(response.content) < len(full)
    with pytest.raises(json.JSONDecodeError):
        response.json()


async def test_write_is_applied_but_answer_lost_when_drop_after_write_fires(
    client: httpx.AsyncClient, sim: simulator.Simulator
) -> None:
    company = active_company(sim)
    await add_fault(client, kind="drop-after-write", operations=["updateCompany"])
    with pytest.raises(Exception, match="drop-after-write"):
        await client.patch(f"/v1/companies/{company.id}", json={"externalId": "LOST-REPLY"})
    assert (await client.get(f"/v1/companies/{company.id}")).json()["externalId"] == "LOST-REPLY"


async def test_fault_is_rejected_when_kind_is_unknown(client: httpx.AsyncClient) -> None:
    response = await client.post("/__sim/faults", json={"kind": "explode"})
    assert response.status_code == 400


@pytest.mark.looptime
async def test_latency_delays_each_pax8_request_when_configured(
    client: httpx.AsyncClient,
) -> None:
    await client.put("/__sim/config", json={"latencyMs": 250})
    loop = asyncio.get_running_loop()
    start = loop.time()
    await client.get("/v1/products")
    api_time = loop.time() - start
    start = loop.time()
    await client.get("/__sim/health")
    assert api_time == pytest.approx(0.25)
    assert loop.time() - start == pytest.approx(0.0)


@pytest.mark.looptime
async def test_latency_fault_adds_its_delay_when_it_fires(client: httpx.AsyncClient) -> None:
    await add_fault(client, kind="latency", latencyMs=1500)
    loop = asyncio.get_running_loop()
    start = loop.time()
    response = await client.get("/v1/products")
    assert response.status_code == 200
    assert loop.time() - start == pytest.approx(1.5)


@pytest.mark.looptime
async def test_hang_fault_holds_the_answer_when_it_fires(client: httpx.AsyncClient) -> None:
    await add_fault(client, kind="hang", hangSeconds=30, times=1)
    loop = asyncio.get_running_loop()
    start = loop.time()
    response = await client.get("/v1/products")
    assert response.status_code == 200
    assert loop.time() - start == pytest.approx(30)


async def test_fault_never_fires_when_rate_is_zero(client: httpx.AsyncClient) -> None:
    await add_fault(client, kind="status", status=503, rate=0.0)
    codes = {(await client.get("/v1/products")).status_code for _ in range(5)}
    assert codes == {200}
