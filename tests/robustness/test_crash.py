"""Crash safety: ``graph load`` killed with SIGKILL at random points never leaves a mixed store.

A load runs in its own process (``python -m cli.app load ...``, the console script's code)
and is killed at random moments: anywhere in the run, and inside ``write_graph`` (while the
new database file is being built, found by watching for its temp file). After each kill the
store must open and hold exactly the old graph or exactly the new one: the same exported
items (``graph export items``), the same nodes and edges. Then the next load must work
(no stuck lock, stale temp files cleaned up), and loading twice equals loading once.

The kill schedule is random; the seed is printed in every failure message (set
``CRASH_SEED`` to replay it).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from graphmodel.export import export_items, to_jsonl
from graphmodel.pipeline import stored_records
from graphmodel.store.ladybug import LadybugStore
from tests.conftest import SAMPLES
from tests.robustness.conftest import ROOT, graph_argv, run_graph

OLD_DOC = SAMPLES["overdue-report"]  # the store starts holding this
NEW_DOC = SAMPLES["improvement-tracker"]  # the load being killed adds this

KILLS_ANYWHERE = 8  # from the old store, at a random moment of the whole run
KILLS_IN_WRITE = 8  # from the old store, at a random moment inside write_graph
KILLS_FROM_EMPTY = 4  # from no store at all, at a random moment of the whole run
KILLS_AFTER_REPLACE = 2  # the moment the new file has replaced the old (temp file gone), before exit
TOTAL_KILLS = KILLS_ANYWHERE + KILLS_IN_WRITE + KILLS_FROM_EMPTY + KILLS_AFTER_REPLACE

SEED = int(os.environ.get("CRASH_SEED") or time.time_ns() % 1_000_000)


def fingerprint(store_path: Path) -> tuple[str, tuple, tuple] | None:
    """What the store holds: exported items, nodes (id, label) and edges; None for no store."""
    store = LadybugStore(store_path)
    if not store.exists():
        return None
    with store.reading():  # one snapshot for both reads
        items = to_jsonl(export_items(stored_records(store)))
        g = store.read_graph()
    nodes = tuple(sorted((n, d["label"]) for n, d in g.nodes(data=True)))
    edges = tuple(sorted((a, b, k) for a, b, k in g.edges(keys=True)))
    return items, nodes, edges


def temp_files(store_path: Path, pid: int | None = None) -> list[str]:
    """write_graph's temp database files (of the writer ``pid``, or of any writer)."""
    prefix = f".{store_path.name}.tmp-{'' if pid is None else pid}"
    return sorted(p.name for p in store_path.parent.iterdir()
                  if p.name.startswith(prefix) and (pid is None or p.name[len(prefix):][:1] in ("", ".")))


def spawn_load(store_path: Path, *docs: Path) -> subprocess.Popen:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.Popen(graph_argv("load", *docs, "--store", store_path), cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def timed_full_load(store_path: Path, *docs: Path) -> tuple[float, float, float]:
    """Run a load to the end; return (total seconds, when the temp database appeared, how long it lived)."""
    t0 = time.monotonic()
    proc = spawn_load(store_path, *docs)
    appeared = gone = None
    while proc.poll() is None:
        now = time.monotonic() - t0
        present = bool(temp_files(store_path, proc.pid))
        if present and appeared is None:
            appeared = now
        if not present and appeared is not None and gone is None:
            gone = now
        time.sleep(0.002)
    total = time.monotonic() - t0
    assert proc.returncode == 0, proc.stderr.read()
    assert appeared is not None, "never saw write_graph's temp database"
    return total, appeared, (gone or total) - appeared


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """The store before (old), after (new), and built from nothing (fresh), with their fingerprints."""
    base = tmp_path_factory.mktemp("crash")
    old = base / "old.db"
    assert run_graph("load", OLD_DOC, "--store", old).returncode == 0
    new = base / "new.db"
    shutil.copy(old, new)
    total, appeared, window = timed_full_load(new, NEW_DOC)
    fresh = base / "fresh.db"
    fresh_total, _, _ = timed_full_load(fresh, NEW_DOC)
    return {
        "old": old, "old_fp": fingerprint(old), "new_fp": fingerprint(new), "fresh_fp": fingerprint(fresh),
        "total": total, "write_start": appeared, "write_window": window, "fresh_total": fresh_total,
    }


def test_sigkill_never_leaves_a_mixed_store(states, tmp_path):
    rng = random.Random(SEED)
    store = tmp_path / "graph.db"
    old_fp, new_fp, fresh_fp = states["old_fp"], states["new_fp"], states["fresh_fp"]
    assert old_fp != new_fp and fresh_fp != new_fp
    outcomes: list[tuple[str, float, str]] = []

    schedule = (["anywhere"] * KILLS_ANYWHERE + ["in write_graph"] * KILLS_IN_WRITE
                + ["from empty"] * KILLS_FROM_EMPTY + ["after replace"] * KILLS_AFTER_REPLACE)
    rng.shuffle(schedule)
    for n, when in enumerate(schedule, start=1):
        if when == "from empty":
            store.unlink(missing_ok=True)
        else:
            shutil.copy(states["old"], store)
        proc = spawn_load(store, NEW_DOC)
        t0 = time.monotonic()
        if when == "in write_graph":
            while not temp_files(store, proc.pid) and proc.poll() is None:
                time.sleep(0.001)
            delay = rng.uniform(0, states["write_window"])
        elif when == "after replace":
            while not temp_files(store, proc.pid) and proc.poll() is None:
                time.sleep(0.001)
            while temp_files(store, proc.pid) and proc.poll() is None:
                time.sleep(0.0005)
            delay = 0.0
        else:
            total = states["fresh_total"] if when == "from empty" else states["total"]
            delay = rng.uniform(0, total * 1.05)
        time.sleep(delay)
        finished = proc.poll() is not None
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        at = time.monotonic() - t0
        context = f"kill {n} ({when}, {at:.3f}s, seed {SEED}, finished first: {finished})"

        fp = fingerprint(store)  # the store opens, and reads without error
        if when == "from empty":
            assert fp in (None, fresh_fp), f"{context}: store holds neither nothing nor the new graph"
            state = "none" if fp is None else "new"
        else:
            assert fp in (old_fp, new_fp), f"{context}: store holds neither the old graph nor the new one"
            state = "old" if fp == old_fp else "new"
            if when == "after replace" and not finished:
                assert state == "new", f"{context}: the new file replaced the old, yet the old graph is back"
        outcomes.append((when, round(at, 3), state))

    sys.stderr.write(f"crash test (seed {SEED}): {outcomes}\n")
    assert len(outcomes) == TOTAL_KILLS
    # the schedule really cut loads short (not every kill came after the end), and saw both outcomes.
    # A quarter, not a half: the kill times come from one calibration load, and on a busy machine
    # later loads run faster or slower than it did (seen: 8 and 9 of 22 under two other jobs' load)
    states_seen = {state for _, _, state in outcomes}
    assert "old" in states_seen and "new" in states_seen, outcomes
    assert sum(1 for _, _, state in outcomes if state in ("old", "none")) >= TOTAL_KILLS // 4, outcomes

    # the next load works: no stuck lock, the dead writers' temp files are cleaned up
    shutil.copy(states["old"], store)
    result = run_graph("load", NEW_DOC, "--store", store)
    assert result.returncode == 0, result.stderr
    assert fingerprint(store) == new_fp
    assert temp_files(store) == []


def test_stale_temp_files_do_not_break_the_next_load(states, tmp_path):
    store = tmp_path / "graph.db"
    shutil.copy(states["old"], store)
    for suffix in ("", ".wal", ".shadow", ".checkpoint.intent.lock"):  # what a killed writer leaves
        (tmp_path / f".graph.db.tmp-999999{suffix}").write_bytes(os.urandom(4096))
    (tmp_path / "graph.db.lock").write_text("")  # the lock file of a dead writer (no lock held)
    result = run_graph("load", NEW_DOC, "--store", store)
    assert result.returncode == 0, result.stderr
    assert fingerprint(store) == states["new_fp"]
    assert temp_files(store) == []


def test_loading_twice_equals_loading_once(states, tmp_path):
    store = tmp_path / "graph.db"
    shutil.copy(states["old"], store)
    assert run_graph("load", NEW_DOC, "--store", store).returncode == 0
    once = fingerprint(store)
    assert run_graph("load", NEW_DOC, "--store", store).returncode == 0
    assert fingerprint(store) == once == states["new_fp"]
    # and both documents in one load, from nothing, give the same graph
    together = tmp_path / "together.db"
    assert run_graph("load", NEW_DOC, OLD_DOC, "--store", together).returncode == 0
    assert fingerprint(together) == once


def test_a_failure_inside_write_graph_leaves_the_store_byte_for_byte(states, tmp_path, monkeypatch):
    """An error half way through building the new database (here: the third COPY fails)."""
    from graphmodel.pipeline import load
    from graphmodel.store import ladybug as ladybug_store
    from tests.robustness.conftest import digest

    store = tmp_path / "graph.db"
    shutil.copy(states["old"], store)
    before = digest(store)
    real_copy, calls = ladybug_store._copy, []

    def failing_copy(*args, **kw):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full (simulated)")
        return real_copy(*args, **kw)

    monkeypatch.setattr(ladybug_store, "_copy", failing_copy)
    with pytest.raises(RuntimeError, match="simulated"):
        load([NEW_DOC], LadybugStore(store))
    assert digest(store) == before
    assert temp_files(store) == []


INTERRUPTS = 4
# how long the interpreter's own start-up takes at most (bare `python -c pass` is ~20 ms; a fresh
# clone compiles its bytecode on the first runs)
STARTUP = 0.25


def test_ctrl_c_leaves_the_old_graph_or_the_new_one(states, tmp_path):
    """Ctrl-C (SIGINT) at random moments: no traceback, the store old or new, no temp files left."""
    rng = random.Random(SEED + 1)
    store = tmp_path / "graph.db"
    for n in range(INTERRUPTS):
        shutil.copy(states["old"], store)
        proc = subprocess.Popen(graph_argv("load", NEW_DOC, "--store", store), cwd=ROOT,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        if n % 2:  # half of them inside write_graph
            while not temp_files(store, proc.pid) and proc.poll() is None:
                time.sleep(0.001)
            time.sleep(rng.uniform(0, states["write_window"]))
        else:
            # not before the interpreter has started: a Ctrl-C while Python itself imports `site`
            # is answered by Python's own fatal-error traceback, before any civicgraph code runs
            time.sleep(rng.uniform(STARTUP, states["total"]))
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        context = f"interrupt {n} (seed {SEED + 1}, exit {proc.returncode})"
        assert "Traceback" not in err, f"{context}: {err}"
        assert fingerprint(store) in (states["old_fp"], states["new_fp"]), context
        if proc.returncode != 0:
            assert temp_files(store, proc.pid) == [], f"{context}: left {temp_files(store, proc.pid)}"
