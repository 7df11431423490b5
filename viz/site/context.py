"""What every page builder reads: the graph, where pages live, the figures, and small
look-ups over the graph (who owns an item, what is above it), built once."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx

from graphmodel.movement import PlanMovement, graph_movement
from viz.site import figures as fig
from viz.site.figures import Figures
from viz.site.paths import SitePaths

ITEM_LABELS = ("Theme", "Priority", "Activity", "Milestone")


def natural(text: str | None) -> tuple:
    """A sort key that puts '1.2' before '1.10'."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", (text or "").lower()))


@dataclass
class Site:
    g: nx.MultiDiGraph
    paths: SitePaths
    figures: Figures
    owners: dict[str, list[str]] = field(default_factory=dict)  # item -> officers (OWNS)
    members: dict[str, list[str]] = field(default_factory=dict)  # item -> lead members (OWNS)
    boards: dict[str, list[str]] = field(default_factory=dict)  # item -> boards (MONITORS)
    parent: dict[str, str] = field(default_factory=dict)  # item -> the item it is PART_OF
    children: dict[str, list[str]] = field(default_factory=dict)  # item -> items PART_OF it
    owned: dict[str, list[str]] = field(default_factory=dict)  # officer / member -> items (OWNS)
    monitored: dict[str, list[str]] = field(default_factory=dict)  # board -> items
    works_in: dict[str, list[str]] = field(default_factory=dict)  # officer -> directorates
    staff: dict[str, list[str]] = field(default_factory=dict)  # directorate -> officers
    by_label: dict[str, list[str]] = field(default_factory=dict)
    succeeds: set[str] = field(default_factory=set)  # items at either end of a SUCCEEDS edge
    movement: dict[str, PlanMovement] = field(default_factory=dict)  # plan year -> its reports and steps
    _readings: dict[str, list[dict]] = field(default_factory=dict)  # item -> its readings (fig.all_readings)

    def carried(self, node: str) -> bool:
        """True when ``node`` is carried forward from or to another plan year (its lineage holds
        more than itself)."""
        return node in self.succeeds

    def readings(self, node: str) -> list[dict]:
        """``node``'s readings over time, oldest first, as ``figures.readings`` gives them (read
        once for every item when the site is built)."""
        found = self._readings.get(node)
        return found if found is not None else fig.readings(self.g, node)

    def name(self, node: str) -> str:
        d = self.g.nodes[node]
        return d.get("name") or d.get("title") or node

    def label(self, node: str) -> str:
        return self.g.nodes[node].get("label") or ""

    def item_key(self, node: str) -> tuple:
        d = self.g.nodes[node]
        return (d.get("plan") or "", d.get("source") or "", d.get("line") or 0)

    def sorted_items(self, nodes) -> list[str]:
        return sorted(nodes, key=self.item_key)

    def above(self, node: str) -> list[str]:
        """The items above ``node`` (its activity, priority, theme), nearest first."""
        out, n = [], node
        while n in self.parent and len(out) < 6:
            n = self.parent[n]
            out.append(n)
        return out


def build_site(g: nx.MultiDiGraph, figures: Figures) -> Site:
    """The look-ups every page reads, from one pass over the edges."""
    s = Site(g=g, paths=SitePaths(g), figures=figures)
    lists: dict[str, dict[str, list[str]]] = {k: defaultdict(list) for k in (
        "owners", "members", "boards", "children", "owned", "monitored", "works_in", "staff")}
    labels = nx.get_node_attributes(g, "label")
    for u, v, k in g.edges(keys=True):
        lu, lv = labels.get(u), labels.get(v)
        if k == "OWNS":
            lists["owned"][u].append(v)
            (lists["owners"] if lu == "Officer" else lists["members"])[v].append(u)
        elif k == "MONITORS":
            lists["boards"][v].append(u)
            lists["monitored"][u].append(v)
        elif k == "PART_OF" and lu in ITEM_LABELS and lv in ITEM_LABELS:
            s.parent[u] = v
            lists["children"][v].append(u)
        elif k == "SUCCEEDS":
            s.succeeds.update((u, v))
        elif k == "WORKS_IN":
            lists["works_in"][u].append(v)
            lists["staff"][v].append(u)
    for key, value in lists.items():
        setattr(s, key, {n: sorted(set(xs)) for n, xs in value.items()})
    by_label: dict[str, list[str]] = defaultdict(list)
    for n, lab in labels.items():
        by_label[lab].append(n)
    s.by_label = {lab: sorted(ns) for lab, ns in by_label.items()}
    s.movement = graph_movement(g)
    s._readings = fig.all_readings(g)
    return s
