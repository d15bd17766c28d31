"""Benchmark of the Pax8 client: full-listing speed and pacing under a rate limit.

Why: the client's reason to exist over a plain page loop is (1) listing tens of thousands of
subscriptions several pages at a time and (2) never tripping Pax8's rate limit. This script
starts the simulator over real HTTP in a subprocess and prints figures (no assertions):

  1. our client's full listing time of every subscription, a plain sequential page loop's
     time (one request at a time, httpx + json, as existing Python Pax8 clients list), and
     the ratio (target >= 5x). Both run in this process with the garbage collector tuned as
     the operator process tunes it (``pax8_operator.runtime``); our client's time with
     Python's default collector is printed too;
  2. with the simulator limited to --limit-rpm and the client budget set to the same, the
     429s seen while firing --requests calls (target 0) and the wall time.

Run: .venv/bin/python bench/client_listing.py [--companies 5000 --subs 10 --latency-ms 20]
     [--page-concurrency N] [--rounds 3] [--gc-threshold N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pathlib
import statistics
import subprocess
import sys
import time
from typing import Any

import httpx
from pydantic import SecretStr

from pax8_operator import runtime
from pax8_operator import settings as operator_settings
from pax8_operator.pax8 import client

SECRET = "bench-secret"
CLIENT_ID = "bench-client"


def start_simulator(args: argparse.Namespace) -> tuple[subprocess.Popen[str], dict[str, str]]:
    """Start ``pax8-simulator serve --port 0`` from the venv and parse its ready line."""
    exe = pathlib.Path(sys.executable).with_name("pax8-simulator")
    command = [
        str(exe), "serve", "--host", "127.0.0.1", "--port", "0",
        "--seed", "7",
        "--companies", str(args.companies),
        "--subscriptions-per-company", str(args.subs),
        "--client-id", CLIENT_ID, "--client-secret", SECRET,
        "--latency-ms", str(args.latency_ms),
        "--rate-limit-per-minute", "0",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("pax8-simulator ready"):
        process.terminate()
        raise SystemExit(f"simulator did not start: {line!r}")
    fields = dict(part.split("=", 1) for part in line.split()[2:])
    return process, fields


def settings(
    urls: dict[str, str], rpm: int, page_concurrency: int | None = None
) -> client.Pax8ClientSettings:
    extra = {} if page_concurrency is None else {"page_concurrency": page_concurrency}
    return client.Pax8ClientSettings(
        base_url=urls["base_url"],
        token_url=urls["token_url"],
        client_id=CLIENT_ID,
        client_secret=SecretStr(SECRET),
        requests_per_minute=rpm,
        **extra,
    )


async def our_listing(
    urls: dict[str, str], rpm: int, page_concurrency: int | None = None
) -> tuple[int, float]:
    started = time.perf_counter()
    async with client.Pax8Client(settings(urls, rpm, page_concurrency), connection="bench") as c:
        count = 0
        async for _ in c.list_subscriptions():
            count += 1
    return count, time.perf_counter() - started


async def plain_listing(urls: dict[str, str]) -> tuple[int, float]:
    """The way existing clients list: one page after the other, json only."""
    started = time.perf_counter()
    async with httpx.AsyncClient(timeout=60) as http:
        body = {
            "client_id": CLIENT_ID,
            "client_secret": SECRET,
            "audience": "https://api.pax8.com",
            "grant_type": "client_credentials",
        }
        token = (await http.post(urls["token_url"], json=body)).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        items: list[Any] = []
        page = 0
        while True:
            response = await http.get(
                urls["base_url"] + "/subscriptions",
                params={"page": page, "size": 200},
                headers=headers,
            )
            data = response.json()
            items.extend(data["content"])
            page += 1
            if page >= data["page"]["totalPages"]:
                break
    return len(items), time.perf_counter() - started


async def pacing(urls: dict[str, str], limit_rpm: int, requests: int) -> tuple[int, int, float]:
    admin = urls["admin_url"]
    async with httpx.AsyncClient() as http:
        config = {"rateLimitPerMinute": limit_rpm, "retryAfterHeader": False}
        (await http.put(admin + "/config", json=config)).raise_for_status()
        (await http.delete(admin + "/requests")).raise_for_status()
        # the listings just made count in the simulator's rolling minute: start a fresh one
        (await http.delete(admin + "/ratelimit")).raise_for_status()
    started = time.perf_counter()
    async with client.Pax8Client(settings(urls, limit_rpm), connection="bench") as c:
        await asyncio.gather(*(c.verify() for _ in range(requests)))
    wall = time.perf_counter() - started
    async with httpx.AsyncClient() as http:
        counts = (await http.get(admin + "/requests")).json()
    return counts["statusCodes"].get("429", 0), counts["byOperation"].get("findCompanies", 0), wall


async def median_listing(
    urls: dict[str, str], rpm: int, page_concurrency: int | None, rounds: int
) -> tuple[int, float]:
    """The median of ``rounds`` full listings (a shared 2-core machine is noisy)."""
    runs = [await our_listing(urls, rpm, page_concurrency) for _ in range(rounds)]
    return runs[0][0], statistics.median(seconds for _, seconds in runs)


async def main(args: argparse.Namespace) -> None:
    process, urls = start_simulator(args)
    try:
        total = args.companies * args.subs
        print(
            f"simulator: {args.companies} companies x {args.subs} subscriptions = {total}, "
            f"latency {args.latency_ms} ms, {urls['base_url']}"
        )
        # warm-up (unmeasured): the simulator serialises each record once and caches it, so
        # whichever listing ran first would pay that for both
        await our_listing(urls, args.client_rpm, args.page_concurrency)
        _, untuned = await median_listing(urls, args.client_rpm, args.page_concurrency, args.rounds)
        runtime.tune_gc(args.gc_threshold)
        ours_count, ours = await median_listing(
            urls, args.client_rpm, args.page_concurrency, args.rounds
        )
        plain_count, plain = await plain_listing(urls)
        concurrency = settings(urls, args.client_rpm, args.page_concurrency).page_concurrency
        print(
            f"(1) our client (budget {args.client_rpm}/min, {concurrency} pages at once, "
            f"GC threshold {args.gc_threshold} as in the operator, median of {args.rounds}): "
            f"{ours_count} subscriptions in {ours:.2f} s"
        )
        print(f"    the same with Python's default GC: {untuned:.2f} s")
        print(f"    plain sequential page loop: {plain_count} subscriptions in {plain:.2f} s")
        print(f"    ratio: {plain / ours:.1f}x (target >= 5x)")
        four29, calls, wall = await pacing(urls, args.limit_rpm, args.requests)
        print(
            f"(2) simulator limit {args.limit_rpm}/min, client budget {args.limit_rpm}/min: "
            f"{args.requests} calls ({calls} served), {four29} x 429 (target 0), "
            f"wall {wall:.1f} s"
        )
    finally:
        process.terminate()
        process.wait(timeout=10)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=5000)
    parser.add_argument("--subs", type=int, default=10, help="subscriptions per company")
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument(
        "--client-rpm",
        type=int,
        default=100_000,
        help="client budget for the listing figure (the simulator is unlimited)",
    )
    parser.add_argument(
        "--page-concurrency",
        type=int,
        default=None,
        help="our client's page_concurrency setting (default: the client's default)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="listings of ours per figure")
    parser.add_argument(
        "--gc-threshold",
        type=int,
        default=operator_settings.OperatorSettings().gc_young_threshold,
        help="young-generation GC threshold (default: the operator's setting)",
    )
    parser.add_argument("--limit-rpm", type=int, default=3000)
    parser.add_argument("--requests", type=int, default=2000)
    return parser.parse_args()


if __name__ == "__main__":
    asyncio.run(main(parse()))
