"""What every store does, and the errors it raises."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # a type hint only: networkx loads where used, so `graph --help` starts fast
    import networkx as nx


class StoreError(Exception):
    """A store that cannot be opened, read or written; the message says what to do."""


class StoreBusy(StoreError):
    """Another command is writing the store."""


class ReadOnlyQuery(StoreError):
    """A query that would change the store, sent where only reads are allowed."""


class Store(Protocol):
    def query(self, cypher: str, params: dict | None = None) -> list[dict]:
        """Run a read query and return its rows as dicts, columns in order."""
        ...

    def write_graph(self, g: nx.MultiDiGraph, documents: list[dict]) -> None:
        """Replace the whole graph (and the documents it was built from)."""
        ...
