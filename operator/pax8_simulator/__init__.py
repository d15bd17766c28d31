"""A Pax8 partner API simulator: Pax8 has no sandbox, so we ship one (ASGI app + CLI)."""
