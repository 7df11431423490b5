"""The graph on a Neo4j server, written and read with the official ``neo4j`` driver.

``push`` makes the server hold exactly the local graph, in steps that are each safe to
repeat, so a push that stops half way (a dropped connection, a killed command) is finished
by running it again, with no duplicates:

1. **Schema**: a uniqueness constraint on ``id`` for every label (``CREATE CONSTRAINT ...
   IF NOT EXISTS``), plus one on the marker label ``CivicGraph`` that every pushed node
   carries. A server that has no constraints in Cypher (FalkorDB) gets plain indexes.
2. **Stale nodes**: the server's ``CivicGraph`` nodes whose id is not in the local graph
   (items of documents no longer loaded, officers no longer named), or whose label has
   changed, are removed with ``DETACH DELETE``; duplicate nodes of one id, which only a
   server without constraints can hold, are collapsed to one.
3. **Nodes**: the graph's, then the ``Tally`` rows the named queries count from
   (``graphmodel/store/tallies.py``; label ``Tally``, not part of the graph), in batched ``UNWIND $rows AS row MERGE (n:Label:CivicGraph {id: row[0]})
   SET n.title = row[1], ...`` (each row a list of the label's column values); a property
   the local graph lacks (``None``) is removed from the server's node. A node of the same
   label and id that civicgraph did not push is not taken over: Neo4j refuses the batch
   (the uniqueness constraint), naming the id.
4. **Stale edges**: the server's edges between ``CivicGraph`` nodes that the local graph
   does not have are deleted, and duplicates of one (from, type, to) collapsed to one.
5. **Edges**: batched ``UNWIND $rows AS row MATCH (a:A {id: row[0]}) MATCH (b:B {id: row[1]})
   MERGE (a)-[r:TYPE]->(b) SET r.score = row[2], ...``.

Only nodes labelled ``CivicGraph`` are ever deleted, so other data in the same database is
left alone. Pushing an unchanged graph again changes nothing. Every statement runs in a
managed transaction (``execute_write`` / ``execute_read``), and connecting is bounded by
short timeouts: a server that is down, or refuses the login, gives a one-line
``StoreError`` within a few seconds.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from graphmodel.schema import EdgeType, NodeLabel
from graphmodel.store.base import ReadOnlyQuery, StoreError
from graphmodel.store.tables import REL_COLUMNS, graph_tables
from graphmodel.store.tallies import TALLY_TABLE, tally_rows

MARKER = "CivicGraph"  # every node civicgraph pushes carries this label too
DEFAULT_BATCH_SIZE = 500
CONNECT_TIMEOUT = 3.0  # seconds: TCP connect, and (acquisition) the Bolt handshake and login
_RETRY_TIME = 1.0
_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}  # seconds a managed transaction is retried on a transient fault

# The driver logs retries and lost connections as warnings; with no handler configured Python
# would print them to stderr beside the one-line error. Handlers the user sets up still get them.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

Progress = Callable[[int, int, str], None]  # (batches done, batches in all, what the last one was)


@dataclass
class PushResult:
    """What one push did: the counts now on the server and the work it took."""

    uri: str
    nodes: dict[str, int] = field(default_factory=dict)  # label -> nodes pushed
    edges: dict[str, int] = field(default_factory=dict)  # edge type -> edges pushed
    removed_nodes: int = 0  # stale or duplicate nodes deleted
    removed_edges: int = 0  # stale or duplicate edges deleted
    batches: int = 0
    schema: str = "constraints"  # or "indexes" (a server without Cypher constraints)
    seconds: float = 0.0

    @property
    def node_total(self) -> int:
        return sum(self.nodes.values())

    @property
    def edge_total(self) -> int:
        return sum(self.edges.values())


class _ConnectionLost(StoreError):
    """The server could not be reached, or the connection to it broke."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


@dataclass
class _Tally:
    total: int
    done: int = 0


@dataclass
class _Step:
    what: str
    cypher: str
    params: dict[str, Any]


class Neo4jStore:
    """A civicgraph graph on the Neo4j server at ``uri`` (``bolt://``, ``neo4j://``, ...).

    Connects on first use; use it as a context manager, or call ``close()``.
    """

    def __init__(
        self,
        uri: str,
        user: str = "neo4j",
        password: str | None = None,
        database: str | None = None,
        timeout: float = CONNECT_TIMEOUT,
    ) -> None:
        self.uri = uri
        self.user = user
        self.password = password
        self.database = database or None
        self.timeout = timeout
        self._driver = None

    # ------------------------------------------------------------ connecting
    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        driver, self._driver = self._driver, None
        if driver is not None:
            try:
                driver.close()
            except Exception:  # noqa: BLE001 - a dead connection cannot be closed politely
                pass

    def connect(self) -> None:
        """Open the connection and log in; ``StoreError`` (one line) if either fails."""
        if self._driver is not None:
            return
        import neo4j
        from neo4j.exceptions import Neo4jError

        scheme = self.uri.partition("://")[0].lower() if "://" in self.uri else ""
        if scheme not in _SCHEMES:
            raise StoreError(f"{self.uri} is not a Neo4j Bolt address: use e.g. bolt://localhost:7687 "
                             f"(schemes: {', '.join(sorted(_SCHEMES))})")
        auth = (self.user, self.password) if self.password is not None else None
        try:
            driver = neo4j.GraphDatabase.driver(
                self.uri,
                auth=auth,
                connection_timeout=self.timeout,
                connection_acquisition_timeout=self.timeout + 1.0,
                max_transaction_retry_time=_RETRY_TIME,
                max_connection_pool_size=4,
                user_agent="civicgraph",
            )
        except (ValueError, neo4j.exceptions.ConfigurationError) as exc:
            raise StoreError(f"{self.uri} is not a Neo4j address ({_first_line(exc)}); "
                             "use e.g. bolt://localhost:7687") from None
        try:
            driver.verify_connectivity()
        except Neo4jError as exc:
            driver.close()
            raise self._login_error(exc) from None
        except Exception as exc:  # noqa: BLE001 - every way of not reaching the server
            try:
                driver.close()
            except Exception:  # noqa: BLE001
                pass
            raise self._fault(exc) from None
        self._driver = driver

    def server_agent(self) -> str:
        """The server's own name and version, e.g. ``Neo4j/5.13.0``."""
        self.connect()
        try:
            return self._driver.get_server_info().agent
        except Exception as exc:  # noqa: BLE001
            raise self._fault(exc) from None

    # ------------------------------------------------------------ reading
    def query(self, cypher: str, params: dict | None = None) -> list[dict]:
        """Run a read query (in a read transaction) and return its rows as dicts, columns in order.

        A write is refused with ``ReadOnlyQuery`` by a server that enforces read transactions.
        """
        from neo4j.exceptions import Neo4jError

        try:
            return self._run(cypher, params or {}, write=False)
        except Neo4jError as exc:
            code = exc.code or ""
            if "AccessMode" in code or "ForbiddenOnReadOnlyDatabase" in code:
                raise ReadOnlyQuery("the query would change the graph; only reads are allowed") from None
            raise StoreError(f"query failed on {self.uri}: {_first_line(exc.message or exc)}") from None

    def counts(self) -> dict[str, int]:
        """Pushed nodes per label and edges per type on the server (``CivicGraph`` nodes only)."""
        totals: dict[str, int] = {}
        for label in NodeLabel:
            rows = self.query(f"MATCH (n:{MARKER}:{label.value}) RETURN count(n) AS c")
            totals[label.value] = rows[0]["c"] if rows else 0
        for etype in EdgeType:
            rows = self.query(f"MATCH (:{MARKER})-[r:`{etype.value}`]->(:{MARKER}) RETURN count(r) AS c")
            totals[etype.value] = rows[0]["c"] if rows else 0
        return totals

    # ------------------------------------------------------------ writing
    def write_graph(self, g: nx.MultiDiGraph, documents: list[dict] | None = None) -> None:
        """Make the server hold ``g`` (the documents stay in the embedded store)."""
        self.push(g)

    def push(
        self,
        g: nx.MultiDiGraph,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: Progress | None = None,
    ) -> PushResult:
        """Make the server hold exactly ``g`` (see the module's docstring for the steps).

        ``progress(done, total, what)`` is called after every batch. A connection lost
        half way raises ``StoreError`` saying how far the push got; running it again
        finishes it without duplicates.
        """
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.connect()
        tally = _Tally(total=len(NodeLabel) + 2)  # the schema statements (marker, labels, Tally) count too
        try:
            return self._push(g, batch_size, progress, tally)
        except _ConnectionLost as exc:
            raise StoreError(f"lost the connection to Neo4j at {self.uri} after {tally.done} of "
                             f"{tally.total} batches ({exc.reason}); nothing was duplicated: "
                             "run graph push again to finish it") from None

    def _push(self, g: nx.MultiDiGraph, batch_size: int, progress: Progress | None, tally: _Tally) -> PushResult:
        started = time.monotonic()
        result = PushResult(uri=self.uri)
        nodes, rels = graph_tables(g)
        tallies = tally_rows(nodes, rels)
        result.nodes = {label.value: len(rows) for label, rows in nodes.items()}
        edge_counts: Counter[str] = Counter()
        for (etype, _, _), rows in rels.items():
            edge_counts[etype.value] += len(rows)
        result.edges = dict(edge_counts)

        def tick(what: str) -> None:
            tally.done += 1
            if progress:
                progress(tally.done, tally.total, what)

        # 1. schema
        result.schema = self._ensure_schema(tick)

        # 2. stale and duplicate nodes
        local_label = {node_id: data["label"] for node_id, data in g.nodes(data=True)}
        local_label.update((row["id"], TALLY_TABLE) for row in tallies)
        server_nodes = self._run(
            f"MATCH (n:{MARKER}) RETURN n.id AS id, labels(n) AS labels", {}, write=False)
        seen: Counter[str] = Counter()
        stale: list[str] = []
        stale_tallies: set[str] = set()  # deleted like the rest, but not graph nodes: not in removed_nodes
        duplicated: set[str] = set()
        for row in server_nodes:
            node_id = row["id"]
            seen[node_id] += 1
            if node_id not in local_label or local_label[node_id] not in (row["labels"] or []):
                stale.append(node_id)
                if TALLY_TABLE in (row["labels"] or []):
                    stale_tallies.add(node_id)
            elif seen[node_id] > 1:
                duplicated.add(node_id)
        stale = sorted(set(stale))
        steps: list[_Step] = []
        for chunk in _chunks(stale, batch_size):
            steps.append(_Step("removing stale nodes",
                               f"UNWIND $ids AS id MATCH (n:{MARKER} {{id: id}}) DETACH DELETE n",
                               {"ids": chunk}))
        for node_id in sorted(duplicated):
            steps.append(_Step("removing duplicate nodes",
                               f"MATCH (n:{MARKER} {{id: $id}}) WITH n SKIP 1 DETACH DELETE n", {"id": node_id}))
        # 3. nodes
        node_steps: list[_Step] = []
        for name, rows in [*((label.value, nodes.get(label, [])) for label in NodeLabel), (TALLY_TABLE, tallies)]:
            if not rows:
                continue
            cols = ["id"] + [c for c in rows[0] if c != "id"]  # a table's rows all have its columns
            cypher = _node_statement(name, cols)
            for chunk in _chunks(rows, batch_size):
                node_steps.append(_Step(f"{name} nodes", cypher,
                                        {"rows": [[r.get(c) for c in cols] for r in chunk]}))
        tally.total += len(steps) + len(node_steps)
        for step in steps + node_steps:
            self._step(step)
            tick(step.what)
        result.removed_nodes = len(stale) - len(stale_tallies) + sum(seen[i] - 1 for i in duplicated)

        # 4. stale and duplicate edges
        local_edges = {(u, data["type"], v) for u, v, data in g.edges(data=True)}
        server_edges = [(row["from"], row["type"], row["to"], row["n"]) for row in self._run(
            f"MATCH (a:{MARKER})-[r]->(b:{MARKER}) RETURN a.id AS from, type(r) AS type, b.id AS to, "
            "count(r) AS n", {}, write=False)]
        stale_edges: dict[str, list[dict]] = {}
        dup_edges: dict[str, list[dict]] = {}
        removed_edges = 0
        for a_id, etype_name, b_id, n in server_edges:
            key = (a_id, etype_name, b_id)
            if key not in local_edges:
                stale_edges.setdefault(etype_name, []).append({"from": a_id, "to": b_id})
                removed_edges += n
            elif n > 1:
                dup_edges.setdefault(etype_name, []).append({"from": a_id, "to": b_id})
                removed_edges += n - 1
        steps = []
        for etype, rows in sorted(stale_edges.items()):
            for chunk in _chunks(rows, batch_size):
                steps.append(_Step(
                    "removing stale edges",
                    f"UNWIND $rows AS row MATCH (a:{MARKER} {{id: row.from}})-[r:{_quote(etype)}]->"
                    f"(b:{MARKER} {{id: row.to}}) DELETE r", {"rows": chunk}))
        for etype, rows in sorted(dup_edges.items()):
            for row in rows:
                steps.append(_Step(
                    "removing duplicate edges",
                    f"MATCH (a:{MARKER} {{id: $from}})-[r:{_quote(etype)}]->(b:{MARKER} {{id: $to}}) "
                    "WITH r SKIP 1 DELETE r", row))
        # 5. edges
        for (etype, a, b), rows in rels.items():
            cols = list(REL_COLUMNS[etype])
            cypher = _edge_statement(etype, a, b, cols)
            for chunk in _chunks(rows, batch_size):
                steps.append(_Step(f"{etype.value} edges", cypher,
                                   {"rows": [[r["from"], r["to"], *(r.get(c) for c in cols)] for r in chunk]}))
        tally.total += len(steps)
        for step in steps:
            self._step(step)
            tick(step.what)
        result.removed_edges = removed_edges
        result.batches = tally.total
        result.seconds = time.monotonic() - started
        return result

    # ------------------------------------------------------------ internals
    def _ensure_schema(self, tick: Callable[[str], None]) -> str:
        """Uniqueness constraints on ``id``; plain indexes where the server has no constraints."""
        from neo4j.exceptions import Neo4jError

        labels = [MARKER] + [label.value for label in NodeLabel] + [TALLY_TABLE]
        mode = "constraints"
        for label in labels:
            if mode == "constraints":
                try:
                    self._run(f"CREATE CONSTRAINT civicgraph_{label.lower()}_id IF NOT EXISTS "
                              f"FOR (n:{label}) REQUIRE n.id IS UNIQUE", {}, write=True)
                except Neo4jError as first:
                    code = first.code or ""
                    if label != MARKER or "DatabaseNotFound" in code or ".Security." in code:
                        # constraints worked for the first label, or no such database, or not allowed
                        raise StoreError(f"cannot create the constraint on {label}.id at {self.uri}: "
                                         f"{_first_line(first.message or first)}") from None
                    mode = "indexes"
            if mode == "indexes":
                self._ensure_index(label)
            tick("constraints" if mode == "constraints" else "indexes")
        return mode

    def _ensure_index(self, label: str) -> None:
        from neo4j.exceptions import Neo4jError

        try:
            existing = self._run("CALL db.indexes()", {}, write=False)
        except Neo4jError:
            existing = []
        for row in existing:
            if row.get("label") == label and "id" in (row.get("properties") or []):
                return
        try:
            self._run(f"CREATE INDEX FOR (n:{label}) ON (n.id)", {}, write=True)
        except Neo4jError as exc:
            raise StoreError(f"cannot create an index on {label}.id at {self.uri}: "
                             f"{_first_line(exc.message or exc)}") from None

    def _step(self, step: _Step) -> None:
        from neo4j.exceptions import Neo4jError

        try:
            self._run(step.cypher, step.params, write=True)
        except Neo4jError as exc:
            raise StoreError(f"the server refused a batch ({step.what}): "
                             f"{_first_line(exc.message or exc)}") from None

    def _run(self, cypher: str, params: dict, write: bool) -> list[dict]:
        """One statement in a managed transaction; connection faults become ``StoreError``."""
        from neo4j.exceptions import Neo4jError

        self.connect()

        def work(tx) -> list[dict]:
            return [record.data() for record in tx.run(cypher, params)]

        try:
            with self._driver.session(database=self.database) as session:
                if write:
                    return session.execute_write(work)
                return session.execute_read(work)
        except Neo4jError as exc:
            if _is_fault(exc):
                raise self._fault(exc) from None
            raise
        except Exception as exc:  # noqa: BLE001 - driver/socket faults of every kind
            raise self._fault(exc) from None

    def _login_error(self, exc: Exception) -> StoreError:
        from neo4j.exceptions import AuthError

        if isinstance(exc, AuthError):
            return StoreError(f"Neo4j at {self.uri} refused the login of user {self.user!r}: "
                              "check --user and the password (--password-env)")
        if _is_fault(exc):
            return self._fault(exc)
        message = _first_line(getattr(exc, "message", None) or exc)
        return StoreError(f"Neo4j at {self.uri} refused the connection ({message}): "
                          "check --user, the password (--password-env) and --database")

    def _fault(self, exc: BaseException) -> StoreError:
        from neo4j.exceptions import AuthError

        if isinstance(exc, AuthError):
            return self._login_error(exc)
        if isinstance(exc, StoreError):
            return exc
        reason = self._reason(exc)
        return _ConnectionLost(f"cannot reach Neo4j at {self.uri}: {reason}; "
                               "is the server running, and is --uri right?", reason)

    def _reason(self, exc: BaseException) -> str:
        """What went wrong on the connection, in a few words."""
        text = " ".join(str(getattr(exc, "message", None) or exc).split())
        lowered = text.lower()
        if "refused" in lowered:
            return "connection refused"
        if "closed with incomplete handshake" in lowered:
            return "the server closed the connection at the Bolt handshake"
        if "handshake" in lowered:
            return "the server did not complete the Bolt handshake in time"
        if "timed out" in lowered or "timeout" in lowered:
            return "timed out"
        if "resolve" in lowered or "name or service" in lowered:
            return "cannot resolve the host name"
        if "defunct" in lowered or "reset" in lowered or "broken pipe" in lowered or "closed" in lowered:
            return "the connection was lost"
        text = text or type(exc).__name__
        return f"{type(exc).__name__}: {text[:157] + '...' if len(text) > 160 else text}"


def _is_fault(exc: BaseException) -> bool:
    """A lost or unusable connection rather than a query the server refused."""
    from neo4j.exceptions import DriverError, ServiceUnavailable, SessionExpired

    return isinstance(exc, ServiceUnavailable | SessionExpired | DriverError | OSError)


def _node_statement(label: str, cols: list[str]) -> str:
    """MERGE one node per row ``[id, value, ...]`` (values in the order of ``cols``, ``cols[0]`` the id).

    Rows are lists, not maps: the driver packs a list of values in about half the time and
    bytes of a map that repeats every column name in every row. Both labels are in the MERGE
    pattern because adding a label to an existing node afterwards (``SET n:CivicGraph``) costs
    FalkorDB time that grows with the label's size. A ``None`` value removes the property.
    """
    body = ", ".join("n." + _quote(c) + f" = row[{i}]" for i, c in enumerate(cols) if i)  # NODE_COLUMNS
    return (f"UNWIND $rows AS row MERGE (n:{label}:{MARKER} {{id: row[0]}})"
            + (f" SET {body}" if body else ""))


def _edge_statement(etype: EdgeType, a: NodeLabel, b: NodeLabel, cols: list[str]) -> str:
    """MERGE one edge per row ``[from id, to id, value, ...]`` (values in the order of ``cols``)."""
    props = ", ".join("r." + _quote(c) + f" = row[{i + 2}]" for i, c in enumerate(cols))  # REL_COLUMNS
    return (f"UNWIND $rows AS row MATCH (a:{a.value} {{id: row[0]}}) MATCH (b:{b.value} {{id: row[1]}}) "
            f"MERGE (a)-[r:{_quote(etype.value)}]->(b)" + (f" SET {props}" if props else ""))


def _quote(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def _chunks(rows: list, size: int) -> Iterator[list]:
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _first_line(value: object) -> str:
    text = str(value).strip()
    return text.splitlines()[0].strip() if text else type(value).__name__
