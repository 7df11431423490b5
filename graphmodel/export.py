"""Exports: the items (JSON lines or CSV) in the contract other tools read."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from graphmodel.schema import EXPORT_KEYS, ItemRecord


def export_items(records: Iterable[ItemRecord]) -> list[dict]:
    """One dict per item with exactly ``EXPORT_KEYS``, ordered by source file and line."""
    return [r.export_row() for r in sorted(records, key=lambda r: (r.source, r.line))]


_REF_KEYS = ("source", "line", "plan", "kind", "code", "title")
# the lineage CSV's columns (``flat`` of ``export_lineage``'s rows)
LINEAGE_CSV = (*(f"later_{k}" for k in _REF_KEYS), *(f"earlier_{k}" for k in _REF_KEYS), "score", "evidence")


def export_lineage(corpus) -> list[dict]:
    """One dict per SUCCEEDS edge: ``later`` and ``earlier`` ({source, line, plan, kind, code,
    title}), ``score`` and ``evidence``; ordered by the later item's source and line."""
    by_key = {r.key: r for r in corpus.records}

    def ref(key: str) -> dict:
        r = by_key[key]
        return {"source": r.source, "line": r.line, "plan": r.plan, "kind": r.kind.value, "code": r.code,
                "title": r.title}

    rows = [{"later": ref(s.later), "earlier": ref(s.earlier), "score": s.score, "evidence": list(s.evidence)}
            for s in corpus.successions]
    return sorted(rows, key=lambda r: (r["later"]["source"], r["later"]["line"], r["earlier"]["source"]))


def flat(rows: Iterable[dict]) -> list[dict]:
    """``rows`` with each dict value spread into columns named ``<key>_<inner key>``
    (``later`` -> ``later_source``, ``later_line``, ...), for CSV, whose cells hold no dicts."""
    out = []
    for row in rows:
        flat_row: dict = {}
        for k, v in row.items():
            if isinstance(v, dict):
                flat_row.update({f"{k}_{inner}": x for inner, x in v.items()})
            else:
                flat_row[k] = v
        out.append(flat_row)
    return out


def to_jsonl(rows: Iterable[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def to_csv(rows: Iterable[dict], keys: Iterable[str] = EXPORT_KEYS) -> str:
    """CSV with one column per key; list values joined with "; "."""
    keys = list(keys)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=keys, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "; ".join(row[k]) if isinstance(row[k], list) else row[k] for k in keys})
    return out.getvalue()
