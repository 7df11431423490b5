"""Neighbourhoods: the part of the accountability graph around one officer, directorate,
board, lead member or activity (what ``graph viz`` draws and ``graph chain`` lists).

Every selection returns a ``Neighbourhood``: a set of node ids of the full graph. Its
edges are all the edges of the full graph between those nodes (the induced subgraph), so
node and edge counts are the same whoever draws or counts the selection.

The accountability chain of an officer (``officer_chain``) is:

- the officer;
- the items they own (activities, milestones, ...), in the ``plan`` years asked for;
- the items above those (activity, priority, theme: ``depth`` levels of PART_OF, all of
  them by default; the Plan node itself is left out);
- the lead members who own, and the boards that monitor, any of those items;
- the directorates they work in (WORKS_IN);
- lineage: the items in other plan years linked by SUCCEEDS to their items or to the
  activities above them (followed transitively, so a whole carry-forward chain appears).

Name look-ups (``find_officer`` and friends) match names as printed, ignoring case and
punctuation; a name that matches no one raises ``NotFound`` with the closest names.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Protocol

import networkx as nx
from rapidfuzz import fuzz, process

from graphmodel import definitions as fig
from graphmodel.identity import name_key
from graphmodel.schema import EdgeType, NodeLabel

ITEM_LABELS = frozenset(
    {NodeLabel.THEME.value, NodeLabel.PRIORITY.value, NodeLabel.ACTIVITY.value, NodeLabel.MILESTONE.value}
)


class NotFound(LookupError):
    """No node of the asked kind matches ``query``; ``suggestions`` are the closest names."""

    def __init__(self, kind: str, query: str, suggestions: list[str]) -> None:
        self.kind = kind
        self.query = query
        self.suggestions = suggestions
        hint = f"; did you mean {_or_list(suggestions)}?" if suggestions else ""
        super().__init__(f"no {kind} matches {query!r}{hint}")


class Ambiguous(LookupError):
    """``query`` matches several nodes; ``matches`` describes each."""

    def __init__(self, kind: str, query: str, matches: list[str]) -> None:
        self.kind = kind
        self.query = query
        self.matches = matches
        shown = "; ".join(matches[:6]) + (f"; and {len(matches) - 6} more" if len(matches) > 6 else "")
        super().__init__(f"{query!r} matches {len(matches)} {kind}s: {shown}")


@dataclass
class Neighbourhood:
    """A selection of the graph: ``nodes`` (ids of the full graph) around ``focus``."""

    kind: str  # officer | directorate | board | member | activity
    focus: list[str]
    nodes: set[str]
    plans: list[str] | None = None  # the plan years asked for (None: all)
    owned: set[str] = field(default_factory=set)  # the items the focus is accountable for

    def subgraph(self, g: nx.MultiDiGraph) -> nx.MultiDiGraph:
        """The induced subgraph (a view): these nodes and every edge between them."""
        return g.subgraph(self.nodes)

    def counts(self, g: nx.MultiDiGraph) -> dict[str, int]:
        """Node and edge counts of the selection: {"nodes": n, "edges": m}."""
        sub = self.subgraph(g)
        return {"nodes": sub.number_of_nodes(), "edges": sub.number_of_edges()}


# ---------------------------------------------------------------- headline figures


def headline(g: nx.MultiDiGraph, items: Iterable[str]) -> dict[str, int]:
    """Items, open and late (``graphmodel.definitions``) among ``items``."""
    cats = [g.nodes[n].get("status_category") for n in items]
    return {
        "items": len(cats),
        "open": sum(1 for c in cats if fig.is_open(c)),
        "late": sum(1 for c in cats if fig.is_late(c)),
    }


# ---------------------------------------------------------------- look-ups


def _nodes_of(g: nx.MultiDiGraph, labels: Iterable[str]) -> list[str]:
    labels = set(labels)
    return [n for n, d in g.nodes(data=True) if d.get("label") in labels]


def _names(g: nx.MultiDiGraph, node: str) -> list[str]:
    d = g.nodes[node]
    return [x for x in (d.get("name"), d.get("full_name")) if x]


def _or_list(names: list[str]) -> str:
    names = [f"{n}" for n in names]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def find_node(g: nx.MultiDiGraph, labels: Iterable[str], query: str, kind: str) -> str:
    """The node with one of ``labels`` whose name matches ``query``.

    Matches, in order: the same name ignoring case, spacing and punctuation; else every
    word of ``query`` starting a word of exactly one name ("bamber" -> "Andy Bamber").
    Raises ``NotFound`` (with up to three close names) or ``Ambiguous``.
    """
    candidates = _nodes_of(g, labels)
    key = name_key(query)
    exact = sorted({n for n in candidates if any(name_key(x) == key for x in _names(g, n))})
    if len(exact) == 1:
        return exact[0]
    if len(exact) > 1:
        raise Ambiguous(kind, query, [f"{g.nodes[n]['name']} ({n})" for n in exact])
    words = key.split("-") if key else []
    partial = sorted(
        {
            n
            for n in candidates
            for x in _names(g, n)
            if words and all(any(w.startswith(q) for w in name_key(x).split("-")) for q in words)
        }
    )
    if len(partial) == 1:
        return partial[0]
    if len(partial) > 1:
        raise Ambiguous(kind, query, [g.nodes[n]["name"] for n in partial])
    raise NotFound(kind, query, suggest(g, labels, query))


def suggest(g: nx.MultiDiGraph, labels: Iterable[str], query: str, limit: int = 3) -> list[str]:
    """Up to ``limit`` names of nodes with ``labels`` closest to ``query`` (rapidfuzz WRatio)."""
    names = sorted({x for n in _nodes_of(g, labels) for x in _names(g, n)})
    found = process.extract(query, names, scorer=fuzz.WRatio, limit=limit, score_cutoff=50)
    return [name for name, _score, _ in found]


def find_officer(g: nx.MultiDiGraph, name: str) -> str:
    """The officer ``name`` names (``find_node``): the one officer look-up every command uses."""
    return find_node(g, [NodeLabel.OFFICER.value], name, "officer")


def find_directorate(g: nx.MultiDiGraph, name: str) -> str:
    return find_node(g, [NodeLabel.DIRECTORATE.value], name, "directorate")


def find_board(g: nx.MultiDiGraph, name: str) -> str:
    return find_node(g, [NodeLabel.BOARD.value], name, "board")


def find_member(g: nx.MultiDiGraph, name: str) -> str:
    return find_node(g, [NodeLabel.MEMBER.value], name, "lead member")


def match_items(g: nx.MultiDiGraph, query: str, plans: Iterable[str] | None = None) -> list[str]:
    """The items ``query`` names, sorted: those whose code is ``query`` (as printed, any case),
    else whose title is it (ignoring case and punctuation), else whose title holds it, else whose
    title holds each of its words; activities
    when any of them match. ``plans`` narrows the search. Raises ``NotFound`` with the closest
    titles and codes when nothing matches."""
    plans = set(plans) if plans else None
    items = [
        n for n in _nodes_of(g, ITEM_LABELS) if plans is None or g.nodes[n].get("plan") in plans
    ]
    q = query.strip()
    by_code = [n for n in items if (g.nodes[n].get("code") or "").lower() == q.lower()]
    prefer = [n for n in by_code if g.nodes[n]["label"] == NodeLabel.ACTIVITY.value] or by_code
    if prefer:
        return sorted(prefer)
    qk = _norm_title(q)
    by_title = [n for n in items if qk and _norm_title(g.nodes[n].get("title") or "") == qk]
    if not by_title:
        by_title = [n for n in items if qk and qk in _norm_title(g.nodes[n].get("title") or "")]
    if not by_title:  # title words in any order: each one in the title
        words = qk.split()
        by_title = [n for n in items if words and all(w in _norm_title(g.nodes[n].get("title") or "") for w in words)]
    prefer = [n for n in by_title if g.nodes[n]["label"] == NodeLabel.ACTIVITY.value] or by_title
    if prefer:
        return sorted(prefer)
    titles = {g.nodes[n].get("title") or "": n for n in items}
    codes = {g.nodes[n].get("code"): n for n in items if g.nodes[n].get("code")}
    found = process.extract(q, list(titles) + list(codes), scorer=fuzz.WRatio, limit=3, score_cutoff=50)
    raise NotFound("activity", query, [_describe(g, titles.get(s) or codes[s]) for s, _, _ in found])


def group_by_lineage(g: nx.MultiDiGraph | Adjacency, items: Iterable[str]) -> list[list[str]]:
    """``items`` grouped by the carry-forward chain they belong to (linked by SUCCEEDS either
    way, through items not among them too): one list per chain, each sorted, in order of first item."""
    groups: list[list[str]] = []
    placed: set[str] = set()
    wanted = sorted(items)
    for n in wanted:
        if n in placed:
            continue
        chain = lineage(g, [n])
        group = [m for m in wanted if m in chain]
        placed.update(group)
        groups.append(group)
    return groups


def find_activity(g: nx.MultiDiGraph, query: str, plans: Iterable[str] | None = None,
                  links: nx.MultiDiGraph | Adjacency | None = None) -> str:
    """The activity (or other item) whose code is ``query`` (as printed), else whose title
    matches it (``match_items``). Several matches that are one piece of work across plan years
    (one SUCCEEDS chain, read from ``links``, default ``g``) are one answer: the latest of them.
    ``plans`` narrows the search; raises ``Ambiguous`` when the matches are different work."""
    matches = match_items(g, query, plans)
    groups = group_by_lineage(links if links is not None else g, matches) if len(matches) > 1 else [matches]
    if len(groups) == 1:
        return max(groups[0], key=lambda n: (g.nodes[n].get("plan") or "", n))
    raise Ambiguous("item", query, [_describe(g, n) for n in matches])


def _norm_title(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _describe(g: nx.MultiDiGraph, node: str) -> str:
    d = g.nodes[node]
    title = d.get("title") or ""
    title = title if len(title) <= 60 else title[:57] + "..."
    return f"{d.get('plan')} {d.get('code') or ''} {title}".replace("  ", " ").strip()


# ---------------------------------------------------------------- selections
#
# The selections walk the graph a frontier (a set of nodes) at a time through ``Adjacency``,
# so the same code runs on a NetworkX graph and on a store that answers each step with one
# query (``graphmodel.store.subgraph``): both give the same neighbourhood.


class Adjacency(Protocol):
    """What a selection reads: node attributes and typed edges, a set of nodes at a time."""

    def data(self, node: str) -> dict:
        """The attributes of ``node`` (``label``, ``plan``, ...), for any node an edge led to."""
        ...

    def out(self, nodes: Collection[str], etype: EdgeType) -> list[tuple[str, str]]:
        """Every ``etype`` edge (u, v) with u in ``nodes``."""
        ...

    def into(self, nodes: Collection[str], etype: EdgeType) -> list[tuple[str, str]]:
        """Every ``etype`` edge (u, v) with v in ``nodes``."""
        ...

    def edge_data(self, u: str, v: str, etype: EdgeType) -> dict:
        """The attributes of the ``etype`` edge (u, v), one ``out`` or ``into`` returned ({} if none)."""
        ...


class GraphAdjacency:
    """``Adjacency`` over a NetworkX graph (edges keyed by their type)."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.g = g

    def data(self, node: str) -> dict:
        return self.g.nodes[node]

    def out(self, nodes: Collection[str], etype: EdgeType) -> list[tuple[str, str]]:
        key = etype.value
        return [(u, v) for n in nodes for u, v, k in self.g.out_edges(n, keys=True) if k == key]

    def into(self, nodes: Collection[str], etype: EdgeType) -> list[tuple[str, str]]:
        key = etype.value
        return [(u, v) for n in nodes for u, v, k in self.g.in_edges(n, keys=True) if k == key]

    def edge_data(self, u: str, v: str, etype: EdgeType) -> dict:
        return self.g.get_edge_data(u, v, key=etype.value) or {}


def adjacency(g: nx.MultiDiGraph | Adjacency) -> Adjacency:
    """``g`` itself when it is an ``Adjacency``, else a ``GraphAdjacency`` over the graph ``g``."""
    return GraphAdjacency(g) if isinstance(g, nx.Graph) else g


def _label(a: Adjacency, node: str) -> str | None:
    return a.data(node).get("label")


def _in_plans(a: Adjacency, node: str, plans: set[str] | None) -> bool:
    return plans is None or a.data(node).get("plan") in plans


def _targets(a: Adjacency, nodes: Collection[str], etype: EdgeType) -> set[str]:
    return {v for _, v in a.out(nodes, etype)}


def _sources(a: Adjacency, nodes: Collection[str], etype: EdgeType) -> set[str]:
    return {u for u, _ in a.into(nodes, etype)}


def ancestors(g: nx.MultiDiGraph | Adjacency, items: Iterable[str], depth: int | None = None) -> set[str]:
    """The items above ``items`` along PART_OF, at most ``depth`` levels up (Plan nodes excluded)."""
    a = adjacency(g)
    found: set[str] = set()
    frontier = set(items)
    level = 0
    while frontier and (depth is None or level < depth):
        frontier = {p for p in _targets(a, frontier, EdgeType.PART_OF)
                    if _label(a, p) in ITEM_LABELS and p not in found}
        found |= frontier
        level += 1
    return found


def descendants(g: nx.MultiDiGraph | Adjacency, items: Iterable[str], depth: int | None = None) -> set[str]:
    """The items below ``items`` along PART_OF, at most ``depth`` levels down."""
    a = adjacency(g)
    found: set[str] = set()
    frontier = set(items)
    level = 0
    while frontier and (depth is None or level < depth):
        frontier = _sources(a, frontier, EdgeType.PART_OF) - found
        found |= frontier
        level += 1
    return found


def lineage(g: nx.MultiDiGraph | Adjacency, items: Iterable[str]) -> set[str]:
    """The items linked to ``items`` by SUCCEEDS in either direction, transitively (items themselves included)."""
    a = adjacency(g)
    seen = set(items)
    frontier = set(seen)
    while frontier:
        linked = _targets(a, frontier, EdgeType.SUCCEEDS) | _sources(a, frontier, EdgeType.SUCCEEDS)
        frontier = {n for n in linked - seen if _label(a, n) in ITEM_LABELS}
        seen |= frontier
    return seen


def _overseers(a: Adjacency, items: Collection[str]) -> set[str]:
    """Lead members who own and boards that monitor any of ``items``."""
    members = {u for u in _sources(a, items, EdgeType.OWNS) if _label(a, u) == NodeLabel.MEMBER.value}
    return members | _sources(a, items, EdgeType.MONITORS)


def _chain_around(a: Adjacency, owned: set[str], depth: int | None) -> set[str]:
    above = ancestors(a, owned, depth)
    items = owned | above
    activities = {n for n in above if _label(a, n) == NodeLabel.ACTIVITY.value}
    other_years = lineage(a, owned | activities) - items
    return items | other_years | _overseers(a, items)


def _plans(plans: Iterable[str] | None) -> set[str] | None:
    plans = {p for p in (plans or ()) if p}
    return plans or None


def officer_chain(
    g: nx.MultiDiGraph | Adjacency, officer: str, plans: Iterable[str] | None = None, depth: int | None = None
) -> Neighbourhood:
    """The accountability chain of ``officer`` (a node id; see the module docstring)."""
    a, ps = adjacency(g), _plans(plans)
    owned = {n for n in _targets(a, [officer], EdgeType.OWNS) if _in_plans(a, n, ps)}
    nodes = {officer} | _chain_around(a, owned, depth) | _targets(a, [officer], EdgeType.WORKS_IN)
    return Neighbourhood("officer", [officer], nodes, sorted(ps) if ps else None, owned)


def directorate_map(
    g: nx.MultiDiGraph | Adjacency, directorate: str, plans: Iterable[str] | None = None, depth: int | None = None
) -> Neighbourhood:
    """A directorate, the officers who work in it, and their accountability chains: the items
    each owns as that directorate (printed beside them there; an edge of a hand-made graph that
    carries no ``directorate`` at all counts)."""
    a, ps = adjacency(g), _plans(plans)
    officers = _sources(a, [directorate], EdgeType.WORKS_IN)
    wanted = (a.data(directorate).get("name") or "").casefold()
    owns = [(o, n) for o, n in a.out(officers, EdgeType.OWNS)
            if (a.edge_data(o, n, EdgeType.OWNS).get("directorate", wanted) or "").casefold() == wanted]
    owned = {n for _, n in owns if _in_plans(a, n, ps)}
    if ps:  # leave out officers with nothing in the years asked for
        officers = {o for o, n in owns if n in owned}
    nodes = {directorate} | officers | _chain_around(a, owned, depth)
    return Neighbourhood("directorate", [directorate], nodes, sorted(ps) if ps else None, owned)


def board_map(
    g: nx.MultiDiGraph | Adjacency, board: str, plans: Iterable[str] | None = None, depth: int | None = None
) -> Neighbourhood:
    """A board, the items it monitors, the items above them, and who owns them."""
    a, ps = adjacency(g), _plans(plans)
    owned = {n for n in _targets(a, [board], EdgeType.MONITORS) if _in_plans(a, n, ps)}
    owners = _sources(a, owned, EdgeType.OWNS)
    nodes = {board} | owners | _chain_around(a, owned, depth)
    return Neighbourhood("board", [board], nodes, sorted(ps) if ps else None, owned)


def member_map(
    g: nx.MultiDiGraph | Adjacency, member: str, plans: Iterable[str] | None = None, depth: int | None = None
) -> Neighbourhood:
    """A lead member's portfolio: the items they own, the milestones under those, the items
    above them, the officers who own them, and the boards over them."""
    a, ps = adjacency(g), _plans(plans)
    owned = {n for n in _targets(a, [member], EdgeType.OWNS) if _in_plans(a, n, ps)}
    below = descendants(a, owned)
    owners = {u for u in _sources(a, owned | below, EdgeType.OWNS) if _label(a, u) == NodeLabel.OFFICER.value}
    nodes = {member} | below | owners | _chain_around(a, owned, depth)
    return Neighbourhood("member", [member], nodes, sorted(ps) if ps else None, owned)


def activity_lineage(g: nx.MultiDiGraph | Adjacency, item: str, depth: int | None = 1) -> Neighbourhood:
    """An activity across plan years: every item linked to it by SUCCEEDS, their milestones,
    the ``depth`` levels above each (default: the priority), and their owners and boards."""
    a = adjacency(g)
    versions = lineage(a, [item])
    below = descendants(a, versions)
    items = versions | below
    people = _sources(a, items, EdgeType.OWNS) | _sources(a, items, EdgeType.MONITORS)
    nodes = items | ancestors(a, versions, depth) | people
    return Neighbourhood("activity", sorted(versions), nodes, None, items)


KINDS = ("officer", "directorate", "board", "member", "activity")


def one_focus(**focus: str | None) -> tuple[str, str]:
    """The (kind, name) of the one focus given (kinds as in ``KINDS``); ``ValueError`` unless exactly one is."""
    given = [(k, v) for k, v in focus.items() if v]
    if len(given) != 1 or given[0][0] not in KINDS:
        raise ValueError("give exactly one of --officer, --directorate, --board, --member, --activity")
    return given[0]


def find_focus(g: nx.MultiDiGraph, kind: str, name: str, plans: Iterable[str] | None = None,
               links: nx.MultiDiGraph | Adjacency | None = None) -> str:
    """The id of the node of ``kind`` that ``name`` names (``plans`` narrows an activity's code;
    ``links`` holds the SUCCEEDS edges, default ``g``); raises ``NotFound`` or ``Ambiguous``."""
    if kind == "activity":
        return find_activity(g, name, plans, links)
    finder = {"officer": find_officer, "directorate": find_directorate, "board": find_board, "member": find_member}
    return finder[kind](g, name)


def neighbourhood(
    g: nx.MultiDiGraph | Adjacency, kind: str, node: str, plans: Iterable[str] | None = None,
    depth: int | None = None,
) -> Neighbourhood:
    """The neighbourhood of ``kind`` around the node ``node`` (an activity's default ``depth`` is 1)."""
    if kind == "activity":
        return activity_lineage(g, node, 1 if depth is None else depth)
    maps = {"officer": officer_chain, "directorate": directorate_map, "board": board_map, "member": member_map}
    return maps[kind](g, node, plans, depth)


def select(
    g: nx.MultiDiGraph,
    *,
    officer: str | None = None,
    directorate: str | None = None,
    board: str | None = None,
    member: str | None = None,
    activity: str | None = None,
    plans: Iterable[str] | None = None,
    depth: int | None = None,
) -> Neighbourhood:
    """Look up the one focus given by name and return its neighbourhood.

    Raises ``ValueError`` unless exactly one of the focus arguments is given, and
    ``NotFound`` / ``Ambiguous`` when the name does not pick out one node.
    """
    kind, name = one_focus(officer=officer, directorate=directorate, board=board, member=member, activity=activity)
    return neighbourhood(g, kind, find_focus(g, kind, name, plans), plans, depth)
