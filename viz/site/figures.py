"""Every figure the site shows, taken from the library's analyses (``graphmodel.analysis``),
called exactly as ``graph workload --json``, ``graph slippage --json`` and ``graph carry --json``
call them. The site never counts a figure itself: when a definition changes there, the site
follows. ``Figures`` runs each analysis once and indexes its rows for the pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from graphmodel.analysis._common import plans as plan_years
from graphmodel.analysis._common import work_items
from graphmodel.analysis.carry import carry_forward
from graphmodel.analysis.figures import plan_figures
from graphmodel.analysis.slippage import GROUPINGS, slippage
from graphmodel.analysis.structure import accountability_chain
from graphmodel.analysis.workload import workload
from graphmodel.neighbourhood import headline

TOP_K = 5  # the defaults of graph workload and graph slippage
MIN_ITEMS = 5


@dataclass
class Figures:
    """The analyses' results for the whole graph, and look-ups into them."""

    workload: dict
    slippage: dict[str, dict]
    carry: dict
    plans: list[str]
    headline: list[dict] = field(default_factory=list)  # graph figures: one row per plan year
    workload_rows: dict[str, list[dict]] = field(default_factory=dict)  # officer id -> rows, by plan
    slippage_rows: dict[str, dict[str, dict]] = field(default_factory=dict)  # by -> key -> row
    carry_rows: dict[str, dict] = field(default_factory=dict)  # officer id -> carried_unfinished row
    concentration: dict[str, dict] = field(default_factory=dict)  # plan -> concentration row

    def cli_json(self) -> dict:
        """The results exactly as ``graph figures/workload/slippage/carry --json`` print them."""
        return {"figures": self.headline, "workload": self.workload, "slippage": self.slippage, "carry": self.carry}


def compute(g: nx.MultiDiGraph) -> Figures:
    """Run the headline figures, workload, slippage (officer, directorate, lead member) and
    carry-forward once."""
    wl = workload(g, top_k=TOP_K)
    sl = {by: slippage(g, by=by, min_items=MIN_ITEMS) for by in GROUPINGS}
    cf = carry_forward(g)
    f = Figures(workload=wl, slippage=sl, carry=cf, plans=plan_years(g), headline=plan_figures(g))
    rows: dict[str, list[dict]] = defaultdict(list)
    for r in wl["rows"]:
        rows[r["officer_id"]].append(r)
    f.workload_rows = dict(rows)
    key = {"officer": "officer_id", "directorate": "directorate", "member": "member_id"}
    f.slippage_rows = {by: {r[key[by]]: r for r in res["rows"]} for by, res in sl.items()}
    f.carry_rows = {r["officer_id"]: r for r in cf["officers"]}
    f.concentration = {c["plan"]: c for c in wl["concentration"]}
    return f


def directorate_workload(g: nx.MultiDiGraph, directorate: str) -> dict:
    """``graph workload --directorate NAME --json`` for one directorate."""
    return workload(g, directorate=directorate, top_k=TOP_K)


def officer_chain(g: nx.MultiDiGraph, officer: str) -> dict:
    """``graph chain --officer NAME --json``: the officer's items with what is above them."""
    return accountability_chain(g, officer)


def plan_headline(g: nx.MultiDiGraph, plan: str) -> dict[str, int]:
    """Activities and milestones of ``plan``: items, open, late (the maps' headline)."""
    return headline(g, work_items(g, plan=plan))


def items_headline(g: nx.MultiDiGraph, items: list[str]) -> dict[str, int]:
    """Items, open and late among ``items`` (the maps' headline)."""
    return headline(g, items)


def _reading_row(r: dict) -> dict:
    """A reading (``who``'s form) as the site shows it."""
    return {"report": (r.get("source") or "").rsplit(":", 1)[0], "date": r.get("as_of"), "kind": r.get("report_kind"),
            "status": r.get("status"), "percent": r.get("percent"), "deadlines": r.get("deadlines") or [],
            "source": r.get("source")}


def all_readings(g: nx.MultiDiGraph) -> dict[str, list[dict]]:
    """Every item a report READS -> ``readings(g, item)``, found in one pass over the Report
    nodes' edges (rather than each item's in-edges, twice per row shown)."""
    from graphmodel.store.readings import reading_order

    rows: dict[str, list[dict]] = defaultdict(list)
    for node, kind in g.nodes(data="report_kind"):
        if g.nodes[node].get("label") != "Report":
            continue
        for _, item, key, data in g.out_edges(node, keys=True, data=True):
            if key == "READS":
                rows[item].append({**data, "report_kind": kind})
    # each row as graphmodel.who.item_readings gives it (source "file:line"), then as the site shows it
    return {item: [_reading_row({**r, "deadlines": list(r.get("deadlines") or []),
                                 "source": f"{r.get('source')}:{r.get('line')}"}) for r in sorted(rs, key=reading_order)]
            for item, rs in rows.items()}


def readings(g: nx.MultiDiGraph, node: str) -> list[dict]:
    """The item's readings over time, oldest first: each ``{"report", "date", "kind", "status",
    "percent", "deadlines", "source"}``: every loaded report's reading of it (its Report's READS edge, as
    ``graph history`` and ``graph who`` give them), else one reading, the item's own."""
    if any(k == "READS" for _, _, k in g.in_edges(node, keys=True)):
        from graphmodel.who import item_readings  # the readings graph who and graph history give

        return [_reading_row(r) for r in item_readings(g, node)]
    d = g.nodes[node]
    return [{"report": d.get("source"), "date": None, "kind": None, "status": d.get("status"),
             "percent": d.get("percent"), "deadlines": d.get("deadlines") or [],
             "source": f"{d.get('source')}:{d.get('line')}"}]
