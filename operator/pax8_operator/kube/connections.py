"""Writing Pax8Connection status and Events through the Kubernetes API.

Why not Kopf's patch: a long-running daemon's patch is applied only when it returns, and
Kopf would write its own bookkeeping; we merge-patch the ``status`` subresource ourselves
(our own fields only) and post Events with a fixed component name.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from kubernetes_asyncio import client

from pax8_operator import metrics as metrics_
from pax8_operator.kube import api, objects

log = logging.getLogger(__name__)
COMPONENT = "pax8-operator"
# CRDs accept no strategic merge patch, which the generated client would pick for a dict.
_MERGE_PATCH: dict[str, Any] = {"_content_type": "application/merge-patch+json"}


class StatusWriter:
    """Merge-patches ``.status`` of Pax8Connections."""

    def __init__(self, api_client: client.ApiClient, metrics: metrics_.Metrics) -> None:
        self._custom = client.CustomObjectsApi(api_client)
        self._metrics = metrics

    async def write(self, ref: objects.ObjectRef, patch: Mapping[str, Any]) -> None:
        await self._custom.patch_namespaced_custom_object_status(
            api.GROUP,
            api.VERSION,
            ref.namespace,
            api.CONNECTIONS,
            ref.name,
            {"status": dict(patch)},
            **_MERGE_PATCH,
        )
        self._metrics.kube_writes.labels(kind=api.CONNECTION_KIND, verb="patch").inc()


class EventRecorder:
    """Posts core/v1 Events about Pax8Connections."""

    def __init__(self, api_client: client.ApiClient, metrics: metrics_.Metrics) -> None:
        self._core = client.CoreV1Api(api_client)
        self._metrics = metrics

    async def post(self, ref: objects.ObjectRef, event: objects.Event) -> None:
        now = datetime.now(UTC)
        body = client.CoreV1Event(
            metadata=client.V1ObjectMeta(generate_name=f"{ref.name}.", namespace=ref.namespace),
            involved_object=client.V1ObjectReference(
                api_version=f"{api.GROUP}/{api.VERSION}",
                kind=api.CONNECTION_KIND,
                name=ref.name,
                namespace=ref.namespace,
                uid=ref.uid,
            ),
            reason=event.reason,
            message=event.message[:1024],
            type=event.type,
            source=client.V1EventSource(component=COMPONENT),
            reporting_component=COMPONENT,
            reporting_instance=COMPONENT,
            first_timestamp=now,
            last_timestamp=now,
            event_time=now,
            action="Verify",
            count=1,
        )
        await self._core.create_namespaced_event(ref.namespace, body)
        self._metrics.kube_writes.labels(kind="Event", verb="create").inc()
