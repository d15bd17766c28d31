"""A Pax8 partner API simulator: Pax8 has no sandbox, so we ship one (ASGI app + CLI).

It follows the published partner spec and the business rules in the API notes, seeds a
deterministic world, and adds an admin API (`/__sim/`) for faults, time and drift.
"""
