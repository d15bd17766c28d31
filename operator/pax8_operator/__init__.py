"""pax8-operator: the Pax8 partner API brought into Kubernetes (see docs/architecture.md)."""
