"""Tests of the Pax8 simulator: business rules, admin API, conformance to the published spec."""
