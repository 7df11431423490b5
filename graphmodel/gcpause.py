"""One way to pause Python's cyclic garbage collector around bulk work."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block (restoring its previous state after).

    A load makes millions of objects that live to its end (records, rows, lineage indexes);
    every few thousand allocations the collector walks all of them again, which cost about
    half the time of parsing and of building the tables, and a third of linking (measured at
    100k+ items). Reference counting still frees everything else at once; the few cycles a
    load makes are collected when the collector resumes.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
