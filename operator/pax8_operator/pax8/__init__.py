"""The Pax8 partner API client: one async client per Pax8Connection.

Why a package of its own: everything that speaks HTTP to Pax8 (tokens, pacing, retries,
paging, error translation, tolerant models) lives here and nowhere else, and it knows nothing
of Kopf or Kubernetes (import-linter enforces it), so it can be tested against the simulator
alone. Callers use ``client.Pax8Client``, ``models`` and ``errors``.
"""
