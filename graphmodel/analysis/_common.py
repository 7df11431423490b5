"""Helpers the analysis families share: which nodes are work items, who owns them, filters.
(Names are looked up by ``graphmodel.neighbourhood.find_node``, the one matcher.)

The graph is the one ``graphmodel.build.build_graph`` makes (and ``LadybugStore.read_graph``
returns): nodes carry ``label`` and items carry ``kind``, ``plan``, ``status_category``,
``directorates`` (resolved names); edges are keyed by their type.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx

from graphmodel.definitions import CLOSED, LATE, UNKNOWN, WORK_KINDS  # noqa: F401 - the figures, defined once

ITEM_KINDS = ("theme", "priority", "activity", "milestone")


def is_item(data: dict) -> bool:
    """True when node attributes ``data`` are a plan item's (theme, priority, activity, milestone)."""
    return data.get("kind") in ITEM_KINDS


def item_matches(data: dict, plan: str | None = None, directorate: str | None = None) -> bool:
    """True when the item is of ``plan`` (if given) and printed with ``directorate`` (if given,
    compared without regard to case)."""
    if plan and data.get("plan") != plan:
        return False
    if directorate:
        wanted = directorate.casefold()
        if not any(d.casefold() == wanted for d in data.get("directorates") or []):
            return False
    return True


def work_items(g: nx.MultiDiGraph, plan: str | None = None, directorate: str | None = None) -> Iterator[str]:
    """Ids of the activities and milestones that pass the filters."""
    for node, data in g.nodes(data=True):
        if data.get("kind") in WORK_KINDS and item_matches(data, plan, directorate):
            yield node


def sources(g: nx.MultiDiGraph, node: str, etype: str, label: str | None = None) -> list[str]:
    """Nodes with an ``etype`` edge into ``node`` (optionally only those labelled ``label``), in
    the order ``g.in_edges(node)`` meets them."""
    # the predecessor map read directly (a node once, its edge keys a dict): in_edges built a
    # view and a tuple per edge, ~60% of carry-forward's time at ~250k items
    attrs = g.nodes
    return [u for u, keys in g.pred[node].items()
            if etype in keys and (label is None or attrs[u].get("label") == label)]


def targets(g: nx.MultiDiGraph, node: str, etype: str) -> list[str]:
    """Nodes ``node`` has an ``etype`` edge to, in the order ``g.out_edges(node)`` meets them."""
    return [v for v, keys in g.succ[node].items() if etype in keys]


def officers_of(g: nx.MultiDiGraph, item: str, directorate: str | None = None) -> list[str]:
    """The officers who own ``item``; with ``directorate``, only those printed beside it with
    that directorate (``owner_directorate``; any case)."""
    found = sources(g, item, "OWNS", "Officer")
    if directorate:
        wanted = directorate.casefold()
        found = [o for o in found if (owner_directorate(g, o, item) or "").casefold() == wanted]
    return found


def owner_directorate(g: nx.MultiDiGraph, officer: str, item: str) -> str | None:
    """The directorate printed beside ``officer`` on ``item`` (the OWNS edge's), None when none is."""
    data = g.get_edge_data(officer, item, key="OWNS")
    return data.get("directorate") if data else None


def name(g: nx.MultiDiGraph, node: str) -> str:
    """The node's ``name`` (its id when it has none)."""
    return g.nodes[node].get("name") or node


def nodes_labelled(g: nx.MultiDiGraph, label: str) -> Iterable[str]:
    """The ids of the nodes labelled ``label`` (e.g. ``Officer``)."""
    return (n for n, d in g.nodes(data=True) if d.get("label") == label)


def plans(g: nx.MultiDiGraph) -> list[str]:
    """The plan years the graph holds, sorted."""
    return sorted({d["plan"] for _, d in g.nodes(data=True) if is_item(d) and d.get("plan")})
