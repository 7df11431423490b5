"""graph chain --as-of and graph structure --as-of: an officer's accountability chain, and the
betweenness of people and boards, as they stood on a date.

``chain --as-of`` reads only the officer's part of the store (``read_officer_chain_as_of``): it
must answer as the accountability chain of the whole graph put back to the date, count the items
``workload --as-of`` counts, and follow an item that changed hands to its owner then. The stores
are tests/test_tallied.py's: the 2017/18 sample (quarter 2, ``--as-of 2017-09-30``) and its
quarter 3 copy (31 December 2017), the same with "160 businesses assisted" handed from Andy Scott
to Mark Baigent in quarter 3, and a generated council reported on every quarter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli.analyses import chain_result, load_tables
from graphmodel.analysis.structure import accountability_chain, betweenness
from graphmodel.schema import NodeLabel
from graphmodel.store.ladybug import LadybugStore
from graphmodel.store.readings import graph_as_of
from tests.test_reports import Q2, invoke
from tests.test_tallied import valid_date_before

# a deliverable of Andy Scott's as the sample (quarter 2, line 18) and the quarter 3 copy (line 20) word it
ANE_Q2 = "Deliver phase 1 of the 'Action for New Enterprise Programme' to support new start ups and growing businesses"
ANE_Q3 = "Deliver phase 1 of the Action for New Enterprise Programme to support new start-ups and growing businesses"
BUSINESSES = "160 businesses assisted"  # line 19 of the quarter 3 copy: Andy Scott's, or Mark Baigent's


def whole_chain(path, name: str, date: str | None, plan: str | None = None) -> dict:
    """The reference: the whole stored graph, put back to ``date``, and the officer's chain on it."""
    st = LadybugStore(path)
    if date is None:
        with st.reading():
            g = st.read_graph()
    else:
        g = graph_as_of(st, date)
    officer = next(n for n, d in g.nodes(data=True) if d.get("label") == "Officer" and d.get("name") == name)
    return accountability_chain(g, officer, plan=plan)


def officer_names(path) -> list[str]:
    st = LadybugStore(path)
    with st.reading():
        return sorted(r["name"] for r in st.query(f"MATCH (o:{NodeLabel.OFFICER.value}) RETURN o.name AS name"))


@pytest.fixture(scope="module")
def q2_only(tmp_path_factory):
    """The quarter 2 report alone, dated as in ``dated``."""
    store = tmp_path_factory.mktemp("q2") / "graph.db"
    assert invoke("load", Q2, "--as-of", "2017-09-30", "--store", store).exit_code == 0
    return store


@pytest.mark.parametrize("which", ["dated", "handed_over"])
@pytest.mark.parametrize("date", [None, "2017-09-29", "2017-10-15", "2017-12-30", "2017-12-31", "2018-06-30"])
@pytest.mark.parametrize("name", ["Andy Scott", "Mark Baigent", "Ann Sutcliffe"])
def test_chain_as_of_equals_the_whole_graph_put_back(request, which, date, name):
    path = request.getfixturevalue(which)
    assert chain_result(name, None, path, date) == whole_chain(path, name, date)
    assert chain_result(name, "2017/18", path, date) == whole_chain(path, name, date, "2017/18")


@pytest.mark.parametrize("name", ["Andy Scott", "Mark Baigent", "Ann Sutcliffe"])
def test_chain_before_quarter_3_is_that_of_quarter_2_alone(dated, q2_only, name):
    """On any day from quarter 2 to the day before quarter 3, the chain is the one a store holding
    quarter 2 alone gives: the same items, statuses, provenance and map. An item is named by its
    latest wording (graph history shows each report's): quarter 3 reworded one of Andy Scott's."""
    for date in ("2017-09-30", "2017-12-30"):
        alone = chain_result(name, None, q2_only)
        then = chain_result(name, None, dated, date)
        reworded = [(a["item"], b["item"]) for a, b in zip(alone["items"], then["items"], strict=True)
                    if a["item"] != b["item"]]
        assert reworded == ([(ANE_Q2, ANE_Q3)] if name == "Andy Scott" else [])
        for row in (*alone["items"], *then["items"]):
            row["item"] = None
        assert then == alone


def test_an_item_that_changed_hands_is_in_its_owners_chain_then(handed_over):
    def titles(name, date):
        return [r["item"] for r in chain_result(name, None, handed_over, date)["items"]]

    # quarter 2 prints it on Andy Scott (27 items; Mark Baigent 26); quarter 3 on Mark Baigent
    # (Andy Scott gains the new deliverable instead: 27 each)
    assert [len(titles(n, "2017-10-15")) for n in ("Andy Scott", "Mark Baigent")] == [27, 26]
    assert any(t.startswith(BUSINESSES) for t in titles("Andy Scott", "2017-10-15"))
    assert not any(t.startswith(BUSINESSES) for t in titles("Mark Baigent", "2017-10-15"))
    assert [len(titles(n, "2017-12-31")) for n in ("Andy Scott", "Mark Baigent")] == [27, 27]
    assert not any(t.startswith(BUSINESSES) for t in titles("Andy Scott", "2017-12-31"))
    row = next(r for r in chain_result("Mark Baigent", None, handed_over, "2017-12-31")["items"]
               if r["item"].startswith(BUSINESSES))
    # the status quarter 3 printed, and the directorate printed beside him there
    assert (row["status"], row["directorate"]) == ("Completed", "PLACE")


def test_chain_counts_what_workload_counts_on_every_report_date(quarterly):
    """Every officer's chain on a report date (or the day before it) lists as many items as
    workload --as-of counts for them, plan year by plan year; and a few officers' chains equal the
    whole graph's put back to the date."""
    path, dates = quarterly
    names = officer_names(path)
    checked = 0
    # three days: the day before a report, a report's day, and the last report's (~150 ms a chain)
    for date in (valid_date_before(dates[len(dates) // 3]), dates[2 * len(dates) // 3], dates[-1]):
        work = json.loads(invoke("workload", "--as-of", date, "--json", "--store", path).stdout)
        totals = {(r["officer"], r["plan"]): r["total"] for r in work["rows"]}
        for name in names:
            chain = chain_result(name, None, path, date)
            per_plan: dict[str, int] = {}
            for item in chain["items"]:
                per_plan[item["plan"]] = per_plan.get(item["plan"], 0) + 1
            assert per_plan == {plan: n for (o, plan), n in totals.items() if o == name}, (date, name)
            checked += sum(per_plan.values())
        for name in names[:2]:
            assert chain_result(name, None, path, date) == whole_chain(path, name, date), (date, name)
    assert checked > 0


def test_structure_as_of_is_the_graph_put_back(dated, q2_only):
    result = json.loads(invoke("structure", "--as-of", "2017-10-15", "--json", "--store", dated).stdout)
    assert result == betweenness(load_tables(dated, "structure", "2017-10-15"), top=None)
    # on a day before quarter 3: the betweenness of quarter 2 alone (Andy Scott first, on 27 items)
    assert result == json.loads(invoke("structure", "--json", "--store", q2_only).stdout)
    assert (result["rows"][0]["name"], result["rows"][0]["items"]) == ("Andy Scott", 27)
    later = json.loads(invoke("structure", "--as-of", "2017-12-31", "--json", "--store", dated).stdout)
    assert later == json.loads(invoke("structure", "--json", "--store", dated).stdout) != result


def test_before_any_report_and_bad_dates(dated):
    result = invoke("chain", "--officer", "Andy Scott", "--as-of", "2017-09-29", "--store", dated)
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        "Andy Scott - directorates: PLACE - 0 items on 2017-09-29 - map: 2 nodes, 1 edges",
        "No items of theirs had been reported by 2017-09-29.",
    ]
    result = invoke("structure", "--as-of", "2017-09-29", "--store", dated)
    assert (result.exit_code, result.stdout) == (0, "No items of any plan year had been reported by 2017-09-29.\n")
    for command in (["chain", "--officer", "Andy Scott"], ["structure"]):
        result = invoke(*command, "--as-of", "30/09/2017", "--store", dated)
        assert result.exit_code == 2 and "--as-of" in result.stderr
    result = invoke("structure", "--plan", "2016/17", "--as-of", "2017-10-15", "--store", dated)
    assert result.exit_code == 1 and result.stderr.startswith("Error: no plan year 2016/17 in the store")


# ----------------------------------------------------------------------------- graph viz --as-of


def _viz(path, *args) -> dict:
    """graph viz --json's counts; the map is written to a temporary folder, not the working one."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        result = invoke("viz", *args, "--out", Path(folder) / "map.html", "--json", "--store", path)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    found.pop("seconds")
    found.pop("out")
    return found


@pytest.mark.parametrize("which", ["dated", "handed_over"])
@pytest.mark.parametrize("date", ["2017-10-15", "2017-12-31"])
@pytest.mark.parametrize("name", ["Andy Scott", "Mark Baigent"])
def test_an_officers_map_as_of_a_date_is_the_whole_graphs(request, which, date, name):
    """The officer's part of the store put back to the date draws the map the whole graph put back
    draws: every node, edge, colour and tooltip (an item's owners then included)."""
    from graphmodel.neighbourhood import officer_chain
    from graphmodel.store.subgraph import read_officer_chain_as_of
    from viz.maps import build_spec

    path = request.getfixturevalue(which)
    st = LadybugStore(path)
    g = graph_as_of(st, date)
    officer = next(n for n, d in g.nodes(data=True) if d.get("label") == "Officer" and d.get("name") == name)
    part, nh = read_officer_chain_as_of(st, officer, date)
    assert build_spec(part, nh) == build_spec(g, officer_chain(g, officer))
    # and graph viz draws it, with the counts graph chain gives
    chain = chain_result(name, None, path, date)
    drawn = _viz(path, "--officer", name, "--as-of", date)
    assert (drawn["nodes"], drawn["edges"], drawn["items"]) == (chain["map"]["nodes"], chain["map"]["edges"],
                                                                len(chain["items"]))


def test_a_directorates_map_before_quarter_3_is_that_of_quarter_2_alone(dated, q2_only):
    then = _viz(dated, "--directorate", "PLACE", "--as-of", "2017-10-15")
    assert then == _viz(q2_only, "--directorate", "PLACE")
    # as things stand: the new deliverable (+1 item, open) and the growth strategy delayed (+1 late)
    now = _viz(dated, "--directorate", "PLACE")
    assert (now["items"] - then["items"], now["late"] - then["late"]) == (1, 1)


def test_a_map_says_its_date_and_refuses_what_was_not_reported(dated, tmp_path):
    out = tmp_path / "scott.html"
    assert invoke("viz", "--officer", "Andy Scott", "--as-of", "2017-10-15", "--out", out, "--store", dated).exit_code == 0
    assert "as it stood on 2017-10-15" in out.read_text(encoding="utf-8")
    # the quarter 3 copy's new deliverable, before quarter 3
    result = invoke("viz", "--activity", "Start Up Ready", "--as-of", "2017-10-15", "--store", dated)
    assert (result.exit_code, result.stderr) == (1, "Error: activity 'Start Up Ready' had not been reported by "
                                                    "2017-10-15 (hint: graph history shows when it was first reported)\n")
    result = invoke("viz", "--officer", "Andy Scott", "--as-of", "2017-09-29", "--store", dated)
    assert result.exit_code == 1 and result.stderr.startswith(
        "Error: officer 'Andy Scott' had no items reported by 2017-09-29")
