"""Growth measured side by side: two corpus sizes timed in turn in one run, best of N each.

    python -m benchmarks.side_by_side medium large [--repeat 3] [--no-e2e] [--out growth.json]

Two separate ``benchmarks.run`` runs minutes apart see a noisy machine differently; this times
resolve and lineage for both corpora alternately in one process (the records parsed once), and
optionally the end-to-end ``graph load`` of each in fresh processes, alternately. It prints each
stage's growth next to the corpus's (items) and activities' growth.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from benchmarks.run import end_to_end, ensure_corpus


def _results(folder: Path) -> list:
    """The corpus's load results as ``graph load`` keeps them: dated, copies of a text left out."""
    from graphmodel.pipeline import date_reports, duplicates, expand_paths, parse_files

    files, *_ = expand_paths([folder])
    results, _ = parse_files(files)
    copies = duplicates(results, {})
    results = [r for r in results if r.source not in copies]
    date_reports(results)
    return results


def side_by_side(small: str, large: str, seed: int = 7, repeat: int = 3, e2e: bool = True,
                 root: Path | None = None) -> dict:
    """Best-of-``repeat`` seconds of resolve, lineage (and ``graph load``) for the corpora of
    sizes ``small`` and ``large`` (cached under ``root``, default $TMPDIR/civicgraph-bench),
    timed alternately; with each growth ratio (large / small)."""
    from graphmodel.gcpause import gc_paused
    from graphmodel.identity import resolve
    from graphmodel.lineage import link, publishers
    from graphmodel.reports import plan_items
    from graphmodel.schema import Kind

    root = root or Path(tempfile.gettempdir()) / "civicgraph-bench"
    folders = {s: root / f"{s}-{seed}" for s in (small, large)}
    for size, folder in folders.items():
        ensure_corpus(size, seed, folder)
    best: dict[str, dict[str, float]] = {s: {} for s in folders}
    counts: dict[str, dict[str, int]] = {}
    with gc_paused():  # as graph load runs them
        results = {s: _results(f) for s, f in folders.items()}
        for s, rs in results.items():
            recs = [item for r in rs for item in r.items]
            counts[s] = {"items": len(recs), "activities": sum(1 for r in recs if r.kind == Kind.ACTIVITY)}
        for _ in range(repeat):
            for s, rs in results.items():
                recs = [item for r in rs for item in r.items]
                t = time.perf_counter()
                resolution = resolve(recs)
                _keep_best(best[s], "resolve", time.perf_counter() - t)
                t = time.perf_counter()
                plans = plan_items(rs, publishers(recs, resolution))
                _keep_best(best[s], "reports", time.perf_counter() - t)
                t = time.perf_counter()
                link(plans.records, resolution)  # lineage links plan items, as graph load does
                _keep_best(best[s], "lineage", time.perf_counter() - t)
                del recs, plans
    del results
    if e2e:
        with tempfile.TemporaryDirectory() as tmp:
            for n in range(repeat):
                for s, folder in folders.items():
                    run = end_to_end(folder, Path(tmp) / f"{s}-{n}.db")
                    if "error" in run:
                        raise SystemExit(f"graph load of {folder} failed: {run['error']}")
                    _keep_best(best[s], "graph load end to end", run["seconds"])
                    _keep_best(best[s], "graph load peak MiB", run["peak_mb"])
    out = {"small": small, "large": large, "repeat": repeat, "counts": counts,
           "corpus_growth": round(counts[large]["items"] / counts[small]["items"], 3),
           "activity_growth": round(counts[large]["activities"] / counts[small]["activities"], 3), "stages": {}}
    for stage, value in best[small].items():
        # the seconds as measured (a tiny corpus's stages take milliseconds), the ratio rounded
        out["stages"][stage] = {"small": value, "large": best[large][stage], "growth": round(best[large][stage] / value, 3)}
    return out


def _keep_best(row: dict[str, float], stage: str, value: float) -> None:
    row[stage] = min(row.get(stage, value), value)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("small")
    ap.add_argument("large")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-e2e", action="store_true", help="skip the end-to-end graph load")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args(argv)
    out = side_by_side(args.small, args.large, args.seed, args.repeat, e2e=not args.no_e2e)
    text = json.dumps(out, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
