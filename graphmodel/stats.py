"""graph stats: what the store holds."""

from __future__ import annotations

from graphmodel.schema import EdgeType, NodeLabel
from graphmodel.store.ladybug import LadybugStore


def graph_stats(store: LadybugStore) -> dict:
    """Return node counts per label, edge counts per type and item counts per document.

    Every count is read from one snapshot of the store, even while a load replaces it.
    """
    with store.reading():
        return _stats(store)


def _stats(store: LadybugStore) -> dict:
    nodes = {}
    for label in NodeLabel:
        nodes[label.value] = store.query(f"MATCH (n:{label.value}) RETURN count(n) AS c")[0]["c"]
    edges = {}
    for etype in EdgeType:
        edges[etype.value] = store.query(f"MATCH ()-[r:`{etype.value}`]->() RETURN count(r) AS c")[0]["c"]
    documents = []
    for d in store.read_documents():
        counts = {"theme": 0, "priority": 0, "activity": 0, "milestone": 0}
        for item in d["items"]:
            counts[item["kind"]] += 1
        documents.append({"source": d["source"], "layout": d["layout"], "plan": d["plan"], **counts,
                          "skipped": len(d["skipped"])})
    return {"nodes": nodes, "edges": edges, "documents": documents}
