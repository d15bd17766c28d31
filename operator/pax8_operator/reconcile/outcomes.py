"""The one mapping from "what went wrong" to a condition reason, message and retry delay.

Why one module: every failure of a connection check (Secret problems, each Pax8 error
class, network trouble) must end as a specific CamelCase reason with a message that says
what to do, and a retry policy: user errors stall (long delay, a fix is picked up at the
next check), transient ones keep reconciling with a short delay. Table-tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from pax8_operator import settings as settings_
from pax8_operator.pax8 import errors
from pax8_operator.reconcile import credentials

VERIFIED = "Verified"
SECRET_NOT_FOUND = "SecretNotFound"  # noqa: S105 - a reason
SECRET_KEY_MISSING = "SecretKeyMissing"  # noqa: S105 - a reason
INVALID_CREDENTIALS = "InvalidCredentials"
ENDPOINT_UNREACHABLE = "EndpointUnreachable"
RATE_LIMITED = "RateLimited"
PAX8_ERROR = "Pax8Error"
SUSPENDED = "Suspended"
INSECURE_ENDPOINT = "InsecureEndpoint"
NOT_IMPLEMENTED = "NotImplemented"


@dataclass(frozen=True)
class Target:
    """What a message needs to name: the Secret, its keys and the Pax8 URLs."""

    namespace: str
    secret_name: str
    id_key: str
    secret_key: str
    endpoint_url: str
    token_url: str

    @property
    def secret(self) -> str:
        return f"{self.namespace}/{self.secret_name}"


@dataclass(frozen=True)
class Outcome:
    """Result of one check: ``verified`` or a reason with advice, and when to look again."""

    verified: bool
    reason: str
    message: str
    retry_after: timedelta | None  # None: the regular verifyInterval
    stalled: bool = False  # True: a person must act; False while failing: transient


def verified(companies_total: int) -> Outcome:
    """The success outcome."""
    return Outcome(
        True, VERIFIED, f"Pax8 accepted the credentials; {companies_total} companies visible", None
    )


def classify(exc: Exception, target: Target, cfg: settings_.OperatorSettings) -> Outcome:
    """Translate an exception raised while checking a connection (raises it if unknown)."""
    secs = timedelta(seconds=cfg.secret_retry_seconds)
    auth = timedelta(seconds=cfg.auth_retry_seconds)
    retry = timedelta(seconds=cfg.error_retry_seconds)
    keys = f"keys {target.id_key}/{target.secret_key} of Secret {target.secret}"
    match exc:
        case credentials.SecretNotFoundError():
            msg = f"Secret {target.secret} not found; create it with {keys.split(' of ')[0]}"
            return Outcome(False, SECRET_NOT_FOUND, msg, secs, stalled=True)
        case credentials.SecretKeyMissingError(keys=missing):
            msg = (
                f"Secret {target.secret} has no (or an empty) key {', '.join(missing)}; add it "
                "or change spec.credentialsSecretRef"
            )
            return Outcome(False, SECRET_KEY_MISSING, msg, secs, stalled=True)
        case errors.AuthError():
            msg = f"Pax8 rejected the application credentials (HTTP 401); check {keys}"
            return Outcome(False, INVALID_CREDENTIALS, msg, auth, stalled=True)
        case errors.ForbiddenError():
            msg = (
                f"Pax8 denied access (HTTP 403) to {exc.operation}; check that the application "
                f"in {keys} has partner API access"
            )
            return Outcome(False, INVALID_CREDENTIALS, msg, auth, stalled=True)
        case errors.RateLimitedError():
            wait = exc.retry_after or cfg.rate_limited_retry_seconds
            msg = f"Pax8 answered HTTP 429 (rate limited); retrying in {wait:g}s"
            return Outcome(False, RATE_LIMITED, msg, timedelta(seconds=wait))
        case errors.Pax8ConnectionError() | errors.Pax8TimeoutError():
            msg = (
                f"cannot reach Pax8 at {target.endpoint_url} ({type(exc).__name__}: {exc}); "
                "check spec.endpointURL/spec.tokenURL and network access"
            )
            return Outcome(False, ENDPOINT_UNREACHABLE, msg, retry)
        case errors.ServerError():
            msg = f"Pax8 failed with HTTP {exc.status} on {exc.operation}; retrying"
            return Outcome(False, PAX8_ERROR, msg, retry)
        case errors.NotFoundError():
            msg = (
                f"Pax8 answered HTTP 404 on {exc.operation}; check spec.endpointURL "
                f"({target.endpoint_url}) and spec.tokenURL ({target.token_url})"
            )
            return Outcome(False, PAX8_ERROR, msg, auth, stalled=True)
        case errors.BadRequestError() | errors.UnprocessableError():
            msg = f"Pax8 rejected the request (HTTP {exc.status}): {exc.message}"
            return Outcome(False, PAX8_ERROR, msg, auth, stalled=True)
        case errors.Pax8Error():
            msg = f"Pax8 call {exc.operation} failed (HTTP {exc.status}): {exc.message}"
            return Outcome(False, PAX8_ERROR, msg, retry)
    raise exc


def insecure_not_allowed(urls: list[str]) -> Outcome:
    """Plain-HTTP URLs without ``allowInsecureHTTP``: never send credentials there."""
    msg = (
        f"plain HTTP URL(s) {', '.join(urls)} without spec.allowInsecureHTTP: true; use "
        "https:// (allowInsecureHTTP is meant for a local simulator only)"
    )
    return Outcome(False, INSECURE_ENDPOINT, msg, None, stalled=True)


def redact(text: str, secret: str) -> str:
    """Belt and braces: remove a secret value from text that leaves the operator."""
    return text.replace(secret, "***") if secret else text
