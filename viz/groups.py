"""Maps of many people: one group per officer, and the plan years of a radial map captioned.

``grouped_layout`` draws a directorate as a set of small radial maps, one per officer (their
items around them, what is above those further out), packed in rows under the directorate,
instead of one ring where every officer's items mix. ``year_captions`` names the sector of a
radial map each plan year's items fill.
"""

from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from viz.layout import radial_layout
from viz.spec import Band

ITEMS = ("Theme", "Priority", "Activity", "Milestone")
GAP = 140.0  # px between groups


def _owned(g: nx.MultiDiGraph, officer: str) -> list[str]:
    return [v for _, v, k in g.out_edges(officer, keys=True) if k == "OWNS"]


def grouped_layout(g: nx.MultiDiGraph, focus: list[str]) -> tuple[dict[str, tuple[float, float]], list[Band]]:
    """(positions, captions) for a directorate's map ``g``: the focus at the top, then one
    radial group per officer (busiest first; an item two officers own sits with the first),
    packed in rows about as wide as the whole is tall."""
    label = {n: g.nodes[n].get("label", "") for n in g.nodes}
    centre = [f for f in focus if f in g][:1]
    officers = sorted((n for n in g.nodes if label[n] == "Officer"), key=lambda o: (-len(_owned(g, o)), o))
    taken: set[str] = set(centre)
    groups: list[tuple[str | None, set[str]]] = []
    for o in officers:
        mine = {o} | {n for n in _owned(g, o) if n not in taken}
        frontier = set(mine)
        while frontier:  # what is above their items, and lineage partners, not yet in a group
            step = set()
            for n in frontier:
                for _, v, k in g.out_edges(n, keys=True):
                    if k in ("PART_OF", "SUCCEEDS") and label[v] in ITEMS and v not in taken and v not in mine:
                        step.add(v)
                for u, _, k in g.in_edges(n, keys=True):
                    if k == "SUCCEEDS" and label[u] in ITEMS and u not in taken and u not in mine:
                        step.add(u)
            mine |= step
            frontier = step
        for n in list(mine):  # lead members and boards over the group's items
            for u in g.predecessors(n):
                if label[u] in ("Member", "Board") and u not in taken:
                    mine.add(u)
        mine -= taken
        taken |= mine
        groups.append((o, mine))
    rest = set(g.nodes) - taken
    if rest:
        groups.append((None, rest))
    placed = []
    for owner, nodes in groups:
        local = radial_layout(g.subgraph(nodes), [owner] if owner else [])
        cx = sum(x for x, _ in local.values()) / len(local) if owner is None else 0.0
        cy = sum(y for _, y in local.values()) / len(local) if owner is None else 0.0
        radius = max((math.hypot(x - cx, y - cy) for x, y in local.values()), default=0.0) + 60.0
        placed.append((owner, local, (cx, cy), radius))
    total = sum((2 * r) ** 2 for *_, r in placed)
    width = max(max((2 * r for *_, r in placed), default=0.0), math.sqrt(total) * 1.25)
    pos: dict[str, tuple[float, float]] = {}
    bands: list[Band] = []
    x = y = row_h = 0.0
    rows: list[list[tuple]] = [[]]
    for entry in placed:
        d = 2 * entry[3]
        if x > 0 and x + d > width:
            rows.append([])
            x, y = 0.0, y + row_h + GAP
            row_h = 0.0
        rows[-1].append((entry, x, y))
        x += d + GAP
        row_h = max(row_h, d)
    for row in rows:  # centre each row under the focus
        if not row:
            continue
        (last, lx, _), = row[-1:]
        shift = -(lx + 2 * last[3]) / 2
        for (owner, local, (cx, cy), r), gx, gy in row:
            ox, oy = gx + shift + r, gy + r
            for n, (px, py) in local.items():
                pos[n] = (ox + px - cx, oy + py - cy)
            if owner is None:
                bands.append(Band(text="not in an officer's group", x=ox, y=gy - 30.0))
    for c in centre:
        pos[c] = (0.0, -220.0)
    for n in g.nodes:
        pos.setdefault(n, (0.0, 0.0))
    return {n: (round(a, 1), round(b, 1)) for n, (a, b) in pos.items()}, bands


def year_captions(g: nx.MultiDiGraph, pos: dict[str, tuple[float, float]]) -> list[Band]:
    """One caption per plan year of a radial map with items of several years, outside the
    sector its items fill (at their mean direction); none for a map of one year."""
    by_year: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for n, d in g.nodes(data=True):
        if d.get("label") in ITEMS and d.get("plan") and n in pos:
            by_year[d["plan"]].append(pos[n])
    if len(by_year) < 2:
        return []
    reach = max((math.hypot(x, y) for x, y in pos.values()), default=0.0)
    out = []
    for year, pts in sorted(by_year.items()):
        sx = sum(x for x, _ in pts)
        sy = sum(y for _, y in pts)
        if abs(sx) + abs(sy) < 1e-6:
            continue
        a = math.atan2(sy, sx)
        out.append(Band(text=year, x=round((reach + 90) * math.cos(a), 1), y=round((reach + 90) * math.sin(a) - 12, 1)))
    return out
