"""Neighbourhood -> MapSpec (styles, positions, tooltips, legend, title line) -> HTML file."""

from __future__ import annotations

import time
import weakref
from dataclasses import dataclass, replace
from pathlib import Path

import networkx as nx

from graphmodel.neighbourhood import ITEM_LABELS, Neighbourhood, headline
from graphmodel.schema import NodeLabel, StatusCategory
from viz.groups import grouped_layout, year_captions
from viz.labels import fit_labels
from viz.layout import radial_layout
from viz.render import Renderer, get_renderer
from viz.spec import Band, LegendEntry, MapEdge, MapNode, MapSpec
from viz.timeline import timeline_layout

# Status colours (colour-blind safe: blue / green / red / greys).
STATUS_STYLE: dict[str, tuple[str, str]] = {
    StatusCategory.COMPLETED.value: ("Completed", "#3569b5"),
    StatusCategory.ON_TARGET.value: ("On target / in progress", "#2f9e44"),
    StatusCategory.LATE.value: ("Overdue / delayed", "#d6336c"),
    StatusCategory.CANCELLED.value: ("Cancelled", "#868e96"),
    StatusCategory.UNKNOWN.value: ("No status reported", "#d9dde1"),
}

# kind -> (legend text, shape, size, font size, colour for non-item kinds)
KIND_STYLE: dict[str, tuple[str, str, int, int, str | None]] = {
    NodeLabel.THEME.value: ("Theme", "hexagon", 26, 22, None),
    NodeLabel.PRIORITY.value: ("Priority", "diamond", 19, 18, None),
    NodeLabel.ACTIVITY.value: ("Activity", "dot", 13, 16, None),
    NodeLabel.MILESTONE.value: ("Milestone", "square", 8, 12, None),
    NodeLabel.OFFICER.value: ("Officer", "star", 22, 18, "#7048e8"),
    NodeLabel.MEMBER.value: ("Lead member", "triangle", 18, 17, "#f08c00"),
    NodeLabel.BOARD.value: ("Board", "triangleDown", 18, 17, "#0c8599"),
    NodeLabel.DIRECTORATE.value: ("Directorate", "box", 16, 18, "#8d6e63"),
    NodeLabel.PLAN.value: ("Plan", "ellipse", 16, 16, "#495057"),
}

EDGE_LEGEND = [
    ("OWNS", "owns"),
    ("PART_OF", "part of"),
    ("MONITORS", "monitors"),
    ("WORKS_IN", "works in"),
    ("SUCCEEDS", "carried forward from (other plan year)"),
]


@dataclass
class MapResult:
    path: Path
    nodes: int
    edges: int
    headline: dict[str, int]
    seconds: float


def _short(text: str | None, n: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _names_in(g: nx.MultiDiGraph, node: str, etype: str, label: str | None = None) -> list[str]:
    return sorted(
        g.nodes[u].get("name") or u
        for u, keys in g.pred[node].items()
        if etype in keys and (label is None or g.nodes[u].get("label") == label)
    )


def _item_label(d: dict) -> str:
    code = d.get("code")
    kind = d.get("label")
    if kind in (NodeLabel.THEME.value, NodeLabel.PRIORITY.value):
        return _short(f"{code} {d.get('title')}" if code else d.get("title"), 42)
    if kind == NodeLabel.MILESTONE.value:  # shown on hover, where there is room for more
        return _short(f"{code} {d.get('title')}" if code else d.get("title"), 60)
    if code:
        return code
    return _short(d.get("title"), 26)


def _item_tooltip(g: nx.MultiDiGraph, node: str, d: dict) -> dict[str, str]:
    deadlines = d.get("deadlines") or []
    pct = d.get("percent")
    tip = {
        "kind": d.get("label", ""),
        "title": d.get("title") or "",
        "code": d.get("code") or "",
        "plan": d.get("plan") or "",
        "deadline" if len(deadlines) <= 1 else "deadlines": ", ".join(deadlines),
        "status": d.get("status") or "no status reported",
        "% complete": "" if pct is None else f"{pct}%",
        "owners": ", ".join(_names_in(g, node, "OWNS", NodeLabel.OFFICER.value)),
        "lead members": ", ".join(_names_in(g, node, "OWNS", NodeLabel.MEMBER.value)),
        "boards": ", ".join(_names_in(g, node, "MONITORS")),
        "comment": _short(d.get("comments"), 300),
        "source": f"{d.get('source')}:{d.get('line')}",
    }
    return {k: v for k, v in tip.items() if v}


_WORKS_IN: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _works_in(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """Officer -> the directorates they work in, indexed once per graph (an officer's own edges
    run to thousands of items: scanning them for every map that shows the officer is slow)."""
    n_nodes = len(g)  # O(1), unlike counting edges: a graph that grew is indexed again
    cached = _WORKS_IN.get(g)
    if cached is None or cached[0] != n_nodes:
        index: dict[str, list[str]] = {}
        for u, v, k in g.edges(keys=True):
            if k == "WORKS_IN":
                index.setdefault(u, []).append(v)
        cached = (n_nodes, index)
        _WORKS_IN[g] = cached
    return cached[1]


def _other_tooltip(g: nx.MultiDiGraph, sub: nx.MultiDiGraph, node: str, d: dict) -> dict[str, str]:
    tip = {"kind": d.get("label", ""), "title": d.get("name") or node}
    if d.get("full_name"):
        tip["full name"] = d["full_name"]
    label = d.get("label")
    if label in (NodeLabel.OFFICER.value, NodeLabel.MEMBER.value, NodeLabel.BOARD.value):
        etype = "MONITORS" if label == NodeLabel.BOARD.value else "OWNS"
        # read from the map's own graph: an officer may own thousands of items in the whole graph
        items = [v for v, keys in sub.succ[node].items() if etype in keys]
        h = headline(g, items)
        tip["on this map"] = f"{h['items']} items, {h['open']} open, {h['late']} late"
        if label == NodeLabel.OFFICER.value:
            dirs = sorted(g.nodes[v].get("name", v) for v in _works_in(g).get(node, ()))
            if dirs:
                tip["directorates"] = ", ".join(dirs)
    if label == NodeLabel.DIRECTORATE.value:
        n_off = sum(1 for u, keys in sub.pred[node].items() if "WORKS_IN" in keys)
        tip["officers on this map"] = str(n_off)
    return tip


def describe_focus(g: nx.MultiDiGraph, nh: Neighbourhood) -> tuple[str, str, str]:
    """(title, headline, subtitle) of the map: whose map it is and their headline numbers."""
    names = [g.nodes[f].get("name") or f for f in nh.focus]
    kind_text = {
        "officer": "Officer",
        "directorate": "Directorate",
        "board": "Board",
        "member": "Lead member",
        "activity": "Activity lineage",
    }[nh.kind]
    if nh.kind == "activity":
        d = g.nodes[nh.focus[0]]
        title = f"{kind_text}: {d.get('code') or ''} {_short(d.get('title'), 80)}".replace("  ", " ")
    else:
        title = f"{kind_text}: {', '.join(names)}"
    h = headline(g, nh.owned)
    head = f"{h['items']} items · {h['open']} open · {h['late']} late"
    plans = ", ".join(nh.plans) if nh.plans else "all plan years"
    sub = f"{plans} · {len(nh.nodes)} nodes on the map"
    return title, head, sub


def induced(g: nx.MultiDiGraph, nodes) -> nx.MultiDiGraph:
    """The subgraph of ``g`` on ``nodes`` with every edge between them, as a graph of its own
    (a NetworkX subgraph view filters the whole graph's adjacency on every step). Nodes and
    edges are added in sorted order, so the result does not depend on how ``nodes`` was built."""
    keep = set(nodes)
    h = nx.MultiDiGraph()
    order = sorted(keep)
    h.add_nodes_from((n, g.nodes[n]) for n in order)
    for u in order:
        out = g.succ[u]
        # an officer may own thousands of items: look up the map's few nodes instead
        ends = sorted(v for v in keep if v in out) if len(out) > len(keep) else sorted(v for v in out if v in keep)
        for v in ends:
            for k, data in out[v].items():
                h.add_edge(u, v, key=k, **data)
    return h


def layout(sub: nx.MultiDiGraph, nh: Neighbourhood) -> tuple[dict[str, tuple[float, float]], list[Band]]:
    """Positions and captions for the selection ``nh`` (its induced subgraph ``sub``): an
    activity's lineage as a timeline of plan-year columns, a directorate as one group per
    officer, any other map radial around its focus with each plan year's sector captioned."""
    if nh.kind == "activity":
        return timeline_layout(sub)
    if nh.kind == "directorate":
        return grouped_layout(sub, nh.focus)
    pos = radial_layout(sub, nh.focus)
    return pos, year_captions(sub, pos)


def build_spec(g: nx.MultiDiGraph, nh: Neighbourhood) -> MapSpec:
    """What to draw for ``nh``: every node and edge of its induced subgraph, styled and placed."""
    sub = induced(g, nh.nodes)
    pos, bands = layout(sub, nh)
    plans = set(nh.plans or [])
    years = {g.nodes[n].get("plan") for n in sub.nodes if g.nodes[n].get("label") in ITEM_LABELS}
    several_years = len(years) > 1
    # the zoom at which the whole map fits a laptop window: key labels stay legible there
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    fit = min(1.0, 1300 / max(max(xs) - min(xs), 1.0), 720 / max(max(ys) - min(ys), 1.0))
    legible = {NodeLabel.OFFICER.value: 13, NodeLabel.DIRECTORATE.value: 13, NodeLabel.THEME.value: 12,
               NodeLabel.MEMBER.value: 9, NodeLabel.BOARD.value: 9}
    nodes: list[MapNode] = []
    for node in sorted(sub.nodes):
        d = g.nodes[node]
        label = d.get("label", "")
        legend_text, shape, size, font, colour = KIND_STYLE.get(label, (label, "dot", 10, 12, "#495057"))
        is_item = label in ITEM_LABELS
        cat = d.get("status_category") if is_item else None
        if is_item:
            colour = STATUS_STYLE.get(cat or "unknown", STATUS_STYLE["unknown"])[1]
            text = _item_label(d)
            tip = _item_tooltip(g, node, d)
        else:
            text = _short(d.get("name") or node, 30 if label in (NodeLabel.MEMBER.value, NodeLabel.BOARD.value) else 40)
            tip = _other_tooltip(g, sub, node, d)
        focus = node in nh.focus
        if label in legible:
            # in a directorate's groups an officer's name captions the group: larger still
            want = 20 if nh.kind == "directorate" and label == NodeLabel.OFFICER.value else legible[label]
            font = min(max(font, int(want / fit)), 80)
            size = min(max(size, int(8 / fit)), 40)
        other_year = bool(is_item and plans and d.get("plan") not in plans)
        if other_year:
            text = f"{text} ({d.get('plan')})"
        elif is_item and (several_years or label == NodeLabel.MILESTONE.value) and d.get("plan"):
            text = f"{text} · {d.get('plan')}"  # the plan year on every item
        search = " ".join(
            str(x) for x in (d.get("name"), d.get("title"), d.get("code"), d.get("full_name"), d.get("plan")) if x
        ).lower()
        x, y = pos[node]
        nodes.append(
            MapNode(
                id=node, label=text, kind=label, shape=shape, color=colour or "#495057",
                size=int(size * (1.6 if focus else 1)), x=x, y=y, font_size=int(font * (1.5 if focus else 1)),
                dashed=other_year, focus=focus, status_category=cat, tooltip=tip, search=search,
            )
        )
    fit_labels(nodes, {n.id for n in nodes if n.kind == NodeLabel.OFFICER.value} if nh.kind == "directorate" else set())
    edges = [MapEdge(u, v, k) for u, v, k in sorted(sub.edges(keys=True))]
    present_kinds = {n.kind for n in nodes}
    present_edges = {e.type for e in edges}
    legend = [LegendEntry(text, "dot", colour, "status") for _, (text, colour) in STATUS_STYLE.items()]
    legend += [
        LegendEntry(text, shape, colour or "#adb5bd", "kind")
        for kind, (text, shape, _s, _f, colour) in KIND_STYLE.items()
        if kind in present_kinds
    ]
    if any(n.dashed for n in nodes):
        legend.append(LegendEntry("Item in another plan year", "dot", "#ffffff", "kind", dashed=True))
    legend += [LegendEntry(text, "line", "", "edge:" + etype) for etype, text in EDGE_LEGEND if etype in present_edges]
    title, head, subtitle = describe_focus(g, nh)
    # in a timeline the arrows run between activities in one row: bent upwards, clear of their labels
    curve = "curvedCCW" if nh.kind == "activity" else "curvedCW"
    return MapSpec(title=title, headline=head, subtitle=subtitle, nodes=nodes, edges=edges, legend=legend,
                   bands=bands, curve=curve)


def write_map(
    g: nx.MultiDiGraph, nh: Neighbourhood, out: Path, renderer: Renderer | str = "vis-network",
    as_of: str | None = None,
) -> MapResult:
    """Write the map of ``nh`` to ``out`` (one self-contained HTML file); return its counts.
    ``as_of`` (YYYY-MM-DD): ``g`` is the graph as it stood on that date, which the subtitle says."""
    started = time.perf_counter()
    spec = build_spec(g, nh)
    if as_of:
        spec = replace(spec, subtitle=f"{spec.subtitle} · as it stood on {as_of}" if spec.subtitle
                       else f"as it stood on {as_of}")
    engine = get_renderer(renderer) if isinstance(renderer, str) else renderer
    html = engine.render(spec)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return MapResult(
        path=out, nodes=len(spec.nodes), edges=len(spec.edges), headline=headline(g, nh.owned),
        seconds=time.perf_counter() - started,
    )
