"""The embedded store: one Ladybug database file (in-process, Cypher, no server).

Writes never modify the live file. ``write_graph`` builds a complete new database beside
it with bulk ``COPY FROM`` (Arrow tables) and then renames it over the old one, so a
reader, a crash or a failed load only ever sees the old graph or the new one. Writers
take a lock file first; a second writer gets ``StoreBusy``.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from graphmodel.gcpause import gc_paused
from graphmodel.reports import ITEM_HISTORY_COLUMNS
from graphmodel.schema import EdgeType, NodeLabel
from graphmodel.store.base import ReadOnlyQuery, StoreBusy, StoreError
from graphmodel.store.derived import DERIVED_COLUMNS
from graphmodel.store.figures_as_of import FIGURE_ITEM_COLUMNS, FIGURE_ITEM_TABLE, figure_item_rows
from graphmodel.store.succession import (
    SUCCESSION_CODES_COLUMNS,
    SUCCESSION_CODES_TABLE,
    SUCCESSION_COLUMNS,
    SUCCESSION_TABLE,
    succession_rows,
)
from graphmodel.store.tables import NODE_COLUMNS, REL_COLUMNS, REL_PAIRS, NodeRows, RelRows, graph_tables
from graphmodel.store.tallies import (
    TALLY_AS_OF_COLUMNS,
    TALLY_AS_OF_TABLE,
    TALLY_COLUMNS,
    TALLY_TABLE,
    tally_as_of_rows,
    tally_rows,
)

if TYPE_CHECKING:  # networkx, pyarrow and filelock load only where used, so `graph --help` starts fast
    import networkx as nx

DEFAULT_STORE = "civicgraph.db"


def _arrow_type(name: str):
    import pyarrow as pa

    return {
        "STRING": pa.string(),
        "INT64": pa.int64(),
        "DOUBLE": pa.float64(),
        "BOOLEAN": pa.bool_(),
        "STRING[]": pa.list_(pa.string()),
        "INT64[]": pa.list_(pa.int64()),
        "BLOB": pa.binary(),
    }[name]


# ``result`` is the document's LoadResult as JSON, zlib-compressed: uncompressed, the
# documents of a ~250k-item corpus (~145 MB of JSON) took more of Ladybug's buffer pool at
# the checkpoint after COPY than all the graph's tables (stores written before held a
# STRING; ``read_document_json`` reads both)
_DOCUMENT_COLUMNS = {"id": "STRING", "layout": "STRING", "plan": "STRING", "result": "BLOB"}
# Ladybug's buffer pool is a cap on the memory it may use (taken as needed, not up front).
# Writing a ~250k-item corpus (1,000 documents: 234k nodes, 530k edges) needs more than
# 256 MiB ("Buffer manager exception: ... The buffer pool is full", at the checkpoint that
# follows every COPY); 512 MiB writes it since the documents are compressed (1 GiB failed
# before, with ~145 MB of plain JSON strings). The write's memory is the same with 512 MiB
# or 1 GiB (about 0.9 GB over the tables at that size), so the cap leaves 2x headroom.
_BUFFER_POOL = 2048 * 1024 * 1024
_BUFFER_POOL_WRITE = 1024 * 1024 * 1024
_WRITE_THREADS = 1


def document_row(source: str, layout: str, plan: str, result_json: str) -> dict:
    """The Document table's row for one load result (``result_json``: its JSON text)."""
    return {"id": source, "layout": layout, "plan": plan, "result": zlib.compress(result_json.encode("utf-8"), 1)}


# The tables kept beside the graph's own (no edges; read_graph never reads them): name, columns,
# primary key, in the order they are written
_SIDE_TABLES = (
    ("Document", _DOCUMENT_COLUMNS, "id"),
    (TALLY_TABLE, TALLY_COLUMNS, "id"),
    (TALLY_AS_OF_TABLE, TALLY_AS_OF_COLUMNS, "id"),
    (SUCCESSION_TABLE, SUCCESSION_COLUMNS, "n"),
    (SUCCESSION_CODES_TABLE, SUCCESSION_CODES_COLUMNS, "id"),
    (FIGURE_ITEM_TABLE, FIGURE_ITEM_COLUMNS, "n"),
)


def schema_statements() -> list[str]:
    """The DDL of the store: a node table per label, a rel table per edge type."""
    stmts = []
    for label, cols in NODE_COLUMNS.items():
        body = ", ".join(f"{c} {t}" for c, t in cols.items())
        stmts.append(f"CREATE NODE TABLE {label.value}({body}, PRIMARY KEY(id))")
    for table, cols, key in _SIDE_TABLES:
        body = ", ".join(f"{c} {t}" for c, t in cols.items())
        stmts.append(f"CREATE NODE TABLE {table}({body}, PRIMARY KEY({key}))")
    for etype, pairs in REL_PAIRS.items():
        ends = ", ".join(f"FROM {a.value} TO {b.value}" for a, b in pairs)
        props = "".join(f", {c} {t}" for c, t in REL_COLUMNS[etype].items())
        stmts.append(f"CREATE REL TABLE `{etype.value}`({ends}{props})")
    return stmts


class LadybugStore:
    """A civicgraph graph in one Ladybug file at ``path``."""

    def __init__(self, path: str | os.PathLike, lock_timeout: float = 0.0) -> None:
        self.path = Path(path)
        self.lock_timeout = lock_timeout
        self._conn: object | None = None  # set inside ``reading()``

    # ------------------------------------------------------------ locking
    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store's write lock; raise ``StoreBusy`` if another writer has it."""
        from filelock import FileLock, Timeout

        lock_path = self.path.with_name(self.path.name + ".lock")
        for folder in self.path.parents:
            if folder.exists() and not folder.is_dir():
                raise StoreError(f"cannot write the store at {self.path}: {folder} is a file, not a folder "
                                 "(choose another --store)")
        try:
            lock = FileLock(str(lock_path), timeout=self.lock_timeout)
            lock.acquire()
        except Timeout:
            if not lock_path.exists():  # filelock retries a lock file it cannot create: not busy
                raise StoreError(f"cannot write the store at {self.path}: cannot create files in "
                                 f"{self.path.parent} (choose another --store)") from None
            raise StoreBusy(
                f"store is busy: another command is writing {self.path} (wait for it, or retry with --wait SECONDS)"
            ) from None
        except OSError as exc:
            raise StoreError(f"cannot write the store at {self.path}: {exc.strerror} (choose another --store)") from None
        try:
            _remove_stale_temps(self.path)  # left by a writer that was killed; we hold the lock
            yield
        finally:
            lock.release()

    # ------------------------------------------------------------ reading
    def exists(self) -> bool:
        return self.path.is_file()

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """Make every read inside the block use one open database, so together they see one graph.

        Each read outside such a block opens the file afresh; a writer may replace the graph
        between two of them. Inside, the file opened first is read throughout (a replaced file
        stays readable through the open handle).
        """
        if self._conn is not None:
            yield
            return
        with self._connect() as conn:
            self._conn = conn
            try:
                yield
            finally:
                self._conn = None

    @contextlib.contextmanager
    def _connect(self) -> Iterator[object]:
        import ladybug

        if self._conn is not None:  # inside reading(): the one snapshot
            yield self._conn
            return
        if not self.exists():
            raise StoreError(f"no graph at {self.path} yet (run: graph load examples/)")
        try:
            db = ladybug.Database(str(self.path), read_only=True, buffer_pool_size=_BUFFER_POOL)
            conn = ladybug.Connection(db)
        except RuntimeError as exc:
            raise StoreError(f"{self.path} is not a civicgraph store ({_first_line(exc)}) "
                             "(choose another --store, or move that file away)") from None
        try:
            yield conn
        finally:
            conn.close()
            db.close()

    def query(self, cypher: str, params: dict | None = None) -> list[dict]:
        """Run a read-only query; a write is refused with ``ReadOnlyQuery``."""
        with self._connect() as conn:
            return _rows(self._execute(conn, cypher, params))

    def query_columns(self, cypher: str, params: dict | None = None) -> dict[str, list]:
        """Run a read-only query as ``query`` does; its result as columns (name -> values, in
        row order), read as Arrow: for tens of thousands of rows, a dict per row cost more than
        the query."""
        with self._connect() as conn:
            result = self._execute(conn, cypher, params)
            columns = result.get_column_names()
            if not result.get_num_tuples():
                return {c: [] for c in columns}
            table = result.get_as_arrow(0)  # one chunk
            with gc_paused():  # the collector walked the new values again and again: ~2/3 of the time
                return {c: table.column(k).to_pylist() for k, c in enumerate(columns)}

    def query_arrow(self, cypher: str, params: dict | None = None):
        """Run a read-only query as ``query`` does; its result as one Arrow table (None for no rows)."""
        with self._connect() as conn:
            result = self._execute(conn, cypher, params)
            return result.get_as_arrow(0) if result.get_num_tuples() else None

    @staticmethod
    def _execute(conn, cypher: str, params: dict | None):
        try:
            return conn.execute(cypher, params or {})
        except RuntimeError as exc:
            message = _first_line(exc)
            if "read-only" in message or "read only" in message:
                raise ReadOnlyQuery("the query would change the store; only reads are allowed") from None
            if _written_before(message):
                raise StoreError(f"query failed: {message} (the store was written by an older civicgraph: "
                                 "run graph load with your documents again to rebuild it)") from None
            raise StoreError(f"query failed: {message}") from None

    def read_documents(self) -> list[dict]:
        """The load results (as dicts) the stored graph was built from; [] for no store."""
        return [json.loads(text) for text in self.read_document_json()]

    def read_document_json(self) -> list[str]:
        """The load results the stored graph was built from, each as its JSON text, ordered
        by document name; [] for no store."""
        if not self.exists():
            return []
        rows = self.query("MATCH (d:Document) RETURN d.result AS result ORDER BY d.id")
        # bytes: compressed (this version); str: a store written before compression
        return [zlib.decompress(r["result"]).decode("utf-8") if isinstance(r["result"], bytes) else r["result"]
                for r in rows]

    def read_graph(self) -> nx.MultiDiGraph:
        """The stored graph as a NetworkX MultiDiGraph (the shape ``build_graph`` makes)."""
        import networkx as nx

        g = nx.MultiDiGraph()
        with self._connect() as conn:
            for label, cols in NODE_COLUMNS.items():
                names = list(cols)
                res = conn.execute(f"MATCH (n:{label.value}) RETURN " + ", ".join(f"n.{c}" for c in names))
                for row in res.get_all():
                    attrs = dict(zip(names, row, strict=True))
                    node_id = attrs.pop("id")
                    g.add_node(node_id, label=label.value, **attrs)
            for etype, cols in REL_COLUMNS.items():
                extra = "".join(f", r.{c}" for c in cols)
                res = conn.execute(f"MATCH (a)-[r:`{etype.value}`]->(b) RETURN a.id, b.id{extra}")
                for row in res.get_all():
                    attrs = dict(zip(cols, row[2:], strict=True))
                    g.add_edge(row[0], row[1], key=etype.value, type=etype.value, **attrs)
        return g

    # ------------------------------------------------------------ writing
    def write_graph(self, g: nx.MultiDiGraph, documents: list[dict]) -> None:
        """Replace the stored graph and documents with ``g`` and ``documents`` (load results
        as dicts), atomically."""
        nodes, rels = graph_tables(g)
        rows = [document_row(d["source"], d["layout"], d["plan"], json.dumps(d)) for d in documents]
        self.write_tables(nodes, rels, rows)

    def write_tables(self, nodes: NodeRows, rels: RelRows, documents: list[dict]) -> None:
        """Replace the stored graph with the tables ``nodes`` and ``rels`` (derived columns
        filled) and the documents with ``documents`` (``document_row``s), atomically.

        Empties ``nodes``, ``rels`` and ``documents`` as it writes them, so each table's
        memory is freed once Ladybug holds it.
        """
        tallies = tally_rows(nodes, rels)  # the side tables' rows, before the tables are emptied
        succession, codes = succession_rows(nodes, rels)
        side = {"Document": documents, TALLY_TABLE: tallies, TALLY_AS_OF_TABLE: tally_as_of_rows(nodes, rels, tallies),
                SUCCESSION_TABLE: succession, SUCCESSION_CODES_TABLE: codes,
                FIGURE_ITEM_TABLE: figure_item_rows(nodes, rels)}
        del tallies, succession, codes
        tmp = self.path.with_name(f".{self.path.name}.tmp-{os.getpid()}")
        _remove(tmp)
        try:
            with _NewDatabase(self.path, tmp) as new:
                for stmt in schema_statements():
                    new.conn.execute(stmt)
                for label in list(nodes):
                    rows = nodes.pop(label)
                    _copy(new.conn, label.value, rows, NODE_COLUMNS[label])
                    count = len(rows)
                    del rows  # freed before the database reopens
                    new.wrote(count)
                for table, columns, _ in _SIDE_TABLES:
                    rows = side.pop(table)
                    _copy(new.conn, table, rows, columns)
                    count = len(rows)
                    del rows
                    new.wrote(count)
                documents.clear()
                for etype, a, b in list(rels):
                    rows = rels.pop((etype, a, b))
                    _copy_rel(new.conn, etype, a, b, rows)
                    count = len(rows)
                    del rows
                    new.wrote(count)
            _fsync(tmp)
            os.replace(tmp, self.path)
            _fsync_dir(self.path.parent)
        except OSError as exc:
            _remove(tmp)
            raise StoreError(f"cannot write the store at {self.path}: {exc.strerror} (choose another --store)") from None
        except BaseException:
            _remove(tmp)
            raise
        _remove(self.path.with_name(self.path.name + ".wal"))


class _NewDatabase:
    """The database being written at ``tmp``, open for ``COPY``, reopened now and then.

    Ladybug holds what each ``COPY`` wrote in memory until the database is closed: writing a
    ~250k-item corpus in one session grew its heap by ~0.55 GB, all of it released at close.
    So the database is closed and opened again once ``_REOPEN_ROWS`` rows have been copied
    since it was opened; each reopening costs a checkpoint and ~30 ms.
    """

    def __init__(self, path: Path, tmp: Path) -> None:
        self.path, self.tmp = path, tmp
        self.db = self.conn = None
        self.rows = 0

    def __enter__(self) -> _NewDatabase:
        self._open()
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def wrote(self, rows: int) -> None:
        """Count ``rows`` just copied; reopen the database when enough have been."""
        self.rows += rows
        if self.rows >= _REOPEN_ROWS:
            self._close()
            self._open()

    def _open(self) -> None:
        import ladybug

        try:
            # one thread: Ladybug's COPY buffers grow with columns x threads (its issues #755, #760);
            # at ~250k items one thread lowered the load's peak by ~50 MB (2,049 -> 2,002 MiB) in the same time
            self.db = ladybug.Database(str(self.tmp), buffer_pool_size=_BUFFER_POOL_WRITE,
                                       max_num_threads=_WRITE_THREADS)
        except RuntimeError as exc:  # e.g. a read-only folder: Ladybug reports IO errors this way
            raise StoreError(f"cannot write the store at {self.path}: cannot create a file in "
                             f"{self.path.parent} ({_first_line(exc)}) (choose another --store)") from exc
        self.conn = ladybug.Connection(self.db)
        self.rows = 0

    def _close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        if self.db is not None:
            self.db.close()
        self.db = self.conn = None


# rows copied between two reopenings of the database being written (see _NewDatabase)
_REOPEN_ROWS = 50_000


def _arrow_table(rows: list[dict], columns: dict[str, str]):
    """The Arrow table of ``rows`` with ``columns`` (column -> Ladybug type)."""
    import pyarrow as pa

    # the system allocator, not Arrow's default jemalloc: jemalloc keeps the freed columns of every
    # table already copied, which added ~80 MB to the peak of a ~250k-item load
    pool = pa.system_memory_pool()
    return pa.table({c: pa.array([r.get(c) for r in rows], type=_arrow_type(t), memory_pool=pool)
                     for c, t in columns.items()})


def _copy(conn, table: str, rows: list[dict], columns: dict[str, str]) -> None:
    if not rows:
        return
    arrow = _arrow_table(rows, columns)  # noqa: F841 - COPY ... FROM arrow reads this local by name
    conn.execute(f"COPY {table} FROM arrow")


def _copy_rel(conn, etype: EdgeType, a: NodeLabel, b: NodeLabel, rows: list[dict]) -> None:
    if not rows:
        return
    arrow = _arrow_table(rows, {"from": "STRING", "to": "STRING", **REL_COLUMNS[etype]})  # noqa: F841 - read by name
    conn.execute(f"COPY `{etype.value}` FROM arrow (from='{a.value}', to='{b.value}')")


# Above this many values, a result is fetched as Arrow columns: for ~30k rows of 9 columns
# (carry_forward on ~250k items) ``get_all`` and a dict per row took ~170 ms, Arrow and zipped
# columns ~60 ms (measured side by side). Below it, ``get_all`` (pyarrow's import, ~0.15 s in a
# fresh process, would cost more than it saves).
_ARROW_VALUES = 50_000


def _rows(result) -> list[dict]:
    """The rows of a Ladybug query result, each a dict of column -> value."""
    columns = result.get_column_names()
    if result.get_num_tuples() * len(columns) < _ARROW_VALUES:
        return [dict(zip(columns, row, strict=True)) for row in result.get_all()]
    table = result.get_as_arrow(0)  # one chunk
    values = [table.column(k).to_pylist() for k in range(table.num_columns)]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _written_before(message: str) -> bool:
    """Whether a query's error says the store lacks a table or column this version writes."""
    tables = [t for t, _, _ in _SIDE_TABLES if t != "Document"] + ["Report"]
    if any(f"Table {t} does not exist" in message for t in tables):
        return True
    missing = re.search(r"Cannot find property (\w+)", message)
    return bool(missing) and missing.group(1) in _WRITTEN_SINCE


# columns a store written by an earlier version may lack: those computed at write time
_WRITTEN_SINCE = ({c for cols in DERIVED_COLUMNS.values() for c in cols} | set(ITEM_HISTORY_COLUMNS)
                  | {"n_sole_owned", "officer_ids", "officer_directorates"})


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _remove_stale_temps(path: Path) -> None:
    """Remove the half-built databases of writers that died (only call with the lock held)."""
    import glob

    for stale in path.parent.glob(glob.escape(f".{path.name}.tmp-") + "*"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
