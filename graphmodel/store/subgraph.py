"""Read only part of a stored graph: the neighbourhood a map draws, found with Cypher a step
at a time instead of reading the whole graph (``LadybugStore.read_graph`` takes seconds on a
quarter-million-item store; a map needs a few hundred nodes).

``StoreAdjacency`` answers the ``graphmodel.neighbourhood.Adjacency`` questions (the edges of
one type out of or into a set of nodes) with one query per node label, each a primary-key
lookup of the nodes followed by one hop (the shape the embedded store answers in
milliseconds; ``WHERE n.id IN $ids`` scans every node). Everything it reads goes into a
NetworkX graph, ``part``, with the edge keys and attributes ``read_graph`` gives (less the
derived columns only the named queries use), so the selections, the map and ``graph chain``
run on ``part`` exactly as on the whole graph. Nodes the map draws or names carry every
attribute; nodes a selection only passed through (the items a directorate's officers own in
other years, the Plan nodes) carry just label and plan.

``read_selection`` looks a name up, selects its neighbourhood, and adds what the map reads
besides (every edge between the map's nodes, the owners and boards of its items, the
directorates of its officers): ``write_map(part, nh, out)`` then writes the same map as
``write_map(store.read_graph(), nh, out)``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from typing import Any

import networkx as nx

from graphmodel.analysis._common import ITEM_KINDS
from graphmodel.neighbourhood import (
    ITEM_LABELS,
    GraphAdjacency,
    Neighbourhood,
    NotFound,
    find_focus,
    neighbourhood,
)
from graphmodel.schema import EdgeType, NodeLabel
from graphmodel.store.derived import DERIVED_COLUMNS
from graphmodel.store.tables import NODE_COLUMNS, REL_COLUMNS, REL_PAIRS

# the labels each kind of focus is looked up among
LOOKUP_LABELS = {
    "officer": (NodeLabel.OFFICER,),
    "directorate": (NodeLabel.DIRECTORATE,),
    "board": (NodeLabel.BOARD,),
    "member": (NodeLabel.MEMBER,),
}
# in the order read_graph reads them: the look-ups break ties by the order they meet nodes in
_ITEMS = [label for label in NODE_COLUMNS if label.value in ITEM_LABELS]


def _own_columns(label: NodeLabel) -> list[str]:
    """The columns of ``label`` that are the graph's own: the derived ones (graphmodel.store.derived,
    kept for the named queries) are not read, no map or analysis here uses them."""
    derived = DERIVED_COLUMNS.get(label, {})
    return [c for c in NODE_COLUMNS[label] if c not in derived]


def _columns(label: NodeLabel, node: str = "n") -> str:
    return ", ".join(f"{node}.{c}" for c in _own_columns(label))


def _add_rows(g: nx.MultiDiGraph, label: NodeLabel, rows: Iterable[dict]) -> None:
    """Add node rows (``_own_columns(label)`` in order) as ``read_graph`` adds them."""
    names = _own_columns(label)
    for row in rows:
        attrs = dict(zip(names, row.values(), strict=True))
        node_id = attrs.pop("id")
        g.add_node(node_id, label=label.value, **attrs)


def read_label(store, label: NodeLabel, g: nx.MultiDiGraph | None = None) -> nx.MultiDiGraph:
    """Every node labelled ``label`` (no edges), added to ``g`` (a new graph when None); returns the graph."""
    g = nx.MultiDiGraph() if g is None else g
    body = _columns(label)
    _add_rows(g, label, store.query(f"MATCH (n:{label.value}) RETURN {body}"))
    return g


def read_plans(store) -> list[str]:
    """The plan years of the stored items, sorted (``graphmodel.analysis._common.plans`` of the whole graph)."""
    found: set[str] = set()
    for label in _ITEMS:
        rows = store.query(f"MATCH (n:{label.value}) WHERE n.kind IN $kinds RETURN DISTINCT n.plan",
                           {"kinds": list(ITEM_KINDS)})
        found.update(p for row in rows for p in row.values() if p)
    return sorted(found)


class StoreAdjacency:
    """``Adjacency`` over a store, reading on demand into ``self.part`` (see the module docstring).

    Use it inside ``store.reading()``, so every step reads the same graph.
    """

    def __init__(self, store) -> None:
        self.store = store
        self.part = nx.MultiDiGraph()
        self._graph = GraphAdjacency(self.part)
        self._done: dict[tuple[EdgeType, bool], set[str]] = defaultdict(set)  # (type, outgoing) -> nodes read
        # nodes read with only their label and plan (what a selection asks of a node it passes):
        # a directorate's officers own tens of thousands of items in other years, none of them drawn
        self._thin: set[str] = set()

    # -------------------------------------------------------------- nodes
    def load(self, nodes: Iterable[tuple[str, str]]) -> None:
        """Read every attribute of the (id, label) ``nodes`` not in ``part`` yet, or read thin."""
        wanted: dict[str, list[str]] = defaultdict(list)
        for node, label in nodes:
            if (node not in self.part or node in self._thin) and node not in wanted[label]:
                wanted[label].append(node)
        for label, ids in wanted.items():
            lab = NodeLabel(label)
            body = _columns(lab)
            rows = self.store.query(f"UNWIND $ids AS x MATCH (n:{lab.value} {{id: x}}) RETURN {body}", {"ids": ids})
            _add_rows(self.part, lab, rows)
            self._thin.difference_update(ids)

    def complete(self, nodes: Iterable[str]) -> None:
        """Read every attribute of those of ``nodes`` read thin."""
        self.load((n, self.part.nodes[n]["label"]) for n in nodes if n in self._thin)

    def data(self, node: str) -> dict:
        return self.part.nodes[node]

    # -------------------------------------------------------------- edges
    def _hop(
        self, nodes: Collection[str], etype: EdgeType, outgoing: bool
    ) -> list[tuple[str, str, str, dict, dict]]:
        """The ``etype`` edges out of (or into) ``nodes`` (all in ``part``), one query per label
        of ``nodes``: (u, v, label of the other end, its attributes, the edge's attributes)."""
        rel_cols = list(REL_COLUMNS[etype])
        # label at this end -> the labels the schema allows at the other end
        others: dict[str, list[NodeLabel]] = defaultdict(list)
        for a, b in REL_PAIRS[etype]:
            this, other = (a, b) if outgoing else (b, a)
            others[this.value].append(other)
        by_label: dict[str, list[str]] = defaultdict(list)
        for n in nodes:
            label = self.part.nodes[n]["label"]
            if label in others:
                by_label[label].append(n)
        found = []
        for label, ids in by_label.items():
            node_cols = ["id"] + (["plan"] if any("plan" in NODE_COLUMNS[o] for o in others[label]) else [])
            body = ", ".join([*(f"r.{c}" for c in rel_cols), *(f"b.{c}" for c in node_cols)])
            # naming the other end's labels matters: left open, the planner scans every node table
            ends = ":".join(o.value for o in others[label])
            if outgoing:
                query = (f"UNWIND $ids AS x MATCH (a:{label} {{id: x}}) "
                         f"OPTIONAL MATCH (a)-[r:`{etype.value}`]->(b:{ends}) RETURN a.id, label(b), {body}")
            else:
                query = (f"UNWIND $ids AS x MATCH (a:{label} {{id: x}}) "
                         f"OPTIONAL MATCH (a)<-[r:`{etype.value}`]-(b:{ends}) RETURN a.id, label(b), {body}")
            rows = self.store.query(query, {"ids": ids})
            for row in rows:
                a, other, *values = row.values()
                rel = dict(zip(rel_cols, values, strict=False))
                node = dict(zip(node_cols, values[len(rel_cols):], strict=True))
                b = node["id"]
                if b is None:  # OPTIONAL MATCH: a node with no such edge
                    continue
                u, v = (a, b) if outgoing else (b, a)
                found.append((u, v, other, node, rel))
        return found

    def _expand(self, nodes: Collection[str], etype: EdgeType, outgoing: bool) -> None:
        """Put every ``etype`` edge out of (into) ``nodes`` into ``part``, with the nodes at its other end."""
        done = self._done[(etype, outgoing)]
        todo = [n for n in nodes if n not in done]
        if not todo:
            return
        for u, v, other, node, rel in self._hop(todo, etype, outgoing):
            end = v if outgoing else u
            if end not in self.part:
                self.part.add_node(end, label=other, **{c: value for c, value in node.items() if c != "id"})
                self._thin.add(end)
            self.part.add_edge(u, v, key=etype.value, type=etype.value, **rel)
        done.update(todo)

    def out(self, nodes: Collection[str], etype: EdgeType) -> list[tuple[str, str]]:
        self._expand(nodes, etype, True)
        return self._graph.out(nodes, etype)

    def into(self, nodes: Collection[str], etype: EdgeType) -> list[tuple[str, str]]:
        self._expand(nodes, etype, False)
        return self._graph.into(nodes, etype)

    def edge_data(self, u: str, v: str, etype: EdgeType) -> dict:
        return self._graph.edge_data(u, v, etype)

    # -------------------------------------------------------------- what a map reads
    def add_map_context(self, nh: Neighbourhood) -> None:
        """Add what ``viz.maps.write_map`` reads besides the selection's own steps: every edge
        between the nodes of ``nh`` (its induced subgraph), the officers, lead members and
        boards over each of its items (tooltips name them all), and the directorates of its officers.

        OWNS and MONITORS edges end at items, so reading them into the map's items finds every
        one between its nodes (a board's thousands of other items are never read)."""
        inside = nh.nodes
        items = [n for n in inside if self.data(n).get("label") in ITEM_LABELS]
        officers = [n for n in inside if self.data(n).get("label") == NodeLabel.OFFICER.value]
        self.out(inside, EdgeType.PART_OF)
        self.out(inside, EdgeType.SUCCEEDS)
        drawn = set(inside)
        drawn.update(u for u, _ in self.into(items, EdgeType.OWNS))
        drawn.update(u for u, _ in self.into(items, EdgeType.MONITORS))
        drawn.update(v for _, v in self.out(officers, EdgeType.WORKS_IN))
        self.complete(drawn)


def _activity_candidates(store, query: str, plans: Iterable[str] | None) -> nx.MultiDiGraph:
    """The items ``find_activity`` could match for ``query``: its code (any case), or a title
    holding every word of it (a superset: ``find_activity`` decides). Every item when the query
    is not plain ASCII (the store's lower() may differ from Python's there) or has no word."""
    from graphmodel.neighbourhood import _norm_title

    q = query.strip()
    words = _norm_title(q).split()
    if not q.isascii() or not words:
        return _all_items(store)
    words = list(dict.fromkeys(words))
    params: dict[str, Any] = {"code": q.lower(), **{f"w{k}": w for k, w in enumerate(words)}}
    # one CONTAINS per word, each a $parameter, on the title lowered once per row:
    # ``all(w IN $words WHERE lower(n.title) CONTAINS w)`` built a list per row (~150 ms on ~50k
    # milestones for eight words), a lower() per word ~54 ms, lowered once ~19 ms
    title = " AND ".join(f"t CONTAINS $w{k}" for k in range(len(words)))
    if plans:
        params["plans"] = sorted(set(plans))
    g = nx.MultiDiGraph()
    for label in _ITEMS:
        # the ids first, then their rows by primary key: returning every column from the scan
        # read them for every row (~27 ms more on ~50k milestones, whatever matched)
        if plans:
            query = (f"MATCH (n:{label.value}) WHERE n.plan IN $plans WITH n, lower(n.title) AS t "
                     f"WHERE lower(n.code) = $code OR ({title}) RETURN n.id AS id")
        else:
            query = (f"MATCH (n:{label.value}) WITH n, lower(n.title) AS t "
                     f"WHERE lower(n.code) = $code OR ({title}) RETURN n.id AS id")
        ids = [row["id"] for row in store.query(query, params)]
        if ids:
            body = _columns(label)
            _add_rows(g, label, store.query(f"UNWIND $ids AS x MATCH (n:{label.value} {{id: x}}) RETURN {body}",
                                            {"ids": ids}))
    return g


def _all_items(store) -> nx.MultiDiGraph:
    """Every item with the attributes ``find_activity`` reads (for its did-you-mean)."""
    g = nx.MultiDiGraph()
    for label in _ITEMS:
        for row in store.query(f"MATCH (n:{label.value}) RETURN n.id, n.plan, n.code, n.title"):
            node, plan, code, title = row.values()
            g.add_node(node, label=label.value, plan=plan, code=code, title=title)
    return g


def find_in_store(store, kind: str, name: str, plans: Iterable[str] | None = None) -> tuple[str, str]:
    """The (id, label) of the node of ``kind`` that ``name`` names, matched as
    ``graphmodel.neighbourhood.find_focus`` matches it on the whole graph (``NotFound`` with
    the same suggestions, or ``Ambiguous``)."""
    if kind == "activity":
        g = _activity_candidates(store, name, plans)
        links = StoreAdjacency(store)  # several matches may be one piece of work: its SUCCEEDS chain
        links.load((n, d["label"]) for n, d in g.nodes(data=True))
        try:
            node = find_focus(g, kind, name, plans, links)
        except NotFound:  # the closest titles and codes: read them all (only when nothing matches)
            g = _all_items(store)
            node = find_focus(g, kind, name, plans, links)
    else:
        g = nx.MultiDiGraph()
        for label in LOOKUP_LABELS[kind]:
            read_label(store, label, g)
        node = find_focus(g, kind, name, plans)
    return node, g.nodes[node]["label"]


def read_neighbourhood(
    store, kind: str, node: str, label: str, plans: Iterable[str] | None = None, depth: int | None = None
) -> tuple[nx.MultiDiGraph, Neighbourhood]:
    """The neighbourhood of ``kind`` around ``node`` (labelled ``label``) read from ``store``:
    ``(part, nh)`` where ``part`` holds ``nh`` and everything its map reads (see the module docstring)."""
    with store.reading():
        adj = StoreAdjacency(store)
        adj.load([(node, label)])
        nh = neighbourhood(adj, kind, node, plans, depth)
        adj.add_map_context(nh)
    return adj.part, nh


def read_officer_chain_as_of(
    store, officer: str, date: str, plans: Iterable[str] | None = None, depth: int | None = None
) -> tuple[nx.MultiDiGraph, Neighbourhood]:
    """The accountability chain of the officer with id ``officer`` as it stood on ``date``:
    ``(part, nh)`` as ``read_neighbourhood`` returns, with ``part`` put back to ``date``
    (``graphmodel.store.readings.as_of``): the items reported by then, each in its state then
    and owned by the officers its reading then printed, so ``nh`` holds the items the officer
    owned on that date, including ones handed to someone else since.

    Read as ``read_neighbourhood`` reads it, around every item the officer owns now or that a
    reading by ``date`` named them on; then those items' readings, and the officers they name."""
    from graphmodel.neighbourhood import officer_chain
    from graphmodel.store.readings import as_of, items_named_by, readings_of

    with store.reading():
        adj = StoreAdjacency(store)
        adj.load([(officer, NodeLabel.OFFICER.value)])
        adj.out([officer], EdgeType.OWNS)  # the items they own now
        named = [(n, label) for n, label in items_named_by(store, officer, date) if n not in adj.part]
        adj.load(named)
        for n, _ in named:  # a candidate: the readings decide below whether it was theirs then
            adj.part.add_edge(officer, n, key=EdgeType.OWNS.value, type=EdgeType.OWNS.value)
        adj.add_map_context(neighbourhood(adj, "officer", officer, plans, depth))
        items: dict[str, list[str]] = defaultdict(list)
        for n, d in adj.part.nodes(data=True):
            if d.get("label") in ITEM_LABELS:
                items[d["label"]].append(n)
                d.pop("outcome", None)  # what became of an activity needs the whole graph; a chain does not show it
        readings = readings_of(store, items)
        # the officers those readings printed (a map's tooltips name an item's owners then)
        adj.load((o, NodeLabel.OFFICER.value) for rows in readings.values() for r in rows
                 for o in r.get("officer_ids") or ())
    as_of(adj.part, readings, date)
    return adj.part, officer_chain(adj.part, officer, plans, depth)


class NotReported(LookupError):
    """The selection's focus (an item) had not been reported by the date asked for."""


def read_selection_as_of(
    store, kind: str, name: str, date: str, plans: Iterable[str] | None = None, depth: int | None = None
) -> tuple[nx.MultiDiGraph, Neighbourhood]:
    """``read_selection`` as it stood on ``date``: an officer's chain read as
    ``read_officer_chain_as_of`` reads it; any other selection on the whole stored graph put back
    to the date (seconds on a large store). Raises ``NotFound`` / ``Ambiguous`` as
    ``read_selection`` does, and ``NotReported`` when the focus is an item first reported later."""
    from graphmodel.store.readings import graph_as_of

    with store.reading():
        node, label = find_in_store(store, kind, name, plans)
        if kind == "officer":
            return read_officer_chain_as_of(store, node, date, plans, depth)
        g = graph_as_of(store, date)
    if node not in g:
        raise NotReported(f"{kind} {name!r} had not been reported by {date}")
    return g, neighbourhood(g, kind, node, plans, depth)


def read_selection(
    store, kind: str, name: str, plans: Iterable[str] | None = None, depth: int | None = None
) -> tuple[nx.MultiDiGraph, Neighbourhood]:
    """Look ``name`` up among the nodes of ``kind`` and read its neighbourhood: ``(part, nh)``
    as ``read_neighbourhood`` returns. Raises ``NotFound`` / ``Ambiguous`` as ``select`` does."""
    with store.reading():
        node, label = find_in_store(store, kind, name, plans)
        return read_neighbourhood(store, kind, node, label, plans, depth)


# ------------------------------------------------------------------ the tables an analysis reads


def read_tables(store, nodes: dict[NodeLabel, Iterable[str]], rels: Iterable[EdgeType]) -> nx.MultiDiGraph:
    """The part of the stored graph made of the labels in ``nodes`` (each with only the columns
    given, ``id`` always) and the edges of the types in ``rels`` between them.

    Nodes and edges are read with the queries ``read_graph`` uses and added in its order, so
    anything that walks the result meets them in the same order as on the whole graph.
    """
    g = nx.MultiDiGraph()
    wanted = set(rels)
    with store.reading():
        for label in NODE_COLUMNS:
            if label not in nodes:
                continue
            cols = ["id", *(c for c in dict.fromkeys(nodes[label]) if c != "id" and c in NODE_COLUMNS[label])]
            for row in store.query(f"MATCH (n:{label.value}) RETURN " + ", ".join(f"n.{c}" for c in cols)):
                attrs = dict(zip(cols, row.values(), strict=True))
                g.add_node(attrs.pop("id"), label=label.value, **attrs)
        for etype, rel_cols in REL_COLUMNS.items():
            if etype not in wanted:
                continue
            extra = "".join(f", r.{c}" for c in rel_cols)
            for row in store.query(f"MATCH (a)-[r:`{etype.value}`]->(b) RETURN a.id, b.id{extra}"):
                u, v, *values = row.values()
                if u in g and v in g:  # an edge to a label not read is left out
                    g.add_edge(u, v, key=etype.value, type=etype.value, **dict(zip(rel_cols, values, strict=True)))
    return g
