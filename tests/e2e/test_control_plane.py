"""Checks that the local control plane behaves like a real cluster where the operator relies on it.

The operator's CRDs, Helm's ``kubeVersion`` check, owner-reference cleanup of mirrored objects
and namespace teardown all depend on the apiserver and controller-manager doing their jobs;
these tests catch a control plane that starts but silently lacks one of them.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import ControlPlane


def _configmap(name: str, namespace: str, owner: dict[str, str] | None = None) -> str:
    meta: dict[str, object] = {"name": name, "namespace": namespace}
    if owner is not None:
        meta["ownerReferences"] = [{"apiVersion": "v1", "kind": "ConfigMap", **owner}]
    return json.dumps({"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta})


def test_server_reports_real_release_version_when_queried(control_plane: ControlPlane) -> None:
    out = control_plane.kubectl("version", "-o", "json").stdout
    server = json.loads(out)["serverVersion"]
    assert re.fullmatch(r"v1\.\d+\.\d+", server["gitVersion"]), server
    assert server["gitVersion"] == control_plane.bin_dir.resolve().name
    assert server["major"] == "1"
    assert int(server["minor"]) >= 34


def test_garbage_collector_deletes_dependent_when_owner_deleted(
    control_plane: ControlPlane, namespace: str
) -> None:
    control_plane.kubectl("create", "-f", "-", input=_configmap("owner", namespace))
    uid = control_plane.kubectl(
        "get", "configmap", "owner", "-n", namespace, "-o", "jsonpath={.metadata.uid}"
    ).stdout
    owner = {"name": "owner", "uid": uid}
    control_plane.kubectl("create", "-f", "-", input=_configmap("dependent", namespace, owner))
    control_plane.kubectl("delete", "configmap", "owner", "-n", namespace, "--wait=false")

    control_plane.wait_gone("configmap", "dependent", "-n", namespace, timeout=90)


def test_namespace_deletion_finishes_when_it_holds_objects(control_plane: ControlPlane) -> None:
    name = "e2e-ns-teardown"
    control_plane.kubectl("create", "namespace", name)
    control_plane.kubectl("create", "-f", "-", input=_configmap("leftover", name))
    control_plane.kubectl("delete", "namespace", name, "--wait=false")

    control_plane.wait_gone("namespace", name, timeout=90)
