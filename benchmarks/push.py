"""Time ``graph push`` of a generated corpus to a Bolt server, and the named queries there.

    python -m benchmarks.push --size large [--out push.json]

The server is the one the tests use: a real Neo4j when NEO4J_URI is set (with NEO4J_USER,
NEO4J_PASSWORD, NEO4J_DATABASE), else FalkorDB 4.18.3 over Bolt (``tests/neo4j_server.py``
starts it on a free port and stops it at the end; its Bolt quirks are worked around in this
process only, as in the tests). Lineage is skipped unless ``--lineage`` (it does not change
the push's size much: SUCCEEDS edges are a few percent of the edges).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size", default="small")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--lineage", action="store_true", help="link plan years before pushing")
    ap.add_argument("--batch-size", type=int, default=None)
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)

    import pytest

    sys.path.insert(0, str(ROOT))
    from benchmarks.run import _busiest, ensure_corpus
    from graphmodel.build import build_graph
    from graphmodel.identity import resolve
    from graphmodel.lineage import link
    from graphmodel.pipeline import expand_paths, parse_files
    from graphmodel.store.neo4j import Neo4jStore
    from tests.neo4j_server import bolt_server_from_env, falkor_quirks, start_falkordb

    corpus = Path(tempfile.gettempdir()) / "civicgraph-bench" / f"{args.size}-{args.seed}"
    ensure_corpus(args.size, args.seed, corpus)
    files, *_ = expand_paths([corpus])
    results, _ = parse_files(files)
    records = [i for r in results for i in r.items]
    resolution = resolve(records)
    successions = link(records, resolution) if args.lineage else []
    g = build_graph(records, resolution, successions)
    out = {"size": args.size, "items": len(records), "nodes": g.number_of_nodes(), "edges": g.number_of_edges()}

    server = bolt_server_from_env()
    mp = None
    if server is None:
        server = start_falkordb()
        mp = pytest.MonkeyPatch()
        falkor_quirks(mp)
    out["server"] = server.kind
    try:
        store = Neo4jStore(server.uri, server.user, server.password, server.database)
        kwargs = {"batch_size": args.batch_size} if args.batch_size else {}
        out["server_agent"] = store.server_agent()
        t = time.perf_counter()
        store.push(g, **kwargs)
        seconds = time.perf_counter() - t
        out["push_seconds"] = round(seconds, 2)
        out["nodes_per_second"] = round(g.number_of_nodes() / seconds)
        out["edges_per_second"] = round(g.number_of_edges() / seconds)
        t = time.perf_counter()
        again = store.push(g, **kwargs)
        out["second_push_seconds"] = round(time.perf_counter() - t, 2)  # idempotent: changes nothing
        out["second_push_removed"] = again.removed_nodes + again.removed_edges
        out["client_peak_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0, 1)
        import cypher

        ctx = {"officer": _busiest(g, "Officer", "OWNS"), "member": _busiest(g, "Member", "OWNS"),
               "board": _busiest(g, "Board", "MONITORS")}
        out["queries_ms"] = {}
        for q in cypher.list_queries():
            params = {p.name: ctx[p.name] for p in q.params if ctx.get(p.name)}
            if any(p.required and p.name not in params for p in q.params):
                continue
            times = []
            try:
                for _ in range(3):
                    t = time.perf_counter()
                    cypher.run_query(store, q.name, params)
                    times.append((time.perf_counter() - t) * 1000)
                out["queries_ms"][q.name] = round(statistics.median(times), 1)
            except Exception as exc:  # noqa: BLE001 - FalkorDB does not run every query
                out["queries_ms"][q.name] = f"error: {str(exc).splitlines()[0][:120]}"
        store.close()
        out["server_peak_mb"] = _server_peak_mb(server)
    finally:
        server.stop()
        if mp is not None:
            mp.undo()
    print(json.dumps(out, indent=1))
    if args.out:
        args.out.write_text(json.dumps(out, indent=1), encoding="utf-8")


def _server_peak_mb(server) -> float | None:
    """Peak resident memory of a server this process started (FalkorDB), else None."""
    proc = getattr(server, "_proc", None)
    if proc is None:
        return None
    try:
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024.0, 1)  # kB
    except OSError:
        return None
    return None


if __name__ == "__main__":
    main()
