"""Node positions, computed in Python so the browser draws a map at once (physics off).

``radial_layout`` puts the focus at the centre and each kind of node on a ring of its own,
keeping each theme's items together in one sector. (A spring layout was tried first: on
real maps it drew a tangled ball.) The result is deterministic for a given graph.
"""

from __future__ import annotations

import math

import networkx as nx

ITEM_RING = {"Milestone": 0, "Activity": 1, "Priority": 2, "Theme": 3}
PEOPLE = {"Officer", "Member", "Board", "Directorate", "Plan"}


def _natural(text: str | None) -> tuple:
    import re

    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", (text or "").lower()))


def radial_layout(
    g: nx.MultiDiGraph,
    focus: list[str] | None = None,
    leaf_spacing: float = 30.0,
    ring_gap: float = 170.0,
) -> dict[str, tuple[float, float]]:
    """Positions for a map read from the centre outwards (pixels, centre at 0,0).

    The focus (an officer, directorate, board or lead member) sits at the centre; the
    plan items sit on rings by kind, milestones innermost and themes outermost, so
    whatever an item is part of lies further out; each theme's items fill one sector
    (a depth-first walk of PART_OF, children in code order, one angular slot per leaf,
    a parent at the mean angle of its children). Officers and directorates other than
    the focus sit on an inner ring, lead members and boards on an outer ring, each at
    the mean angle of the items they are linked to. Items linked by SUCCEEDS (other plan
    years) sit next to each other. Deterministic for a given graph.
    """
    focus = [f for f in (focus or []) if f in g]
    label = {n: g.nodes[n].get("label", "") for n in g.nodes}
    items = [n for n in g.nodes if label[n] in ITEM_RING]
    item_set = set(items)
    centre = [f for f in focus if label[f] in PEOPLE][:1]

    def sort_key(n: str) -> tuple:
        d = g.nodes[n]
        return (d.get("plan") or "", _natural(d.get("code")), d.get("source") or "", d.get("line") or 0, n)

    children: dict[str, list[str]] = {n: [] for n in items}
    parent_of: dict[str, str] = {}
    for u, v, k in g.edges(keys=True):
        if k == "PART_OF" and u in item_set and v in item_set:
            children[v].append(u)
            parent_of[u] = v
    partners: dict[str, list[str]] = {n: [] for n in items}
    for u, v, k in g.edges(keys=True):
        if k == "SUCCEEDS" and u in item_set and v in item_set:
            partners[u].append(v)
            partners[v].append(u)

    # depth-first walk: one slot per leaf; lineage partners without a parent ride along
    order: list[str] = []
    placed: set[str] = set()

    def walk(n: str) -> None:
        if n in placed:
            return
        placed.add(n)
        order.append(n)
        for c in sorted(children[n], key=sort_key):
            walk(c)
        for p in sorted(partners[n], key=sort_key):
            if p not in parent_of:
                walk(p)

    roots = sorted((n for n in items if n not in parent_of), key=lambda n: (ITEM_RING[label[n]] * -1, sort_key(n)))
    slots: dict[str, float] = {}
    slot = 0.0
    year = None
    for root in roots:
        if root in placed:
            continue
        if year is not None and g.nodes[root].get("plan") != year:
            slot += 3.0  # a wider gap between plan years: each year fills a sector of its own
        year = g.nodes[root].get("plan")
        start = len(order)
        walk(root)
        for n in order[start:]:
            if not any(c in placed and c in children[n] for c in children[n]):
                slots[n] = slot
                slot += 1
        slot += 1.0  # a gap between branches
    total = max(slot, 1.0)

    angle: dict[str, float] = {}

    def settle(n: str) -> float:
        if n in angle:
            return angle[n]
        if n in slots:
            angle[n] = 2 * math.pi * slots[n] / total
        else:
            # mean of children on the circle (they lie in one sector, so a plain mean is fine)
            angle[n] = sum(settle(c) for c in children[n]) / len(children[n])
        return angle[n]

    for n in order:
        settle(n)

    inner = [n for n in g.nodes if n not in item_set and n not in centre and label[n] in ("Officer", "Directorate")]
    outer = [n for n in g.nodes if n not in item_set and n not in centre and n not in inner]
    inner_rings = 1 if inner else 0
    rings_used = sorted({ITEM_RING[label[n]] for n in items})
    ring_index = {r: i for i, r in enumerate(rings_used)}
    n_leaves = max(len(slots), 1)
    r0 = max(160.0, n_leaves * leaf_spacing / (2 * math.pi)) + inner_rings * ring_gap * 0.8

    def radius(ring: int) -> float:
        return r0 + ring_index[ring] * ring_gap

    pos: dict[str, tuple[float, float]] = {}
    for n in items:
        r = radius(ITEM_RING[label[n]])
        pos[n] = (r * math.cos(angle[n]), r * math.sin(angle[n]))
    for c in centre:
        pos[c] = (0.0, 0.0)

    def spread(nodes: list[str], r: float, min_gap: float) -> None:
        """Place ``nodes`` on a ring of radius r at the mean angle of their item neighbours,
        pushed apart to at least ``min_gap`` pixels."""
        wanted = []
        for n in sorted(nodes):
            nbrs = [m for m in nx.all_neighbors(g, n) if m in angle]
            if nbrs:
                x = sum(math.cos(angle[m]) for m in nbrs)
                y = sum(math.sin(angle[m]) for m in nbrs)
                a = math.atan2(y, x) if (abs(x) + abs(y)) > 1e-9 else angle[nbrs[0]]
            else:
                a = math.pi / 2
            wanted.append((a % (2 * math.pi), n))
        wanted.sort()
        step = min_gap / max(r, 1.0)
        if len(wanted) * step > 2 * math.pi:
            step = 2 * math.pi / len(wanted)
        placed_angles = []
        for a, _n in wanted:
            if placed_angles and a - placed_angles[-1] < step:
                a = placed_angles[-1] + step
            placed_angles.append(a)
        for (_, n), a in zip(wanted, placed_angles, strict=True):
            pos[n] = (r * math.cos(a), r * math.sin(a))

    if inner:
        if centre and all(label[n] == "Directorate" for n in inner):
            # the officer's directorates: inside the innermost ring, in the widest gap between items
            angles = sorted(a % (2 * math.pi) for a in angle.values()) or [0.0]
            gaps = [(angles[(i + 1) % len(angles)] - a) % (2 * math.pi) or 2 * math.pi for i, a in enumerate(angles)]
            widest = max(range(len(gaps)), key=gaps.__getitem__)
            mid = angles[widest] + gaps[widest] / 2
            r = min(r0 * 0.55, 160.0)
            for i, n in enumerate(sorted(inner)):
                a = mid + (i - (len(inner) - 1) / 2) * (90.0 / r)
                pos[n] = (r * math.cos(a), r * math.sin(a))
        else:
            spread(inner, r0 - ring_gap * 0.8, 150.0)
    if outer:
        top = max((radius(r) for r in rings_used), default=r0)
        spread(outer, top + ring_gap, 260.0)
    for n in g.nodes:  # anything left (should not happen): at the centre
        pos.setdefault(n, (0.0, 0.0))
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}
