"""The headline figures per plan year, each counted by its ``graphmodel.definitions`` definition.

The named query ``plan_figures``, ``graph figures`` and the report's data give the same rows
(tests/test_figures.py checks them against each other and the other commands, on the samples).
"""

from __future__ import annotations

from collections import Counter

import networkx as nx

from graphmodel import definitions as fig
from graphmodel.analysis._common import sources
from graphmodel.analysis.workload import sole_owned_activities


def plan_figures(g: nx.MultiDiGraph, plan: str | None = None) -> list[dict]:
    """One row per plan year (only ``plan`` when given), sorted by plan: ``plan`` and the counts
    ``graphmodel.definitions.FIGURES`` names, over its activities and milestones (``dropped``
    and ``sole_owned`` count activities): ``items``, ``open``, ``late``, ``completed`` (of which
    ``completed_by_percent``), ``unowned``, ``sole_owned``, ``carried_forward``,
    ``carried_unfinished`` and ``dropped``. Reads each item's stored ``outcome``."""
    counts: dict[str, Counter] = {}
    for node, d in g.nodes(data=True):
        if d.get("kind") not in fig.WORK_KINDS or not d.get("plan") or (plan and d["plan"] != plan):
            continue
        c = counts.setdefault(d["plan"], Counter())
        cat = d.get("status_category")
        carried = any(g.nodes[u].get("kind") for u in sources(g, node, "SUCCEEDS"))
        c["items"] += 1
        c["open"] += fig.is_open(cat)
        c["late"] += fig.is_late(cat)
        c["completed"] += fig.is_completed(cat)
        c["completed_by_percent"] += fig.completed_by_percent(d.get("status"), d.get("percent"), cat)
        c["unowned"] += fig.is_unowned(d["kind"], len(sources(g, node, "OWNS")))
        c["carried_forward"] += carried
        c["carried_unfinished"] += fig.carried_unfinished(carried, cat)
        c["dropped"] += d.get("outcome") == fig.DROPPED
    rows = []
    for p in sorted(counts):
        sole = sum(len(acts) for acts in sole_owned_activities(g, p).values())
        rows.append({"plan": p, **{f: sole if f == "sole_owned" else counts[p][f] for f in fig.FIGURES}})
    return rows
