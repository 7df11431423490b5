"""The named Cypher queries: their headers, parameter typing, that each runs on the embedded
store, that they give the NetworkX analyses' numbers, and that a built wheel ships them."""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import zipfile
from importlib import resources
from pathlib import Path

import pytest

from cypher import (
    QueryError,
    get_query,
    list_queries,
    parse_params,
    parse_query_file,
    run_query,
    write_clause,
)
from graphmodel.analysis.carry import carried_unfinished
from graphmodel.analysis.slippage import slippage
from graphmodel.analysis.structure import accountability_chain
from graphmodel.analysis.workload import sole_owned_activities, workload
from graphmodel.store.ladybug import LadybugStore
from tests.analysis.graphs import graph, item
from tests.sample_store import sample_graph, sample_store_path

ROOT = Path(__file__).resolve().parent.parent
REQUIRED = {"workload", "chain", "member_portfolio", "board_items", "unowned_items", "overdue_by_directorate",
            "carry_forward", "sole_owned", "slippage_officers", "slippage_directorates", "slippage_members",
            "carried_unfinished", "dropped", "plan_figures"}
# parameters for the queries that need some, naming things the samples hold
SAMPLE_PARAMS = {
    "chain": {"officer": "Andy Bamber"},
    "member_portfolio": {"member": "Cabinet Member for Work and Economic Growth"},
    "board_items": {"board": "CLT"},
}


@pytest.fixture(scope="module")
def store():
    return LadybugStore(sample_store_path())


# ----------------------------------------------------------------------------- the files


def test_every_required_query_is_there():
    names = {q.name for q in list_queries()}
    assert REQUIRED <= names


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_header_names_question_and_params(query):
    assert query.file == f"{query.name}.cypher"
    assert len(query.answers) > 30
    for p in query.params:
        assert p.help, f"{query.name}: parameter {p.name} has no help"
        assert f"${p.name}" in query.cypher, f"{query.name}: parameter {p.name} is not used"
    used = set(re.findall(r"\$(\w+)", query.cypher))
    assert used == {p.name for p in query.params}


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_query_is_portable_cypher(query):
    """Avoid what Ladybug and Neo4j disagree on (measured): see cypher/__init__.py."""
    body = "\n".join(line for line in query.cypher.splitlines() if not line.lstrip().startswith("//"))
    for banned in ("toFloat", "exists(", "elementId(", "labels(", "label(", "id("):
        assert banned.lower() not in body.lower(), f"{query.name} uses {banned}"
    assert not re.search(r"[\w)\]]\[\s*-?\d", body), f"{query.name} indexes a list (0- vs 1-based)"
    assert not re.search(r"\[\s*\w*\s*:\s*[A-Z_]+", body), f"{query.name}: backtick relationship types"
    assert write_clause(body) is None


def _body(query) -> str:
    return "\n".join(line for line in query.cypher.splitlines() if not line.lstrip().startswith("//"))


def test_slippage_queries_read_the_stored_rebaselined_column():
    """The regex runs once at write time (graphmodel/store/derived.py), not on every row of every call;
    per officer, the counts are stored too (the Tally table, graphmodel/store/tallies.py)."""
    for name in ("slippage_officers", "slippage_directorates", "slippage_members"):
        body = _body(get_query(name))
        assert "=~" not in body and "t.n_rebaselined" in body


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_no_variable_length_paths(query):
    """``-[:X*a..b]->`` costs Ladybug about a millisecond per starting node (measured: 3 s for a
    lead member's 2,900 activities at the large benchmark size); the stored columns replace them."""
    body = "\n".join(line for line in query.cypher.splitlines() if not line.lstrip().startswith("//"))
    assert not re.search(r"\*\s*\d*\s*\.\.", body), f"{query.name} walks a variable-length path"


def test_get_query_unknown_names_the_known():
    with pytest.raises(QueryError, match="known: .*workload"):
        get_query("nope")


# ----------------------------------------------------------------------------- headers and params


HEADER = """// name: demo
// answers: Something useful,
//   over two lines.
// param: plan: string = "" -- a plan year
// param: n: int = 5 -- how many
// param: who: string -- required
// param: ratio: float = 0.5 -- a ratio
// param: flag: bool = false -- a switch
MATCH (n) RETURN n
"""


def test_parse_header():
    q = parse_query_file(HEADER, "demo.cypher")
    assert (q.name, q.answers) == ("demo", "Something useful, over two lines.")
    assert [(p.name, p.type, p.default, p.required) for p in q.params] == [
        ("plan", "string", "", False), ("n", "int", 5, False), ("who", "string", None, True),
        ("ratio", "float", 0.5, False), ("flag", "bool", False, False)]
    assert q.signature() == ("demo [--param plan=<string>] [--param n=<int>] --param who=<string> "
                             "[--param ratio=<float>] [--param flag=<bool>]")


def test_malformed_headers():
    with pytest.raises(QueryError, match="name"):
        parse_query_file("MATCH (n) RETURN n", "x.cypher")
    with pytest.raises(QueryError, match="malformed parameter"):
        parse_query_file("// name: x\n// answers: y\n// param: n: integer = 1\nRETURN 1", "x.cypher")


def test_parse_params_types_defaults_and_errors():
    q = parse_query_file(HEADER)
    assert parse_params(q, ["who=Ann", "n=7", "ratio=0.25", "flag=yes", "plan=2012/13"]) == {
        "who": "Ann", "n": 7, "ratio": 0.25, "flag": True, "plan": "2012/13"}
    assert parse_params(q, ["who=a=b"]) == {"who": "a=b", "n": 5, "ratio": 0.5, "flag": False, "plan": ""}
    for bad, message in ((["who=x", "n=five"], "whole number"), (["who=x", "ratio=x"], "a number"),
                         (["who=x", "flag=maybe"], "true or false"), (["n=1"], "needs --param who"),
                         (["who=x", "colour=red"], "no parameter 'colour'"), (["who"], "not key=value")):
        with pytest.raises(QueryError, match=message):
            parse_params(q, bad)


@pytest.mark.parametrize("text,clause", [
    ("MATCH (n) RETURN n", None),
    ("MATCH (n) WHERE n.name = 'CREATE' RETURN n.set AS set", None),
    ("// delete this\nMATCH (n) RETURN n", None),
    ("MATCH (n) SET n.x = 1", "SET"),
    ("MATCH (n) DETACH DELETE n", "DETACH"),
    ("create (n:Officer {id: 'x'})", "CREATE"),
    ("MERGE (n:Officer {id: 'x'})", "MERGE"),
    ("COPY Officer FROM 'x.csv'", "COPY"),
    ("DROP TABLE Officer", "DROP"),
])
def test_write_clause(text, clause):
    assert write_clause(text) == clause


# ----------------------------------------------------------------------------- on the samples


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_query_runs_on_the_sample_store(store, query):
    rows = run_query(store, query.name, SAMPLE_PARAMS.get(query.name, {}))
    assert isinstance(rows, list)
    if query.name not in ("carry_forward", "carried_unfinished"):  # these need lineage links
        assert rows, f"{query.name} found nothing in the samples"


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_fetching_as_arrow_columns_gives_the_same_rows(store, query, monkeypatch):
    """Big results come back through Arrow (graphmodel/store/ladybug.py): the same rows as ``get_all``."""
    import graphmodel.store.ladybug as ladybug_store

    params = SAMPLE_PARAMS.get(query.name, {})
    monkeypatch.setattr(ladybug_store, "_ARROW_VALUES", 10**12)
    plain = run_query(store, query.name, params)
    monkeypatch.setattr(ladybug_store, "_ARROW_VALUES", 0)
    assert run_query(store, query.name, params) == plain


def test_sample_workload_figures_through_cypher(store):
    rows = {(r["plan"], r["officer"]): r for r in run_query(store, "workload")}
    assert rows[("2012/13", "Andy Bamber")]["total"] == 43
    assert rows[("2014/15", "Jackie Odunoye")]["total"] == 41
    late_2017 = run_query(store, "workload", ["plan=2017/18"])
    top = max(late_2017, key=lambda r: r["late"])
    assert (top["officer"], top["late"], top["total"]) == ("Sharon Godman", 7, 19)


def _key(row: dict) -> tuple:
    return tuple(v for k, v in row.items() if k in ("plan", "officer_id", "directorate", "member_id"))


@pytest.mark.parametrize("plan,directorate", [(None, None), ("2012/13", None), ("2017/18", None),
                                               (None, "PLACE"), ("2012/13", "D&R"), ("2017/18", "GOV")])
def test_workload_cypher_equals_networkx(store, plan, directorate):
    cy = run_query(store, "workload", {"plan": plan or "", "directorate": directorate or ""})
    nx_rows = workload(sample_graph(), plan=plan, directorate=directorate)["rows"]
    cols = ("plan", "officer_id", "officer", "total", "open", "late")
    assert sorted(tuple(r[c] for c in cols) for r in cy) == sorted(tuple(r[c] for c in cols) for r in nx_rows)
    assert cy


@pytest.mark.parametrize("by,query", [("officer", "slippage_officers"), ("directorate", "slippage_directorates"),
                                      ("member", "slippage_members")])
@pytest.mark.parametrize("plan,min_items", [(None, 5), ("2017/18", 1), ("2012/13", 5)])
def test_slippage_cypher_equals_networkx(store, by, query, plan, min_items):
    cy = run_query(store, query, {"plan": plan or "", "min_items": min_items})
    ours = slippage(sample_graph(), by=by, plan=plan, min_items=min_items)["rows"]
    assert len(cy) == len(ours)
    if by == "member" and plan == "2012/13":
        assert cy == []  # the 2012/13 appendix names no lead members
        return
    assert list(cy[0]) == list(ours[0])  # the same columns, in the same order
    by_key = {_key(r): r for r in ours}
    for row in cy:
        mine = by_key[_key(row)]
        for col in ("n", "late", "rebaselined", "slipped"):
            assert row[col] == mine[col], (row, col)
        for col in ("rate", "lower", "upper"):
            assert math.isclose(row[col], mine[col], rel_tol=1e-12, abs_tol=1e-12), (row, col)
    # the same ranking (ties broken the same way)
    assert [_key(r) for r in cy] == [_key(r) for r in ours]


def test_chain_cypher_equals_networkx(store):
    g = sample_graph()
    for officer in ("Andy Bamber", "Sharon Godman", "Asmat Hussain"):
        cy = run_query(store, "chain", {"officer": officer})
        ours = accountability_chain(g, "officer:" + officer.lower().replace(" ", "-"))["items"]

        def norm(rows):
            return [{**r, "members": sorted(r["members"]), "boards": sorted(r["boards"])} for r in rows]

        assert norm(cy) == norm(ours) and cy


def test_sole_owned_cypher_equals_networkx(store):
    g = sample_graph()
    cy = {(r["officer"], f"item:{r['source']}:{r['line']}") for r in run_query(store, "sole_owned")}
    ours = {(g.nodes[o]["name"], a) for o, acts in sole_owned_activities(g).items() for a in acts}
    assert cy == ours and cy


def test_carried_unfinished_cypher_equals_networkx(store):
    cy = {(r["officer_id"], r["carried_unfinished"]) for r in run_query(store, "carried_unfinished")}
    ours = {(r["officer_id"], r["carried_unfinished"]) for r in carried_unfinished(sample_graph())
            if r["carried_unfinished"]}
    assert cy == ours


def test_carry_queries_on_a_small_lineage(tmp_path):
    recs = [item(f"{c}.txt", 1, "activity", "Fix roads", plan=p, owners=("Ann",), status=s)
            for c, p, s in (("a", "2012/13", "Overdue"), ("b", "2013/14", "Delayed"), ("c", "2014/15", "Completed"))]
    g = graph(recs, [("b.txt:1", "a.txt:1"), ("c.txt:1", "b.txt:1")])
    st = LadybugStore(tmp_path / "lineage.db")
    st.write_graph(g, [])
    (chain,) = run_query(st, "carry_forward")
    assert (chain["first_plan"], chain["last_plan"], chain["links"], chain["first_status"]) == (
        "2012/13", "2014/15", 2, "Overdue")
    assert run_query(st, "carry_forward", ["min_links=3"]) == []
    assert run_query(st, "carried_unfinished") == [
        {"officer_id": "officer:ann", "officer": "Ann", "carried_unfinished": 2}]


def test_unowned_and_overdue_by_directorate(store):
    unowned = run_query(store, "unowned_items", {"plan": "2007/08"})
    assert len(unowned) == 86 + 117  # the 2007/08 report names no owners
    rows = {(r["plan"], r["directorate"]): r for r in run_query(store, "overdue_by_directorate")}
    assert rows[("2007/08", "(none)")]["late"] == rows[("2007/08", "(none)")]["reported"] == 203
    g = sample_graph()
    gov = [d for _, d in g.nodes(data=True) if d.get("plan") == "2017/18" and "GOV" in (d.get("directorates") or [])
           and d.get("status_category") == "late"]
    assert rows[("2017/18", "GOV")]["late"] == len(gov)


def test_readonly_store_refuses_writes(store):
    from graphmodel.store.base import ReadOnlyQuery

    with pytest.raises(ReadOnlyQuery):
        store.query("MATCH (o:Officer) SET o.name = 'x'")


# ----------------------------------------------------------------------------- packaging


def test_queries_are_package_data():
    files = {e.name for e in resources.files("cypher").iterdir()}
    assert {f"{name}.cypher" for name in REQUIRED} <= files


def test_built_wheel_contains_the_queries(tmp_path):
    """Build a wheel from a copy of the repository (so the tree stays clean) and look inside."""
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    for pkg in ("graphmodel", "loaders", "cypher", "cli", "viz"):
        shutil.copytree(ROOT / pkg, src / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", str(src), "--no-deps", "-q", "-w", str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        if "Could not find a version" in proc.stderr or "connection" in proc.stderr.lower():
            pytest.skip(f"cannot fetch the build backend: {proc.stderr.strip().splitlines()[-1]}")
        pytest.fail(proc.stderr)
    (wheel,) = tmp_path.glob("civicgraph-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"cypher/{name}.cypher" for name in REQUIRED} <= names
    assert "cypher/__init__.py" in names
