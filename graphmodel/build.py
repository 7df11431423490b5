"""Records -> the accountability graph (a NetworkX MultiDiGraph).

Node ids: ``plan:2012/13``, ``item:<source>:<line>``, ``officer:<key>``, ``member:<key>``,
``board:<key>``, ``directorate:<key>``. Every node has ``label`` (its NodeLabel) and
``name``; items carry every field of their record. Edges have ``type`` (EdgeType) and
are keyed by it, so adding the same edge twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx

from graphmodel.identity import Resolution
from graphmodel.lineage import Succession
from graphmodel.schema import KIND_LABEL, EdgeType, ItemRecord, Kind, NodeLabel


def plan_id(plan: str) -> str:
    return f"plan:{plan}"


def item_node_id(key: str) -> str:
    return f"item:{key}"


def item_attributes(rec: ItemRecord) -> dict:
    """The properties an item node carries (the same in NetworkX and in every store)."""
    return {
        "label": KIND_LABEL[rec.kind].value,
        "key": rec.key,
        "source": rec.source,
        "line": rec.line,
        "plan": rec.plan,
        "kind": rec.kind.value,
        "code": rec.code,
        "title": rec.title,
        "name": rec.title,
        "status": rec.status,
        "status_category": rec.status_category.value,
        "percent": rec.percent,
        "deadlines": list(rec.deadlines),
        "deadline": rec.deadlines[-1] if rec.deadlines else None,
        "parent": rec.parent,
        "comments": rec.comments,
        # the directorates printed with the item's owners (build_graph resolves them)
        "directorates": list(rec.directorates),
    }


def build_graph(
    records: Iterable[ItemRecord],
    resolution: Resolution,
    successions: Iterable[Succession] = (),
) -> nx.MultiDiGraph:
    """Return the accountability graph of ``records``.

    Structure: item -PART_OF-> parent item (a theme, or an item printed with no parent,
    -PART_OF-> its Plan); Officer/Member -OWNS-> item; Board -MONITORS-> item;
    Officer -WORKS_IN-> Directorate (each directorate printed for them); later item
    -SUCCEEDS-> earlier item, with ``score`` and ``evidence``.
    """
    g = nx.MultiDiGraph()
    records = list(records)
    for rec in records:
        g.add_node(plan_id(rec.plan), label=NodeLabel.PLAN.value, name=rec.plan, plan=rec.plan)
        g.add_node(item_node_id(rec.key), **item_attributes(rec))

    for rec in records:
        node = item_node_id(rec.key)
        # directorates by their resolved name ("Place" and "PLACE" are one directorate)
        names = [resolution.directorates[resolution.directorate_of[d]].name for d in rec.directorates
                 if d in resolution.directorate_of]
        g.nodes[node]["directorates"] = list(dict.fromkeys(names))
        if rec.parent_key and item_node_id(rec.parent_key) in g:
            _edge(g, node, item_node_id(rec.parent_key), EdgeType.PART_OF)
        elif rec.kind in (Kind.THEME, Kind.PRIORITY) or not rec.parent_key:
            _edge(g, node, plan_id(rec.plan), EdgeType.PART_OF)
        for owner in rec.owners:
            person = resolution.people[resolution.officer_of[owner.name]]
            g.add_node(person.id, label=NodeLabel.OFFICER.value, name=person.name, is_post=person.is_post)
            _edge(g, person.id, node, EdgeType.OWNS)
            if owner.directorate:
                did = resolution.directorate_of[owner.directorate]
                d = resolution.directorates[did]
                g.add_node(did, label=NodeLabel.DIRECTORATE.value, name=d.name, full_name=d.full_name)
                _edge(g, person.id, did, EdgeType.WORKS_IN)
        for member in rec.members:
            m = resolution.members[resolution.member_of[member]]
            g.add_node(m.id, label=NodeLabel.MEMBER.value, name=m.name, member_kind=m.member_kind)
            _edge(g, m.id, node, EdgeType.OWNS)
        for board in rec.boards:
            b = resolution.boards[resolution.board_of[board]]
            g.add_node(b.id, label=NodeLabel.BOARD.value, name=b.name)
            _edge(g, b.id, node, EdgeType.MONITORS)

    for d in resolution.directorates.values():
        # the later directorate SUCCEEDS the one whose people it took over
        for successor in d.successors or ([d.successor] if d.successor else []):
            if d.id in g and successor in g:
                _edge(g, successor, d.id, EdgeType.SUCCEEDS, score=1.0, evidence=list(d.evidence))

    for s in successions:
        later, earlier = item_node_id(s.later), item_node_id(s.earlier)
        if later in g and earlier in g:
            _edge(g, later, earlier, EdgeType.SUCCEEDS, score=s.score, evidence=list(s.evidence))
    return g


def _edge(g: nx.MultiDiGraph, u: str, v: str, etype: EdgeType, **attrs) -> None:
    g.add_edge(u, v, key=etype.value, type=etype.value, **attrs)
