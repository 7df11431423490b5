"""Helpers the analysis families share: which nodes are work items, who owns them, filters,
and finding an officer by name.

The graph is the one ``graphmodel.build.build_graph`` makes (and ``LadybugStore.read_graph``
returns): nodes carry ``label`` and items carry ``kind``, ``plan``, ``status_category``,
``directorates`` (resolved names); edges are keyed by their type.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import networkx as nx

WORK_KINDS = ("activity", "milestone")  # the items people own
ITEM_KINDS = ("theme", "priority", "activity", "milestone")
CLOSED = ("completed", "cancelled")  # every other status category is still open
LATE = "late"
UNKNOWN = "unknown"


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
    """Nodes with an ``etype`` edge into ``node`` (optionally only those labelled ``label``)."""
    out = []
    for u, _, key in g.in_edges(node, keys=True):
        if key == etype and (label is None or g.nodes[u].get("label") == label) and u not in out:
            out.append(u)
    return out


def targets(g: nx.MultiDiGraph, node: str, etype: str) -> list[str]:
    """Nodes ``node`` has an ``etype`` edge to."""
    out = []
    for _, v, key in g.out_edges(node, keys=True):
        if key == etype and v not in out:
            out.append(v)
    return out


def officers_of(g: nx.MultiDiGraph, item: str) -> list[str]:
    """The officers who own ``item``."""
    return sources(g, item, "OWNS", "Officer")


def name(g: nx.MultiDiGraph, node: str) -> str:
    """The node's ``name`` (its id when it has none)."""
    return g.nodes[node].get("name") or node


def nodes_labelled(g: nx.MultiDiGraph, label: str) -> Iterable[str]:
    """The ids of the nodes labelled ``label`` (e.g. ``Officer``)."""
    return (n for n, d in g.nodes(data=True) if d.get("label") == label)


def plans(g: nx.MultiDiGraph) -> list[str]:
    """The plan years the graph holds, sorted."""
    return sorted({d["plan"] for _, d in g.nodes(data=True) if is_item(d) and d.get("plan")})


class NoSuchOfficer(LookupError):
    """No officer matches a name; ``suggestions`` holds the closest names."""

    def __init__(self, query: str, suggestions: list[str]) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f" - did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no officer named {query!r}{hint}")


def find_officer(g: nx.MultiDiGraph, query: str, limit: int = 3) -> str:
    """The id of the officer ``query`` names: an exact name (any case, spacing or punctuation),
    else the one officer whose name contains it as whole words. Raises ``NoSuchOfficer`` with
    the closest names (rapidfuzz) otherwise."""
    from rapidfuzz import fuzz, process, utils

    from graphmodel.identity import name_key

    officers = {n: name(g, n) for n in nodes_labelled(g, "Officer")}
    key = name_key(query)
    exact = [n for n, nm in officers.items() if name_key(nm) == key]
    if len(exact) == 1:
        return exact[0]
    if key:
        partial = [n for n, nm in officers.items() if f"-{key}-" in f"-{name_key(nm)}-"]
        if len(partial) == 1:
            return partial[0]
    names = sorted(set(officers.values()))
    matches = process.extract(query, names, scorer=fuzz.WRatio, processor=utils.default_process,
                              limit=limit, score_cutoff=50)
    raise NoSuchOfficer(query, [m[0] for m in matches])
