"""Planning a sync: only what differs is written, and absent objects are never lost silently."""

from __future__ import annotations

import json
from typing import Any

from pax8_operator.models import mirrors as m
from pax8_operator.reconcile import sync_plan

NOW = "2026-12-01T10:00:00Z"
LATER = "2026-12-01T11:00:00Z"
OWNER = sync_plan.Owner(m.CONNECTION_KIND, "main", "uid-conn")


def desired(pax8_id: str, **status: Any) -> sync_plan.Desired:
    body = {"companyId": pax8_id, "name": f"Company {pax8_id}", "status": "Active", **status}
    return sync_plan.Desired(
        kind=m.ACCOUNT_KIND,
        pax8_id=pax8_id,
        name=m.mirror_name(body["name"], pax8_id, "company"),
        labels={m.CONNECTION_LABEL: "main", m.COMPANY_LABEL: pax8_id},
        spec={
            "connectionRef": {"name": "main"},
            "managementPolicy": m.OBSERVE,
            "companyId": pax8_id,
        },
        owner=OWNER,
        status_json=m.canonical(body),
        bucket="Active",
    )


def stored(write: sync_plan.Write) -> dict[str, Any]:
    """The object the API server holds after a create and its status patch."""
    body, then_status = write.bodies()
    assert body is not None
    assert then_status is not None
    obj: dict[str, Any] = json.loads(json.dumps(body))
    obj["metadata"]["uid"] = f"uid-{write.name}"
    obj["status"] = then_status["status"]
    return obj


def existing_after_create(kind: str, wants: list[sync_plan.Desired], **kw: Any) -> list[m.Existing]:
    first = sync_plan.plan(kind, wants, [], prune=False, now=NOW, **kw)
    return [m.existing_from(kind, stored(w)) for w in first.writes]


def test_plan_creates_every_mirror_when_cluster_is_empty() -> None:
    got = sync_plan.plan(
        m.ACCOUNT_KIND, [desired("aaaaaaaa-1"), desired("bbbbbbbb-2")], [], prune=False, now=NOW
    )
    assert [w.verb for w in got.writes] == ["create", "create"]
    assert got.created == 2
    body, then_status = got.writes[0].bodies()
    assert body is not None
    assert then_status is not None
    assert body["metadata"]["ownerReferences"][0]["uid"] == "uid-conn"
    assert then_status["status"]["conditions"][0]["type"] == m.READY


def test_plan_writes_nothing_when_pax8_did_not_change() -> None:
    wants = [desired("aaaaaaaa-1"), desired("bbbbbbbb-2", phone="555")]
    existing = existing_after_create(m.ACCOUNT_KIND, wants, counts={"aaaaaaaa-1": 3})
    again = sync_plan.plan(
        m.ACCOUNT_KIND, wants, existing, prune=False, now=LATER, counts={"aaaaaaaa-1": 3}
    )
    assert again.writes == []
    assert again.summary() == ""


def test_plan_patches_only_status_keeping_transition_time_when_a_field_changed() -> None:
    existing = existing_after_create(m.ACCOUNT_KIND, [desired("aaaaaaaa-1")])
    got = sync_plan.plan(
        m.ACCOUNT_KIND, [desired("aaaaaaaa-1", phone="999")], existing, prune=False, now=LATER
    )
    assert [w.verb for w in got.writes] == ["status"]
    body = got.writes[0].body
    assert body is not None
    assert body["status"]["phone"] == "999"
    assert body["status"]["lastSyncTime"] == LATER
    assert {c["lastTransitionTime"] for c in body["status"]["conditions"]} == {NOW}


def test_plan_clears_a_field_pax8_no_longer_reports() -> None:
    existing = existing_after_create(m.ACCOUNT_KIND, [desired("aaaaaaaa-1", website="https://a")])
    got = sync_plan.plan(m.ACCOUNT_KIND, [desired("aaaaaaaa-1")], existing, prune=False, now=LATER)
    body = got.writes[0].body
    assert body is not None
    assert "website" in body["status"]
    assert body["status"]["website"] is None


def test_plan_marks_absent_mirror_not_found_once_without_prune() -> None:
    existing = existing_after_create(m.ACCOUNT_KIND, [desired("aaaaaaaa-1")])
    got = sync_plan.plan(m.ACCOUNT_KIND, [], existing, prune=False, now=LATER)
    assert [w.verb for w in got.writes] == ["status"]
    body = got.writes[0].body
    assert body is not None
    synced = next(c for c in body["status"]["conditions"] if c["type"] == m.SYNCED)
    assert (synced["status"], synced["reason"]) == ("False", m.NOT_FOUND)
    marked = existing[0]
    marked.conditions = tuple(
        m.Condition(c["type"], c["status"], c["reason"], c["message"])
        for c in body["status"]["conditions"]
    )
    assert sync_plan.plan(m.ACCOUNT_KIND, [], [marked], prune=False, now=LATER).writes == []


def test_plan_deletes_absent_mirror_only_with_prune() -> None:
    existing = existing_after_create(m.ACCOUNT_KIND, [desired("aaaaaaaa-1")])
    got = sync_plan.plan(m.ACCOUNT_KIND, [], existing, prune=True, now=LATER)
    assert [(w.verb, w.name) for w in got.writes] == [("delete", existing[0].name)]


def test_plan_never_deletes_object_a_person_manages_even_with_prune() -> None:
    obj = {
        "metadata": {"name": "mine", "uid": "u1"},
        "spec": {
            "connectionRef": {"name": "main"},
            "managementPolicy": m.MANAGE,
            "companyId": "cccccccc-3",
        },
        "status": {
            "companyId": "cccccccc-3",
            "conditions": [
                {
                    "type": "Ready",
                    "status": "True",
                    "reason": "Created",
                    "message": "ok",
                    "lastTransitionTime": NOW,
                }
            ],
        },
    }
    got = sync_plan.plan(
        m.ACCOUNT_KIND, [], [m.existing_from(m.ACCOUNT_KIND, obj)], prune=True, now=LATER
    )
    assert [w.verb for w in got.writes] == ["status"]
    body = got.writes[0].body
    assert body is not None
    assert [c["type"] for c in body["status"]["conditions"]] == [m.READY, m.SYNCED]


def test_plan_refreshes_managed_object_status_without_touching_spec_or_conditions() -> None:
    obj = {
        "metadata": {"name": "mine", "uid": "u1"},
        "spec": {
            "connectionRef": {"name": "main"},
            "managementPolicy": m.MANAGE,
            "companyId": "cccccccc-3",
        },
        "status": {
            "conditions": [
                {
                    "type": "Ready",
                    "status": "True",
                    "reason": "Created",
                    "message": "ok",
                    "lastTransitionTime": NOW,
                }
            ]
        },
    }
    got = sync_plan.plan(
        m.ACCOUNT_KIND,
        [desired("cccccccc-3")],
        [m.existing_from(m.ACCOUNT_KIND, obj)],
        prune=False,
        now=LATER,
    )
    assert [(w.verb, w.name) for w in got.writes] == [("status", "mine")]
    body = got.writes[0].body
    assert body is not None
    assert body["status"]["name"] == "Company cccccccc-3"
    assert "conditions" not in body["status"]
    assert got.created == 0


def test_plan_renames_new_mirror_when_its_name_is_taken_by_another_object() -> None:
    other = {
        "metadata": {"name": desired("aaaaaaaa-1").name, "uid": "u9"},
        "spec": {"connectionRef": {"name": "main"}, "managementPolicy": m.MANAGE},
    }
    got = sync_plan.plan(
        m.ACCOUNT_KIND,
        [desired("aaaaaaaa-1")],
        [m.existing_from(m.ACCOUNT_KIND, other)],
        prune=False,
        now=NOW,
    )
    assert got.writes[0].verb == "create"
    assert got.writes[0].name != desired("aaaaaaaa-1").name
    assert len(got.writes[0].name) <= 63


def test_plan_restores_labels_and_spec_when_a_person_edited_an_observed_mirror() -> None:
    want = desired("aaaaaaaa-1")
    (create,) = sync_plan.plan(m.ACCOUNT_KIND, [want], [], prune=False, now=NOW).writes
    obj = stored(create)
    obj["metadata"]["labels"][m.COMPANY_LABEL] = "edited"
    obj["metadata"]["labels"]["team"] = "billing"
    obj["spec"]["connectionRef"] = {"name": "edited"}
    got = sync_plan.plan(
        m.ACCOUNT_KIND,
        [want],
        [m.existing_from(m.ACCOUNT_KIND, obj)],
        prune=False,
        now=LATER,
    )
    assert [w.verb for w in got.writes] == ["patch"]
    patch = got.writes[0].body
    assert patch is not None
    assert patch["metadata"]["labels"][m.COMPANY_LABEL] == "aaaaaaaa-1"
    assert patch["spec"]["connectionRef"] == {"name": "main"}
    assert patch["metadata"]["ownerReferences"][0]["uid"] == "uid-conn"


def test_plan_rewrites_conditions_when_a_listed_condition_is_not_text() -> None:
    want = desired("aaaaaaaa-1")
    (create,) = sync_plan.plan(m.ACCOUNT_KIND, [want], [], prune=False, now=NOW).writes
    obj = stored(create)
    obj["status"]["conditions"][0]["message"] = {"odd": ["value"]}
    got = sync_plan.plan(
        m.ACCOUNT_KIND, [want], [m.existing_from(m.ACCOUNT_KIND, obj)], prune=False, now=LATER
    )
    assert [w.verb for w in got.writes] == ["status"]
    body = got.writes[0].body
    assert body is not None
    assert [c["message"] for c in body["status"]["conditions"]] == [
        c.message for c in sync_plan.FOUND
    ]
