"""One run of a connection: Secret read, Pax8 check, status written, Events, metric."""

from __future__ import annotations

from conftest import REF, FakeEvents, FakeSecrets, FakeStatuses, ScriptedPax8, spec

from pax8_operator.models import status as st
from pax8_operator.pax8 import errors
from pax8_operator.reconcile import connection as reconcile_connection
from pax8_operator.reconcile import schedule


async def _run(deps: reconcile_connection.Dependencies, **kw: object) -> st.ConnectionStatus:
    return await reconcile_connection.run(
        deps,
        REF,
        generation=1,
        raw_spec=kw.get("raw_spec", spec()),  # type: ignore[arg-type]
        annotations=kw.get("annotations", {}),  # type: ignore[arg-type]
        current=kw.get("current", st.ConnectionStatus()),  # type: ignore[arg-type]
    )


def _ready(patch: dict[str, object]) -> tuple[str, str, str]:
    conds = patch["conditions"]
    assert isinstance(conds, list)
    ready = next(c for c in conds if c["type"] == "Ready")
    return ready["status"], ready["reason"], ready["message"]


async def test_run_writes_ready_status_and_metric_when_credentials_good(
    deps: reconcile_connection.Dependencies,
    statuses: FakeStatuses,
    events: FakeEvents,
    scripted: ScriptedPax8,
) -> None:
    await _run(deps)
    assert _ready(statuses.patches[-1])[:2] == ("True", "Verified")
    assert scripted.calls[0].client_id == "sim-client"
    assert [e.reason for e in events.events] == ["Verified", "InsecureEndpoint"]
    value = deps.metrics.registry.get_sample_value(
        "pax8_operator_connection_ready", {"connection": "billing/main"}
    )
    assert value == 1


async def test_run_names_secret_and_keys_when_pax8_rejects_credentials(
    deps: reconcile_connection.Dependencies, statuses: FakeStatuses, scripted: ScriptedPax8
) -> None:
    scripted.errors = [errors.AuthError("Unauthorized", operation="createAccessToken", status=401)]
    await _run(deps)
    status, reason, message = _ready(statuses.patches[-1])
    assert (status, reason) == ("False", "InvalidCredentials")
    assert "applicationId/applicationSecret of Secret billing/pax8" in message
    assert "sim-secret" not in str(statuses.patches)


async def test_run_retries_at_once_when_secret_changed_during_401(
    deps: reconcile_connection.Dependencies,
    statuses: FakeStatuses,
    secrets: FakeSecrets,
    scripted: ScriptedPax8,
) -> None:
    class Rotating(errors.AuthError):
        def __init__(self) -> None:
            super().__init__("Unauthorized", operation="createAccessToken", status=401)
            secrets.secrets[("billing", "pax8")]["applicationSecret"] = "rotated"
            secrets.version += 1

    scripted.errors = [Rotating]
    await _run(deps)
    assert _ready(statuses.patches[-1])[:2] == ("True", "Verified")
    assert [c.client_secret.get_secret_value() for c in scripted.calls] == [
        "sim-secret",
        "rotated",
    ]


async def test_run_reports_missing_secret_and_key_when_absent(
    deps: reconcile_connection.Dependencies, statuses: FakeStatuses, secrets: FakeSecrets
) -> None:
    await _run(deps, raw_spec=spec(credentialsSecretRef={"name": "nope"}))
    assert _ready(statuses.patches[-1])[1] == "SecretNotFound"
    secrets.secrets[("billing", "pax8")] = {"applicationId": "x"}
    await _run(deps)
    _, reason, message = _ready(statuses.patches[-1])
    assert reason == "SecretKeyMissing"
    assert "applicationSecret" in message


async def test_run_makes_no_pax8_call_when_suspended(
    deps: reconcile_connection.Dependencies, statuses: FakeStatuses, scripted: ScriptedPax8
) -> None:
    await _run(deps, raw_spec=spec(suspend=True))
    patch = statuses.patches[-1]
    assert scripted.calls == []
    assert patch["suspended"] is True
    assert patch["nextVerifyTime"] is None
    assert _ready(patch)[:2] == ("False", "Suspended")


async def test_run_refuses_plain_http_when_not_allowed(
    deps: reconcile_connection.Dependencies, statuses: FakeStatuses, scripted: ScriptedPax8
) -> None:
    await _run(deps, raw_spec=spec(allowInsecureHTTP=False))
    assert scripted.calls == []
    assert _ready(statuses.patches[-1])[1] == "InsecureEndpoint"


async def test_run_records_handled_requests_when_annotations_new(
    deps: reconcile_connection.Dependencies, statuses: FakeStatuses, events: FakeEvents
) -> None:
    annotations = {schedule.VERIFY_ANNOTATION: "t1", schedule.SYNC_ANNOTATION: "t2"}
    await _run(deps, annotations=annotations)
    patch = statuses.patches[-1]
    assert (patch["lastHandledVerifyAt"], patch["lastHandledSyncAt"]) == ("t1", "t2")


async def test_run_writes_stalled_status_when_spec_invalid(
    deps: reconcile_connection.Dependencies, statuses: FakeStatuses
) -> None:
    await _run(deps, raw_spec={"environment": "Production"})
    assert _ready(statuses.patches[-1])[1] == "InvalidSpec"
