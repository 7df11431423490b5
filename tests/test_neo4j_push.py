"""graph push and queries on a Neo4j server, against a real Bolt server.

The server is a real Neo4j when NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) is
set, else FalkorDB 4.18.3 started here (see tests/neo4j_server.py for how, and for the
FalkorDB quirks the tests work around). Without either the tests are skipped with the
reason (CI sets CIVICGRAPH_REQUIRE_BOLT=1, which turns the skip into a failure).

Every test starts from a server holding no civicgraph nodes (label CivicGraph).
"""

from __future__ import annotations

import json
import time

import pytest
from typer.testing import CliRunner

from cli.app import app
from graphmodel.pipeline import graph_totals, load
from graphmodel.schema import NodeLabel
from graphmodel.store.base import StoreError
from graphmodel.store.ladybug import LadybugStore
from graphmodel.store.neo4j import MARKER, Neo4jStore
from tests.conftest import EXAMPLES, SAMPLES
from tests.neo4j_server import (
    CuttableProxy,
    bolt_server_from_env,
    falkor_quirks,
    free_port,
    silent_listener,
    start_falkordb,
    unavailable,
)

PASSWORD_ENV = "CIVICGRAPH_TEST_NEO4J_PASSWORD"
FAST = 5.0  # seconds: a server that is down or refuses the login is reported within this


@pytest.fixture(scope="session")
def bolt():
    """The Bolt server of this session (started here, stopped at the end)."""
    server = bolt_server_from_env()
    mp = pytest.MonkeyPatch()
    if server is None:
        try:
            server = start_falkordb()
        except LookupError as exc:
            unavailable(str(exc))
        falkor_quirks(mp)
    yield server
    mp.undo()
    server.stop()


def store_for(server, uri: str | None = None, **kw) -> Neo4jStore:
    return Neo4jStore(uri=uri or server.uri, user=server.user, password=server.password,
                      database=server.database, **kw)


@pytest.fixture
def server(bolt):
    """The Bolt server, holding no civicgraph nodes."""
    with store_for(bolt) as neo:
        neo._run(f"MATCH (n:{MARKER}) DETACH DELETE n", {}, write=True)
    return bolt


@pytest.fixture(scope="session")
def sample(tmp_path_factory):
    """The five samples loaded into an embedded store: (store, graph)."""
    store = LadybugStore(tmp_path_factory.mktemp("neo4j") / "sample.db")
    report = load([EXAMPLES], store)
    assert not report.errors
    return store, store.read_graph()


def no_duplicates(neo: Neo4jStore) -> None:
    (nodes,) = neo.query(f"MATCH (n:{MARKER}) RETURN count(n) AS n, count(DISTINCT n.id) AS ids")
    assert nodes["n"] == nodes["ids"]
    dups = neo.query(f"MATCH (a:{MARKER})-[r]->(b:{MARKER}) WITH a.id AS a, type(r) AS t, b.id AS b, "
                     "count(r) AS n WHERE n > 1 RETURN a, t, b, n")
    assert dups == []


def snapshot(neo: Neo4jStore) -> tuple[list, list]:
    """Every pushed node's and edge's properties, sorted (to show a push changed nothing)."""
    nodes = neo.query(f"MATCH (n:{MARKER}) RETURN n.id AS id, properties(n) AS p")
    edges = neo.query(f"MATCH (a:{MARKER})-[r]->(b:{MARKER}) RETURN a.id AS a, type(r) AS t, b.id AS b, "
                      "properties(r) AS p")
    key = lambda row: json.dumps(row, sort_keys=True, default=str)  # noqa: E731
    return sorted(map(key, nodes)), sorted(map(key, edges))


def one_line(message: str) -> None:
    assert message and "\n" not in message.strip(), message


# ---------------------------------------------------------------------------- push


def test_push_writes_every_node_and_edge_and_a_second_push_changes_nothing(server, sample):
    _, g = sample
    with store_for(server) as neo:
        started = time.monotonic()
        first = neo.push(g)
        elapsed = time.monotonic() - started
        assert neo.counts() == graph_totals(g)
        assert first.node_total == g.number_of_nodes() > 1000
        assert first.edge_total == g.number_of_edges() > 2000
        no_duplicates(neo)
        before = snapshot(neo)

        second = neo.push(g, batch_size=97)
        assert (second.removed_nodes, second.removed_edges) == (0, 0)
        assert neo.counts() == graph_totals(g)
        assert snapshot(neo) == before
    print(f"\npushed {first.node_total} nodes, {first.edge_total} edges to {server.kind} "
          f"in {elapsed:.2f} s ({first.batches} batches, schema: {first.schema})")


def test_properties_arrive_as_stored(server, sample):
    """Strings with quotes and backslashes, lists, numbers, booleans and missing values."""
    store, g = sample
    with store_for(server) as neo:
        neo.push(g)
        cypher = ("MATCH (n:Milestone) RETURN n.id AS id, n.title AS title, n.deadlines AS deadlines, "
                  "n.percent AS percent, n.status_category AS status ORDER BY id")
        assert neo.query(cypher) == store.query(cypher)
        cypher = "MATCH (o:Officer) RETURN o.id AS id, o.name AS name, o.is_post AS is_post ORDER BY id"
        assert neo.query(cypher) == store.query(cypher)


def test_nodes_of_documents_no_longer_loaded_are_removed(server, sample, tmp_path):
    _, full = sample
    fewer = LadybugStore(tmp_path / "fewer.db")
    load([p for p in SAMPLES.values() if p != SAMPLES["action-plan"]], fewer)
    smaller = fewer.read_graph()
    assert smaller.number_of_nodes() < full.number_of_nodes()
    with store_for(server) as neo:
        neo.push(full)
        shrunk = neo.push(smaller)
        assert neo.counts() == graph_totals(smaller)
        assert shrunk.removed_nodes == len(set(full) - set(smaller))
        no_duplicates(neo)
        grown = neo.push(full)
        assert grown.removed_nodes == 0
        assert neo.counts() == graph_totals(full)


def test_other_data_on_the_server_is_left_alone(server, sample):
    _, g = sample
    with store_for(server) as neo:
        neo._run("MERGE (n:Officer {id: 'not-ours'}) SET n.name = 'Someone Else'", {}, write=True)
        try:
            neo.push(g)
            assert neo.query("MATCH (n:Officer {id: 'not-ours'}) RETURN n.name AS name") == [{"name": "Someone Else"}]
        finally:
            neo._run("MATCH (n:Officer {id: 'not-ours'}) DETACH DELETE n", {}, write=True)


# ---------------------------------------------------------------------------- queries


SAME_ANSWERS = {
    "items per officer": "MATCH (o:Officer)-[:OWNS]->(i) RETURN o.id AS officer, count(i) AS items",
    "late items per officer": "MATCH (o:Officer)-[:OWNS]->(i) WHERE i.status_category = 'late' "
                              "RETURN o.id AS officer, count(i) AS late",
    "officers per directorate": "MATCH (o:Officer)-[:WORKS_IN]->(d:Directorate) RETURN d.name AS d, count(o) AS n",
    "milestones per activity": "MATCH (m:Milestone)-[:PART_OF]->(a:Activity) RETURN a.id AS a, count(m) AS n",
    "items per plan": "MATCH (i:Activity) RETURN i.plan AS plan, count(i) AS n",
    "successions": "MATCH (a)-[r:SUCCEEDS]->(b) RETURN a.id AS a, b.id AS b, r.score AS score, r.evidence AS ev",
    "boards": "MATCH (b:Board)-[:MONITORS]->(i) RETURN b.name AS board, count(i) AS n",
    "readings per report": "MATCH (r:Report)-[x:READS]->(i) RETURN r.id AS r, r.as_of AS as_of, "
                           "r.report_kind AS kind, count(i) AS n",
}


def _rows(rows: list[dict]) -> list[str]:
    return sorted(json.dumps(r, sort_keys=True, default=str) for r in rows)


@pytest.mark.parametrize("name", sorted(SAME_ANSWERS))
def test_the_server_answers_as_the_embedded_store(server, sample, name):
    store, g = sample
    with store_for(server) as neo:
        neo.push(g)
        local = store.query(SAME_ANSWERS[name])
        assert local
        assert _rows(neo.query(SAME_ANSWERS[name])) == _rows(local)


# Every named query, with the parameters the required ones need (naming things the samples hold).
# The counting ones read the pushed Tally rows (graphmodel/store/tallies.py).
NAMED = {"workload": {}, "sole_owned": {}, "overdue_by_directorate": {}, "carried_unfinished": {},
         "carry_forward": {}, "slippage_officers": {}, "slippage_directorates": {}, "slippage_members": {},
         "unowned_items": {}, "chain": {"officer": "Andy Bamber"},
         "member_portfolio": {"member": "Cabinet Member for Work and Economic Growth"}, "board_items": {"board": "CLT"},
         "dropped": {}, "plan_figures": {}}
# names as a user types them: matched against the server's names as against the embedded store's
TYPED = [("sole_owned", {"officer": "andy bamber"}), ("board_items", {"board": "clt"}),
         ("workload", {"directorate": "place", "plan": "2017/18"}), ("chain", {"officer": "bamber"})]


def test_every_named_query_is_compared():
    from cypher import list_queries

    assert set(NAMED) == {q.name for q in list_queries()}


@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_queries_answer_the_same_on_the_server(server, sample, name):
    from cypher import QueryError, run_query

    store, g = sample
    try:
        local = run_query(store, name, NAMED[name])
    except QueryError as exc:
        pytest.skip(f"named query {name} is not available: {exc}")
    assert local, f"{name} answers nothing on the samples"
    with store_for(server) as neo:
        neo.push(g)
        assert _rows(run_query(neo, name, NAMED[name])) == _rows(local)


@pytest.mark.parametrize("name,params", TYPED, ids=[t[0] for t in TYPED])
def test_named_query_names_match_the_same_on_the_server(server, sample, name, params):
    from cypher import run_query

    store, g = sample
    local = run_query(store, name, params)
    assert local, f"{name} answers nothing for {params}"
    with store_for(server) as neo:
        neo.push(g)
        assert _rows(run_query(neo, name, params)) == _rows(local)


def test_a_write_in_query_is_refused_or_harmless(server, sample):
    """``query`` runs in a read transaction: Neo4j refuses writes there (FalkorDB does not)."""
    from graphmodel.store.base import ReadOnlyQuery

    if server.kind != "neo4j":
        pytest.skip("FalkorDB does not enforce read transactions")
    with store_for(server) as neo, pytest.raises(ReadOnlyQuery):
        neo.query(f"CREATE (:{MARKER} {{id: 'x'}})")


# ---------------------------------------------------------------------------- the CLI

runner = CliRunner()


def test_graph_push_prints_the_counts(server, sample, monkeypatch):
    store, g = sample
    monkeypatch.setenv(PASSWORD_ENV, server.password)
    args = ["push", "--uri", server.uri, "--user", server.user, "--password-env", PASSWORD_ENV,
            "--store", str(store.path), "--batch-size", "200"]
    if server.database:
        args += ["--database", server.database]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    totals = graph_totals(g)
    assert f"Pushed {g.number_of_nodes()} nodes and {g.number_of_edges()} edges" in result.stdout
    assert "Milestone" in result.stdout and str(totals["Milestone"]) in result.stdout

    again = runner.invoke(app, args + ["--json"])
    assert again.exit_code == 0, again.output
    report = json.loads(again.stdout)
    labels = {label.value for label in NodeLabel}
    assert report["nodes"] == {k: v for k, v in graph_totals(g).items() if k in labels}
    assert (report["node_total"], report["edge_total"]) == (g.number_of_nodes(), g.number_of_edges())
    assert (report["removed_nodes"], report["removed_edges"]) == (0, 0)
    with store_for(server) as neo:
        assert neo.counts() == graph_totals(g)


def test_graph_query_runs_a_named_query_on_the_server(server, sample, monkeypatch):
    store, g = sample
    with store_for(server) as neo:
        neo.push(g)
    monkeypatch.setenv(PASSWORD_ENV, server.password)
    local = runner.invoke(app, ["query", "workload", "--store", str(store.path), "--json"])
    remote = runner.invoke(app, ["query", "workload", "--uri", server.uri, "--user", server.user,
                                 "--password-env", PASSWORD_ENV, "--json"])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert _rows(json.loads(remote.stdout)) == _rows(json.loads(local.stdout))


def test_graph_push_without_a_store_or_password_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    result = runner.invoke(app, ["push", "--uri", "bolt://127.0.0.1:1", "--password-env", PASSWORD_ENV])
    assert result.exit_code == 1
    assert result.stderr.strip().startswith(f"Error: ${PASSWORD_ENV} is not set")
    monkeypatch.setenv(PASSWORD_ENV, "x")
    result = runner.invoke(app, ["push", "--uri", "bolt://127.0.0.1:1", "--password-env", PASSWORD_ENV,
                                 "--store", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert "no graph at" in result.stderr and "graph load" in result.stderr


# ---------------------------------------------------------------------------- server faults


def _timed_failure(neo: Neo4jStore, call) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(StoreError) as info:
        call(neo)
    return str(info.value), time.monotonic() - started


def test_a_wrong_password_is_one_line_within_five_seconds(server, sample):
    with Neo4jStore(uri=server.uri, user=server.user, password="not-the-password",
                    database=server.database) as neo:
        message, seconds = _timed_failure(neo, lambda n: n.query("RETURN 1 AS one"))
    one_line(message)
    assert "refused" in message and "password" in message
    assert seconds < FAST
    print(f"\nwrong password: {seconds:.3f} s: {message}")


def test_a_server_that_is_down_is_one_line_within_five_seconds(sample):
    uri = f"bolt://127.0.0.1:{free_port()}"  # nothing listens there
    with Neo4jStore(uri=uri, user="neo4j", password="x") as neo:
        message, seconds = _timed_failure(neo, lambda n: n.push(sample[1]))
    one_line(message)
    assert f"cannot reach Neo4j at {uri}" in message
    assert seconds < FAST
    print(f"\nserver down: {seconds:.3f} s: {message}")


def test_a_server_that_never_answers_is_one_line_within_five_seconds():
    with silent_listener() as port, Neo4jStore(uri=f"bolt://127.0.0.1:{port}", password="x") as neo:
        message, seconds = _timed_failure(neo, lambda n: n.query("RETURN 1 AS one"))
    one_line(message)
    assert "cannot reach Neo4j" in message
    assert seconds < FAST
    print(f"\nserver silent: {seconds:.3f} s: {message}")


def test_cli_errors_are_one_error_line(sample, monkeypatch):
    store, _ = sample
    monkeypatch.setenv(PASSWORD_ENV, "x")
    for uri in (f"bolt://127.0.0.1:{free_port()}", "http://127.0.0.1:7474"):
        started = time.monotonic()
        result = runner.invoke(app, ["push", "--uri", uri, "--password-env", PASSWORD_ENV,
                                     "--store", str(store.path)])
        assert time.monotonic() - started < FAST
        assert result.exit_code == 1, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
        assert "Traceback" not in result.output


def test_a_connection_dropped_half_way_fails_fast_and_a_rerun_completes(server, sample):
    _, g = sample
    proxy = CuttableProxy(port=int(server.uri.rsplit(":", 1)[1]))
    cut_at: list[float] = []

    def drop_half_way(done: int, total: int, what: str) -> None:
        if not cut_at and "edges" in what and done * 2 >= total:
            proxy.cut()
            cut_at.append(time.monotonic())

    try:
        with store_for(server, uri=proxy.uri) as neo:
            with pytest.raises(StoreError) as info:
                neo.push(g, batch_size=50, progress=drop_half_way)
            failed_after = time.monotonic() - cut_at[0]
        message = str(info.value)
        one_line(message)
        assert "run graph push again" in message
        assert failed_after < FAST
        with store_for(server) as direct:
            partial = direct.counts()
            assert partial != graph_totals(g)  # the push did stop half way
            assert sum(partial.values()) > 0
            no_duplicates(direct)

        proxy.restore()
        with store_for(server, uri=proxy.uri) as neo:
            neo.push(g, batch_size=50)
        with store_for(server) as direct:
            assert direct.counts() == graph_totals(g)
            no_duplicates(direct)
    finally:
        proxy.close()
    print(f"\ndropped connection: StoreError {failed_after:.3f} s after the cut: {message}")


def test_many_pushes_leave_one_copy(server, sample):
    """Repeated pushes with different batch sizes never duplicate anything."""
    _, g = sample
    with store_for(server) as neo:
        for size in (1000, 41):
            neo.push(g, batch_size=size)
        assert neo.counts() == graph_totals(g)
        no_duplicates(neo)


def test_connecting_is_bounded_below_the_promise():
    from graphmodel.store import neo4j as backend

    assert backend.CONNECT_TIMEOUT + 1.0 < FAST  # TCP connect, then handshake and login


@pytest.fixture(scope="session")
def history(tmp_path_factory):
    """The 2017/18 report (as at 30 September 2017) and its third-quarter copy: (store, graph)."""
    from pathlib import Path

    store = LadybugStore(tmp_path_factory.mktemp("neo4j-history") / "history.db")
    assert not load([SAMPLES["quarterly-report"]], store, as_of="2017-09-30").errors
    assert not load([Path(__file__).parent / "data" / "002_q3_2017.txt"], store).errors
    return store, store.read_graph()


def test_push_carries_reports_and_readings(server, history):
    """Reports and readings arrive, and the history commands' functions and the counting named
    queries answer the same on the server (issue 12)."""
    from cypher import run_query
    from graphmodel.store.readings import history_rows, item_history, reports

    store, g = history
    with store_for(server) as neo:
        neo.push(g)
        assert {k: v for k, v in neo.counts().items() if v} == graph_totals(g)
        assert graph_totals(g)["Report"] == 2 and graph_totals(g)["READS"] == 590
        assert reports(neo) == reports(store)
        assert history_rows(neo) == history_rows(store)
        (item,) = store.query("MATCH (i:Milestone) WHERE i.title STARTS WITH 'Develop a Growth Strategy in coll' "
                              "RETURN i.id AS id")
        assert len(item_history(neo, item["id"])) == 2
        assert item_history(neo, item["id"]) == item_history(store, item["id"])
        for name in ("workload", "slippage_officers"):
            assert _rows(run_query(neo, name, {})) == _rows(run_query(store, name, {}))
