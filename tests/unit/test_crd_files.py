"""Checks of the CRD and sample files that need no cluster.

The CRDs are the product's user interface (`kubectl explain`, `kubectl get`, admission
errors) and the operator's parsing contract, so their shape is pinned here: every field
documented, nothing left schemaless, the printer columns and defaults of the design, and
samples that fit the schemas. What only an API server can judge (CEL) is in tests/e2e.
"""

from __future__ import annotations

import copy
import pathlib
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
import yaml

REPO = pathlib.Path(__file__).resolve().parents[2]
CRD_DIR = REPO / "crds"
SAMPLES_DIR = REPO / "deploy" / "samples"
GROUP = "pax8.work365.io"
VERSION = "v1alpha1"

Schema = dict[str, Any]

KINDS = {
    "Pax8Connection": ("pax8connections", "p8c"),
    "Pax8Account": ("pax8accounts", "p8a"),
    "Pax8Subscription": ("pax8subscriptions", "p8s"),
}

READY = '.status.conditions[?(@.type=="Ready")].status'
AGE = ("Age", ".metadata.creationTimestamp")
PRINTER_COLUMNS = {
    "Pax8Connection": [
        ("Env", ".spec.environment"),
        ("Ready", READY),
        ("Status", '.status.conditions[?(@.type=="Ready")].reason'),
        ("Accounts", ".status.accounts.count"),
        ("Subscriptions", ".status.subscriptions.count"),
        ("Last Sync", ".status.lastSyncTime"),
        AGE,
    ],
    "Pax8Account": [
        ("Company", ".status.name"),
        ("Status", ".status.status"),
        ("Subscriptions", ".status.subscriptionCount"),
        ("Policy", ".spec.managementPolicy"),
        ("Ready", READY),
        AGE,
    ],
    "Pax8Subscription": [
        ("Account", ".status.accountName"),
        ("Product", ".status.productName"),
        ("Qty", ".status.quantity"),
        ("Desired", ".spec.quantity"),
        ("Status", ".status.status"),
        ("Term", ".status.billingTerm"),
        ("Ready", READY),
        AGE,
    ],
}

# The spec fields of the shared contract: the operator parses specs with extra="forbid".
SPEC_FIELDS = {
    "Pax8Connection": {
        "displayName", "environment", "endpointURL", "tokenURL", "audience",
        "allowInsecureHTTP", "credentialsSecretRef", "countryCode", "currencyCode",
        "selfServiceAllowed", "billOnBehalfOfEnabled", "orderApprovalRequired",
        "verifyInterval", "requestsPerMinute", "suspend", "sync",
    },
    "Pax8Account": {
        "connectionRef", "managementPolicy", "companyId", "name", "address", "phone",
        "website", "externalId", "selfServiceAllowed", "billOnBehalfOfEnabled",
        "orderApprovalRequired", "contacts",
    },
    "Pax8Subscription": {
        "connectionRef", "accountRef", "companyId", "managementPolicy", "deletionPolicy",
        "subscriptionId", "productId", "billingTerm", "commitmentTermId",
        "provisioningDetails", "quantity",
    },
}  # fmt: skip

STATUS_FIELDS = {
    "Pax8Connection": {
        "observedGeneration", "conditions", "sandbox", "suspended", "lastVerifiedTime",
        "nextVerifyTime", "lastHandledVerifyAt", "lastHandledSyncAt", "lastSyncTime",
        "accounts", "subscriptions",
    },
    "Pax8Account": {
        "observedGeneration", "conditions", "companyId", "name", "status", "address",
        "phone", "website", "externalId", "selfServiceAllowed", "billOnBehalfOfEnabled",
        "orderApprovalRequired", "subscriptionCount", "updatedDate", "lastSyncTime",
        "pendingCreate",
    },
    "Pax8Subscription": {
        "observedGeneration", "conditions", "subscriptionId", "companyId", "accountName",
        "productId", "productName", "vendorName", "quantity", "price", "partnerCost",
        "currencyCode", "currencyMismatch", "billingTerm", "status", "startDate", "endDate",
        "createdDate", "updatedDate", "commitment", "vendorSubscriptionId", "lastSyncTime",
        "pendingOrder",
    },
}  # fmt: skip


def load_crds() -> dict[str, dict[str, Any]]:
    """Every CRD file, keyed by kind."""
    crds: dict[str, dict[str, Any]] = {}
    for path in sorted(CRD_DIR.glob("*.yaml")):
        doc = yaml.safe_load(path.read_text())
        crds[doc["spec"]["names"]["kind"]] = doc
    return crds


CRDS = load_crds()


def schema_of(kind: str) -> Schema:
    """The openAPIV3Schema of the single served version of a kind."""
    schema: Schema = CRDS[kind]["spec"]["versions"][0]["schema"]["openAPIV3Schema"]
    return schema


def walk(schema: Schema, path: str) -> Iterator[tuple[str, Schema]]:
    """Yield (path, node) for a schema node and every node below it."""
    yield path, schema
    for name, child in schema.get("properties", {}).items():
        yield from walk(child, f"{path}.{name}")
    if isinstance(schema.get("items"), dict):
        yield from walk(schema["items"], f"{path}[]")
    if isinstance(schema.get("additionalProperties"), dict):
        yield from walk(schema["additionalProperties"], f"{path}{{}}")


def spec_defaults(schema: Schema) -> dict[str, Any]:
    """Apply schema defaults to an empty object the way the API server does (recursively)."""
    out: dict[str, Any] = {}
    for name, child in schema.get("properties", {}).items():
        if "default" in child:
            value = copy.deepcopy(child["default"])
            if child.get("type") == "object" and isinstance(value, dict):
                value = {**spec_defaults(child), **value}
            out[name] = value
    return out


def strict(schema: Schema) -> Schema:
    """A copy of a structural schema that rejects unknown fields, like kubectl's strict mode."""
    schema = copy.deepcopy(schema)
    for _, node in walk(schema, ""):
        if node.get("type") == "object" and "properties" in node:
            node["additionalProperties"] = False
    return schema


def samples() -> list[tuple[str, dict[str, Any]]]:
    """Every document of every sample file, as (file name, document)."""
    docs = []
    for path in sorted(SAMPLES_DIR.glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc is not None:
                docs.append((path.name, doc))
    return docs


def test_crd_files_define_exactly_the_three_kinds_when_loaded() -> None:
    assert set(CRDS) == set(KINDS)
    for plural, _ in KINDS.values():
        path = CRD_DIR / f"{GROUP}_{plural}.yaml"
        assert path.exists(), path


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_crd_names_scope_and_subresources_match_the_design_when_loaded(kind: str) -> None:
    crd = CRDS[kind]
    plural, short = KINDS[kind]
    assert crd["apiVersion"] == "apiextensions.k8s.io/v1"
    assert crd["metadata"]["name"] == f"{plural}.{GROUP}"
    spec = crd["spec"]
    assert spec["group"] == GROUP
    assert spec["scope"] == "Namespaced"
    assert spec["names"]["plural"] == plural
    assert spec["names"]["shortNames"] == [short]
    assert spec["names"]["categories"] == ["pax8"]
    [version] = spec["versions"]
    assert (version["name"], version["served"], version["storage"]) == (VERSION, True, True)
    assert version["subresources"] == {"status": {}}
    assert version["schema"]["openAPIV3Schema"]["properties"]["metadata"] == {"type": "object"}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_schema_field_has_a_description_at_every_depth(kind: str) -> None:
    # The API server forbids anything but `type` on metadata; it documents ObjectMeta itself.
    missing = [
        path
        for path, node in walk(schema_of(kind), kind)
        if not str(node.get("description", "")).strip() and path != f"{kind}.metadata"
    ]
    assert missing == []


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schema_never_preserves_unknown_fields_in_spec_or_status(kind: str) -> None:
    preserving = [
        path
        for path, node in walk(schema_of(kind), kind)
        if node.get("x-kubernetes-preserve-unknown-fields")
    ]
    assert preserving == []
    for part in ("spec", "status"):
        typeless = [
            path
            for path, node in walk(schema_of(kind)["properties"][part], part)
            if node.get("type") == "object" and "properties" not in node
        ]
        assert typeless == [], f"objects without a typed schema in {part}"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_spec_and_status_list_exactly_the_contract_fields(kind: str) -> None:
    properties = schema_of(kind)["properties"]
    assert set(properties["spec"]["properties"]) == SPEC_FIELDS[kind]
    assert set(properties["status"]["properties"]) == STATUS_FIELDS[kind]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_printer_columns_match_the_design(kind: str) -> None:
    columns = CRDS[kind]["spec"]["versions"][0]["additionalPrinterColumns"]
    assert [(c["name"], c["jsonPath"]) for c in columns] == PRINTER_COLUMNS[kind]
    types = {c["name"]: c["type"] for c in columns}
    assert types["Age"] == "date"
    if kind == "Pax8Connection":
        assert types["Last Sync"] == "date"
        assert types["Accounts"] == types["Subscriptions"] == "integer"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_cel_rule_explains_itself_in_terms_of_a_spec_field(kind: str) -> None:
    for path, node in walk(schema_of(kind), kind):
        for rule in node.get("x-kubernetes-validations", []):
            text = rule.get("message") or rule.get("messageExpression", "")
            assert "spec." in text, f"{path}: {rule['rule']!r} has no message naming a field"


def test_connection_defaults_match_the_contract_when_spec_is_minimal() -> None:
    defaults = spec_defaults(schema_of("Pax8Connection")["properties"]["spec"])
    assert defaults == {
        "endpointURL": "https://api.pax8.com/v1",
        "tokenURL": "https://api.pax8.com/v1/token",
        "audience": "https://api.pax8.com",
        "allowInsecureHTTP": False,
        "selfServiceAllowed": False,
        "billOnBehalfOfEnabled": False,
        "orderApprovalRequired": False,
        "verifyInterval": "10m",
        "requestsPerMinute": 1000,
        "suspend": False,
        "sync": {
            "accounts": {"enabled": True, "interval": "1h"},
            "subscriptions": {"enabled": True, "interval": "1h", "mirror": True},
            "prune": False,
        },
    }
    secret_ref = schema_of("Pax8Connection")["properties"]["spec"]["properties"][
        "credentialsSecretRef"
    ]
    assert spec_defaults(secret_ref) == {
        "applicationIdKey": "applicationId",
        "applicationSecretKey": "applicationSecret",
    }


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("Pax8Account", {"managementPolicy": "Manage"}),
        ("Pax8Subscription", {"managementPolicy": "Manage", "deletionPolicy": "Orphan"}),
    ],
)
def test_managed_kinds_default_to_manage_when_policy_is_omitted(
    kind: str, expected: dict[str, str]
) -> None:
    assert spec_defaults(schema_of(kind)["properties"]["spec"]) == expected


def _code_list(rule: str) -> set[str]:
    """The quoted codes of a CEL `self in [...]` rule."""
    inner = rule.split("[", 1)[1].rsplit("]", 1)[0]
    return {code.strip().strip("'") for code in inner.split(",") if code.strip()}


def test_country_and_currency_rules_hold_the_current_iso_code_lists() -> None:
    spec = schema_of("Pax8Connection")["properties"]["spec"]["properties"]
    countries = _code_list(spec["countryCode"]["x-kubernetes-validations"][0]["rule"])
    currencies = _code_list(spec["currencyCode"]["x-kubernetes-validations"][0]["rule"])
    assert len(countries) == 249
    assert {"US", "GB", "DE", "AU", "NZ", "CA", "IE", "ZA", "SS"} <= countries
    assert "XK" not in countries, "user-assigned codes are not ISO 3166-1"
    assert all(len(code) == 2 and code.isupper() for code in countries)
    assert {"USD", "EUR", "GBP", "AUD", "CAD", "NZD", "ZAR", "XCG", "ZWG"} <= currencies
    assert {"HRK", "ANG", "ZWL"}.isdisjoint(currencies), "withdrawn currencies are rejected"
    assert all(len(code) == 3 and code.isupper() for code in currencies)
    account_address = schema_of("Pax8Account")["properties"]["spec"]["properties"]["address"]
    account_rule = account_address["properties"]["country"]["x-kubernetes-validations"][0]
    assert _code_list(account_rule["rule"]) == countries


def test_sample_files_are_valid_yaml_without_a_namespace() -> None:
    docs = samples()
    assert {name for name, _ in docs} >= {
        "local-simulator-secret.yaml",
        "local-simulator-connection.yaml",
        "production-connection.yaml",
        "managed-account.yaml",
        "managed-subscription.yaml",
    }
    for name, doc in docs:
        assert "namespace" not in doc["metadata"], f"{name} must not pin a namespace"


@pytest.mark.parametrize(("name", "doc"), samples(), ids=[name for name, _ in samples()])
def test_sample_is_a_known_kind_that_fits_its_schema(name: str, doc: dict[str, Any]) -> None:
    if doc["kind"] == "Secret":
        assert doc["apiVersion"] == "v1"
        assert set(doc["stringData"]) == {"applicationId", "applicationSecret"}
        return
    assert doc["kind"] in KINDS, f"{name}: unknown kind {doc['kind']}"
    assert doc["apiVersion"] == f"{GROUP}/{VERSION}"
    jsonschema.validate(doc, strict(schema_of(doc["kind"])))


def test_samples_refer_only_to_objects_the_samples_define() -> None:
    defined = {(doc["kind"], doc["metadata"]["name"]) for _, doc in samples()}
    for name, doc in samples():
        spec = doc.get("spec", {})
        refs = [
            ("Pax8Connection", spec.get("connectionRef")),
            ("Pax8Account", spec.get("accountRef")),
            ("Secret", spec.get("credentialsSecretRef")),
        ]
        for kind, ref in refs:
            if ref is None or (name == "production-connection.yaml" and kind == "Secret"):
                continue  # the production Secret is shown as a comment only
            assert (kind, ref["name"]) in defined, f"{name}: {kind} {ref['name']} not defined"
