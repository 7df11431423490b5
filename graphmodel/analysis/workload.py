"""Workload concentration: how items are spread over the officers who own them.

An item with several owners counts once for each (an *assignment*); shares, the Gini
coefficient and the Herfindahl index are computed over assignments per officer.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from graphmodel import definitions as fig
from graphmodel.analysis._common import item_matches, name, officers_of, sources, work_items


def gini(values: list[float]) -> float:
    """The Gini coefficient of ``values`` (0 = all equal, towards 1 = one holds everything).

    Uses G = 2·Σ i·x_(i) / (n·Σx) − (n+1)/n with x sorted ascending and i = 1..n; 0.0 for an
    empty list or a zero total.
    """
    xs = sorted(values)
    n, total = len(xs), sum(xs)
    if n == 0 or total == 0:
        return 0.0
    weighted = sum(i * x for i, x in enumerate(xs, start=1))
    return 2.0 * weighted / (n * total) - (n + 1) / n


def herfindahl(values: list[float]) -> float:
    """The Herfindahl–Hirschman index Σ sᵢ² of the shares sᵢ = xᵢ/Σx (1/n when equal, 1 for one
    holder); 0.0 for an empty list or a zero total."""
    total = sum(values)
    if total == 0:
        return 0.0
    # summed in sorted order, so the last digits do not depend on the order the store returned rows in
    return sum((x / total) ** 2 for x in sorted(values))


def concentration(counts: dict[str, int], top_k: int = 5) -> dict:
    """Concentration of ``counts`` (holder -> items): ``holders``, ``assignments`` (Σ counts),
    ``gini``, ``herfindahl``, ``effective_owners`` (1/HHI, 0.0 when there is nothing),
    ``top_k`` and ``top_k_share`` (the share of the k largest holders)."""
    values = [v for v in counts.values() if v > 0]
    total = sum(values)
    hhi = herfindahl(values)
    top = sorted(values, reverse=True)[:top_k]
    return {
        "holders": len(values),
        "assignments": total,
        "gini": gini(values),
        "herfindahl": hhi,
        "effective_owners": 1.0 / hhi if hhi else 0.0,
        "top_k": top_k,
        "top_k_share": sum(top) / total if total else 0.0,
    }


def officer_items(g: nx.MultiDiGraph, plan: str | None = None, directorate: str | None = None) -> dict[str, set[str]]:
    """Officer id -> the ids of the activities and milestones they own that pass the filters
    (``directorate``: the one printed beside the officer on the item)."""
    out: dict[str, set[str]] = defaultdict(set)
    for item in work_items(g, plan):
        for officer in officers_of(g, item, directorate):
            out[officer].add(item)
    return dict(out)


def sole_owned_activities(g: nx.MultiDiGraph, plan: str | None = None,
                          directorate: str | None = None) -> dict[str, list[str]]:
    """Officer id -> activities (ids) for which they are the only officer owning the activity or
    any milestone under it (single points of failure; ``graphmodel.definitions``). Activities no
    officer owns are left out. With ``directorate``, only the activities the officer owns (or
    owns a milestone of) as that directorate."""
    out: dict[str, list[str]] = defaultdict(list)
    for node, data in g.nodes(data=True):
        if data.get("kind") != "activity" or not item_matches(data, plan):
            continue
        owned = [node, *(c for c in sources(g, node, "PART_OF") if g.nodes[c].get("kind") in fig.WORK_KINDS)]
        people = {o for i in owned for o in officers_of(g, i)}
        if len(people) != 1:
            continue
        officer = people.pop()
        if directorate and not any(officers_of(g, i, directorate) for i in owned):
            continue
        out[officer].append(node)
    return {officer: sorted(acts) for officer, acts in out.items()}


def workload(g: nx.MultiDiGraph, plan: str | None = None, directorate: str | None = None, top_k: int = 5) -> dict:
    """Items per officer per plan year, and how concentrated they are.

    Returns a dict:

    - ``filters``: the ``plan`` and ``directorate`` applied (None = all);
    - ``rows``: one per (plan, officer) with ``plan``, ``officer_id``, ``officer``, ``total``
      (activities and milestones owned), ``open``, ``late`` (``graphmodel.definitions``),
      ``sole_owned`` (activities of that plan for which they are the only officer) and ``share``
      (total / all assignments of the plan); sorted by plan, total descending, name. With
      ``directorate``, an officer's items are those printed with that directorate beside them;
    - ``concentration``: one per plan (plus ``"all"`` when there are several) with the
      ``concentration`` measures of the officers' totals.
    """
    per_plan: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for item in work_items(g, plan):
        for officer in officers_of(g, item, directorate):
            per_plan[g.nodes[item]["plan"]][officer].append(item)
    rows, conc = [], []
    overall: dict[str, int] = defaultdict(int)
    for p in sorted(per_plan):
        officers = per_plan[p]
        sole = sole_owned_activities(g, p, directorate)
        assignments = sum(len(items) for items in officers.values())
        plan_rows = []
        for officer, items in officers.items():
            cats = [g.nodes[i].get("status_category") for i in items]
            plan_rows.append({
                "plan": p,
                "officer_id": officer,
                "officer": name(g, officer),
                "total": len(items),
                "open": sum(1 for c in cats if fig.is_open(c)),
                "late": sum(1 for c in cats if fig.is_late(c)),
                "sole_owned": len(sole.get(officer, [])),
                "share": len(items) / assignments,
            })
            overall[officer] += len(items)
        plan_rows.sort(key=lambda r: (-r["total"], r["officer"]))
        rows.extend(plan_rows)
        conc.append({"plan": p, **concentration({o: len(i) for o, i in officers.items()}, top_k)})
    if len(per_plan) > 1:
        conc.append({"plan": "all", **concentration(dict(overall), top_k)})
    return {"filters": {"plan": plan, "directorate": directorate}, "rows": rows, "concentration": conc}
