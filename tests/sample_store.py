"""The five sample documents loaded once per test session into a temporary Ladybug store."""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from tests.conftest import EXAMPLES


@functools.cache
def sample_store_path() -> Path:
    """A store holding every sample document (built on first use, removed at exit)."""
    from graphmodel.pipeline import load
    from graphmodel.store.ladybug import LadybugStore

    folder = Path(tempfile.mkdtemp(prefix="civicgraph-samples-"))
    atexit.register(shutil.rmtree, folder, True)
    store = LadybugStore(folder / "samples.db")
    report = load([EXAMPLES], store)
    assert not report.errors, report.errors
    return store.path


@functools.cache
def sample_graph():
    """The sample store's graph as NetworkX (read once; do not modify it)."""
    from graphmodel.store.ladybug import LadybugStore

    return LadybugStore(sample_store_path()).read_graph()
