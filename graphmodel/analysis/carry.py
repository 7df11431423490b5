"""Carry-forward: items that reappear in later plan years (SUCCEEDS edges, later -> earlier).

Works on a graph with no SUCCEEDS edges too (every result is then empty): lineage adds them.
"""

from __future__ import annotations

from collections import defaultdict

import networkx as nx

from graphmodel import definitions as fig
from graphmodel.analysis._common import ITEM_KINDS, item_matches, name, officers_of, sources, targets

MAX_LINKS = 10  # the same bound the carry_forward Cypher query uses
PERENNIAL_PLANS = 3  # a chain across this many plan years or more is a perennial activity


def _is_item(g: nx.MultiDiGraph, node: str) -> bool:
    return g.nodes[node].get("kind") in ITEM_KINDS


def _newer(g: nx.MultiDiGraph, node: str) -> list[str]:
    return [u for u in sources(g, node, "SUCCEEDS") if _is_item(g, u)]


def _older(g: nx.MultiDiGraph, node: str) -> list[str]:
    return [v for v in targets(g, node, "SUCCEEDS") if _is_item(g, v)]


def chains(g: nx.MultiDiGraph, min_links: int = 1) -> list[list[str]]:
    """Every maximal SUCCEEDS path between items, oldest item first, as lists of item ids.

    A path starts at an item nothing later succeeds and ends at one that succeeds nothing; a
    branching lineage gives one path per branch. Paths are cut at ``MAX_LINKS`` links. Sorted
    by links descending, then the first item's plan and title.
    """
    out: list[list[str]] = []

    def walk(path: list[str]) -> None:
        older = _older(g, path[-1])
        if not older or len(path) > MAX_LINKS:
            if len(path) - 1 >= min_links:
                out.append(list(reversed(path)))
            return
        for v in older:
            if v not in path:
                walk([*path, v])

    for node in g.nodes:
        if _is_item(g, node) and not _newer(g, node) and _older(g, node):
            walk([node])
    out.sort(key=lambda c: (-(len(c) - 1), g.nodes[c[0]].get("plan") or "", g.nodes[c[0]].get("title") or "",
                            c))
    return out


def _item_summary(g: nx.MultiDiGraph, node: str) -> dict:
    d = g.nodes[node]
    return {"id": node, "plan": d.get("plan"), "kind": d.get("kind"), "code": d.get("code"),
            "title": d.get("title"), "status": d.get("status"),
            "owners": sorted(name(g, o) for o in officers_of(g, node))}


def carried_unfinished(g: nx.MultiDiGraph, plan: str | None = None, directorate: str | None = None,
                       totals: dict[str, int] | None = None) -> list[dict]:
    """Per officer with at least one carried item: ``officer_id``, ``officer``, ``items`` (the
    activities and milestones they own, filtered), ``carried`` (of those, how many a later item
    succeeds) and ``carried_unfinished`` (carried while open; ``graphmodel.definitions``). Sorted
    by carried_unfinished descending, then name. ``directorate``: the one printed beside the officer.
    ``totals``: each officer's ``items`` when ``g`` holds only the items on SUCCEEDS edges
    (counted elsewhere: the store's tally), else counted in ``g``."""
    owned: dict[str, set[str]] = defaultdict(set)
    for node, d in g.nodes(data=True):
        if d.get("kind") in fig.WORK_KINDS and item_matches(d, plan):
            for o in officers_of(g, node, directorate):
                owned[o].add(node)
    rows = []
    for officer, items in owned.items():
        carried = [i for i in items if _newer(g, i)]
        if not carried:
            continue
        unfinished = [i for i in carried if fig.carried_unfinished(True, g.nodes[i].get("status_category"))]
        rows.append({"officer_id": officer, "officer": name(g, officer),
                     "items": len(items) if totals is None else totals.get(officer, 0),
                     "carried": len(carried), "carried_unfinished": len(unfinished)})
    rows.sort(key=lambda r: (-r["carried_unfinished"], r["officer"]))
    return rows


def carry_forward(
    g: nx.MultiDiGraph,
    plan: str | None = None,
    directorate: str | None = None,
    min_links: int = 1,
    perennial_plans: int = PERENNIAL_PLANS,
    totals: dict[str, int] | None = None,
) -> dict:
    """Carry-forward across plan years.

    Returns a dict with ``chains`` (each: ``links``, ``plans`` (distinct plan years, in chain
    order), ``first_plan``, ``last_plan``, ``finished`` (the newest item completed) and
    ``items``, oldest first, each with id, plan, kind, code, title, status and owners), the
    ``perennial`` chains (spanning at least ``perennial_plans`` plan years), ``officers`` (the
    ``carried_unfinished`` rows) and ``summary`` (``links`` = SUCCEEDS edges between items,
    ``chains``, ``longest`` (links), ``perennial``). ``plan`` keeps the chains with an item of
    that plan year; ``plan`` and ``directorate`` filter the officers' items. ``totals``: as
    ``carried_unfinished`` takes them (``g`` then need hold only the items on SUCCEEDS edges).
    """
    found = []
    for chain in chains(g, min_links):
        if plan and not any(g.nodes[n].get("plan") == plan for n in chain):
            continue
        plan_list = list(dict.fromkeys(g.nodes[n].get("plan") for n in chain))
        found.append({
            "links": len(chain) - 1,
            "plans": plan_list,
            "first_plan": plan_list[0],
            "last_plan": plan_list[-1],
            "finished": fig.is_completed(g.nodes[chain[-1]].get("status_category")),
            "items": [_item_summary(g, n) for n in chain],
        })
    perennial = [c for c in found if len(c["plans"]) >= perennial_plans]
    n_links = sum(1 for u, v, k in g.edges(keys=True) if k == "SUCCEEDS" and _is_item(g, u) and _is_item(g, v))
    return {
        "filters": {"plan": plan, "directorate": directorate},
        "chains": found,
        "perennial": perennial,
        "officers": carried_unfinished(g, plan, directorate, totals),
        "summary": {"links": n_links, "chains": len(found),
                    "longest": max((c["links"] for c in found), default=0), "perennial": len(perennial)},
    }
