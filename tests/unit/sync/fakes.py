"""An in-memory stand-in for the Kubernetes API of mirror objects, and sync test helpers.

Why a fake with real semantics: the zero-write and no-duplicate guarantees depend on what
the API server does (merge patch, status ignored on create, 409 on a taken name, label
selectors, resourceVersion bumps), so the fake implements exactly those and counts writes.
"""

from __future__ import annotations

import copy
import itertools
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from pax8_operator.models import mirrors as m
from pax8_operator.reconcile import mirror_cache

_UIDS = itertools.count(1)


class FakeKubeError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status = status


def merge(target: Any, patch: Any) -> Any:
    """RFC 7386 JSON merge patch."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge(out.get(key), value)
    return out


def _matches(labels: dict[str, str], selector: str) -> bool:
    if selector.startswith("!"):
        return selector[1:] not in labels
    key, _, value = selector.partition("=")
    return labels.get(key) == value


@dataclass
class FakeStore:
    """Objects by (kind, namespace, name); ``fail_after`` writes, then every write fails."""

    objects: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)
    writes: list[tuple[str, str, str]] = field(default_factory=list)
    fail_after: int | None = None
    version: int = 0
    # what the operator process keeps between syncs against this API (tests share it, so
    # every scenario also checks that a kept reduction never hides a change)
    cache: mirror_cache.MirrorCache = field(default_factory=mirror_cache.MirrorCache)

    def _write(self, verb: str, kind: str, name: str) -> None:
        if self.fail_after is not None and len(self.writes) >= self.fail_after:
            raise FakeKubeError(503, "the fake API server is down")
        self.writes.append((verb, kind, name))
        self.version += 1

    def items(self, kind: str) -> list[dict[str, Any]]:
        return [copy.deepcopy(o) for (k, _, _), o in sorted(self.objects.items()) if k == kind]

    def put(self, namespace: str, obj: dict[str, Any]) -> None:
        """Add an object as a person would (kubectl apply), status included."""
        obj = copy.deepcopy(obj)
        obj["metadata"].setdefault("uid", f"uid-{next(_UIDS)}")
        obj["metadata"]["namespace"] = namespace
        self.version += 1
        obj["metadata"]["resourceVersion"] = str(self.version)
        self.objects[(obj["kind"], namespace, obj["metadata"]["name"])] = obj

    async def list(self, kind: str, namespace: str, selector: str) -> AsyncIterator[dict[str, Any]]:
        for (k, ns, _), obj in list(self.objects.items()):
            if (
                k == kind
                and ns == namespace
                and _matches(obj["metadata"].get("labels", {}), selector)
            ):
                yield json.loads(json.dumps(obj))

    async def create(self, kind: str, namespace: str, body: dict[str, Any]) -> dict[str, Any]:
        name = body["metadata"]["name"]
        if (kind, namespace, name) in self.objects:
            raise FakeKubeError(409, f"{name} already exists")
        self._write("create", kind, name)
        obj = json.loads(json.dumps(body))
        obj.pop("status", None)
        obj["metadata"].update(namespace=namespace, uid=f"uid-{next(_UIDS)}")
        obj["metadata"]["resourceVersion"] = str(self.version)
        obj["spec"].setdefault("managementPolicy", m.MANAGE)
        self.objects[(kind, namespace, name)] = obj
        return copy.deepcopy(obj)

    async def patch(
        self, kind: str, namespace: str, name: str, patch: dict[str, Any], *, status: bool = False
    ) -> None:
        key = (kind, namespace, name)
        if key not in self.objects:
            raise FakeKubeError(404, f"{name} not found")
        self._write("status" if status else "patch", kind, name)
        obj = self.objects[key]
        if status:
            obj["status"] = merge(obj.get("status") or {}, json.loads(json.dumps(patch["status"])))
        else:
            keep = obj.get("status")
            obj = merge(obj, {k: v for k, v in patch.items() if k != "status"})
            if keep is not None:
                obj["status"] = keep
        obj["metadata"]["resourceVersion"] = str(self.version)
        self.objects[key] = obj

    async def delete(self, kind: str, namespace: str, name: str) -> None:
        if (kind, namespace, name) not in self.objects:
            raise FakeKubeError(404, f"{name} not found")
        self._write("delete", kind, name)
        del self.objects[(kind, namespace, name)]
        if kind == m.ACCOUNT_KIND:  # the garbage collector, at once
            for key, obj in list(self.objects.items()):
                owners = obj["metadata"].get("ownerReferences", [])
                if any(o.get("name") == name and o.get("kind") == kind for o in owners):
                    del self.objects[key]
