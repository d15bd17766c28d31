"""The CRDs as a user meets them, on a real API server: admission, CEL, defaults, kubectl.

Schema and CEL mistakes only show on a real API server (it rejects a CRD whose rules are
too expensive, and it is the one that turns a bad manifest into an error message), so this
is where we prove that every sample is accepted, that bad manifests are refused with a
message naming the field and the fix, that immutable fields stay put, and that
`kubectl get` / `kubectl explain` show what the design promises.
"""

from __future__ import annotations

import copy
import json
import pathlib
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLES = REPO / "deploy" / "samples"
API = "pax8.work365.io/v1alpha1"
SAMPLE_ORDER = [
    "local-simulator-secret.yaml",
    "local-simulator-connection.yaml",
    "production-connection.yaml",
    "managed-account.yaml",
    "managed-subscription.yaml",
]

Manifest = dict[str, Any]
Mutation = Callable[[Manifest], None]


def connection(**spec: Any) -> Manifest:
    """A minimal valid Pax8Connection, with spec fields overridden."""
    base = {
        "environment": "Production",
        "credentialsSecretRef": {"name": "pax8-credentials"},
        "countryCode": "US",
        "currencyCode": "USD",
    }
    return _object("Pax8Connection", {**base, **spec})


def account(**spec: Any) -> Manifest:
    """A minimal valid managed Pax8Account that creates a company, with fields overridden."""
    base = {
        "connectionRef": {"name": "pax8"},
        "name": "Contoso Ltd",
        "address": {"street": "1 Main St", "city": "Denver", "postalCode": "80202"},
        "phone": "+1 303 555 0100",
        "website": "https://contoso.example",
    }
    return _object("Pax8Account", {**base, **spec})


def subscription(**spec: Any) -> Manifest:
    """A minimal valid managed Pax8Subscription that orders, with fields overridden."""
    base = {
        "connectionRef": {"name": "pax8"},
        "accountRef": {"name": "contoso"},
        "productId": "2c80c584-cda6-589d-836b-88114f32333d",
        "billingTerm": "Monthly",
        "quantity": 5,
    }
    return _object("Pax8Subscription", {**base, **spec})


def _object(kind: str, spec: Manifest) -> Manifest:
    name = f"{kind.lower()}-{uuid.uuid4().hex[:6]}"
    return {"apiVersion": API, "kind": kind, "metadata": {"name": name}, "spec": spec}


def without(*path: str) -> Mutation:
    """A mutation that deletes spec.<path>."""

    def mutate(obj: Manifest) -> None:
        node = obj["spec"]
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]

    return mutate


def _with(**spec: Any) -> Mutation:
    def mutate(obj: Manifest) -> None:
        obj["spec"].update(copy.deepcopy(spec))

    return mutate


CONTACT = {"firstName": "Ada", "lastName": "Lovelace", "email": "ada@contoso.example"}

# (id, base manifest factory, mutation, what the error must contain: the field, then the hint)
# fmt: off
INVALID: list[tuple[str, Callable[[], Manifest], Mutation, str, str]] = [
    ("env-unknown", connection, _with(environment="Staging"), "spec.environment", '"Sandbox"'),
    ("env-missing", connection, without("environment"), "spec.environment", "Required value"),
    ("sandbox-self-service", connection, _with(environment="Sandbox", selfServiceAllowed=True),
     "spec.selfServiceAllowed", "set it to false or use environment Production"),
    ("sandbox-bill-on-behalf", connection, _with(environment="Sandbox", billOnBehalfOfEnabled=True),
     "spec.billOnBehalfOfEnabled", "set it to false"),
    ("sandbox-order-approval", connection, _with(environment="Sandbox", orderApprovalRequired=True),
     "spec.orderApprovalRequired", "set it to false"),
    ("country-unknown", connection, _with(countryCode="XX"), "spec.countryCode", "ISO 3166-1"),
    ("country-lowercase", connection, _with(countryCode="us"), "spec.countryCode", "upper-case"),
    ("currency-unknown", connection, _with(currencyCode="ABC"), "spec.currencyCode", "ISO 4217"),
    ("currency-withdrawn", connection, _with(currencyCode="HRK"), "spec.currencyCode", "USD"),
    ("endpoint-plain-http", connection, _with(endpointURL="http://pax8.example/v1"),
     "spec.endpointURL", "spec.allowInsecureHTTP: true"),
    ("token-plain-http", connection, _with(tokenURL="http://pax8.example/token"),
     "spec.tokenURL", "spec.allowInsecureHTTP: true"),
    ("endpoint-not-a-url", connection, _with(endpointURL="api.pax8.com"),
     "spec.endpointURL", "https://api.pax8.com/v1"),
    ("verify-too-short", connection, _with(verifyInterval="30s"), "spec.verifyInterval", "1m"),
    ("verify-not-duration", connection, _with(verifyInterval="ten minutes"),
     "spec.verifyInterval", "Go duration"),
    ("accounts-interval-short", connection, _with(sync={"accounts": {"interval": "10s"}}),
     "spec.sync.accounts.interval", "at least 1m"),
    ("subscriptions-interval-bad", connection, _with(sync={"subscriptions": {"interval": "5"}}),
     "spec.sync.subscriptions.interval", "Go duration"),
    ("rpm-zero", connection, _with(requestsPerMinute=0),
     "spec.requestsPerMinute", "greater than or equal to 1"),
    ("rpm-huge", connection, _with(requestsPerMinute=200000),
     "spec.requestsPerMinute", "less than or equal to 100000"),
    ("secret-ref-missing", connection, without("credentialsSecretRef"),
     "spec.credentialsSecretRef", "Required value"),
    ("unknown-field", connection, _with(region="eu"), "spec.region", "unknown field"),
    ("policy-unknown", account, _with(managementPolicy="Mirror"),
     "spec.managementPolicy", '"Observe"'),
    ("create-without-name", account, without("name"), "spec.name", "spec.companyId to adopt"),
    ("create-without-postal-code", account, without("address", "postalCode"),
     "spec.address", "street, city and postalCode"),
    ("create-without-phone", account, without("phone"), "spec.phone", "set spec.phone"),
    ("create-without-website", account, without("website"), "spec.website", "set spec.website"),
    ("address-country-unknown", account,
     _with(address={"street": "1 Main St", "city": "X", "postalCode": "1", "country": "ZZ"}),
     "spec.address.country", "ISO 3166-1"),
    ("contact-type-unknown", account,
     _with(contacts=[{**CONTACT, "types": [{"type": "Owner", "primary": True}]}]),
     "spec.contacts[0].types[0].type", '"Technical"'),
    ("account-connection-missing", account, without("connectionRef"),
     "spec.connectionRef", "Required value"),
    ("quantity-zero", subscription, _with(quantity=0),
     "spec.quantity", "greater than or equal to 1"),
    ("quantity-missing", subscription, without("quantity"), "spec.quantity", "number of seats"),
    ("cancel-without-manage", subscription,
     _with(managementPolicy="Observe", deletionPolicy="Cancel"),
     "spec.deletionPolicy", "use deletionPolicy Orphan"),
    ("term-unknown", subscription, _with(billingTerm="Weekly"), "spec.billingTerm", '"Annual"'),
    ("order-without-product", subscription, without("productId"), "spec.productId", "adopt"),
    ("order-without-term", subscription, without("billingTerm"), "spec.billingTerm", "Monthly"),
    ("order-without-account", subscription, without("accountRef"),
     "spec.accountRef", "name the Pax8Account"),
]

# Manifests a user or the operator writes that must be accepted (id, manifest).
VALID: list[tuple[str, Manifest]] = [
    ("sandbox-all-flags-false", connection(environment="Sandbox")),
    ("legacy-token-endpoint",
     connection(tokenURL="https://login.pax8.com/oauth/token", audience="api://p8p.client")),
    ("simulator-over-http",
     connection(endpointURL="http://127.0.0.1:18080/v1", allowInsecureHTTP=True)),
    ("compound-durations",
     connection(verifyInterval="90s", sync={"accounts": {"interval": "1h30m"}})),
    ("newest-currency-code", connection(countryCode="GB", currencyCode="XCG")),
    ("account-mirror", _object("Pax8Account", {
        "connectionRef": {"name": "pax8"}, "managementPolicy": "Observe", "companyId": "0f8e"})),
    ("account-adopted",
     _object("Pax8Account", {"connectionRef": {"name": "pax8"}, "companyId": "c-1"})),
    ("subscription-mirror", _object("Pax8Subscription", {
        "connectionRef": {"name": "pax8"}, "companyId": "c-1", "managementPolicy": "Observe",
        "subscriptionId": "s-1", "productId": "p-1"})),
    ("subscription-adopted", _object("Pax8Subscription", {
        "connectionRef": {"name": "pax8"}, "subscriptionId": "s-1", "quantity": 3,
        "deletionPolicy": "Cancel"})),
]

# (id, factory, initial spec fields, merge patch of spec, expected message)
IMMUTABLE: list[tuple[str, Callable[..., Manifest], Manifest, Manifest, str]] = [
    ("account-connection", account, {}, {"connectionRef": {"name": "other"}},
     "spec.connectionRef is immutable"),
    ("account-company-changed", account, {"companyId": "c-1"}, {"companyId": "c-2"},
     "spec.companyId cannot be changed"),
    ("account-company-removed", account, {"companyId": "c-1"}, {"companyId": None},
     "spec.companyId cannot be changed or removed"),
    ("subscription-connection", subscription, {}, {"connectionRef": {"name": "other"}},
     "spec.connectionRef is immutable"),
    ("subscription-id-changed", subscription, {"subscriptionId": "s-1"},
     {"subscriptionId": "s-2"}, "spec.subscriptionId cannot be changed"),
    ("subscription-product", subscription, {}, {"productId": "p-other"},
     "spec.productId is immutable"),
]
# fmt: on


@pytest.fixture(scope="module")
def shared_namespace(control_plane: Any, crds: list[pathlib.Path]) -> Iterator[str]:
    """One namespace for the server-side dry runs, which persist nothing."""
    name = f"e2e-crds-{uuid.uuid4().hex[:8]}"
    control_plane.kubectl("create", "namespace", name)
    yield name
    control_plane.kubectl("delete", "namespace", name, "--wait=false", check=False)


def apply(control_plane: Any, ns: str, obj: Manifest, *extra: str) -> Any:
    """kubectl apply one object into ns (without check), returning the completed process."""
    return control_plane.kubectl(
        "apply", "-n", ns, "-f", "-", *extra, input=json.dumps(obj), check=False
    )


def get(control_plane: Any, ns: str, obj: Manifest) -> Manifest:
    out = control_plane.kubectl("get", obj["kind"], obj["metadata"]["name"], "-n", ns, "-o", "json")
    result: Manifest = json.loads(out.stdout)
    return result


def patch_status(control_plane: Any, ns: str, kind: str, name: str, status: Manifest) -> None:
    control_plane.kubectl(
        "patch", kind, name, "-n", ns, "--subresource=status", "--type=merge",
        "-p", json.dumps({"status": status}),
    )  # fmt: skip


def test_every_crd_becomes_established_when_applied(
    control_plane: Any, crds: list[pathlib.Path]
) -> None:
    assert len(crds) == 3
    for plural in ("pax8connections", "pax8accounts", "pax8subscriptions"):
        out = control_plane.kubectl(
            "get", "crd", f"{plural}.pax8.work365.io", "-o",
            "jsonpath={.status.conditions[?(@.type==\"Established\")].status}",
        )  # fmt: skip
        assert out.stdout == "True"


def test_every_sample_is_accepted_when_applied_in_order(
    control_plane: Any, crds: list[pathlib.Path], namespace: str
) -> None:
    assert sorted(SAMPLE_ORDER) == sorted(p.name for p in SAMPLES.glob("*.yaml"))
    for name in SAMPLE_ORDER:
        path = str(SAMPLES / name)
        control_plane.kubectl("apply", "-n", namespace, "--dry-run=server", "-f", path)
        control_plane.kubectl("apply", "-n", namespace, "-f", path)
    out = control_plane.kubectl("get", "pax8", "-n", namespace, "-o", "name")
    assert sorted(out.stdout.split()) == [
        "pax8account.pax8.work365.io/contoso",
        "pax8connection.pax8.work365.io/local-simulator",
        "pax8connection.pax8.work365.io/pax8",
        "pax8subscription.pax8.work365.io/contoso-m365-business-premium",
    ]


@pytest.mark.parametrize(
    ("factory", "mutate", "field", "hint"),
    [pytest.param(*case[1:], id=case[0]) for case in INVALID],
)
def test_invalid_manifest_is_rejected_with_field_and_fix_when_applied(
    control_plane: Any,
    shared_namespace: str,
    factory: Callable[[], Manifest],
    mutate: Mutation,
    field: str,
    hint: str,
) -> None:
    valid = factory()
    assert apply(control_plane, shared_namespace, valid, "--dry-run=server").returncode == 0
    invalid = copy.deepcopy(valid)
    mutate(invalid)
    result = apply(control_plane, shared_namespace, invalid, "--dry-run=server")
    assert result.returncode != 0, f"accepted: {invalid}"
    assert field in result.stderr
    assert hint in result.stderr


@pytest.mark.parametrize("obj", [pytest.param(obj, id=name) for name, obj in VALID])
def test_valid_manifest_is_accepted_when_applied(
    control_plane: Any, shared_namespace: str, obj: Manifest
) -> None:
    result = apply(control_plane, shared_namespace, obj, "--dry-run=server")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("factory", "initial", "change", "message"),
    [pytest.param(*case[1:], id=case[0]) for case in IMMUTABLE],
)
def test_immutable_field_change_is_rejected_when_updating(
    control_plane: Any,
    shared_namespace: str,
    factory: Callable[..., Manifest],
    initial: Manifest,
    change: Manifest,
    message: str,
) -> None:
    obj = factory(**initial)
    control_plane.kubectl("apply", "-n", shared_namespace, "-f", "-", input=json.dumps(obj))
    result = control_plane.kubectl(
        "patch", obj["kind"], obj["metadata"]["name"], "-n", shared_namespace,
        "--type=merge", "-p", json.dumps({"spec": change}), check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert message in result.stderr


def test_setting_company_id_is_allowed_when_it_was_unset(
    control_plane: Any, shared_namespace: str
) -> None:
    obj = account()
    control_plane.kubectl("apply", "-n", shared_namespace, "-f", "-", input=json.dumps(obj))
    control_plane.kubectl(
        "patch", "pax8account", obj["metadata"]["name"], "-n", shared_namespace,
        "--type=merge", "-p", json.dumps({"spec": {"companyId": "c-9"}}),
    )  # fmt: skip
    assert get(control_plane, shared_namespace, obj)["spec"]["companyId"] == "c-9"


def test_defaults_are_applied_when_fields_are_omitted(
    control_plane: Any, shared_namespace: str
) -> None:
    objs = [connection(), account(), subscription()]
    for obj in objs:
        control_plane.kubectl("apply", "-n", shared_namespace, "-f", "-", input=json.dumps(obj))
    conn, acct, sub = (get(control_plane, shared_namespace, obj)["spec"] for obj in objs)
    assert conn["endpointURL"] == "https://api.pax8.com/v1"
    assert conn["tokenURL"] == "https://api.pax8.com/v1/token"
    assert conn["audience"] == "https://api.pax8.com"
    assert conn["credentialsSecretRef"] == {
        "name": "pax8-credentials",
        "applicationIdKey": "applicationId",
        "applicationSecretKey": "applicationSecret",
    }
    assert (conn["verifyInterval"], conn["requestsPerMinute"]) == ("10m", 1000)
    assert conn["allowInsecureHTTP"] is conn["suspend"] is conn["selfServiceAllowed"] is False
    assert conn["sync"] == {
        "accounts": {"enabled": True, "interval": "1h"},
        "subscriptions": {"enabled": True, "interval": "1h", "mirror": True},
        "prune": False,
    }
    assert acct["managementPolicy"] == "Manage"
    assert "selfServiceAllowed" not in acct, "account flags default to the connection's"
    assert (sub["managementPolicy"], sub["deletionPolicy"]) == ("Manage", "Orphan")


T0, T1 = "2026-01-02T03:04:05Z", "2026-01-02T04:04:05Z"


def _ready(status: str, reason: str) -> list[Manifest]:
    return [{"type": "Ready", "status": status, "reason": reason, "message": "m",
             "lastTransitionTime": T0, "observedGeneration": 1}]  # fmt: skip


# Every status field of the contract, so an operator write of any of them is accepted.
# fmt: off
CONNECTION_STATUS = {
    "observedGeneration": 1, "conditions": _ready("True", "Verified"), "sandbox": False,
    "suspended": False, "lastVerifiedTime": T0, "nextVerifyTime": T1,
    "lastHandledVerifyAt": "a", "lastHandledSyncAt": "b", "lastSyncTime": T0,
    "accounts": {"count": 42, "lastSyncTime": T0, "nextSyncTime": T1,
                 "lastSyncDurationSeconds": 1.5, "lastError": ""},
    "subscriptions": {"count": 1234, "lastSyncTime": T0, "nextSyncTime": T1,
                      "lastSyncDurationSeconds": 9.25, "lastError": "", "currencyMismatches": 2},
}
ACCOUNT_STATUS = {
    "observedGeneration": 1, "conditions": _ready("True", "Synced"),
    "companyId": "c-1", "name": "Contoso Ltd", "status": "Active",
    "address": {"street": "1 Main St", "city": "Denver", "postalCode": "80202", "country": "US"},
    "phone": "+1", "website": "https://contoso.example", "externalId": "x",
    "selfServiceAllowed": False, "billOnBehalfOfEnabled": False, "orderApprovalRequired": False,
    "subscriptionCount": 3, "updatedDate": "2026-01-02", "lastSyncTime": T0,
    "pendingCreate": {"requestedAt": T0, "externalId": "x"},
}
SUBSCRIPTION_STATUS = {
    "observedGeneration": 1, "conditions": _ready("False", "Pax8Rejected"),
    "subscriptionId": "s-1", "companyId": "c-1", "accountName": "Contoso Ltd",
    "productId": "p-1", "productName": "Microsoft 365 Business Premium",
    "vendorName": "Microsoft", "quantity": 7, "price": 26.4, "partnerCost": 22,
    "currencyCode": "USD", "currencyMismatch": False, "billingTerm": "Annual",
    "status": "Active", "startDate": "2026-01-02", "endDate": "2027-01-02-0700",
    "createdDate": "2026-01-02T03:04:05.123Z", "updatedDate": "2026-01-02T03:04:05-07:00",
    "commitment": {"id": "t-1", "term": "1-Year", "endDate": "2027-01-02"},
    "vendorSubscriptionId": "v-1", "lastSyncTime": T0,
    "pendingOrder": {"requestedAt": T0, "quantity": 7},
}
# fmt: on


def test_get_prints_designed_columns_when_status_is_written(
    control_plane: Any, crds: list[pathlib.Path], namespace: str
) -> None:
    conn = connection()
    acct = account(connectionRef={"name": conn["metadata"]["name"]})
    sub = subscription(quantity=9)
    statuses = (CONNECTION_STATUS, ACCOUNT_STATUS, SUBSCRIPTION_STATUS)
    for obj, status in zip((conn, acct, sub), statuses, strict=True):
        control_plane.kubectl("apply", "-n", namespace, "-f", "-", input=json.dumps(obj))
        patch_status(control_plane, namespace, obj["kind"], obj["metadata"]["name"], status)
        assert get(control_plane, namespace, obj)["status"] == status, "status kept in full"

    out = control_plane.kubectl("get", "pax8connections", "-n", namespace).stdout
    header, row = (" ".join(line.split()) for line in out.strip().splitlines())
    assert header == "NAME ENV READY STATUS ACCOUNTS SUBSCRIPTIONS LAST SYNC AGE"
    assert row.split()[1:6] == ["Production", "True", "Verified", "42", "1234"]

    tables = control_plane.kubectl("get", "pax8", "-n", namespace).stdout
    flat = " ".join(tables.split())
    assert "NAME ENV READY STATUS ACCOUNTS SUBSCRIPTIONS LAST SYNC AGE" in flat
    assert "NAME COMPANY STATUS SUBSCRIPTIONS POLICY READY AGE" in flat
    assert "Contoso Ltd Active 3 Manage True" in flat
    assert "NAME ACCOUNT PRODUCT QTY DESIRED STATUS TERM READY AGE" in flat
    assert "Contoso Ltd Microsoft 365 Business Premium 7 9 Active Annual False" in flat


def test_explain_teaches_the_environment_field_when_asked(
    control_plane: Any, crds: list[pathlib.Path]
) -> None:
    deadline = time.monotonic() + 30
    while True:  # the OpenAPI document is published shortly after Established
        result = control_plane.kubectl("explain", "pax8connection.spec.environment", check=False)
        if result.returncode == 0 or time.monotonic() > deadline:
            break
        time.sleep(0.5)
    assert result.returncode == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert "FIELD: environment <string>" in text
    assert "Sandbox: every write is validated and reported as planned" in text
    assert "Production" in text
