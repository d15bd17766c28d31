"""Simulator settings: one object so the CLI, the thread runner and tests configure it alike."""

from __future__ import annotations

import dataclasses
import datetime


@dataclasses.dataclass
class SimulatorConfig:
    """How big the seeded world is, who may call it, and how it behaves on the wire."""

    seed: int = 1
    """Seed of the `random.Random` that builds the data: same seed, same world."""
    companies: int = 50
    """Number of seeded companies."""
    subscriptions_per_company: int = 5
    """Number of seeded subscriptions per company."""
    client_id: str = "sim-client"
    """The one valid OAuth client id (rotatable via `PUT /__sim/credentials`)."""
    client_secret: str = dataclasses.field(default="sim-secret", repr=False)
    """Its secret; never printed by repr."""
    latency_ms: int = 0
    """Delay added to every Pax8 request (not admin), via `asyncio.sleep`."""
    rate_limit_per_minute: int = 0
    """Successful calls allowed per client per rolling minute; 0 turns the limit off."""
    retry_after_header: bool = False
    """Send `Retry-After` on 429 (Pax8 documents none, so off by default)."""
    token_ttl_seconds: int = 86400
    """Lifetime of issued tokens, as `expires_in`."""
    start_time: datetime.datetime | None = None
    """Simulated clock start (UTC); None = the real time. Seeded dates are relative to its day."""
    preserialize: bool = True
    """Serialise every seeded object at start-up so even the first list walk is cheap."""
