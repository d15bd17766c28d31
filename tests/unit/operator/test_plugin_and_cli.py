"""``kubectl pax8`` waiting logic and table, and the ``pax8-operator run`` argument check."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from typing import Any

from typer.testing import CliRunner

from pax8_operator import cli, plugin


class FakeKubectl:
    """Answers ``annotate`` and then ``get`` with the object, handled after ``delay`` polls."""

    def __init__(self, ready: str = "True", handled_after: int = 2) -> None:
        self.calls: list[list[str]] = []
        self.value = ""
        self.ready = ready
        self.handled_after = handled_after

    def __call__(self, args: Sequence[str]) -> subprocess.CompletedProcess[str]:
        self.calls.append(list(args))
        if args[0] == "annotate":
            self.value = args[-2].split("=", 1)[1]
            return subprocess.CompletedProcess(args, 0, "", "")
        gets = sum(1 for c in self.calls if c[0] == "get")
        status: dict[str, Any] = {
            "conditions": [
                {"type": "Ready", "status": self.ready, "reason": "Verified", "message": "ok"},
                {"type": "ConnectionVerified", "status": self.ready, "reason": "Verified"},
            ]
        }
        if gets >= self.handled_after:
            status["lastHandledVerifyAt"] = self.value
        return subprocess.CompletedProcess(args, 0, json.dumps({"status": status}), "")


def _wait(fake: FakeKubectl, timeout: float = 10) -> tuple[int, list[str]]:
    lines: list[str] = []
    now = [0.0]

    def sleep(seconds: float) -> None:
        now[0] += seconds

    code = plugin.request_and_wait(
        "main",
        "billing",
        annotation=plugin.VERIFY_ANNOTATION,
        handled_field="lastHandledVerifyAt",
        timeout=timeout,
        run=fake,
        sleep=sleep,
        clock=lambda: now[0],
        echo=lines.append,
    )
    return code, lines


def test_plugin_verify_prints_outcome_when_operator_handled_request() -> None:
    fake = FakeKubectl()
    code, lines = _wait(fake)
    assert code == 0
    assert fake.calls[0][:3] == ["annotate", plugin.RESOURCE, "main"]
    assert any("Ready=True reason=Verified" in line for line in lines)


def test_plugin_verify_exits_one_when_outcome_not_ready() -> None:
    assert _wait(FakeKubectl(ready="False"))[0] == 1


def test_plugin_verify_stops_with_message_when_timeout_passes() -> None:
    code, lines = _wait(FakeKubectl(handled_after=10**6), timeout=3)
    assert code == 2
    assert "timeout" in lines[-1]


def test_plugin_table_lists_each_connection_when_given_items() -> None:
    item = {
        "metadata": {"name": "main", "namespace": "billing"},
        "spec": {"environment": "Sandbox"},
        "status": {
            "conditions": [
                {"type": "Ready", "status": "True", "reason": "Verified", "message": "fine"}
            ]
        },
    }
    text = plugin.table([item], all_namespaces=True)
    header, row = text.splitlines()
    assert header.split()[:5] == ["NAMESPACE", "NAME", "ENV", "READY", "STATUS"]
    assert row.split()[:5] == ["billing", "main", "Sandbox", "True", "Verified"]


def test_cli_run_refuses_when_no_namespace_scope_given() -> None:
    result = CliRunner().invoke(cli.app, ["run"])
    assert result.exit_code != 0
    assert "--all-namespaces" in result.output
