"""An activity's lineage laid out as a timeline: one column per plan year, left to right.

In each column the activity of that year sits under the priority (and theme) above it, its
milestones in a list below; owners, lead members and boards sit in a row under the columns,
each beneath the items they are linked to, so their edges run upwards and never along the
carried-forward arrows between the activities.
"""

from __future__ import annotations

import networkx as nx

from viz.spec import Band

COLUMN = 460.0  # px between plan-year columns
ROW = 46.0  # px between milestones in a column
ITEM_ROWS = {"Theme": 0, "Priority": 1, "Activity": 2}


def timeline_layout(g: nx.MultiDiGraph) -> tuple[dict[str, tuple[float, float]], list[Band]]:
    """(positions, one band per plan year) for the map of an activity's lineage ``g``."""
    label = {n: g.nodes[n].get("label", "") for n in g.nodes}
    items = [n for n in g.nodes if label[n] in ("Theme", "Priority", "Activity", "Milestone")]
    years = sorted({g.nodes[n].get("plan") or "" for n in items})
    col = {y: i for i, y in enumerate(years)}

    def key(n: str) -> tuple:
        d = g.nodes[n]
        return (d.get("source") or "", d.get("line") or 0, n)

    pos: dict[str, tuple[float, float]] = {}
    bottom = 0.0
    for y in years:
        x0 = col[y] * COLUMN
        in_year = [n for n in items if (g.nodes[n].get("plan") or "") == y]
        acts = sorted((n for n in in_year if label[n] == "Activity"), key=key)
        # more than one activity in a year: side by side within the column
        offsets = {a: (i - (len(acts) - 1) / 2) * 150.0 for i, a in enumerate(acts)}
        for n in in_year:
            if label[n] in ("Theme", "Priority"):
                under = [a for a in acts if g.has_edge(a, n) or any(g.has_edge(a, p) and g.has_edge(p, n) for p in in_year)]
                dx = sum(offsets[a] for a in under) / len(under) if under else 0.0
                pos[n] = (x0 + dx, ITEM_ROWS[label[n]] * 110.0)
        for a in acts:
            pos[a] = (x0 + offsets[a], ITEM_ROWS["Activity"] * 110.0)
        y_next = ITEM_ROWS["Activity"] * 110.0 + 90.0
        milestones = sorted((n for n in in_year if label[n] == "Milestone"), key=key)
        for i, m in enumerate(milestones):
            parent = next((a for a in acts if g.has_edge(m, a)), None)
            dx = offsets.get(parent, 0.0) if parent else 0.0
            # two zigzag lanes, so neighbouring milestones' hover targets do not touch
            pos[m] = (x0 + dx + (-40.0 if i % 2 == 0 else 40.0), y_next)
            y_next += ROW
        for n in in_year:
            pos.setdefault(n, (x0, y_next))
        bottom = max(bottom, y_next)
    people = sorted(n for n in g.nodes if n not in pos)
    row_y = bottom + 120.0
    wanted = []
    for p in people:
        xs = [pos[m][0] for m in nx.all_neighbors(g, p) if m in pos]
        wanted.append((sum(xs) / len(xs) if xs else 0.0, p))
    wanted.sort()
    last = None
    for i, (x, p) in enumerate(wanted):
        if last is not None and x - last < 190.0:
            x = last + 190.0
        # alternate two rows so long names do not touch
        pos[p] = (x, row_y + (i % 2) * 70.0)
        last = x
    top = min((y for _, y in pos.values()), default=0.0) - 90.0
    height = row_y + 160.0 - top
    bands = [Band(text=y or "no plan year", x=col[y] * COLUMN, y=top, width=COLUMN - 30.0, height=height)
             for y in years]
    return {n: (round(x, 1), round(yy, 1)) for n, (x, yy) in pos.items()}, bands
