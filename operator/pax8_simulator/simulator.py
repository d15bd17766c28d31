"""The Simulator object: everything one running simulator owns, reachable as `app.state.simulator`.

Tests reach in here (state, faults, request log) instead of going through HTTP when that is
simpler; the admin API is a thin JSON layer over the same object.
"""

from __future__ import annotations

from pax8_simulator import auth, clock, config, faults, ratelimit, requestlog, seed, state


class Simulator:
    """One simulated Pax8 partner account with its knobs."""

    def __init__(self, cfg: config.SimulatorConfig) -> None:
        self.config = cfg
        self.clock = clock.SimClock(cfg.start_time)
        self.world = state.World(self.clock)
        seed.populate(self.world, cfg.seed, cfg.companies, cfg.subscriptions_per_company)
        if cfg.preserialize:
            self.world.preserialize()
        self.credentials = auth.Credentials(cfg.client_id, cfg.client_secret)
        self.tokens = auth.TokenStore(self.clock, cfg.token_ttl_seconds)
        self.limiter = ratelimit.RollingLimiter(self.clock)
        self.faults = faults.Faults(cfg.seed)
        self.requests = requestlog.RequestLog()

    def __repr__(self) -> str:
        return (
            f"Simulator(companies={len(self.world.companies)}, "
            f"subscriptions={len(self.world.subscriptions)})"
        )

    def advance(self, seconds: float) -> None:
        """Move simulated time and apply what became due."""
        self.clock.advance(seconds)
        self.world.sweep()
