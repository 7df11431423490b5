"""Per-call times of the reports commands on a loaded store, as each command runs them (the
database opened on every call), alternating with a trivial query (open + ``RETURN 1``) measured
the same way, so each figure can be read as a multiple of what any call costs on this machine
at that moment. Not a test: the machine is shared and its speed moves.

    python -m benchmarks.per_call --store /tmp/large.db --as-of 2012-12-31
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path


def _history_case(store_path: Path) -> Callable[[], object] | None:
    """``graph history`` of an activity read by several reports whose title names it alone in
    its plan year (the look-up and the readings), or None when the store has none."""
    from graphmodel.neighbourhood import Ambiguous, NotFound
    from graphmodel.store.ladybug import LadybugStore
    from graphmodel.store.readings import item_history
    from graphmodel.store.subgraph import find_in_store

    store = LadybugStore(store_path)
    with store.reading():
        candidates = store.query("MATCH (i:Activity) WHERE i.n_readings >= 2 RETURN i.title AS title, i.plan AS plan "
                                 "ORDER BY i.n_readings DESC LIMIT 20")
        for row in candidates:
            try:
                find_in_store(store, "activity", row["title"], [row["plan"]])
            except (Ambiguous, NotFound):
                continue

            def history(title: str = row["title"], plan: str = row["plan"]) -> object:
                s = LadybugStore(store_path)
                with s.reading():
                    node, label = find_in_store(s, "activity", title, [plan])
                    return item_history(s, node, label)

            return history
    return None


def _busiest_officer(store_path: Path) -> str | None:
    """The name of the officer who owns the most items now (their chain is the longest to read)."""
    from graphmodel.store.ladybug import LadybugStore

    store = LadybugStore(store_path)
    with store.reading():
        rows = store.query("MATCH (o:Officer)-[:OWNS]->(i) RETURN o.name AS name, count(i) AS n "
                           "ORDER BY n DESC, name LIMIT 1")
    return rows[0]["name"] if rows else None


def cases(store_path: Path, date: str) -> dict[str, Callable[[], object]]:
    """The commands timed, each a function doing what the command does before printing."""
    from cli.analyses import chain_result, load_figures, load_tally, read_carry
    from graphmodel.analysis.slippage import GROUPINGS
    from graphmodel.analysis.tallied import (
        SLIPPAGE_COLUMNS,
        WORKLOAD_COLUMNS,
        slippage_from_tally,
        workload_from_tally,
    )
    from graphmodel.store.ladybug import LadybugStore
    from graphmodel.store.readings import reports

    def workload(on: str | None) -> object:
        return workload_from_tally(load_tally(store_path, None, None, on, columns=WORKLOAD_COLUMNS)[0]["officer"])

    def slippage(on: str | None) -> object:
        rows, _ = load_tally(store_path, None, None, on, GROUPINGS, SLIPPAGE_COLUMNS)
        return [slippage_from_tally(rows[b], b) for b in GROUPINGS]

    out: dict[str, Callable[[], object]] = {"trivial query (open + RETURN 1)":
                                            lambda: LadybugStore(store_path).query("RETURN 1")}
    history = _history_case(store_path)
    if history is not None:
        out["graph history (one activity, its plan year)"] = history
    out.update({
        "graph reports": lambda: reports(LadybugStore(store_path)),
        "graph workload": lambda: workload(None),
        f"graph workload --as-of {date}": lambda: workload(date),
        f"graph slippage --as-of {date} (3 groupings)": lambda: slippage(date),
        # the command's tables: every chain counted, the first 20 described (its default --top)
        "graph carry": lambda: read_carry(store_path, None, None, None, top=20),
        f"graph carry --as-of {date}": lambda: read_carry(store_path, None, None, date, top=20),
        "graph figures": lambda: load_figures(store_path, None),
        f"graph figures --as-of {date}": lambda: load_figures(store_path, None, date),
    })
    officer = _busiest_officer(store_path)
    if officer is not None:  # the officer's part of the store, found by name; all plan years
        out[f"graph chain --officer '{officer}'"] = lambda: chain_result(officer, None, store_path)
        out[f"graph chain --officer '{officer}' --as-of {date}"] = lambda: chain_result(officer, None, store_path, date)
    return out


def carry_case(store_path: Path, date: str) -> Callable[[], object]:
    """``graph carry --as-of --json`` (every chain described), as the command runs it before printing."""
    from cli.analyses import read_carry

    return lambda: read_carry(store_path, None, None, date)


def measure(store_path: Path, date: str, repeat: int = 9) -> dict:
    """Median milliseconds per call of each case (alternating, ``repeat`` rounds), each also as a
    multiple of the trivial query's; carry's from 3 calls."""
    timed = cases(store_path, date)
    times: dict[str, list[float]] = {k: [] for k in timed}
    for _ in range(repeat):
        for name, fn in timed.items():
            started = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - started) * 1000)
    base = statistics.median(next(iter(times.values())))
    rows = [{"command": k, "median_ms": round(statistics.median(v), 1),
             "x_trivial": round(statistics.median(v) / base, 1)} for k, v in times.items()]
    carry = carry_case(store_path, date)
    spans = []
    for _ in range(3):
        started = time.perf_counter()
        carry()
        spans.append((time.perf_counter() - started) * 1000)
    rows.append({"command": f"graph carry --as-of {date} --json (every chain)", "median_ms": round(statistics.median(spans), 1),
                 "x_trivial": round(statistics.median(spans) / base, 1)})
    return {"store": str(store_path), "as_of": date, "rows": rows,
            "load_average_at_end": float(Path("/proc/loadavg").read_text().split()[0])}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--store", type=Path, required=True, help="a store written by graph load")
    ap.add_argument("--as-of", default="2012-12-31", help="the date the --as-of commands are asked for")
    ap.add_argument("--repeat", type=int, default=9)
    args = ap.parse_args(argv)
    result = measure(args.store, args.as_of, args.repeat)
    for row in result["rows"]:
        print(f"{row['command']:55s} {row['median_ms']:9.1f} ms   x{row['x_trivial']} trivial")
    print(f"load average at the end: {result['load_average_at_end']}")


if __name__ == "__main__":
    main()
