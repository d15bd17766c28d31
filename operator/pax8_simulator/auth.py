"""OAuth client-credentials tokens: issue, check, expire, rotate credentials.

Tokens are opaque random strings kept only in memory; they never appear in repr or logs.
"""

from __future__ import annotations

import hmac
import secrets

from pax8_simulator import clock

AUDIENCE = "https://api.pax8.com"
LEGACY_AUDIENCE = "api://p8p.client"


class Credentials:
    """The one valid client id and secret (rotatable)."""

    def __init__(self, client_id: str, client_secret: str) -> None:
        self.client_id = client_id
        self._secret = client_secret

    def __repr__(self) -> str:
        return f"Credentials(client_id={self.client_id!r}, client_secret=***)"

    def check(self, client_id: object, client_secret: object) -> bool:
        """Constant-time comparison of both values."""
        if not isinstance(client_id, str) or not isinstance(client_secret, str):
            return False
        same_id = hmac.compare_digest(client_id.encode(), self.client_id.encode())
        same_secret = hmac.compare_digest(client_secret.encode(), self._secret.encode())
        return same_id and same_secret

    def rotate(self, client_id: str, client_secret: str) -> None:
        """Replace both; the old ones stop working."""
        self.client_id = client_id
        self._secret = client_secret

    @property
    def secret(self) -> str:
        """The current secret (for the CLI's ready line only)."""
        return self._secret


class TokenStore:
    """Issued tokens and their expiry on the simulated clock."""

    def __init__(self, sim_clock: clock.SimClock, ttl_seconds: int) -> None:
        self._clock = sim_clock
        self.ttl_seconds = ttl_seconds
        self._tokens: dict[str, tuple[str, float]] = {}

    def __repr__(self) -> str:
        return f"TokenStore(issued={len(self._tokens)})"

    def issue(self, client_id: str) -> str:
        """A fresh token for `client_id`."""
        token = secrets.token_urlsafe(32)
        self._tokens[token] = (client_id, self._clock.monotonic() + self.ttl_seconds)
        return token

    def client_for(self, token: str) -> str | None:
        """The client a valid token belongs to, or None (unknown or expired)."""
        entry = self._tokens.get(token)
        if entry is None:
            return None
        if entry[1] <= self._clock.monotonic():
            del self._tokens[token]
            return None
        return entry[0]

    def expire_all(self) -> None:
        """Every issued token becomes invalid."""
        self._tokens.clear()
