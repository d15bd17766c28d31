"""The shared async Kubernetes API client of the operator process.

Why our own client beside Kopf's: Kopf watches and patches only what its handlers return,
while a long-running daemon writes status itself and reads Secrets with a plain ``get``.
One ``ApiClient`` per process, configured like kubectl (in-cluster, else KUBECONFIG).
"""

from __future__ import annotations

from kubernetes_asyncio import client, config

GROUP = "pax8.work365.io"
VERSION = "v1alpha1"
CONNECTIONS = "pax8connections"
CONNECTION_KIND = "Pax8Connection"


async def connect() -> client.ApiClient:
    """An API client from the in-cluster service account, else the kubeconfig."""
    try:
        config.load_incluster_config()  # type: ignore[no-untyped-call]
    except config.ConfigException:
        await config.load_kube_config()
    return client.ApiClient()
