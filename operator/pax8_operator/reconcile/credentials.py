"""Reading the Pax8 application id and secret from the Secret a connection names.

Why its own module: the Secret is read with one ``get`` per check (no list/watch of Secrets,
so the operator needs no cluster-wide Secret access and a rotated Secret is simply read
again), and "Secret missing" / "key missing" are user errors with their own reasons.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from pydantic import SecretStr

from pax8_operator.kube import objects
from pax8_operator.models import connection


class SecretReader(Protocol):
    """Reads one Secret by name; ``None`` when it does not exist."""

    async def read(self, namespace: str, name: str) -> objects.SecretData | None: ...


@dataclass(frozen=True)
class Credentials:
    """Application id and secret as read, with the Secret's version."""

    client_id: str
    client_secret: SecretStr
    resource_version: str


class SecretNotFoundError(Exception):
    """The Secret named by ``spec.credentialsSecretRef.name`` does not exist."""

    def __init__(self, namespace: str, name: str) -> None:
        super().__init__(f"Secret {namespace}/{name} not found")
        self.namespace = namespace
        self.name = name


class SecretKeyMissingError(Exception):
    """The Secret exists but lacks (or has an empty) id or secret key."""

    def __init__(self, namespace: str, name: str, keys: list[str]) -> None:
        super().__init__(f"Secret {namespace}/{name} lacks key(s) {', '.join(keys)}")
        self.namespace = namespace
        self.name = name
        self.keys = keys


async def read(reader: SecretReader, namespace: str, ref: connection.SecretRef) -> Credentials:
    """Read the credentials or raise one of the two user errors above."""
    secret = await reader.read(namespace, ref.name)
    if secret is None:
        raise SecretNotFoundError(namespace, ref.name)
    wanted = (ref.application_id_key, ref.application_secret_key)
    missing = [key for key in wanted if not secret.data.get(key, "").strip()]
    if missing:
        raise SecretKeyMissingError(namespace, ref.name, missing)
    return Credentials(
        client_id=secret.data[ref.application_id_key].strip(),
        client_secret=SecretStr(secret.data[ref.application_secret_key].strip()),
        resource_version=secret.resource_version,
    )
