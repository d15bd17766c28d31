"""Process-wide tuning of the operator's Python runtime: the garbage collector.

Why: a sync lists Pax8 in 200-item pages and the cluster in 1,000-object pages, and each
page allocates thousands of short-lived objects. With CPython's default young-generation
threshold (700 allocations) the collector runs several times per page and walks everything
the sync holds (tens of thousands of mirrors), which measured 10-15% of the client's CPU
in a full listing (``bench/client_listing.py``). The objects of a page die by reference
counting, not by the collector, so collecting far less often costs little memory: at most
one threshold's worth of cyclic garbage waits a little longer. ``gc.freeze()`` moves what
start-up created (modules, pydantic schemas, Kopf's registry) out of every later collection.
"""

from __future__ import annotations

import gc

PYTHON_DEFAULT_THRESHOLD = 700


def tune_gc(young_threshold: int) -> None:
    """Freeze what exists now and collect the young generation every ``young_threshold``
    allocations (0 or Python's 700: leave the collector as it is)."""
    if young_threshold in (0, PYTHON_DEFAULT_THRESHOLD):
        return
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(young_threshold, older, oldest)
