"""Workload and slippage answered from a store's tally rows (``graphmodel.store.tallies``)
instead of the graph: the same results as ``workload.workload`` and ``slippage.slippage``.

Reading a quarter-million-item graph out of the store and counting it took seconds a call, and
putting every item back to its reading on a date (``--as-of``) took ~14 s; the tally rows,
counted once at write time per officer, lead member, directorate, plan year and (for a date)
interval between reports, answer in milliseconds. ``tests/test_tallied.py`` checks every result
here against the graph analyses, on the samples and on a plan read by two reports at every date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graphmodel.analysis.slippage import METHOD, wilson_interval
from graphmodel.analysis.workload import concentration
from graphmodel.store.tallies import NO_DIRECTORATE

_SLIPPAGE_COUNTS = ("n_reported", "n_late", "n_rebaselined", "n_slipped")


def answers_slippage(by: str, directorate: str | None) -> bool:
    """Whether ``slippage_from_tally`` can answer slippage by ``by`` with ``directorate``: lead
    members' and directorates' rows are not split by the directorate printed on each item."""
    return by == "officer" or not directorate


def tally_filters(rows: Iterable[dict]) -> tuple[list[str], list[str]]:
    """The plan years and the directorates printed on items that tally ``rows`` hold, sorted."""
    plans, directorates = set(), set()
    for r in rows:
        if r["plan"]:
            plans.add(r["plan"])
        if not r["owner_label"] and r["directorate"] and r["directorate"] != NO_DIRECTORATE:
            directorates.add(r["directorate"])
    return sorted(plans), sorted(directorates)


# what each answer reads of a tally row
WORKLOAD_COLUMNS = ("owner_id", "owner", "plan", "n_total", "n_open", "n_late", "n_sole_owned")
SLIPPAGE_COLUMNS = ("owner_label", "owner_id", "owner", "plan", "directorate", "n_reported", "n_late",
                    "n_rebaselined", "n_slipped")


def workload_from_tally(rows: Iterable[dict], plan: str | None = None, directorate: str | None = None,
                        top_k: int = 5) -> dict:
    """``graphmodel.analysis.workload.workload`` of the items the per-plan tally ``rows`` count:
    the same dict, rows and concentration per plan year and overall. ``rows`` are the officer
    rows of the ``directorate`` slice (``read_tally(owner_label="Officer", directorate=directorate
    or "")``), with at least ``WORKLOAD_COLUMNS``."""
    per_plan: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        if r["plan"] and r["n_total"] and (not plan or r["plan"] == plan):
            per_plan[r["plan"]].append(r)
    out_rows, conc = [], []
    overall: dict[str, int] = defaultdict(int)
    for p in sorted(per_plan):
        held = per_plan[p]
        held.sort(key=lambda r: (-r["n_total"], r["owner"]))
        counts = {r["owner_id"]: r["n_total"] for r in held}
        assignments = sum(counts.values())
        out_rows.extend({"plan": p, "officer_id": r["owner_id"], "officer": r["owner"], "total": r["n_total"],
                         "open": r["n_open"], "late": r["n_late"], "sole_owned": r["n_sole_owned"],
                         "share": r["n_total"] / assignments} for r in held)
        for officer, n in counts.items():
            overall[officer] += n
        conc.append({"plan": p, **concentration(counts, top_k)})
    if len(per_plan) > 1:
        conc.append({"plan": "all", **concentration(dict(overall), top_k)})
    return {"filters": {"plan": plan, "directorate": directorate}, "rows": out_rows, "concentration": conc}


def slippage_from_tally(rows: Iterable[dict], by: str = "officer", plan: str | None = None,
                        directorate: str | None = None, min_items: int = 5) -> dict:
    """``graphmodel.analysis.slippage.slippage`` of the items the per-plan tally ``rows``
    count (with at least ``SLIPPAGE_COLUMNS``): the same dict. Only where ``answers_slippage(by, directorate)``: ``ValueError`` otherwise."""
    if not answers_slippage(by, directorate):
        raise ValueError(f"slippage by {by} with a directorate is not in the tally: ask the graph")
    label = {"officer": "Officer", "member": "Member", "directorate": ""}[by]
    groups: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for r in rows:
        if r["owner_label"] != label or not r["plan"] or (plan and r["plan"] != plan):
            continue
        if by == "directorate":
            if not r["directorate"] or r["directorate"] == NO_DIRECTORATE:
                continue
            key = r["directorate"]
        elif r["directorate"] != (directorate or ""):
            continue
        else:
            key = r["owner_id"]
            names[key] = r["owner"]
        counts = groups.setdefault(key, [0] * len(_SLIPPAGE_COUNTS))
        for k, column in enumerate(_SLIPPAGE_COUNTS):  # an item is in one plan year: the sum over plans
            counts[k] += r[column]
    out, left_out = [], 0
    for key, (n, late, rebaselined, slipped) in groups.items():
        if n == 0:
            continue  # no item with a reported status: not a group at all
        if n < min_items:
            left_out += 1
            continue
        lower, upper = wilson_interval(slipped, n)
        row = {"directorate": key} if by == "directorate" else {f"{by}_id": key, by: names[key]}
        row.update({"n": n, "late": late, "rebaselined": rebaselined, "slipped": slipped, "rate": slipped / n,
                    "lower": lower, "upper": upper})
        out.append(row)
    out.sort(key=lambda r: (-r["lower"], -r["n"], r[by]))
    return {"by": by, "method": METHOD, "filters": {"plan": plan, "directorate": directorate},
            "min_items": min_items, "left_out": left_out, "rows": out}
