"""The product catalogue the simulator sells: common MSP products with realistic prices.

Fixed data (not random) so product ids are the same for every seed: ids are uuid5 of the sku.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid

NAMESPACE = uuid.UUID("6f1c0a52-6a8e-4e0b-9a5e-3c1d2b4a8f10")

# Commitment terms a commitment product offers, and their length in months.
TERM_MONTHS = {"Monthly": 1, "1-Year": 12, "2-Year": 24, "3-Year": 36}
# Which commitment terms satisfy a billing term ("equal or greater time").
BILLING_MONTHS = {"Monthly": 1, "Annual": 12, "2-Year": 24, "3-Year": 36}


@dataclasses.dataclass(frozen=True)
class ProductDef:
    """One catalogue line: what a product is and how it is sold."""

    name: str
    vendor: str
    sku: str
    price: float
    """Suggested retail price per unit per month on the monthly term."""
    cost: float
    """Partner buy rate per unit per month on the monthly term."""
    unit: str = "User"
    commitment_terms: tuple[str, ...] = ()
    """Empty: no commitment required; else the offered terms (`Monthly`, `1-Year`, ...)."""
    billing_terms: tuple[str, ...] = ("Monthly",)
    provisioning: str = ""
    """Name of the provisioning detail set it needs ("" = none)."""
    usage_based: bool = False
    description: str = ""

    @functools.cached_property
    def id(self) -> str:
        """Stable product id."""
        return str(uuid.uuid5(NAMESPACE, self.sku))

    @property
    def requires_commitment(self) -> bool:
        """Orders must name a commitment term."""
        return bool(self.commitment_terms)

    def commitment_id(self, term: str) -> str:
        """Stable id of one of its commitment terms."""
        return _commitment_id(self.sku, term)


@functools.cache
def _commitment_id(sku: str, term: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{sku}/{term}"))


# Sales plans: (commitment terms offered, billing terms offered).
PLANS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "month": ((), ("Monthly",)),
    "nce": (("Monthly", "1-Year", "3-Year"), ("Monthly", "Annual", "3-Year")),
    "nce1": (("Monthly", "1-Year"), ("Monthly", "Annual")),
    "y13": (("1-Year", "3-Year"), ("Monthly", "Annual")),
    "y1": (("1-Year",), ("Monthly", "Annual")),
    "annual": (("1-Year",), ("Annual",)),
    "trial": ((), ("Trial",)),
}


def _p(
    name: str,
    vendor: str,
    sku: str,
    price: float,
    cost: float,
    plan: str = "month",
    unit: str = "User",
    prov: str = "",
    usage: bool = False,
) -> ProductDef:
    terms, billing = PLANS[plan]
    return ProductDef(name, vendor, sku, price, cost, unit, terms, billing, prov, usage)


MS = "Microsoft"
MSP = "microsoft"
# fmt: off
PRODUCTS: tuple[ProductDef, ...] = (
    _p("Microsoft 365 Business Basic", MS, "MST-365-BB-NCE", 7.2, 6.0, "nce", prov=MSP),
    _p("Microsoft 365 Business Standard", MS, "MST-365-BS-NCE", 15.0, 12.5, "nce", prov=MSP),
    _p("Microsoft 365 Business Premium", MS, "MST-365-BP-NCE", 26.4, 22.0, "nce", prov=MSP),
    _p("Microsoft 365 E3", MS, "MST-365-E3-NCE", 43.2, 36.0, "nce", prov=MSP),
    _p("Microsoft 365 E5", MS, "MST-365-E5-NCE", 68.4, 57.0, "nce", prov=MSP),
    _p("Office 365 E1", MS, "MST-O365-E1-NCE", 12.0, 10.0, "nce", prov=MSP),
    _p("Office 365 E3", MS, "MST-O365-E3-NCE", 27.6, 23.0, "nce", prov=MSP),
    _p("Microsoft 365 Apps for business", MS, "MST-365-APB-NCE", 9.9, 8.25, "nce", prov=MSP),
    _p("Exchange Online (Plan 1)", MS, "MST-EXO-P1-NCE", 4.8, 4.0, "nce", prov=MSP),
    _p("Exchange Online (Plan 2)", MS, "MST-EXO-P2-NCE", 9.6, 8.0, "nce", prov=MSP),
    _p("Microsoft Teams Essentials", MS, "MST-TMS-ESS-NCE", 4.8, 4.0, "nce1", prov=MSP),
    _p("Microsoft Teams Premium", MS, "MST-TMS-PRM-NCE", 12.0, 10.0, "nce1", prov=MSP),
    _p("Microsoft Teams Phone Standard", MS, "MST-TMS-PHN-NCE", 9.6, 8.0, "nce1", prov=MSP),
    _p("Microsoft Defender for Business", MS, "MST-DFB-NCE", 3.6, 3.0, "nce", prov=MSP),
    _p("Microsoft Defender for Endpoint P1", MS, "MST-DFE-P1-NCE", 3.6, 3.0, "nce1", prov=MSP),
    _p("Microsoft Defender for Endpoint P2", MS, "MST-DFE-P2-NCE", 6.2, 5.2, "nce1", prov=MSP),
    _p("Microsoft Defender for Office 365 (Plan 1)", MS, "MST-DFO-P1-NCE", 2.4, 2.0, "nce1",
       prov=MSP),
    _p("Microsoft Entra ID P1", MS, "MST-ENT-P1-NCE", 7.2, 6.0, "nce", prov=MSP),
    _p("Microsoft Entra ID P2", MS, "MST-ENT-P2-NCE", 10.8, 9.0, "nce", prov=MSP),
    _p("Microsoft Intune Plan 1", MS, "MST-INT-P1-NCE", 9.6, 8.0, "nce1", prov=MSP),
    _p("Microsoft Visio Plan 2", MS, "MST-VIS-P2-NCE", 18.0, 15.0, "nce1", prov=MSP),
    _p("Microsoft Project Plan 3", MS, "MST-PRJ-P3-NCE", 36.0, 30.0, "nce1", prov=MSP),
    _p("Microsoft Copilot for Microsoft 365", MS, "MST-CPL-365-NCE", 36.0, 30.0, "y13",
       prov=MSP),
    _p("Microsoft Azure Plan", MS, "MST-AZR-PLAN", 0.0, 0.0, unit="Usage", prov=MSP,
       usage=True),
    _p("Windows 365 Business 2 vCPU 8 GB", MS, "MST-W365-B2-NCE", 49.2, 41.0, "nce1",
       prov=MSP),
    _p("Microsoft 365 Business Premium (Trial)", MS, "MST-365-BP-TRL", 0.0, 0.0, "trial",
       prov=MSP),
    _p("Acronis Cyber Protect Cloud - Per Workload", "Acronis", "ACR-CPC-WL", 6.5, 4.1,
       unit="Workload", prov="acronis"),
    _p("Acronis Cyber Protect Cloud - Storage (GB)", "Acronis", "ACR-CPC-STG", 0.06, 0.03,
       unit="GB", prov="acronis", usage=True),
    _p("Acronis Cyber Protect Cloud - Microsoft 365 Seat", "Acronis", "ACR-CPC-M365", 2.5, 1.4,
       prov="acronis"),
    _p("Datto SaaS Protection for Microsoft 365", "Datto", "DAT-SAAS-M365", 3.5, 2.2),
    _p("Datto Endpoint Backup for PCs", "Datto", "DAT-EBPC", 12.0, 8.0, unit="Device"),
    _p("Veeam Backup for Microsoft 365", "Veeam", "VEE-VBM365", 2.9, 1.8, "y13"),
    _p("Veeam Data Cloud for Microsoft 365", "Veeam", "VEE-VDC-M365", 3.6, 2.4),
    _p("SentinelOne Singularity Core", "SentinelOne", "S1-SNG-CORE", 4.0, 2.6, unit="Endpoint",
       prov="sentinelone"),
    _p("SentinelOne Singularity Control", "SentinelOne", "S1-SNG-CTRL", 5.5, 3.6,
       unit="Endpoint", prov="sentinelone"),
    _p("SentinelOne Singularity Complete", "SentinelOne", "S1-SNG-CMPL", 7.5, 4.9,
       unit="Endpoint", prov="sentinelone"),
    _p("Bitdefender GravityZone Business Security", "Bitdefender", "BD-GZ-BS", 2.2, 1.3,
       unit="Endpoint"),
    _p("Bitdefender GravityZone Business Security Premium", "Bitdefender", "BD-GZ-BSP", 4.4, 2.8,
       unit="Endpoint"),
    _p("Sophos Intercept X Advanced", "Sophos", "SOP-IXA", 3.9, 2.5, unit="Endpoint"),
    _p("Sophos MDR Complete", "Sophos", "SOP-MDR-C", 9.5, 6.6, "y1", unit="Endpoint"),
    _p("Proofpoint Essentials - Business", "Proofpoint", "PPT-ESS-BUS", 3.5, 2.3),
    _p("Proofpoint Essentials - Professional", "Proofpoint", "PPT-ESS-PRO", 5.3, 3.6),
    _p("Keeper Business", "Keeper Security", "KPR-BUS", 3.75, 2.4, "annual"),
    _p("Dropbox Business Standard", "Dropbox", "DBX-BUS-STD", 15.0, 11.5),
    _p("Google Workspace Business Starter", "Google", "GGL-WS-BST", 7.2, 5.76, prov="google"),
    _p("Google Workspace Business Standard", "Google", "GGL-WS-BSD", 14.4, 11.52, prov="google"),
    _p("Adobe Acrobat Pro for teams", "Adobe", "ADB-ACR-PRO", 23.99, 19.5, "annual"),
    _p("Huntress Managed EDR", "Huntress", "HNT-MEDR", 4.0, 2.75, unit="Endpoint"),
    _p("Huntress Managed ITDR", "Huntress", "HNT-MITDR", 4.5, 3.0),
    _p("Cisco Duo Essentials", "Cisco", "CSC-DUO-ESS", 3.6, 2.7),
)
# fmt: on

BY_ID: dict[str, ProductDef] = {p.id: p for p in PRODUCTS}

PROVISIONING: dict[str, list[dict[str, object]]] = {
    "microsoft": [
        {
            "label": "Does the customer have an existing Microsoft account?",
            "key": "msCustExists",
            "valueType": "Single-Value",
            "possibleValues": [
                "No, the customer does not have a Microsoft account",
                "Yes, the customer has and can log into their Microsoft account",
            ],
        },
        {
            "label": "Desired .onmicrosoft.com Customer Domain Prefix",
            "key": "msDomain",
            "valueType": "Input",
            "description": "Do not include the TLD (mydomain.onmicrosoft.com -> mydomain)",
        },
    ],
    "acronis": [
        {
            "label": "Data center",
            "key": "acronisDataCenter",
            "valueType": "Single-Value",
            "possibleValues": ["US East", "US West", "EU Germany", "UK London", "AU Sydney"],
        }
    ],
    "sentinelone": [
        {
            "label": "Modules",
            "key": "s1Modules",
            "valueType": "Multi-Value",
            "possibleValues": ["Ranger", "Remote Script Orchestration", "Vigilance"],
        },
        {"label": "Site name", "key": "s1SiteName", "valueType": "Input"},
    ],
    "google": [
        {"label": "Primary domain", "key": "googleDomain", "valueType": "Input"},
    ],
}

# Add-ons that need a base product (shown in `productDependencies`).
REQUIRES: dict[str, tuple[str, ...]] = {
    "MST-TMS-PHN-NCE": ("MST-365-E3-NCE", "MST-365-E5-NCE", "MST-365-BP-NCE"),
    "MST-CPL-365-NCE": ("MST-365-E3-NCE", "MST-365-E5-NCE", "MST-365-BP-NCE", "MST-365-BS-NCE"),
    "MST-DFO-P1-NCE": ("MST-365-BB-NCE", "MST-365-BS-NCE", "MST-EXO-P1-NCE"),
}
