"""Who is accountable for a piece of work: ``graph who QUERY``.

``who(store, query)`` finds the items ``query`` names (a code as printed, or title words, in
any plan year: ``graphmodel.neighbourhood.match_items``, as ``graph viz --activity`` finds
them). Matches that are one piece of work carried across plan years (one SUCCEEDS chain) are
one answer; several pieces of work are listed (``matches``) for the caller to narrow.

The answer has one entry per plan year the work appears in, oldest first: the item, its owners
each with the directorate printed beside them there, the lead members and boards over it (on
the item or above it), its activity, priority, theme and plan, its status, the milestones under
it, the same work in the plan years before and after (SUCCEEDS both ways), and the source line
of each fact. Each entry's ``readings`` are the loaded reports' readings of the item, oldest
first (``graph history``): one when its plan year has one report, several when quarterly
reports of the plan are loaded; its status is its latest reading's.

Only the work's neighbourhood is read from the store (``read_neighbourhood``), not the whole
graph; ``answer(g, items)`` gives the same on a NetworkX graph of the whole store.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graphmodel import definitions as fig
from graphmodel.analysis._common import owner_directorate, sources, targets
from graphmodel.neighbourhood import ITEM_LABELS, group_by_lineage, lineage, match_items


def who(store, query: str, plans: Iterable[str] | None = None) -> dict:
    """The answer for ``query`` read from ``store`` (see the module docstring): a dict with
    ``query``, ``plans`` (the filter), ``matches`` (every item matched: ``id``, ``plan``,
    ``kind``, ``code``, ``title``, ``source``, ``line``), ``chains`` (how many pieces of work
    they are), ``latest`` (the latest plan year's ``plan`` and status) and ``years``
    (``answer``'s entries; empty, and ``latest`` None, when ``chains`` is not 1). Raises
    ``graphmodel.neighbourhood.NotFound`` (with the closest titles) when nothing matches."""
    from graphmodel.store.subgraph import StoreAdjacency, _activity_candidates, _all_items

    plans = sorted(set(plans)) if plans else None
    with store.reading():
        candidates = _activity_candidates(store, query, plans)
        try:
            matches = match_items(candidates, query, plans)
        except LookupError:  # NotFound: its suggestions come from every title
            candidates = _all_items(store)
            matches = match_items(candidates, query, plans)
        adj = StoreAdjacency(store)
        adj.load((n, candidates.nodes[n]["label"]) for n in matches)
        groups = group_by_lineage(adj, matches)
        if len(groups) == 1:
            _read_around(adj, groups[0])
            versions = lineage(adj, groups[0])
            _read_outcomes(store, adj.part, versions)
            _read_readings(store, adj.part, versions)
    return _result(adj.part if len(groups) == 1 else candidates, query, plans, matches, groups)


def answer_graph(g: nx.MultiDiGraph, query: str, plans: Iterable[str] | None = None) -> dict:
    """``who``'s result computed on ``g``, a NetworkX graph of the whole store."""
    plans = sorted(set(plans)) if plans else None
    matches = match_items(g, query, plans)
    return _result(g, query, plans, matches, group_by_lineage(g, matches))


def _result(g: nx.MultiDiGraph, query: str, plans: list[str] | None, matches: list[str],
            groups: list[list[str]]) -> dict:
    years = answer(g, groups[0]) if len(groups) == 1 else []
    return {
        "query": query,
        "plans": plans,
        "matches": [_ref(g, n) for n in sorted(matches, key=lambda n: _order(g, n))],
        "chains": len(groups),
        # the work's latest status: its latest plan year's (once reports carry history, its latest reading)
        "latest": {"plan": years[-1]["plan"], **years[-1]["status"]} if years else None,
        "years": years,
    }


def _read_around(adj, items: list[str]) -> None:
    """Read into ``adj.part`` what ``answer`` reads around ``items``: their SUCCEEDS chain, the
    items above and under each version, and the people and boards on all of those."""
    from graphmodel.neighbourhood import ancestors, descendants
    from graphmodel.schema import EdgeType

    versions = lineage(adj, items)
    around = versions | ancestors(adj, versions) | descendants(adj, versions, 1)
    adj.into(around, EdgeType.OWNS)
    adj.into(around, EdgeType.MONITORS)
    adj.out(versions, EdgeType.SUCCEEDS)
    adj.into(versions, EdgeType.SUCCEEDS)
    adj.out(around, EdgeType.PART_OF)
    adj.complete(set(adj.part.nodes))


def _read_readings(store, part: nx.MultiDiGraph, versions: Iterable[str]) -> None:
    """Set each version's readings (every report's reading of it, in date order:
    ``graphmodel.store.readings.item_history``) in ``part``, as ``item_readings`` finds them in a
    whole graph through its Report nodes' READS edges."""
    from graphmodel.store.readings import item_history

    for node in versions:
        part.nodes[node]["_readings"] = [_reading(r) for r in item_history(store, node, part.nodes[node].get("label"))]


def _reading(r: dict) -> dict:
    """One reading as ``who`` gives it: the report's date and kind, what it printed, where."""
    return {"as_of": r.get("as_of"), "report_kind": r.get("report_kind"), "status": r.get("status"),
            "percent": r.get("percent"), "deadlines": list(r.get("deadlines") or []), "comments": r.get("comments"),
            "source": f"{r.get('source')}:{r.get('line')}", "owners": r.get("owners") or []}


def item_readings(g: nx.MultiDiGraph, node: str) -> list[dict]:
    """``node``'s readings in date order: read from the store by ``who`` (``_read_readings``), or
    found in a whole graph from the READS edges of its Report nodes."""
    if "_readings" in g.nodes[node]:
        return g.nodes[node]["_readings"]
    from graphmodel.store.readings import reading_order, reading_owners

    names = {n: d.get("name") for n, d in g.nodes(data=True) if d.get("label") == "Officer"}
    rows = []
    for u, _, key, data in g.in_edges(node, keys=True, data=True):
        if key == "READS":
            rows.append({**data, "report_kind": g.nodes[u].get("report_kind"), "owners": reading_owners(data, names)})
    return [_reading(r) for r in sorted(rows, key=reading_order)]


def _read_outcomes(store, part: nx.MultiDiGraph, versions: Iterable[str]) -> None:
    """Set each version's stored ``outcome`` (a derived column the selections do not read) in ``part``."""
    ids = sorted(versions)
    for row in store.query("MATCH (n:Activity) WHERE n.id IN $ids RETURN n.id AS id, n.outcome AS outcome",
                           {"ids": ids}):
        part.nodes[row["id"]]["outcome"] = row["outcome"]


def answer(g: nx.MultiDiGraph, items: Iterable[str]) -> list[dict]:
    """One entry per version of the work ``items`` belong to (their SUCCEEDS chain), oldest
    plan year first; see the module docstring and ``_year`` for what each holds."""
    versions = [n for n in lineage(g, items) if g.nodes[n].get("label") in ITEM_LABELS]
    return [_year(g, n) for n in sorted(versions, key=lambda n: _order(g, n))]


def _order(g: nx.MultiDiGraph, node: str) -> tuple:
    d = g.nodes[node]
    return (d.get("plan") or "", d.get("source") or "", d.get("line") or 0)


def _src(d: dict) -> str:
    return f"{d.get('source')}:{d.get('line')}"


def _ref(g: nx.MultiDiGraph, node: str) -> dict:
    d = g.nodes[node]
    return {"id": node, "plan": d.get("plan"), "kind": d.get("kind"), "code": d.get("code"), "title": d.get("title"),
            "source": d.get("source"), "line": d.get("line")}


def _status(d: dict) -> dict:
    cat = d.get("status_category")
    return {
        "status": d.get("status"),
        "category": cat,
        "percent": d.get("percent"),
        "completed_by_percent": fig.completed_by_percent(d.get("status"), d.get("percent"), cat),
        "open": fig.is_open(cat),
        "late": fig.is_late(cat),
        "deadlines": list(d.get("deadlines") or []),
        "source": _src(d),
    }


def _above(g: nx.MultiDiGraph, node: str) -> list[str]:
    """``node`` and every item above it (PART_OF), nearest first."""
    out, frontier = [node], [node]
    while frontier:
        frontier = [p for f in frontier for p in targets(g, f, "PART_OF")
                    if p not in out and g.nodes[p].get("label") in ITEM_LABELS]
        out.extend(frontier)
    return out


def _on(g: nx.MultiDiGraph, node: str) -> str:
    """How a fact's item is named: 'priority 5.1', 'activity', 'this item'."""
    d = g.nodes[node]
    return " ".join(x for x in (d.get("kind"), d.get("code")) if x)


def _people(g: nx.MultiDiGraph, up: list[str], etype: str, label: str) -> list[dict]:
    """The ``label`` nodes with an ``etype`` edge into any of ``up``, each once (the nearest)."""
    out: dict[str, dict] = {}
    for node in up:
        for p in sorted(sources(g, node, etype, label), key=lambda x: g.nodes[x].get("name") or x):
            out.setdefault(p, {"name": g.nodes[p].get("name"), "on": _on(g, node), "source": _src(g.nodes[node])})
    return list(out.values())


def _owners(g: nx.MultiDiGraph, node: str) -> list[dict]:
    src = _src(g.nodes[node])
    return [{"name": g.nodes[o].get("name"), "directorate": owner_directorate(g, o, node), "source": src}
            for o in sorted(sources(g, node, "OWNS", "Officer"), key=lambda x: g.nodes[x].get("name") or x)]


def _link(g: nx.MultiDiGraph, later: str, earlier: str, other: str) -> dict:
    e = g.get_edge_data(later, earlier, key="SUCCEEDS") or {}
    return {**_ref(g, other), "score": e.get("score"), "evidence": list(e.get("evidence") or [])}


def _year(g: nx.MultiDiGraph, node: str) -> dict:
    """One plan year's version of the work: ``plan``, ``item`` (``_ref``), ``status``
    (status, category, percent, completed_by_percent, open, late, deadlines, source),
    ``outcome`` (an activity's, once a later plan year is loaded: carried_forward, completed,
    cancelled, dropped_unfinished, carried_over, no_status; else None), ``readings`` (each loaded report's reading of it in date order: ``as_of``, ``report_kind``, status, percent, deadlines, comments, source), ``owners`` (name, directorate printed
    beside them, source), ``lead_members`` and ``boards`` (name, the item they are printed on:
    ``on``, source), ``activity`` (for a milestone), ``priority`` and ``theme`` (code, title,
    source, or None), ``milestones`` under it (``_ref`` with status, percent and owners),
    ``succeeds`` (the same work in an earlier plan year) and ``succeeded_by`` (in a later one),
    each with the link's score and evidence."""
    d = g.nodes[node]
    up = _above(g, node)
    kinds: dict[str, dict] = {}
    for n in up[1:]:
        k = g.nodes[n].get("kind")
        if k not in kinds:
            kinds[k] = {"code": g.nodes[n].get("code"), "title": g.nodes[n].get("title"), "source": _src(g.nodes[n])}
    milestones = [m for m in sources(g, node, "PART_OF") if g.nodes[m].get("kind") == "milestone"]
    return {
        "plan": d.get("plan"),
        "item": _ref(g, node),
        "status": _status(d),
        # what became of it once a later plan year is loaded (graphmodel.definitions.outcome)
        "outcome": d.get("outcome"),
        "readings": item_readings(g, node),  # every report's reading of it, in date order (graph history)
        "owners": _owners(g, node),
        "lead_members": _people(g, up, "OWNS", "Member"),
        "boards": _people(g, up, "MONITORS", "Board"),
        "activity": kinds.get("activity") if d.get("kind") == "milestone" else None,
        "priority": kinds.get("priority"),
        "theme": kinds.get("theme"),
        "milestones": [{**_ref(g, m), "status": g.nodes[m].get("status"), "percent": g.nodes[m].get("percent"),
                        "owners": _owners(g, m)} for m in sorted(milestones, key=lambda m: _order(g, m))],
        "succeeds": [_link(g, node, v, v) for v in sorted(targets(g, node, "SUCCEEDS"), key=lambda v: _order(g, v))
                     if g.nodes[v].get("label") in ITEM_LABELS],
        "succeeded_by": [_link(g, u, node, u) for u in sorted(sources(g, node, "SUCCEEDS"), key=lambda u: _order(g, u))
                         if g.nodes[u].get("label") in ITEM_LABELS],
    }
