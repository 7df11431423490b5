"""Hand-checked item records of the five sample documents, and the score of a parse against them.

The truth files are ``tests/data/truth/<sample stem>.jsonl`` (e.g. ``004_c06fa87f8ecacf20.jsonl``),
one JSON object per item of the document, in document order, with exactly these keys:

- ``line``: the 1-based line of ``examples/<stem>.txt`` where the item's title starts;
- ``kind``: ``theme`` | ``priority`` | ``activity`` | ``milestone``;
- ``code``: the code as printed ("R2.1", "1.1.1", "2.4") or null;
- ``title``: the title as the export contract gives it (wrapped lines joined, HTML removed, no
  list number or trailing "*"; an OCR-garbled or truncated title mended as the document's own
  narrative list prints it);
- ``parent``: the enclosing item's code, or its title when it has none, or null;
- ``owners``: ``[[name, directorate or null], ...]`` in printed order, each officer with the
  directorate printed for that officer;
- ``members``, ``boards``: lists of strings as printed (a member role cut short stays as printed);
- ``deadlines``: ``YYYY-MM-DD``, or the text as printed when it is not a real date;
- ``status``: as printed (the tracker's status from its symbol; the 2007/08 overdue report's items
  are all "Overdue", the report's subject), or null; ``percent``: int or null;
- ``checked``: how the record was checked against the document: ``"hand"`` (every field read
  against the source lines by a person: every theme, priority and activity, every item a fidelity
  fix touches, every multi-owner row) or ``"script"`` (a table row compared field by field with
  the document's own cells by a script written apart from the loaders: title = the row's first
  cell(s), owners and directorates = the owner cell, deadlines = every date in the deadline cell,
  status and percent = their cells, parent = the activity the row is printed under; every
  disagreement read by a person and either explained or corrected here).

``score(items, truth)`` matches parsed items to truth records by title (case and spacing aside;
among equal titles the nearest line) and returns item precision, recall and F1 and per-field
accuracy over the matched pairs. A PDF or Word load of a sample is scored against the same file
(matching by title, so line numbers may differ).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

TRUTH = Path(__file__).resolve().parent / "data" / "truth"
FIELDS = ("kind", "code", "parent", "owners", "members", "boards", "deadlines", "status", "percent")


def load_truth(stem: str) -> list[dict]:
    """The truth records of sample ``stem`` (file name without ``.txt``), in document order."""
    with open(TRUTH / f"{stem}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def as_truth(item) -> dict:
    """An ``ItemRecord`` in the truth file's shape (no ``checked`` key)."""
    return {"line": item.line, "kind": item.kind.value, "code": item.code, "title": item.title,
            "parent": item.parent, "owners": [[o.name, o.directorate] for o in item.owners],
            "members": list(item.members), "boards": list(item.boards), "deadlines": list(item.deadlines),
            "status": item.status, "percent": item.percent}


def _key(title: str) -> str:
    return " ".join(title.lower().split())


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    fields: dict[str, float]  # field -> share of matched pairs that agree
    missing: list[dict] = field(default_factory=list)  # truth records with no parsed match
    extra: list[dict] = field(default_factory=list)  # parsed records with no truth match
    wrong: list[tuple[str, dict, dict]] = field(default_factory=list)  # (field, truth, parsed)

    @property
    def field_accuracy(self) -> float:
        """Share of (matched pair, field) that agree, over every field."""
        return sum(self.fields.values()) / len(self.fields) if self.fields else 0.0


def score(parsed: list[dict], truth: list[dict]) -> Score:
    """Item F1 and field accuracy of ``parsed`` (records in the truth shape, see ``as_truth``)
    against ``truth``; items are matched by title, the nearest line among equal titles."""
    pool: dict[str, list[dict]] = {}
    for t in truth:
        pool.setdefault(_key(t["title"]), []).append(t)
    pairs, extra = [], []
    for p in parsed:
        candidates = pool.get(_key(p["title"]))
        if not candidates:
            extra.append(p)
            continue
        best = min(candidates, key=lambda t: abs(t["line"] - p["line"]))
        candidates.remove(best)
        pairs.append((best, p))
    missing = [t for ts in pool.values() for t in ts]
    tp = len(pairs)
    precision = tp / len(parsed) if parsed else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    agree = {f: 0 for f in FIELDS}
    wrong = []
    for t, p in pairs:
        for f in FIELDS:
            if t[f] == p[f]:
                agree[f] += 1
            else:
                wrong.append((f, t, p))
    fields = {f: (agree[f] / tp if tp else 0.0) for f in FIELDS}
    return Score(precision, recall, f1, fields, missing, extra, wrong)
