"""One connection check: read the Secret, ask Pax8, classify what happened.

Why separate from status building: this is the only part that does I/O (a Secret ``get``
and the Pax8 calls), so tests can drive it with the real client against the in-process
simulator and a fake Secret reader. After a 401 the Secret is read again and, when it
changed meanwhile (a rotation racing the check), the check is repeated at once.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from pax8_operator import settings as settings_
from pax8_operator.models import connection
from pax8_operator.pax8 import client, errors, models
from pax8_operator.reconcile import credentials, outcomes

log = logging.getLogger(__name__)


class Verifier(Protocol):
    """The part of the Pax8 client a check uses."""

    async def verify(self) -> models.VerifyResult: ...


ClientFactory = Callable[[client.Pax8ClientSettings, str], AbstractAsyncContextManager[Verifier]]


def target_of(spec: connection.Pax8ConnectionSpec, namespace: str) -> outcomes.Target:
    """What messages about this connection name."""
    ref = spec.credentials_secret_ref
    return outcomes.Target(
        namespace=namespace,
        secret_name=ref.name,
        id_key=ref.application_id_key,
        secret_key=ref.application_secret_key,
        endpoint_url=spec.endpoint_url,
        token_url=spec.token_url,
    )


def client_settings(
    spec: connection.Pax8ConnectionSpec,
    creds: credentials.Credentials,
    cfg: settings_.OperatorSettings,
) -> client.Pax8ClientSettings:
    """The client settings of one connection."""
    return client.Pax8ClientSettings(
        base_url=spec.endpoint_url,
        token_url=spec.token_url,
        audience=spec.audience,
        client_id=creds.client_id,
        client_secret=creds.client_secret,
        requests_per_minute=spec.requests_per_minute,
        timeout_seconds=cfg.pax8_timeout_seconds,
        connect_timeout_seconds=min(10.0, cfg.pax8_timeout_seconds),
        max_attempts=cfg.pax8_max_attempts,
        rate_limited_max_attempts=cfg.pax8_rate_limited_attempts,
    )


async def check(
    spec: connection.Pax8ConnectionSpec,
    namespace: str,
    name: str,
    *,
    secrets: credentials.SecretReader,
    clients: ClientFactory,
    cfg: settings_.OperatorSettings,
) -> outcomes.Outcome:
    """Verify one connection and say what it means; never raises for expected failures."""
    target = target_of(spec, namespace)
    insecure = spec.insecure_urls
    if insecure and not spec.allow_insecure_http:
        return outcomes.insecure_not_allowed(insecure)
    ref = spec.credentials_secret_ref
    secret_value = ""
    try:
        creds = await credentials.read(secrets, namespace, ref)
        secret_value = creds.client_secret.get_secret_value()
        try:
            result = await _verify(spec, creds, f"{namespace}/{name}", clients, cfg)
        except errors.AuthError:
            fresh = await credentials.read(secrets, namespace, ref)
            if fresh.resource_version == creds.resource_version:
                raise
            log.info("Secret %s changed during a check; checking again", target.secret)
            secret_value = fresh.client_secret.get_secret_value()
            result = await _verify(spec, fresh, f"{namespace}/{name}", clients, cfg)
    except (credentials.SecretNotFoundError, credentials.SecretKeyMissingError) as exc:
        return outcomes.classify(exc, target, cfg)
    except errors.Pax8Error as exc:
        outcome = outcomes.classify(exc, target, cfg)
        return outcomes.Outcome(
            outcome.verified,
            outcome.reason,
            outcomes.redact(outcome.message, secret_value),
            outcome.retry_after,
            outcome.stalled,
        )
    return outcomes.verified(result.companies_total)


async def _verify(
    spec: connection.Pax8ConnectionSpec,
    creds: credentials.Credentials,
    connection_id: str,
    clients: ClientFactory,
    cfg: settings_.OperatorSettings,
) -> models.VerifyResult:
    async with clients(client_settings(spec, creds, cfg), connection_id) as pax8:
        return await pax8.verify()
