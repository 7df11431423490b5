"""Ctrl-C during a load of many PDFs (read in a pool of processes) keeps the store's guarantees.

The folder of printed samples (five PDFs and three Word files, over ``POOL_BYTES``) is read by
worker processes. A SIGINT to the whole process group, as a terminal sends it, at random
moments: no traceback from the loader or from any reading process, the store holds the old
graph or the new one, and no reading process outlives the load.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
import uuid
from pathlib import Path

import pytest

from graphmodel.pipeline import POOL_BYTES
from tests.conftest import SAMPLES
from tests.robustness.conftest import ROOT, graph_argv, run_graph
from tests.robustness.test_crash import SEED, STARTUP, fingerprint

DOCUMENTS = ROOT / "tests" / "data" / "documents"
INTERRUPTS = 3

pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")


def _processes_marked(mark: str) -> list[int]:
    """Processes whose environment holds ``mark`` (the load's reading processes inherit it)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if mark.encode() in (entry / "environ").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def test_ctrl_c_during_a_pooled_pdf_load(tmp_path):
    assert sum(f.stat().st_size for f in DOCUMENTS.iterdir()) >= POOL_BYTES  # the pool is used
    old = tmp_path / "old.db"
    assert run_graph("load", SAMPLES["overdue-report"], "--store", old).returncode == 0
    new = tmp_path / "new.db"
    shutil.copy(old, new)
    started = time.monotonic()
    assert run_graph("load", DOCUMENTS, "--store", new).returncode == 0
    total = time.monotonic() - started
    old_fp, new_fp = fingerprint(old), fingerprint(new)
    rng = random.Random(SEED + 7)
    store = tmp_path / "graph.db"
    for n in range(INTERRUPTS):
        shutil.copy(old, store)
        mark = f"CIVICGRAPH_TEST_MARK={uuid.uuid4().hex}"
        name, value = mark.split("=")
        proc = subprocess.Popen(graph_argv("load", DOCUMENTS, "--store", store), cwd=ROOT,
                                env={**os.environ, name: value}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)  # its own group, as a terminal's job
        time.sleep(rng.uniform(STARTUP, max(STARTUP, 0.8 * total)))
        try:
            os.killpg(proc.pid, signal.SIGINT)  # to the loader and its reading processes, as Ctrl-C does
        except ProcessLookupError:
            pass
        _, err = proc.communicate(timeout=120)
        context = f"interrupt {n} (seed {SEED + 7}, exit {proc.returncode})"
        assert "Traceback" not in err, f"{context}: {err}"
        assert fingerprint(store) in (old_fp, new_fp), context
        deadline = time.monotonic() + 10
        while _processes_marked(mark) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _processes_marked(mark) == [], f"{context}: reading processes left running"
