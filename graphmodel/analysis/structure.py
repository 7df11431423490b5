"""Structure: the people through whom accountability runs, and one officer's chain of it."""

from __future__ import annotations

import networkx as nx

from graphmodel.analysis._common import ITEM_KINDS, item_matches, name, owner_directorate, sources, targets

PEOPLE = ("Officer", "Member", "Board")


def accountability_graph(g: nx.MultiDiGraph, plan: str | None = None) -> nx.Graph:
    """The undirected officer-item-board graph: officers, lead members, boards and items of
    ``plan`` (all when None), joined by OWNS, MONITORS and PART_OF (between items) edges.
    People and boards with no item in it are left out."""
    nodes: dict[str, dict] = {}
    edges: set[tuple[str, str]] = set()
    for node, d in g.nodes(data=True):
        if d.get("kind") in ITEM_KINDS and item_matches(d, plan):
            nodes[node] = {"label": d.get("label"), "name": d.get("title")}
    for u, v, key in g.edges(keys=True):
        if v not in nodes:
            continue
        if key in ("OWNS", "MONITORS"):
            nodes.setdefault(u, {"label": g.nodes[u].get("label"), "name": name(g, u)})
            edges.add((u, v))
        elif key == "PART_OF" and u in nodes:
            edges.add((u, v))
    # sorted, so the scores do not depend on the order the store returned rows in
    h = nx.Graph()
    h.add_nodes_from(sorted(nodes.items()))
    h.add_edges_from(sorted(edges))
    return h


# Up to this many nodes betweenness is exact (a search from every node; the samples' whole
# graph, ~1,400 nodes, takes seconds). Above it, it is estimated from SAMPLE_K sources sampled
# with a fixed seed: exact on the ~250k-item benchmark corpus (234k nodes) would take days.
EXACT_MAX_NODES = 5_000
SAMPLE_K = 64
SEED = 0


def betweenness(g: nx.MultiDiGraph, plan: str | None = None, top: int | None = 20, k: int | None = None) -> dict:
    """Betweenness centrality of the officers, lead members and boards in the
    ``accountability_graph`` (normalised to 0..1). Exact up to ``EXACT_MAX_NODES`` nodes;
    above that, or when ``k`` is given, estimated from ``k`` (default ``SAMPLE_K``) sources
    sampled with seed ``SEED``, as ``networkx.betweenness_centrality(h, k, seed=SEED)`` estimates it.

    Returns ``{"plan", "nodes", "edges", "exact", "sources", "rows"}``: ``exact`` False when
    estimated, ``sources`` the number of nodes searched from; rows (the ``top`` highest, all
    when None) hold ``id``, ``name``, ``label``, ``betweenness``, ``items`` (the items they own
    or monitor) and ``rank``, sorted by betweenness descending, then name.
    """
    from graphmodel.analysis._brandes import sampled_betweenness

    h = accountability_graph(g, plan)
    n = h.number_of_nodes()
    if n == 0:
        return {"plan": plan, "nodes": 0, "edges": 0, "exact": True, "sources": 0, "rows": []}
    if k is None and n > EXACT_MAX_NODES:
        k = SAMPLE_K
    if k and k < n:
        scores = sampled_betweenness(h, k, seed=SEED)
    else:
        k = n
        scores = nx.betweenness_centrality(h)
    rows = [
        {"id": node, "name": d.get("name"), "label": d.get("label"), "betweenness": scores[node],
         "items": h.degree(node)}
        for node, d in h.nodes(data=True) if d.get("label") in PEOPLE
    ]
    rows.sort(key=lambda r: (-r["betweenness"], r["name"] or ""))
    if top is not None:
        rows = rows[:top]
    for rank, r in enumerate(rows, start=1):
        r["rank"] = rank
    return {"plan": plan, "nodes": n, "edges": h.number_of_edges(), "exact": k == n, "sources": k, "rows": rows}


def _ancestors(g: nx.MultiDiGraph, item: str, hops: int = 3) -> list[str]:
    """``item`` and the items it is PART_OF, up to ``hops`` levels (the nearest first)."""
    out, frontier = [item], [item]
    for _ in range(hops):
        frontier = [p for f in frontier for p in targets(g, f, "PART_OF") if p not in out]
        out.extend(frontier)
    return out


def accountability_chain(g: nx.MultiDiGraph, officer: str, plan: str | None = None) -> dict:
    """The accountability chain of the officer with id ``officer``.

    Returns ``{"officer_id", "officer", "directorates", "items", "map"}``: the directorates they work in
    (WORKS_IN), and per item they own (sorted by plan, source, line) the same columns as the
    ``chain`` Cypher query: ``plan``, ``source``, ``line``, ``kind``, ``code``, ``item``
    (title), ``status``, ``directorates`` (printed on the item), ``directorate`` (printed beside
    this officer there), the ``activity`` above it (None for an activity),
    ``priority_code``, ``priority``, ``theme``, and the lead ``members`` who own and ``boards``
    that monitor the item or anything above it (sorted by name). ``map`` is the node and edge
    count of the same chain drawn by ``graph viz --officer`` (which also shows the lineage items
    in other plan years): ``{"nodes": n, "edges": m}``.
    """
    items = []
    for item in targets(g, officer, "OWNS"):
        d = g.nodes[item]
        if not item_matches(d, plan):
            continue
        up = _ancestors(g, item)
        by_kind: dict[str, list[str]] = {}
        for node in up:
            by_kind.setdefault(g.nodes[node].get("kind"), []).append(node)
        activities = [a for a in by_kind.get("activity", []) if a != item]
        priorities = by_kind.get("priority", [])
        themes = by_kind.get("theme", [])
        members, boards = [], []
        for node in up:
            members += [name(g, m) for m in sources(g, node, "OWNS", "Member") if name(g, m) not in members]
            boards += [name(g, b) for b in sources(g, node, "MONITORS", "Board") if name(g, b) not in boards]

        def top(nodes, attr="title"):
            values = [g.nodes[n].get(attr) for n in nodes if g.nodes[n].get(attr) is not None]
            return max(values) if values else None

        items.append({
            "plan": d.get("plan"), "source": d.get("source"), "line": d.get("line"), "kind": d.get("kind"),
            "code": d.get("code"), "item": d.get("title"), "status": d.get("status"),
            "directorates": list(d.get("directorates") or []),
            "directorate": owner_directorate(g, officer, item),
            "activity": top(activities), "priority_code": top(priorities, "code"), "priority": top(priorities),
            "theme": top(themes), "members": sorted(members), "boards": sorted(boards),
        })
    items.sort(key=lambda r: (r["plan"] or "", r["source"] or "", r["line"] or 0))
    from graphmodel.neighbourhood import officer_chain  # the map of this chain (graph viz --officer)

    return {
        "officer_id": officer,
        "officer": name(g, officer),
        "directorates": sorted(name(g, t) for t in targets(g, officer, "WORKS_IN")),
        "items": items,
        "map": officer_chain(g, officer, [plan] if plan else None).counts(g),
    }
