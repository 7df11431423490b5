"""The graph as typed tables: one per node label, one per (edge type, from label, to label).

Every store writes these (Ladybug with COPY, Neo4j with UNWIND ... MERGE) and reads them
back, so the columns here are the properties a Cypher query can use on either store.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import product
from typing import TYPE_CHECKING

from graphmodel.reports import ITEM_HISTORY_COLUMNS
from graphmodel.schema import EdgeType, NodeLabel
from graphmodel.store.derived import DERIVED_COLUMNS, add_derived

if TYPE_CHECKING:
    import networkx as nx

ITEM_LABELS = [NodeLabel.THEME, NodeLabel.PRIORITY, NodeLabel.ACTIVITY, NodeLabel.MILESTONE]

# column -> Ladybug type; "id" is the primary key everywhere
_ITEM_COLUMNS = {
    "id": "STRING", "key": "STRING", "source": "STRING", "line": "INT64", "plan": "STRING",
    "kind": "STRING", "code": "STRING", "title": "STRING", "name": "STRING", "status": "STRING",
    "status_category": "STRING", "percent": "INT64", "deadlines": "STRING[]", "deadline": "STRING",
    "parent": "STRING", "comments": "STRING", "directorates": "STRING[]",
    # what the item's readings tell (graphmodel.reports.history_facts): first deadline, readings,
    # first and latest report dates, not reported since, deadline moved, fell behind
    **ITEM_HISTORY_COLUMNS,
}
# a report (one loaded document) of a plan; ``report_kind``, not ``kind``: a pattern without a label
# (``MATCH (n) WHERE n.kind = ...``) reads every node table, and a report is no plan item
REPORT_COLUMNS = {"id": "STRING", "name": "STRING", "source": "STRING", "plan": "STRING", "as_of": "STRING",
                  "report_kind": "STRING", "layout": "STRING", "n_items": "INT64", "n_activities": "INT64",
                  "n_milestones": "INT64", "n_new": "INT64", "n_left_out": "INT64"}
NODE_COLUMNS: dict[NodeLabel, dict[str, str]] = {
    NodeLabel.PLAN: {"id": "STRING", "name": "STRING", "plan": "STRING"},
    **{label: dict(_ITEM_COLUMNS) for label in ITEM_LABELS},
    NodeLabel.OFFICER: {"id": "STRING", "name": "STRING", "is_post": "BOOLEAN"},
    NodeLabel.DIRECTORATE: {"id": "STRING", "name": "STRING", "full_name": "STRING"},
    NodeLabel.MEMBER: {"id": "STRING", "name": "STRING", "member_kind": "STRING"},
    NodeLabel.BOARD: {"id": "STRING", "name": "STRING"},
    NodeLabel.REPORT: dict(REPORT_COLUMNS),
}
for _label, _cols in DERIVED_COLUMNS.items():
    NODE_COLUMNS[_label].update(_cols)

# one list of rows per node label / per (edge type, from label, to label)
NodeRows = dict[NodeLabel, list[dict]]
RelRows = dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]]

_ITEM_TARGETS = ITEM_LABELS
REL_PAIRS: dict[EdgeType, list[tuple[NodeLabel, NodeLabel]]] = {
    EdgeType.OWNS: list(product([NodeLabel.OFFICER, NodeLabel.MEMBER], _ITEM_TARGETS)),
    EdgeType.MONITORS: [(NodeLabel.BOARD, t) for t in _ITEM_TARGETS],
    EdgeType.PART_OF: [(a, b) for a, b in product(ITEM_LABELS, ITEM_LABELS) if a != b]
    + [(a, NodeLabel.PLAN) for a in ITEM_LABELS],
    EdgeType.WORKS_IN: [(NodeLabel.OFFICER, NodeLabel.DIRECTORATE)],
    EdgeType.SUCCEEDS: [(a, a) for a in ITEM_LABELS] + [(NodeLabel.DIRECTORATE, NodeLabel.DIRECTORATE)],
    EdgeType.READS: [(NodeLabel.REPORT, a) for a in ITEM_LABELS],
}
REL_COLUMNS: dict[EdgeType, dict[str, str]] = {
    EdgeType.OWNS: {"directorate": "STRING"},  # the directorate printed beside the owner on the item
    EdgeType.MONITORS: {},
    EdgeType.PART_OF: {},
    EdgeType.WORKS_IN: {},
    EdgeType.SUCCEEDS: {"score": "DOUBLE", "evidence": "STRING[]"},
    # one report's reading of the item, as printed (``source`` and ``line`` where)
    EdgeType.READS: {"as_of": "STRING", "status": "STRING", "status_category": "STRING", "percent": "INT64",
                     "deadlines": "STRING[]", "comments": "STRING", "source": "STRING", "line": "INT64",
                     "code": "STRING", "title": "STRING",
                     # the officers it printed as owners (ids) and the directorate beside each ('' none)
                     "officer_ids": "STRING[]", "officer_directorates": "STRING[]"},
}


def node_rows(g: nx.MultiDiGraph) -> dict[NodeLabel, list[dict]]:
    """Rows per node label, with exactly that label's columns (missing values None)."""
    rows: dict[NodeLabel, list[dict]] = defaultdict(list)
    for node_id, data in g.nodes(data=True):
        label = NodeLabel(data["label"])
        row = {col: data.get(col) for col in NODE_COLUMNS[label]}
        row["id"] = node_id
        rows[label].append(row)
    return rows


def rel_rows(g: nx.MultiDiGraph) -> dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]]:
    """Rows per (edge type, from label, to label): ``from``, ``to`` and the edge's columns."""
    rows: dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]] = defaultdict(list)
    for u, v, data in g.edges(data=True):
        etype = EdgeType(data["type"])
        pair = (etype, NodeLabel(g.nodes[u]["label"]), NodeLabel(g.nodes[v]["label"]))
        if pair[1:] not in REL_PAIRS[etype]:
            raise ValueError(f"{etype} from {pair[1]} to {pair[2]} is not in the schema")
        row = {"from": u, "to": v}
        row.update({col: data.get(col) for col in REL_COLUMNS[etype]})
        rows[pair].append(row)
    return rows


def graph_tables(
    g: nx.MultiDiGraph,
) -> tuple[dict[NodeLabel, list[dict]], dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]]]:
    """The node rows and rel rows every store writes for ``g``, derived columns filled."""
    nodes, rels = node_rows(g), rel_rows(g)
    add_derived(nodes, rels)
    return nodes, rels
