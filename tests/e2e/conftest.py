"""The e2e harness: a real kube-apiserver, etcd and controller-manager for the whole session.

End-to-end tests must see what a user's cluster does (admission, schema validation, CEL,
garbage collection, namespace finalization), so they run against the control plane that
``hack/k8s/up.sh`` starts from locally built binaries. If it cannot start, the session fails:
a skipped e2e tier would hide exactly the breakage it exists to catch.
"""

from __future__ import annotations

import dataclasses
import os
import pathlib
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
UP = REPO / "hack" / "k8s" / "up.sh"
DOWN = REPO / "hack" / "k8s" / "down.sh"
BUILD = REPO / "hack" / "k8s" / "build.sh"
CRDS = REPO / "crds"
E2E_DIR = pathlib.Path(__file__).resolve().parent


@dataclasses.dataclass(frozen=True)
class ControlPlane:
    """A running control plane and the means to talk to it as the cluster admin."""

    dir: pathlib.Path
    kubeconfig: pathlib.Path
    bin_dir: pathlib.Path
    env: dict[str, str]

    def kubectl(
        self,
        *args: str,
        input: str | None = None,
        check: bool = True,
        timeout: float = 60,
    ) -> subprocess.CompletedProcess[str]:
        """Run kubectl against this control plane; with ``check`` a failure is an assertion."""
        result = subprocess.run(
            [str(self.bin_dir / "kubectl"), *args],
            input=input,
            capture_output=True,
            text=True,
            env=self.env,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"kubectl {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
            )
        return result

    def wait_gone(self, *resource: str, timeout: float = 90, interval: float = 1) -> float:
        """Poll ``kubectl get RESOURCE`` until it is NotFound; return the seconds it took."""
        start = time.monotonic()
        while True:
            result = self.kubectl("get", *resource, "-o", "name", check=False)
            if result.returncode != 0 and "NotFound" in result.stderr:
                return time.monotonic() - start
            if result.returncode != 0:
                raise AssertionError(f"kubectl get {' '.join(resource)} failed: {result.stderr}")
            if time.monotonic() - start > timeout:
                raise AssertionError(f"{' '.join(resource)} still exists after {timeout}s")
            time.sleep(interval)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test under tests/e2e as ``e2e`` so ``-m 'not e2e'`` leaves them out."""
    for item in items:
        if E2E_DIR in item.path.resolve().parents:
            item.add_marker(pytest.mark.e2e)


def _bin_dir() -> pathlib.Path:
    """Ask hack/k8s/build.sh (instant when the binaries are cached) for the bin directory."""
    override = os.environ.get("PAX8_K8S_BIN")
    if override:
        return pathlib.Path(override)
    result = subprocess.run([str(BUILD)], capture_output=True, text=True, check=False)
    if result.returncode != 0 or not result.stdout.strip():
        pytest.fail(f"hack/k8s/build.sh failed:\n{result.stderr[-4000:]}", pytrace=False)
    return pathlib.Path(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def control_plane(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ControlPlane]:
    """Start etcd, kube-apiserver and kube-controller-manager in a temp dir; always stop them."""
    bin_dir = _bin_dir()
    plane_dir = tmp_path_factory.mktemp("k8s")
    env = dict(os.environ, PAX8_K8S_BIN=str(bin_dir))
    try:
        up = subprocess.run(
            [str(UP), str(plane_dir)], capture_output=True, text=True, env=env, check=False
        )
        if up.returncode != 0:
            pytest.fail(
                f"hack/k8s/up.sh failed ({up.returncode}):\n{up.stderr[-6000:]}", pytrace=False
            )
        kubeconfig = plane_dir / "kubeconfig"
        env = dict(
            os.environ,
            KUBECONFIG=str(kubeconfig),
            PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        )
        yield ControlPlane(dir=plane_dir, kubeconfig=kubeconfig, bin_dir=bin_dir, env=env)
    finally:
        subprocess.run([str(DOWN), str(plane_dir)], capture_output=True, check=False)


@pytest.fixture(scope="session")
def crds(control_plane: ControlPlane) -> list[pathlib.Path]:
    """Apply every CRD in crds/ (server-side) and wait until each is Established."""
    files = sorted(p for p in CRDS.glob("*.yaml") if p.is_file())
    if not files:
        pytest.fail(f"no CRD manifests in {CRDS}", pytrace=False)
    for path in files:
        control_plane.kubectl("apply", "--server-side", "--force-conflicts", "-f", str(path))
    for path in files:
        control_plane.kubectl(
            "wait", "--for=condition=Established", "--timeout=60s", "-f", str(path), timeout=90
        )
    return files


@pytest.fixture
def namespace(control_plane: ControlPlane) -> Iterator[str]:
    """A fresh namespace for one test, deleted (without waiting) afterwards."""
    name = f"e2e-{uuid.uuid4().hex[:10]}"
    control_plane.kubectl("create", "namespace", name)
    yield name
    control_plane.kubectl("delete", "namespace", name, "--wait=false", check=False)
