"""Columns the stores hold beyond the graph's own properties, computed once at write time.

Named queries must answer in about 100 ms on a quarter-million-item store; some of their
answers depend on per-item facts that are costly to recompute in Cypher on every call (how
many officers own an item, whether its comments report a moved deadline). Those facts are
computed here, from the rows every store writes, and stored as ordinary columns.
"""

from __future__ import annotations

from graphmodel.schema import EdgeType, NodeLabel

# label -> column -> Ladybug type, merged into ``tables.NODE_COLUMNS``
DERIVED_COLUMNS: dict[NodeLabel, dict[str, str]] = {}


def add_derived(
    nodes: dict[NodeLabel, list[dict]],
    rels: dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]],
) -> None:
    """Fill the ``DERIVED_COLUMNS`` of ``nodes``' rows in place, from ``nodes`` and ``rels``."""
