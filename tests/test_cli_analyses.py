"""graph workload / slippage / chain / carry / structure and graph queries / query / cypher,
driven through the CLI on the sample store: key table lines exactly, --json equal to the
library functions' results, and one-line errors."""

from __future__ import annotations

import json

import pytest
import typer.main
from typer.testing import CliRunner

from cli.app import app
from graphmodel.analysis.carry import carry_forward
from graphmodel.analysis.slippage import slippage
from graphmodel.analysis.structure import accountability_chain, betweenness
from graphmodel.analysis.workload import workload
from tests.sample_store import sample_graph, sample_store_path

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def on_samples(*args: str):
    result = invoke(*args, "--store", sample_store_path())
    assert result.exit_code == 0, result.output
    return result


def table_rows(text: str) -> list[list[str]]:
    """The body rows of the rich tables in ``text``, as lists of stripped cells."""
    return [[c.strip() for c in line.strip().strip("│").split("│")] for line in text.splitlines()
            if line.startswith("│")]


def test_every_command_and_option_has_help():
    group = typer.main.get_command(app)
    assert group.commands
    for name, command in group.commands.items():
        assert command.help and command.help.strip(), f"graph {name} has no help text"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"graph {name} {param.opts[0]} has no help text"
        result = invoke(name, "--help")
        assert result.exit_code == 0, (name, result.output)


# ----------------------------------------------------------------------------- workload


def test_workload_2012_13_table():
    out = on_samples("workload", "--plan", "2012/13").stdout
    rows = table_rows(out)
    # Andy Bamber: 43 items (counted with grep), 7 overdue, 9 activities he alone owns
    assert rows[0] == ["1", "Andy Bamber", "43", "7", "7", "9", "12.1%"]
    assert "Workload 2012/13: items owned per officer (an item with two owners counts for both)" in out
    conc = [r for r in rows if r[0] == "2012/13"]
    assert conc == [["2012/13", "19", "356", "0.403", "0.080", "12.6", "50.6%"]]


def test_workload_2014_15_jackie_odunoye():
    rows = table_rows(on_samples("workload", "--plan", "2014/15", "--top", "0").stdout)
    assert ["Jackie Odunoye", "41"] in [r[1:3] for r in rows]


def test_workload_json_is_the_library_result():
    result = on_samples("workload", "--json")
    assert json.loads(result.stdout) == workload(sample_graph())
    result = on_samples("workload", "--json", "--plan", "2017/18", "--directorate", "place", "--top-k", "3")
    assert json.loads(result.stdout) == workload(sample_graph(), plan="2017/18", directorate="PLACE", top_k=3)


def test_workload_unknown_filters_fail_in_one_line():
    result = invoke("workload", "--plan", "2099/00", "--store", sample_store_path())
    assert result.exit_code == 1
    assert result.stderr.strip() == "Error: no plan year 2099/00 in the store (hint: did you mean 2019/20, 2007/08?)"
    result = invoke("workload", "--plan", "2019", "--store", sample_store_path())
    assert result.stderr.strip() == "Error: no plan year 2019 in the store (hint: did you mean 2019/20?)"
    result = invoke("workload", "--directorate", "plase", "--store", sample_store_path())
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no directorate 'plase' on any item (hint: did you mean PLACE")


def test_no_store_fails_in_one_line(tmp_path):
    result = invoke("workload", "--store", tmp_path / "none.db")
    assert result.exit_code == 1
    assert result.stderr.strip() == (f"Error: no graph at {tmp_path / 'none.db'} yet "
                                     "(hint: check --store, or run: graph load examples/)")


# ----------------------------------------------------------------------------- slippage


def test_slippage_2017_18_officers():
    out = on_samples("slippage", "--by", "officer", "--plan", "2017/18").stdout
    rows = table_rows(out)
    # hand count: 7 of Sharon Godman's 19 deliverables are Delayed
    assert rows[0] == ["1", "Sharon Godman", "19", "7", "2", "7", "0.368", "[0.191, 0.590]"]
    assert "Ranked by the LOWER bound of the 95% Wilson interval" in " ".join(out.split())
    assert all(int(r[2]) >= 5 for r in rows)


def test_slippage_min_items_and_all_groupings():
    out = on_samples("slippage", "--plan", "2017/18", "--min-items", "20", "--top", "0").stdout
    assert "Slippage by officer (2017/18)" in out
    assert "Slippage by directorate (2017/18)" in out
    assert "Slippage by lead member (2017/18)" in out
    officers = [r for r in table_rows(out) if r[1] in ("Andy Scott", "Mark Baigent", "Roy Ormsby", "Sharon Godman")]
    # Godman's 19 items are too few; Andy Scott 6 of 27 late, Roy Ormsby 3 of 26, Mark Baigent 2 of 26
    assert [r[1] for r in officers] == ["Andy Scott", "Roy Ormsby", "Mark Baigent"]


def test_slippage_json_is_the_library_result():
    result = on_samples("slippage", "--json", "--min-items", "3")
    assert json.loads(result.stdout) == {b: slippage(sample_graph(), by=b, min_items=3)
                                         for b in ("officer", "directorate", "member")}
    result = on_samples("slippage", "--json", "--by", "directorate", "--plan", "2012/13")
    assert json.loads(result.stdout) == {"directorate": slippage(sample_graph(), by="directorate", plan="2012/13")}


def test_slippage_rejects_min_items_below_one():
    result = invoke("slippage", "--min-items", "0", "--store", sample_store_path())
    assert result.exit_code == 1 and result.stderr.strip() == "Error: --min-items must be at least 1"


# ----------------------------------------------------------------------------- chain


def test_chain_of_an_officer():
    out = on_samples("chain", "--officer", "Sharon Godman", "--plan", "2019/20").stdout
    counts = json.loads(on_samples("chain", "--officer", "Sharon Godman", "--plan", "2019/20", "--json").stdout)["map"]
    # GOV only: every row of 2017/18 prints her "(GOV)"; "Sharon Godman / Neville Murton (RES) (GOV)"
    # (line 392) is one directorate each, hers GOV (it once gave her RES)
    assert out.splitlines()[0] == ("Sharon Godman - directorates: GOV - 7 items in 2019/20"
                                   f" - map: {counts['nodes']} nodes, {counts['edges']} edges")
    rows = table_rows(out)
    r49 = next(r for r in rows if r[2] == "R4.12")
    assert r49[0] == "2019/20" and r49[4] == "Completed" and r49[9] == "CLT; Partnership Boards"


def test_chain_json_and_forgiving_names():
    result = on_samples("chain", "--officer", "andy bamber", "--json")
    assert json.loads(result.stdout) == accountability_chain(sample_graph(), "officer:andy-bamber")
    # 43 in 2012/13 + 47 in 2014/15 (44 rows print his name; "Andy Bamber (CLC)" printed once for the
    # air-quality list, lines 517-520, is also the header's and entries 2 and 3's)
    assert len(json.loads(result.stdout)["items"]) == 90
    result = on_samples("chain", "--officer", "Godman", "--json")
    assert json.loads(result.stdout)["officer"] == "Sharon Godman"


def test_chain_unknown_officer_suggests():
    result = invoke("chain", "--officer", "Andy Bamer", "--store", sample_store_path())
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line == ("Error: no officer matches 'Andy Bamer'; did you mean Andy Bamber, Andy Scott or Amanda Harcus? "
                    "(hint: graph workload lists the officers)")
    assert "\n" not in line


# ----------------------------------------------------------------------------- carry and structure


def test_carry_json_is_the_library_result():
    result = on_samples("carry", "--json")
    assert json.loads(result.stdout) == carry_forward(sample_graph())


def test_carry_with_no_lineage(tmp_path):
    from graphmodel.store.ladybug import LadybugStore
    from tests.analysis.graphs import workload_graph

    st = LadybugStore(tmp_path / "plain.db")
    st.write_graph(workload_graph(), [])
    result = invoke("carry", "--store", st.path)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "SUCCEEDS links between items: 0; chains: 0; longest: 0 links; perennial (3+ plan years): 0")
    assert "No carry-forward yet" in result.stdout


def test_structure():
    out = on_samples("structure", "--plan", "2019/20", "--top", "3").stdout
    rows = table_rows(out)
    expected = betweenness(sample_graph(), plan="2019/20", top=3)["rows"]
    assert [r[1] for r in rows] == [e["name"] for e in expected]
    result = on_samples("structure", "--plan", "2019/20", "--json", "--top", "3")
    every = betweenness(sample_graph(), plan="2019/20", top=None)
    assert json.loads(result.stdout) == every and len(every["rows"]) > 15  # --json has every row, as --top says


# ----------------------------------------------------------------------------- queries


def test_queries_lists_them():
    out = invoke("queries").stdout
    names = [r[0] for r in table_rows(out) if r[0]]
    for name in ("workload", "chain", "member_portfolio", "board_items", "unowned_items",
                 "overdue_by_directorate", "carry_forward", "sole_owned", "slippage_officers"):
        assert name in names
    listed = json.loads(invoke("queries", "--json").stdout)
    workload_q = next(q for q in listed if q["name"] == "workload")
    assert [p["name"] for p in workload_q["params"]] == ["plan", "directorate"]


def test_query_runs_a_named_query():
    result = on_samples("query", "workload", "--param", "plan=2012/13", "--json")
    rows = json.loads(result.stdout)
    assert rows[0] == {"plan": "2012/13", "officer_id": "officer:andy-bamber", "officer": "Andy Bamber",
                       "total": 43, "open": 7, "late": 7}
    out = on_samples("query", "workload", "-p", "plan=2014/15").stdout
    assert ["2014/15", "officer:jackie-odunoye", "Jackie Odunoye", "41"] in [r[:4] for r in table_rows(out)]


@pytest.mark.parametrize("args,message", [
    (["query", "nope"], "Error: no query named 'nope' (known: "),
    (["query", "chain"], "Error: query chain needs --param officer=..."),
    (["query", "workload", "-p", "colour=red"], "Error: query workload has no parameter 'colour'"),
    (["query", "slippage_officers", "-p", "min_items=many"], "Error: parameter min_items must be a whole number"),
])
def test_query_errors(args, message):
    result = invoke(*args, "--store", sample_store_path())
    assert result.exit_code == 1
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1


def test_cypher_reads():
    result = on_samples("cypher", "MATCH (o:Officer) WHERE o.name STARTS WITH $p RETURN o.name AS name "
                        "ORDER BY name LIMIT 2", "-p", "p=Andy", "--json")
    assert json.loads(result.stdout) == [{"name": "Andy Bamber"}, {"name": "Andy Scott"}]
    out = on_samples("cypher", "MATCH (p:Plan) RETURN p.name AS plan ORDER BY plan").stdout
    assert [r[0] for r in table_rows(out)] == ["2007/08", "2012/13", "2014/15", "2017/18", "2019/20"]


@pytest.mark.parametrize("text", [
    "MATCH (o:Officer) SET o.name = 'x'",
    "CREATE (o:Officer {id: 'x'})",
    "MATCH (o:Officer) DETACH DELETE o",
])
def test_cypher_refuses_writes(text):
    result = invoke("cypher", text, "--store", sample_store_path())
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: graph cypher only reads: the query would change the store")
    rows = json.loads(on_samples("cypher", "MATCH (o:Officer) RETURN count(o) AS n", "--json").stdout)
    assert rows[0]["n"] > 0


def test_cypher_bad_query_is_one_line():
    result = invoke("cypher", "MATCH (n:Officer RETURN n", "--store", sample_store_path())
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: query failed: Parser exception")
    assert len(result.stderr.strip().splitlines()) == 1


def test_query_on_neo4j_needs_the_password_variable(monkeypatch):
    monkeypatch.delenv("CIVICGRAPH_TEST_UNSET", raising=False)
    result = invoke("query", "workload", "--uri", "bolt://127.0.0.1:1", "--password-env", "CIVICGRAPH_TEST_UNSET")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: $CIVICGRAPH_TEST_UNSET is not set "
                                     "(hint: export CIVICGRAPH_TEST_UNSET=... or pass --password-env VAR)")


def test_query_on_a_neo4j_that_is_down_is_one_line(monkeypatch):
    monkeypatch.setenv("CIVICGRAPH_TEST_PASSWORD", "x")
    result = invoke("query", "workload", "--uri", "bolt://127.0.0.1:1", "--password-env", "CIVICGRAPH_TEST_PASSWORD")
    assert result.exit_code == 1
    line = result.stderr.strip()
    assert line.startswith("Error: ") and "bolt://127.0.0.1:1" in line and "\n" not in line
