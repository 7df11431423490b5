"""Workload and slippage from the tally rows (graphmodel/analysis/tallied.py, and the dated
``TallyAsOf`` rows of graphmodel/store/tallies.py) answer as the graph analyses do: on every
sample plan year and directorate, and on a plan read by two reports at every date around them.

The two-report stores are tests/test_reports.py's: the 2017/18 sample (the position at the end
of quarter 2, loaded ``--as-of 2017-09-30``, or undated) and its hand-made quarter 3 copy
(dated 31 December 2017 by its title). Between them, by the copy's docstring: the growth
strategy deliverable (Andy Scott and three others) went On Target -> Delayed with its deadline
moved; "160 businesses assisted" (Andy Scott) went On Target -> Completed; a new deliverable
(Andy Scott, On Target) appeared.
"""

from __future__ import annotations

import shutil

import pytest

from cli.analyses import load_tables
from graphmodel.analysis.slippage import GROUPINGS, slippage
from graphmodel.analysis.tallied import answers_slippage, slippage_from_tally, tally_filters
from graphmodel.analysis.tallied import workload_from_tally as _workload_from_tally
from graphmodel.analysis.workload import workload
from graphmodel.schema import EdgeType, NodeLabel
from graphmodel.store.ladybug import LadybugStore
from graphmodel.store.tallies import NO_END, read_tally, tally_as_of_rows
from tests.sample_store import sample_graph, sample_store_path
from tests.test_reports import invoke

DATES = ["2017-01-01", "2017-09-29", "2017-09-30", "2017-10-15", "2017-12-30", "2017-12-31", "2018-06-30"]


def _rows(path, date=None) -> list[dict]:
    store = LadybugStore(path)
    with store.reading():
        return read_tally(store, date)


def workload_from_tally(rows: list[dict], plan=None, directorate=None, top_k=5) -> dict:
    """The workload of the officer rows of the directorate's slice among every tally row (what
    ``read_tally(owner_label="Officer", directorate=...)`` reads)."""
    mine = [r for r in rows if r["owner_label"] == "Officer" and r["directorate"] == (directorate or "")]
    return _workload_from_tally(mine, plan, directorate, top_k)


def _officer(result: dict, name: str) -> dict | None:
    found = [r for r in result["rows"] if r.get("officer") == name]
    return found[0] if found else None


@pytest.fixture(scope="module")
def samples():
    return _rows(sample_store_path())


def test_filters_are_the_graphs(samples):
    g = sample_graph()
    from graphmodel.analysis._common import plans

    directorates = sorted({d for _, data in g.nodes(data=True) for d in data.get("directorates") or []})
    assert tally_filters(samples) == (plans(g), directorates)


@pytest.mark.parametrize("plan", [None, "2007/08", "2012/13", "2014/15", "2017/18", "2019/20"])
def test_workload_and_slippage_equal_the_graphs_on_the_samples(samples, plan):
    g = sample_graph()
    _, directorates = tally_filters(samples)
    for directorate in [None, *directorates]:
        assert workload_from_tally(samples, plan, directorate, top_k=3) == workload(g, plan, directorate, top_k=3)
        for by in GROUPINGS:
            if answers_slippage(by, directorate):
                for min_items in (1, 5):
                    assert slippage_from_tally(samples, by, plan, directorate, min_items) == slippage(
                        g, by, plan, directorate, min_items), (by, directorate, min_items)


def test_slippage_by_member_with_a_directorate_is_refused(samples):
    assert not answers_slippage("member", "PLACE") and not answers_slippage("directorate", "PLACE")
    with pytest.raises(ValueError, match="ask the graph"):
        slippage_from_tally(samples, "member", None, "PLACE")


def test_andy_bamber_from_the_tally(samples):
    # 000 (2012/13) names him on 43 lines, 7 of them Overdue or Delayed (grep)
    row = _officer(workload_from_tally(samples, "2012/13"), "Andy Bamber")
    assert (row["total"], row["open"], row["late"]) == (43, 7, 7)


@pytest.mark.parametrize("which", ["dated", "undated"])
@pytest.mark.parametrize("date", [None, *DATES])
def test_as_of_equals_the_graph_put_back_to_the_date(request, which, date):
    path = request.getfixturevalue(which)
    rows = _rows(path, date)
    for directorate in (None, "PLACE"):
        assert workload_from_tally(rows, None, directorate) == workload(
            load_tables(path, "workload", date), None, directorate)
    g = load_tables(path, "slippage", date)
    for by in GROUPINGS:
        assert slippage_from_tally(rows, by, min_items=1) == slippage(g, by, min_items=1)


@pytest.mark.parametrize(("date", "want"), [
    # nothing reported by then
    ("2017-09-29", None),
    # quarter 2 as printed: Andy Scott on 27 lines of the sample, 22 open, 6 Delayed/Overdue, none moved
    ("2017-09-30", (27, 22, 6, 0, 6)),
    ("2017-12-30", (27, 22, 6, 0, 6)),
    # quarter 3: the new deliverable (+1 item, open), 160 businesses completed (-1 open), the growth
    # strategy delayed (+1 late) with its deadline moved (rebaselined, and slipped once)
    ("2017-12-31", (28, 22, 7, 1, 7)),
    ("2018-06-30", (28, 22, 7, 1, 7)),
])
def test_andy_scott_as_it_stood(dated, date, want):
    rows = _rows(dated, date)
    work = _officer(workload_from_tally(rows), "Andy Scott")
    slip = _officer(slippage_from_tally(rows, "officer", min_items=1), "Andy Scott")
    got = None if work is None else (work["total"], work["open"], work["late"], slip["rebaselined"], slip["slipped"])
    assert got == want


def test_undated_report_is_the_state_before_the_first_dated_one(undated):
    # an undated quarter 2 counts from the start: Andy Scott's 27 items before 31 December
    row = _officer(workload_from_tally(_rows(undated, "2000-01-01")), "Andy Scott")
    assert (row["total"], row["late"]) == (27, 6)
    assert _officer(workload_from_tally(_rows(undated, "2017-12-31")), "Andy Scott")["total"] == 28


def test_as_of_rows_by_hand():
    """One plan year, two dated reports: item a1 on target then late with its deadline moved,
    a2 first printed by the second report; Ann owns both."""
    A, R = NodeLabel.ACTIVITY, NodeLabel.REPORT
    item = {"kind": "activity", "plan": "P", "directorates": ["X"], "lead_member_ids": [], "carried": False}
    nodes = {
        A: [{**item, "id": "a1", "status_category": "late", "rebaselined": True, "fell_behind": True},
            {**item, "id": "a2", "status_category": "on target", "rebaselined": False, "fell_behind": False}],
        R: [{"id": "r1", "plan": "P", "as_of": "2020-03-31", "report_kind": "quarterly"},
            {"id": "r2", "plan": "P", "as_of": "2020-06-30", "report_kind": "quarterly"}],
        NodeLabel.OFFICER: [{"id": "ann", "name": "Ann"}],
    }
    reading = {"comments": None, "source": "q.txt", "line": 1}
    rels = {
        (EdgeType.OWNS, NodeLabel.OFFICER, A): [{"from": "ann", "to": "a1", "directorate": "X"},
                                                {"from": "ann", "to": "a2", "directorate": "X"}],
        (EdgeType.READS, R, A): [
            {**reading, "from": "r2", "to": "a1", "as_of": "2020-06-30", "status_category": "late",
             "deadlines": ["2020-12-31"]},
            {**reading, "from": "r1", "to": "a1", "as_of": "2020-03-31", "status_category": "on target",
             "deadlines": ["2020-09-30"]},
            {**reading, "from": "r2", "to": "a2", "as_of": "2020-06-30", "status_category": "on target",
             "deadlines": []},
        ],
    }
    rows = tally_as_of_rows(nodes, rels)
    ann = {(r["valid_from"], r["valid_until"], r["directorate"]): (r["n_total"], r["n_late"], r["n_rebaselined"],
                                                                     r["n_slipped"], r["n_sole_owned"])
           for r in rows if r["owner_id"] == "ann"}
    assert ann == {
        # before the second report: a1 only, on target, nothing moved yet; sole owner of it
        (20200331, 20200630, ""): (1, 0, 0, 0, 1),
        (20200331, 20200630, "X"): (1, 0, 0, 0, 1),
        # from the second report on (no end): both, a1 late and moved
        (20200630, NO_END, ""): (2, 1, 1, 1, 2),
        (20200630, NO_END, "X"): (2, 1, 1, 1, 2),
    }
    assert all("n_carried_unfinished" not in r for r in rows)


@pytest.mark.parametrize("table,command", [("TallyAsOf", "workload"), ("Succession", "carry"),
                                           ("SuccessionCodes", "carry"), ("FigureItem", "figures")])
def test_an_older_store_asks_for_a_load(tmp_path, table, command):
    """A store written before the dated tally (or graph carry's and graph figures --as-of's tables)
    existed: one line asking for graph load again."""
    import ladybug

    path = tmp_path / "old.db"
    shutil.copy(sample_store_path(), path)
    db = ladybug.Database(str(path))
    conn = ladybug.Connection(db)
    conn.execute(f"DROP TABLE {table}")
    conn.close()
    db.close()
    result = invoke(command, "--as-of", "2017-12-31", "--store", path)
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and "graph load" in result.stderr


@pytest.mark.parametrize(("date", "scott", "baigent"), [
    # at quarter 2 the item was Andy Scott's (27 items, 26 for Mark Baigent as the sample prints)
    ("2017-10-15", 27, 26),
    # from quarter 3 it is Mark Baigent's; Andy Scott gains the new deliverable and loses this one
    ("2017-12-31", 27, 27),
    (None, 27, 27),
])
def test_an_item_that_changed_hands_counts_for_its_owner_then(handed_over, date, scott, baigent):
    rows = _rows(handed_over, date)
    result = workload_from_tally(rows)
    assert (_officer(result, "Andy Scott")["total"], _officer(result, "Mark Baigent")["total"]) == (scott, baigent)
    # the graph put back to the date says the same, owners included
    assert result == workload(load_tables(handed_over, "workload", date))
    g = load_tables(handed_over, "slippage", date)
    for by in GROUPINGS:
        assert slippage_from_tally(rows, by, min_items=1) == slippage(g, by, min_items=1)
    place = _officer(workload_from_tally(_rows(handed_over, date), None, "PLACE"), "Mark Baigent")
    assert place["total"] == baigent


def test_history_shows_who_each_report_named(handed_over):
    from tests.test_reports import as_json

    rows = as_json("history", "160 businesses assisted", "--store", handed_over)
    assert [(r["as_of"], r["owners"]) for r in rows] == [
        ("2017-09-30", [{"officer": "Andy Scott", "directorate": "PLACE"}]),
        ("2017-12-31", [{"officer": "Mark Baigent", "directorate": "PLACE"}]),
    ]
    # graph who reads the same readings
    who = as_json("who", "160 businesses assisted", "--store", handed_over)
    (year,) = who["years"]
    assert [r["owners"] for r in year["readings"]] == [r["owners"] for r in rows]


@pytest.mark.parametrize("which", ["dated", "undated", "handed_over"])
@pytest.mark.parametrize("date", [None, "2017-09-29", "2017-10-15", "2018-06-30"])
def test_carry_from_the_succession_part_equals_the_whole_graph(request, which, date):
    """graph carry reads only the items on SUCCEEDS edges and the tally's item counts: the same
    result as carry-forward on the whole graph put back to the date."""
    from cli.analyses import read_carry
    from graphmodel.analysis.carry import carry_forward

    path = request.getfixturevalue(which)
    assert read_carry(path, None, None, date) == carry_forward(load_tables(path, "carry", date))


def test_carry_on_a_quarterly_corpus_equals_the_whole_graph_at_every_report_date(quarterly):
    """graph carry's table answers as carry-forward on the whole graph put back to each date: the
    day of each report and the day before it, and as things stand."""
    from cli.analyses import read_carry
    from graphmodel.analysis.carry import carry_forward
    from graphmodel.reports import valid_date

    path, dates = quarterly
    assert len(dates) == 13  # 2007/08 overdue-only (Q4), 2008/09, 2010/11, 2011/12 quarterly; 2009/10 undated
    days = sorted({d for x in dates for d in (x, valid_date_before(x))}) + [None]
    seen = set()
    for date in days:
        whole = carry_forward(load_tables(path, "carry", date))
        assert read_carry(path, None, None, date) == whole, date
        # the tables describe only the chains they show: the same first ones, the same counts
        shown = read_carry(path, None, None, date, top=3)
        assert shown == {**whole, "chains": whole["chains"][:3], "perennial": whole["perennial"][:3]}, date
        seen.add((whole["summary"]["links"], tuple(i["status"] for c in whole["chains"] for i in c["items"])))
    # the dates matter: chains grow as later plan years are reported, statuses change between quarters
    assert len(seen) > len(dates) // 2
    assert valid_date(dates[0]) == dates[0]


def valid_date_before(date: str) -> str:
    """The day before ``date`` (YYYY-MM-DD)."""
    import datetime

    return (datetime.date.fromisoformat(date) - datetime.timedelta(days=1)).isoformat()


def test_figures_on_a_quarterly_corpus_equal_the_whole_graphs_at_every_report_date(quarterly):
    """graph figures --as-of (its table and the dated tally) gives the figures of the whole graph
    put back to each report date and the day before it, every plan year and each alone."""
    from cli.analyses import load_figures
    from graphmodel.analysis.figures import plan_figures

    path, dates = quarterly
    seen = set()
    for date in sorted({d for x in dates for d in (x, valid_date_before(x))}):
        whole = plan_figures(load_tables(path, "figures", date))
        assert load_figures(path, None, date) == whole, date
        for row in whole:
            assert load_figures(path, row["plan"], date) == [row], (date, row["plan"])
        seen.add(tuple(tuple(r.values()) for r in whole))
    # the dates matter: plan years appear, statuses move, activities are dropped once the next is reported
    assert len(seen) > len(dates) // 2
    assert any(r["dropped"] for r in whole) and any(r["carried_forward"] for r in whole)


def test_carry_describes_many_chains_by_reading_the_table(quarterly, monkeypatch):
    """Past ``_LOOK_UP`` items, the chains' items are described from the whole table, not looked
    up one by one: the same result."""
    import graphmodel.store.succession as succession
    from cli.analyses import read_carry

    path, dates = quarterly
    before = [read_carry(path, None, None, d) for d in (dates[-1], None)]
    monkeypatch.setattr(succession, "_LOOK_UP", 0)
    assert [read_carry(path, None, None, d) for d in (dates[-1], None)] == before
    assert before[1]["summary"]["chains"] > 0


def test_carry_on_a_quarterly_corpus_by_plan_and_directorate(quarterly):
    from cli.analyses import read_carry
    from graphmodel.analysis._common import plans
    from graphmodel.analysis.carry import carry_forward

    path, dates = quarterly
    date = dates[len(dates) // 2]
    g = load_tables(path, "carry", date)
    directorates = sorted({d for _, data in g.nodes(data=True) for d in data.get("directorates") or []})
    assert directorates
    for plan in [None, *plans(g)]:
        for directorate in [None, *directorates]:
            for min_links in (1, 2):
                result = read_carry(path, plan, directorate, date, min_links)
                found = result["filters"]["directorate"]
                assert result == carry_forward(g, plan=plan, directorate=found, min_links=min_links), (plan, directorate)


@pytest.mark.parametrize("plan", [None, "2012/13", "2014/15", "2017/18"])
@pytest.mark.parametrize("directorate", [None, "PLACE", "CLC", "LPG"])
def test_carry_from_the_succession_part_on_the_samples(plan, directorate):
    from cli.analyses import read_carry
    from graphmodel.analysis.carry import carry_forward

    result = read_carry(sample_store_path(), plan, directorate)
    whole = carry_forward(sample_graph(), plan=plan, directorate=result["filters"]["directorate"])
    assert whole["summary"]["links"] == 40  # graph carry on the samples, as the README's quick start gives
    assert result == whole


def test_carry_on_a_store_whose_successions_branch_reads_the_graph(tmp_path):
    """SUCCEEDS edges that are not lines (one item succeeded by two: not lineage's, but a store may
    be written from any graph) are answered from the graph itself, with the same result."""
    from cli.analyses import read_carry
    from graphmodel.analysis.carry import carry_forward
    from graphmodel.store.succession import carry_from_store
    from tests.analysis.graphs import graph, item

    recs = [
        item("a.txt", 1, "activity", "Fix roads", plan="2012/13", owners=("Ann",), status="Overdue"),
        item("b.txt", 1, "activity", "Fix roads north", plan="2013/14", owners=("Ann",), status="Delayed"),
        item("b.txt", 2, "activity", "Fix roads south", plan="2013/14", owners=("Bob",), status="Completed"),
    ]
    g = graph(recs, [("b.txt:1", "a.txt:1"), ("b.txt:2", "a.txt:1")])
    store = LadybugStore(tmp_path / "branch.db")
    store.write_graph(g, [])
    with store.reading():
        assert carry_from_store(store, totals={}) is None
    result = read_carry(store.path, None, None)
    assert result == carry_forward(store.read_graph()) and result["summary"]["chains"] == 2
