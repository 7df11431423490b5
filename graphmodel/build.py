"""Records -> the accountability graph, as the store's tables or as a NetworkX MultiDiGraph.

Node ids: ``plan:2012/13``, ``item:<source>:<line>``, ``officer:<key>``, ``member:<key>``,
``board:<key>``, ``directorate:<key>``. Every node has ``label`` (its NodeLabel) and
``name``; items carry every field of their record. Edges have ``type`` (EdgeType) and
are keyed by it, so adding the same edge twice changes nothing.

``build_tables`` is the load path: it makes the rows the store writes (one list per node
label, one per (edge type, from label, to label)) straight from the records, without a
NetworkX graph, which at a quarter of a million items costs seconds and gigabytes.
``build_graph`` is the same tables as a NetworkX graph, so analyses and tests see exactly
what the store holds.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from graphmodel.definitions import category
from graphmodel.identity import Resolution
from graphmodel.lineage import Succession
from graphmodel.reports import PlanItems
from graphmodel.schema import KIND_LABEL, EdgeType, ItemRecord, Kind, NodeLabel, StatusCategory
from graphmodel.store.derived import add_derived
from graphmodel.store.tables import NODE_COLUMNS, REL_COLUMNS, REL_PAIRS, NodeRows, RelRows

if TYPE_CHECKING:  # networkx loads only where a graph is wanted
    import networkx as nx


def plan_id(plan: str) -> str:
    return f"plan:{plan}"


def item_node_id(key: str) -> str:
    return f"item:{key}"


# enum member and ``.value`` look-ups are slow in Python 3.11 (a descriptor call each);
# build_tables runs these per record, so they are looked up once here
_KIND_LABEL = {kind: (label, kind.value) for kind, label in KIND_LABEL.items()}
_PLAN, _OFFICER, _DIRECTORATE, _MEMBER, _BOARD = (
    NodeLabel.PLAN, NodeLabel.OFFICER, NodeLabel.DIRECTORATE, NodeLabel.MEMBER, NodeLabel.BOARD)
_PART_OF, _OWNS, _MONITORS, _WORKS_IN, _SUCCEEDS, _READS = (
    EdgeType.PART_OF, EdgeType.OWNS, EdgeType.MONITORS, EdgeType.WORKS_IN, EdgeType.SUCCEEDS, EdgeType.READS)
_TO_PLAN_KINDS = frozenset({Kind.THEME, Kind.PRIORITY})
_STATUS_CATEGORY_VALUE = {c: c.value for c in StatusCategory}
_ITEM_BASE_COLUMNS = ("id", "key", "source", "line", "plan", "kind", "code", "title", "name", "status",
                      "status_category", "percent", "deadlines", "deadline", "parent", "comments", "directorates")
# an item label's columns beyond the record's own (the derived ones), each None
_ITEM_EXTRA = {label: {c: None for c in NODE_COLUMNS[label] if c not in _ITEM_BASE_COLUMNS}
               for label in KIND_LABEL.values()}


def item_attributes(rec: ItemRecord) -> dict:
    """The properties an item node carries (the same in NetworkX and in every store)."""
    label, kind = _KIND_LABEL[rec.kind]
    return {"label": label.value, **_item_columns(rec, kind)}


def _item_columns(rec: ItemRecord, kind: str) -> dict:
    deadlines = rec.deadlines
    return {
        "key": rec.key,
        "source": rec.source,
        "line": rec.line,
        "plan": rec.plan,
        "kind": kind,
        "code": rec.code,
        "title": rec.title,
        "name": rec.title,
        "status": rec.status,
        # the figures' category (graphmodel.definitions): no status at 100% is completed
        "status_category": category(_STATUS_CATEGORY_VALUE[rec.status_category], rec.percent),
        "percent": rec.percent,
        "deadlines": list(deadlines),
        "deadline": deadlines[-1] if deadlines else None,
        "parent": rec.parent,
        "comments": rec.comments,
        # the directorates printed with the item's owners (build_tables resolves them)
        "directorates": list(rec.directorates),
    }


def report_id(source: str) -> str:
    return f"report:{source}"


def build_tables(
    records: Iterable[ItemRecord],
    resolution: Resolution,
    successions: Iterable[Succession] = (),
    consume: bool = False,
    plans: PlanItems | None = None,
) -> tuple[NodeRows, RelRows]:
    """Return the store's tables of the graph of ``records``, derived columns filled.

    ``plans`` (``reports.plan_items``; ``records`` are then its plan items) adds a Report node
    per loaded document and a READS edge from it to each item it printed (that reading's
    status, percent, deadlines, comments, source and line), and each item's history columns.
    Without it every record is its own single, undated reading and no Report is made.

    With ``consume`` (``records`` must be a list the caller gives up), each record is dropped
    from the list once its edges are made, so the rows reuse its memory: at ~250k items this
    lowers a load's peak by ~400 MB; ``plans.history`` is emptied once the READS rows are made.

    Nodes: one list of rows per label, each row with exactly that label's ``NODE_COLUMNS``.
    Rels: one list per (edge type, from label, to label), each row ``from``, ``to`` and the
    type's ``REL_COLUMNS``. Structure: item -PART_OF-> parent item (a theme, or an item
    printed with no parent, -PART_OF-> its Plan); Officer/Member -OWNS-> item (with the ``directorate`` printed beside an officer there); Board
    -MONITORS-> item; Officer -WORKS_IN-> Directorate (each directorate printed for them);
    later item -SUCCEEDS-> earlier item, with ``score`` and ``evidence``.
    Raises ``ValueError`` for an edge whose ends the schema has no table for.
    """
    # nodes by id, first seen first, later attributes winning (as NetworkX's add_node does);
    # edges by (type, from, to), so adding one twice keeps one (as the edge key does in NetworkX)
    nodes: dict[str, tuple[NodeLabel, dict]] = {}
    edges: dict[tuple[EdgeType, str, str], dict] = {}

    def node(node_id: str, label: NodeLabel, row: dict) -> None:
        if node_id in nodes:
            nodes[node_id][1].update(row)
        else:
            nodes[node_id] = (label, row)

    def edge(etype: EdgeType, u: str, v: str, **columns: object) -> None:
        if (etype, u, v) not in edges:
            edges[(etype, u, v)] = {"from": u, "to": v, **columns}
        elif columns:  # a second printing of the same owner: keep the first directorate printed for them
            row = edges[(etype, u, v)]
            for c, value in columns.items():
                if row.get(c) is None:
                    row[c] = value

    if not consume:
        records = list(records)
    items: dict[str, dict] = {}  # item node id -> its row
    for rec in records:
        plan = rec.plan
        node(f"plan:{plan}", _PLAN, {"id": f"plan:{plan}", "name": plan, "plan": plan})
        label, kind = _KIND_LABEL[rec.kind]
        node_id = f"item:{rec.key}"
        # every column (derived ones None until add_derived) from the start: one dict a row
        row = {"id": node_id, **_item_columns(rec, kind), **_ITEM_EXTRA[label]}
        history = plans.history.get(rec.key) if plans is not None else None
        row.update(history.facts() if history is not None else _single(rec))
        node(node_id, label, row)
        items[node_id] = nodes[node_id][1]
    owners_of = _owners_of(resolution, node, edge)
    if plans is not None:
        _add_readings(plans, items, node, edges, owners_of)
        if consume:  # the readings' printed records are needed no more: their memory goes as rows grow
            plans.history.clear()

    directorate_name = {d: resolution.directorates[did].name for d, did in resolution.directorate_of.items()}
    members, member_of = resolution.members, resolution.member_of
    boards, board_of = resolution.boards, resolution.board_of
    for i in range(len(records)):
        rec = records[i]
        if consume:
            records[i] = None
        node_id = f"item:{rec.key}"
        # directorates by their resolved name ("Place" and "PLACE" are one directorate)
        names = [directorate_name[d] for d in rec.directorates if d in directorate_name]
        items[node_id]["directorates"] = list(dict.fromkeys(names))
        parent = f"item:{rec.parent_key}" if rec.parent_key else None
        if parent is not None and parent in items:
            edge(_PART_OF, node_id, parent)
        elif rec.kind in _TO_PLAN_KINDS or not rec.parent_key:
            edge(_PART_OF, node_id, f"plan:{rec.plan}")
        for officer, directorate in owners_of(rec):
            # the directorate printed beside this owner on this item: directorate filters use it
            edge(_OWNS, officer, node_id, directorate=directorate)
        for member in rec.members:
            if member not in member_of:
                continue  # a role cut short that matches no single role: kept as printed, listed for review
            m = members[member_of[member]]
            node(m.id, _MEMBER, {"id": m.id, "name": m.name, "member_kind": m.member_kind})
            edge(_OWNS, m.id, node_id, directorate=None)
        for board in rec.boards:
            b = boards[board_of[board]]
            node(b.id, _BOARD, {"id": b.id, "name": b.name})
            edge(_MONITORS, b.id, node_id)

    for d in resolution.directorates.values():
        # the later directorate SUCCEEDS the one whose people it took over
        for successor in d.successors or ([d.successor] if d.successor else []):
            if d.id in nodes and successor in nodes:
                edges[(_SUCCEEDS, successor, d.id)] = {"from": successor, "to": d.id, "score": 1.0,
                                                       "evidence": list(d.evidence)}

    for s in successions:
        later, earlier = f"item:{s.later}", f"item:{s.earlier}"
        if later in items and earlier in items:
            # a later duplicate replaces the edge's attributes but keeps its place, as in NetworkX
            edges[(_SUCCEEDS, later, earlier)] = {"from": later, "to": earlier, "score": s.score,
                                                  "evidence": list(s.evidence)}
    del items
    tables = _group(nodes, edges)
    add_derived(*tables)
    return tables


_SINGLE = {"n_readings": 1, "first_as_of": None, "as_of": None, "unreported_since": None, "moved": False,
           "fell_behind": False}


def _single(rec: ItemRecord) -> dict:
    """The history columns of an item read once, by no known report."""
    return {"baseline": rec.deadlines[-1] if rec.deadlines else None, **_SINGLE}


def _owners_of(resolution: Resolution, node, edge):
    """A function giving a record's officers as (officer id, directorate name or None) pairs,
    adding their Officer and Directorate nodes and WORKS_IN edges as it meets them."""
    people, officer_of = resolution.people, resolution.officer_of

    def owners_of(rec: ItemRecord) -> list[tuple[str, str | None]]:
        out = []
        for owner in rec.owners:
            person = people[officer_of[owner.name]]
            node(person.id, _OFFICER, {"id": person.id, "name": person.name, "is_post": person.is_post})
            name = None
            if owner.directorate:
                did = resolution.directorate_of[owner.directorate]
                d = resolution.directorates[did]
                node(did, _DIRECTORATE, {"id": did, "name": d.name, "full_name": d.full_name})
                edge(_WORKS_IN, person.id, did)
                name = d.name
            out.append((person.id, name))
        return out

    return owners_of


def _add_readings(plans: PlanItems, items: dict[str, dict], node, edges: dict, owners_of) -> None:
    """Add a Report node per report of ``plans`` and a READS edge per reading of an item in
    ``items`` (the READS rows: ``reading_row``, with the officers that reading printed:
    ``owners_of``, which adds them to the graph: an officer a later report replaced is still
    a person the documents name)."""
    for rep in plans.reports:
        rid = report_id(rep.source)
        node(rid, NodeLabel.REPORT, {"id": rid, "name": rep.source, "source": rep.source, "plan": rep.plan,
                                     "as_of": rep.as_of, "report_kind": rep.kind, "layout": rep.layout,
                                     "n_items": rep.items, "n_activities": rep.activities,
                                     "n_milestones": rep.milestones, "n_new": rep.new, "n_left_out": rep.left_out})
    for key, history in plans.history.items():
        node_id = f"item:{key}"
        if node_id not in items:
            continue
        for reading in history.readings:
            rid = report_id(reading.report.source)
            # a report prints an item once (matching takes one record per item and report)
            row = {"from": rid, "to": node_id, **reading_row(reading.record, reading.report.as_of)}
            owners: dict[str, str | None] = {}
            for officer, directorate in owners_of(reading.record):  # as OWNS: once, the first directorate printed
                if owners.get(officer) is None:
                    owners[officer] = directorate
            row["officer_ids"] = list(owners)
            row["officer_directorates"] = [d or "" for d in owners.values()]
            edges[(_READS, rid, node_id)] = row


def reading_row(rec: ItemRecord, as_of: str | None) -> dict:
    """The columns of a READS edge: what the record printed, and the report's date (the
    officers it printed are added by ``_add_readings``)."""
    return {"as_of": as_of, "status": rec.status, "status_category": _STATUS_CATEGORY_VALUE[rec.status_category],
            "percent": rec.percent, "deadlines": list(rec.deadlines), "comments": rec.comments,
            "source": rec.source, "line": rec.line, "code": rec.code, "title": rec.title}


def _group(
    nodes: dict[str, tuple[NodeLabel, dict]], edges: dict[tuple[EdgeType, str, str], dict]
) -> tuple[NodeRows, RelRows]:
    """The rows of ``nodes`` per label and of ``edges`` per (edge type, from label, to label);
    empties both (so their memory goes as the tables grow)."""
    out_nodes: NodeRows = {}
    label_of: dict[str, NodeLabel] = {}
    for node_id, (label, row) in nodes.items():
        label_of[node_id] = label
        columns = NODE_COLUMNS[label]
        if len(row) != len(columns):  # columns not set here (derived ones) are None, as in node_rows
            row = {c: row.get(c) for c in columns}
        out_nodes.setdefault(label, []).append(row)
    nodes.clear()
    rels: RelRows = {}
    for (etype, u, v), row in edges.items():
        key = (etype, label_of[u], label_of[v])
        if key not in rels:
            if key[1:] not in REL_PAIRS[etype]:
                raise ValueError(f"{etype} from {key[1]} to {key[2]} is not in the schema")
            rels[key] = []
        rels[key].append(row)
    edges.clear()
    return out_nodes, rels


def graph_from_tables(nodes: NodeRows, rels: RelRows) -> nx.MultiDiGraph:
    """The NetworkX MultiDiGraph of the store's tables: node attributes ``label`` and the
    row's columns (but ``id``, the node key); edges keyed by type, with ``type`` and the
    rel's columns."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for label, rows in nodes.items():
        g.add_nodes_from((row["id"], _node_attributes(label, row)) for row in rows)
    for (etype, _, _), rows in rels.items():
        g.add_edges_from(
            (row["from"], row["to"], etype.value,
             {"type": etype.value, **{c: row[c] for c in REL_COLUMNS[etype]}})
            for row in rows
        )
    return g


def _node_attributes(label: NodeLabel, row: dict) -> dict:
    attrs = dict(row)
    del attrs["id"]
    attrs["label"] = label.value
    return attrs


def build_graph(
    records: Iterable[ItemRecord],
    resolution: Resolution,
    successions: Iterable[Succession] = (),
) -> nx.MultiDiGraph:
    """Return the accountability graph of ``records``: ``build_tables``'s rows as a NetworkX
    MultiDiGraph (the graph the store holds; see ``build_tables`` for its structure)."""
    return graph_from_tables(*build_tables(records, resolution, successions))
