"""Reading one Secret by name with a ``get`` (never list or watch Secrets).

Why: the operator needs only the Secrets connections name, so RBAC can grant ``get`` alone;
reading on every check picks up a rotated Secret without a restart.
"""

from __future__ import annotations

import base64

from kubernetes_asyncio import client
from kubernetes_asyncio.client import exceptions

from pax8_operator.kube import objects


class SecretReader:
    """Reads Secrets through the Kubernetes API."""

    def __init__(self, api: client.ApiClient) -> None:
        self._core = client.CoreV1Api(api)

    async def read(self, namespace: str, name: str) -> objects.SecretData | None:
        try:
            secret = await self._core.read_namespaced_secret(name, namespace)
        except exceptions.ApiException as exc:
            if exc.status == 404:
                return None
            raise
        data = {
            key: base64.b64decode(value).decode("utf-8", errors="replace")
            for key, value in (secret.data or {}).items()
        }
        return objects.SecretData(data=data, resource_version=secret.metadata.resource_version)
