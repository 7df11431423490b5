"""Answers a user can trust (issue 14): names matched the same everywhere, no quiet empties,
checked plan years, cypher columns as written, flat lineage CSV, owners' own directorates."""

from __future__ import annotations

import csv
import io
import json

import pytest
import typer.main
from typer.testing import CliRunner

from cli.app import app
from cypher import QueryError, get_query, list_queries, run_query
from graphmodel.analysis.workload import workload
from graphmodel.store.ladybug import LadybugStore
from tests.sample_store import sample_graph, sample_store_path

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def on_samples(*args: str):
    return invoke(*args, "--store", sample_store_path())


@pytest.fixture(scope="module")
def store():
    return LadybugStore(sample_store_path())


# ----------------------------------------------------------------------------- names


def test_named_query_names_match_as_graph_chain_does(store):
    exact = run_query(store, "sole_owned", {"officer": "Andy Bamber"})
    assert len(exact) == 15 and {r["officer"] for r in exact} == {"Andy Bamber"}
    for spelling in ("andy bamber", "ANDY  BAMBER", "bamber", "Andy Bamber."):
        assert run_query(store, "sole_owned", {"officer": spelling}) == exact, spelling
    result = on_samples("query", "sole_owned", "-p", "officer=andy bamber", "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == exact
    clt = run_query(store, "board_items", {"board": "clt"})
    assert clt == run_query(store, "board_items", {"board": "CLT"}) and len(clt) == 4
    assert run_query(store, "member_portfolio", {"member": "mayor lutfur"}) == \
        run_query(store, "member_portfolio", {"member": "Mayor Lutfur Rahman"})
    assert run_query(store, "workload", {"directorate": "place"}) == \
        run_query(store, "workload", {"directorate": "PLACE"})


@pytest.mark.parametrize("args,line", [
    (["sole_owned", "-p", "officer=andy"],
     "Error: --param officer: 'andy' matches 2 officers: Andy Bamber; Andy Scott; give more of the name "
     "(hint: see graph queries)"),
    (["sole_owned", "-p", "officer=Andy Bamer"],
     "Error: --param officer: no officer matches 'Andy Bamer'; did you mean Andy Bamber, Andy Scott or Amanda Harcus? "
     "(hint: see graph queries)"),
    (["workload", "-p", "plan=2012"],
     "Error: --param plan: no plan year 2012 in the store; did you mean 2012/13? (hint: see graph queries)"),
    (["chain"], "Error: query chain needs --param officer=... (the officer (any case, a unique part of the name), "
                "e.g. Andy Bamber) (hint: see graph queries)"),
])
def test_named_query_parameter_errors_are_one_line(args, line):
    result = on_samples("query", *args)
    assert result.exit_code == 1
    assert result.stderr.strip() == line


def test_every_parameter_a_named_query_uses_is_declared():
    from cypher import parse_query_file, used_params

    for q in list_queries():
        assert used_params(q.cypher) == {p.name for p in q.params}, q.name
    with pytest.raises(QueryError, match=r"uses \$who but the header declares no such parameter"):
        parse_query_file("// name: x\n// answers: y\nMATCH (n) WHERE n.name = $who RETURN n", "x.cypher")


def test_name_parameters_are_typed_in_the_headers():
    kinds = {(q.name, p.name): p.type for q in list_queries() for p in q.params}
    assert kinds[("sole_owned", "officer")] == "officer" and kinds[("chain", "officer")] == "officer"
    assert kinds[("board_items", "board")] == "board" and kinds[("member_portfolio", "member")] == "member"
    assert kinds[("workload", "directorate")] == "directorate" == kinds[("slippage_officers", "directorate")]
    assert all(t == "plan" for (q, p), t in kinds.items() if p == "plan")


def test_one_name_key_and_one_officer_look_up():
    import graphmodel.analysis._common as common
    import graphmodel.identity as identity
    import graphmodel.neighbourhood as nbh

    assert nbh.name_key is identity.name_key
    assert not hasattr(common, "find_officer") and not hasattr(common, "NoSuchOfficer")


# ----------------------------------------------------------------------------- cypher


def test_cypher_missing_parameter_is_an_error_naming_it():
    result = on_samples("cypher", "MATCH (o:Officer) WHERE o.name = $who RETURN o.name")
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: the query uses $who but no value was given for it (hint: --param who=...)"
    ok = on_samples("cypher", "MATCH (o:Officer) WHERE o.name = $who RETURN o.name", "-p", "who=Andy Bamber", "--json")
    assert json.loads(ok.stdout) == [{"o.name": "Andy Bamber"}]


def test_cypher_columns_are_named_as_the_query_writes_them():
    result = on_samples("cypher", "MATCH (a:Activity) RETURN count(a), a.plan AS plan ORDER BY plan LIMIT 2", "--json")
    assert json.loads(result.stdout) == [{"count(a)": 86, "plan": "2007/08"}, {"count(a)": 68, "plan": "2012/13"}]
    table = on_samples("cypher", "MATCH (a:Activity) WHERE a.plan = '2019/20' RETURN count(a)")
    assert "count(a)" in table.stdout and "_ID" not in table.stdout


def test_neo4j_only_syntax_gets_the_portable_form():
    result = on_samples("cypher", "MATCH (n) WHERE n:Activity OR n:Milestone RETURN count(n)")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("Error: query failed: Parser exception") and "\n" not in line
    assert line.endswith("(hint: a label test in WHERE (n:Activity) is Neo4j-only syntax; write "
                         "MATCH (n) WHERE n.kind IN ['activity', 'milestone'] (every item has kind), "
                         "or MATCH (n:Activity))")
    portable = on_samples("cypher", "MATCH (n) WHERE n.kind IN ['activity', 'milestone'] RETURN count(n)", "--json")
    assert json.loads(portable.stdout) == [{"count(n)": 1208}]  # 203 + 303 + 386 + 283 + 33 (graph figures)


# ----------------------------------------------------------------------------- no quiet empties

_STORE_READERS = [
    ["stats"], ["export", "items"], ["export", "lineage", "--format", "csv"], ["people"], ["people", "--review"],
    ["lineage"], ["lineage", "--dropped"], ["query", "workload"], ["cypher", "RETURN 1"], ["workload"],
    ["slippage"], ["chain", "--officer", "x"], ["carry"], ["structure"], ["figures"], ["viz", "--officer", "x"],
    ["report"], ["who", "x"], ["who", "--officer", "x"], ["push", "--uri", "bolt://127.0.0.1:1"],
    ["reports"], ["history", "x"], ["export", "history"], ["workload", "--as-of", "2017-12-31"],
    ["site", "--out", "site-never-written"],
]


def test_every_store_reading_command_is_listed():
    commands = set(typer.main.get_command(app).commands)
    assert commands - {args[0] for args in _STORE_READERS} == {"load", "queries"}  # load makes one, queries reads none


@pytest.mark.parametrize("args", _STORE_READERS, ids=" ".join)
def test_no_store_is_one_error_line(args, tmp_path, monkeypatch):
    monkeypatch.setenv("NEO4J_PASSWORD", "x")
    missing = tmp_path / "typo.db"
    result = invoke(*args, "--store", missing)
    assert result.exit_code == 1
    assert result.stderr == f"Error: no graph at {missing} yet (hint: check --store, or run: graph load examples/)\n"
    assert result.stdout == ""
    assert not missing.exists()


def test_a_folder_is_not_a_store(tmp_path):
    result = invoke("people", "--store", tmp_path)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {tmp_path} is a folder, not a store (hint: check --store)\n"


def test_load_refuses_a_plan_not_written_as_a_plan_year(tmp_path):
    for bad in ("2099", "2012/14", "12/13", "2012-13"):
        result = invoke("load", "examples/000_ce323507d3fb21cd.txt", "--plan", bad, "--store", tmp_path / "s.db")
        assert result.exit_code == 2
        assert result.stderr == (f"Error: --plan {bad!r} is not a plan year "
                                 "(hint: write it as the documents do, e.g. 2012/13)\n")
        assert not (tmp_path / "s.db").exists()


def test_unknown_plan_years_suggest_the_closest(tmp_path):
    result = on_samples("workload", "--plan", "2017")
    assert result.stderr == "Error: no plan year 2017 in the store (hint: did you mean 2017/18?)\n"
    result = on_samples("viz", "--officer", "Andy Bamber", "--plan", "2012", "--out", str(tmp_path / "m.html"))
    assert result.stderr == "Error: no plan year 2012 in the store (hint: did you mean 2012/13?)\n"
    result = on_samples("figures", "--plan", "1999/00")
    assert result.exit_code == 1 and result.stderr.startswith("Error: no plan year 1999/00 in the store (hint: ")


# ----------------------------------------------------------------------------- small things


def test_lineage_csv_has_flat_columns():
    result = on_samples("export", "lineage", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == ["later_source", "later_line", "later_plan", "later_kind", "later_code", "later_title",
                             "earlier_source", "earlier_line", "earlier_plan", "earlier_kind", "earlier_code",
                             "earlier_title", "score", "evidence"]
    assert len(rows) == 40  # the samples' SUCCEEDS links
    assert not any("{" in v for r in rows for v in r.values())
    fairness = [r for r in rows if r["later_line"] == "990"]
    assert [(r["later_plan"], r["earlier_source"], r["earlier_line"], r["earlier_title"]) for r in fairness] == [
        ("2014/15", "000_ce323507d3fb21cd.txt", "12", "Convene a Fairness Commission")]


def test_help_lists_every_choice():
    import re

    from loaders.registry import LOADERS

    load_help = re.sub(r"-\s+", "-", " ".join(invoke("load", "--help").stdout.split()))  # rich wraps at hyphens
    assert all(lo.name in load_help for lo in LOADERS)
    query_help = " ".join(invoke("query", "--help").stdout.split())
    assert all(q.name in query_help for q in list_queries())
    assert "items" in invoke("export", "--help").stdout and "lineage" in invoke("export", "--help").stdout


def test_readme_documents_every_command():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in typer.main.get_command(app).commands:
        assert f"graph {name}" in readme, name


# ----------------------------------------------------------------------------- own directorates


def test_workload_directorate_uses_the_owner_s_own_directorate(store, tmp_path):
    """004 and 003 print each owner's directorate beside them; an owner counts for a directorate
    only on the items printed with it beside them (sole-owned included)."""
    g = sample_graph()
    rows = workload(g, directorate="CE's")["rows"]
    assert {r["officer"] for r in rows} == {"Louise Russell"}
    assert json.loads(on_samples("workload", "--directorate", "ce's", "--json").stdout)["rows"] == rows
    q = run_query(store, "workload", {"directorate": "ce's"})
    assert [(r["plan"], r["officer"], r["total"], r["open"], r["late"]) for r in q] == \
           [(r["plan"], r["officer"], r["total"], r["open"], r["late"]) for r in rows]
    # the 2014/15 plan prints Louise Russell (LPG) and (CE): no CE's row there
    assert {r["plan"] for r in rows} == {"2012/13"}
    # the directorate's map draws the same items (graph viz --directorate)
    out = json.loads(on_samples("viz", "--directorate", "CE's", "--out", str(tmp_path / "d.html"), "--json").stdout)
    assert out["items"] == sum(r["total"] for r in rows) == 33 and out["open"] == sum(r["open"] for r in rows)
    whole = {(r["plan"], r["officer"]): r for r in workload(g)["rows"]}
    for r in workload(g, directorate="LPG")["rows"]:
        assert r["sole_owned"] <= whole[(r["plan"], r["officer"])]["sole_owned"]
        assert r["total"] <= whole[(r["plan"], r["officer"])]["total"]


def test_chain_gives_the_directorate_beside_the_officer(store):
    rows = json.loads(on_samples("chain", "--officer", "Louise Russell", "--json").stdout)["items"]
    # 000 prints "Louise Russell (CE's)"; 003 prints her (LPG) on the Fairness Commission, (CE) at line 878
    assert {(r["plan"], r["directorate"]) for r in rows} == {("2012/13", "CE's"), ("2014/15", "LPG"), ("2014/15", "CE")}
    q = run_query(store, "chain", {"officer": "louise russell"})
    assert [r["directorate"] for r in q] == [r["directorate"] for r in rows]
    assert get_query("chain").param("officer").type == "officer"
