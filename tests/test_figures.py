"""One definition per figure (graphmodel/definitions.py): the CLI, the named queries and the
report agree figure by figure on the samples, and the figures match the documents where checked
by hand."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest
from typer.testing import CliRunner

from cli.app import app
from cypher import run_query
from graphmodel import definitions as fig
from graphmodel.analysis.figures import plan_figures
from graphmodel.store.ladybug import LadybugStore
from tests.conftest import SAMPLES
from tests.sample_store import sample_graph, sample_store_path

runner = CliRunner()
PLANS = ["2007/08", "2012/13", "2014/15", "2017/18", "2019/20"]


def cli_json(*args: str):
    result = runner.invoke(app, [*args, "--store", str(sample_store_path()), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def store():
    return LadybugStore(sample_store_path())


@pytest.fixture(scope="module")
def report_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    result = runner.invoke(app, ["report", "--out", str(out), "--store", str(sample_store_path())])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def _report_data(html: str) -> dict:
    m = re.search(r'<script[^>]*id="report-data"[^>]*>(.*?)</script>', html, re.S)
    assert m, "the report carries its data"
    return json.loads(m.group(1))


def _per_plan(rows: list[dict], key: str = "plan") -> Counter:
    return Counter(r[key] for r in rows)


def test_the_figures_by_hand():
    """Counted from the documents: 2019/20's tracker prints nine actions at 100% with no status
    symbol (completed by percent); 2014/15 is a plan with no statuses, so it drops nothing;
    2007/08's 01.01.02e was carried over to the 2008/09 plan (not loaded): not dropped."""
    rows = {r["plan"]: r for r in plan_figures(sample_graph())}
    assert list(rows) == PLANS
    assert rows["2019/20"]["items"] == 33 and rows["2019/20"]["completed_by_percent"] == 9
    assert rows["2019/20"]["completed"] == 15 and rows["2019/20"]["open"] == 18
    assert rows["2014/15"]["dropped"] == 0 and rows["2014/15"]["open"] == rows["2014/15"]["items"] == 386
    assert rows["2007/08"]["late"] == rows["2007/08"]["items"] == 203  # an overdue-only report
    assert [rows[p]["dropped"] for p in PLANS] == [85, 9, 0, 48, 0]
    dropped = {(o["code"], o["plan"]) for o in cli_json("lineage", "--dropped")}
    assert ("01.01.02e", "2007/08") not in dropped


def test_cli_named_query_report_and_library_agree_figure_by_figure(store, report_html):
    library = plan_figures(sample_graph())
    assert cli_json("figures") == library
    assert run_query(store, "plan_figures") == library
    assert _report_data(report_html)["figures"] == library
    for p in PLANS:
        assert cli_json("figures", "--plan", p) == [r for r in library if r["plan"] == p]
        assert run_query(store, "plan_figures", {"plan": p}) == [r for r in library if r["plan"] == p]


def test_each_figure_agrees_with_the_command_that_lists_it(store, report_html):
    """Each figure against the rows of the command or query that lists those items."""
    figures = {r["plan"]: r for r in plan_figures(sample_graph())}

    def column(name: str) -> dict[str, int]:
        return {p: figures[p][name] for p in PLANS if figures[p][name]}

    # dropped: graph lineage --dropped, the dropped query, the report's lists
    assert dict(_per_plan(cli_json("lineage", "--dropped"))) == column("dropped")
    assert dict(_per_plan(run_query(store, "dropped"))) == column("dropped")
    in_report = {p: int(n) for p, n in re.findall(r"(\d{4}/\d{2}): (\d+) dropped activities", report_html)}
    assert in_report == column("dropped")
    # unowned and sole-owned: their named queries
    assert dict(_per_plan(run_query(store, "unowned_items"))) == column("unowned")
    assert dict(_per_plan(run_query(store, "sole_owned"))) == column("sole_owned")
    # late: the overdue_by_directorate query's every-item rows cover each item once only when
    # one directorate is printed; the workload tables count assignments, so compare per officer
    for p in PLANS:
        wl = cli_json("workload", "--plan", p)["rows"]
        q = run_query(store, "workload", {"plan": p})
        assert [(r["officer"], r["total"], r["open"], r["late"]) for r in wl] == \
               [(r["officer"], r["total"], r["open"], r["late"]) for r in q]
    data = _report_data(report_html)
    assert data["workload"]["rows"] == cli_json("workload")["rows"]
    # carried unfinished per officer: the CLI's carry table and the Tally query
    carried = {r["officer"]: r["carried_unfinished"] for r in cli_json("carry")["officers"] if r["carried_unfinished"]}
    assert carried == {r["officer"]: r["carried_unfinished"] for r in run_query(store, "carried_unfinished")}


def test_amanda_harcus_in_2019_20_has_five_items_three_open(store):
    """R5.13 (20%), R5.14 (30%), R10.27 (100%, printed 'Amanda Marcus'), R10.28 (50%) and R10.29
    (100%): no status symbol survived extraction; the two at 100% are completed by percent."""
    rows = [r for r in cli_json("workload", "--plan", "2019/20")["rows"] if r["officer"] == "Amanda Harcus"]
    assert [(r["total"], r["open"], r["late"]) for r in rows] == [(5, 3, 0)]
    q = [r for r in run_query(store, "workload", {"plan": "2019/20"}) if r["officer"] == "Amanda Harcus"]
    assert [(r["total"], r["open"], r["late"]) for r in q] == [(5, 3, 0)]


@pytest.mark.parametrize("status,percent,printed,expected", [
    (None, 100, "unknown", "completed"), (None, 50, "unknown", "unknown"), ("On Target", 100, "on_target", "on_target"),
    ("Overdue", 100, "late", "late"), (None, None, "unknown", "unknown"), ("Completed", 100, "completed", "completed"),
])
def test_category_completes_only_unreported_items_at_100(status, percent, printed, expected):
    cat = fig.category(printed, percent)
    assert cat == expected
    assert fig.completed_by_percent(status, percent, cat) == (status is None and expected == "completed")


@pytest.mark.parametrize("cat,percent,carried,over,expected", [
    ("late", 75, False, False, fig.DROPPED), ("on_target", None, False, False, fig.DROPPED),
    ("unknown", 40, False, False, fig.DROPPED), ("unknown", None, False, False, fig.NO_STATUS),
    ("completed", 100, False, False, fig.FINISHED), ("cancelled", None, False, False, fig.ENDED),
    ("late", 10, True, False, fig.CARRIED), ("late", None, False, True, fig.CARRIED_OVER),
])
def test_outcome_rules(cat, percent, carried, over, expected):
    assert fig.outcome("activity", cat, percent, carried, True, over) == expected
    assert fig.outcome("activity", cat, percent, carried, False, over) is None  # no later plan loaded
    assert fig.outcome("milestone", cat, percent, carried, True, over) is None


# ---------------------------------------------------------------- figures as they stood on a date


@pytest.fixture(scope="module")
def quarters(tmp_path_factory):
    """Two stores of every sample: ``q2`` with the 2017/18 report dated 30 September 2017 (the
    end of its quarter 2), and ``q3``: the same, then its quarter 3 copy (dated 31 December 2017
    by its title; statuses moved on, one deliverable new)."""
    import shutil

    from tests.test_reports import Q2, Q3

    root = tmp_path_factory.mktemp("quarters")
    others = root / "others"
    others.mkdir()
    for path in SAMPLES.values():
        if path != Q2:
            shutil.copy(path, others / path.name)
    q2 = root / "q2.db"
    for args in ((others,), (Q2, "--as-of", "2017-09-30")):
        result = runner.invoke(app, ["load", *map(str, args), "--store", str(q2)])
        assert result.exit_code == 0, result.output
    q3 = root / "q3.db"
    shutil.copy(q2, q3)
    result = runner.invoke(app, ["load", str(Q3), "--store", str(q3)])
    assert result.exit_code == 0, result.output
    return q2, q3


def _figures(*args) -> list[dict]:
    result = runner.invoke(app, ["figures", *map(str, args), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_figures_as_of_a_date_are_those_of_the_reports_then(quarters):
    """Between the two 2017/18 reports, the figures of the store holding both, as they stood, are
    the figures of the store holding the first alone; after the second, its own figures."""
    q2, q3 = quarters
    now = _figures("--store", q3)
    before = _figures("--store", q2)
    year = {r["plan"]: r for r in now}["2017/18"]
    assert year != {r["plan"]: r for r in before}["2017/18"]  # the quarter moved the figures
    for date in ("2017-09-30", "2017-10-15", "2017-12-30"):
        assert _figures("--as-of", date, "--store", q3) == before, date
    assert _figures("--as-of", "2017-12-31", "--store", q3) == now
    assert _figures("--as-of", "2017-10-15", "--plan", "2017/18", "--store", q3) == [
        r for r in before if r["plan"] == "2017/18"]


def test_figures_before_a_plan_year_was_reported(quarters):
    _, q3 = quarters
    # the other samples are undated (read as from the start): only 2017/18 waits for its report
    early = _figures("--as-of", "2017-01-01", "--store", q3)
    assert "2017/18" not in {r["plan"] for r in early} and len(early) == 4
    result = runner.invoke(app, ["figures", "--as-of", "2017-01-01", "--plan", "2017/18", "--store", str(q3)])
    assert result.exit_code == 0 and result.stdout == "No items of 2017/18 had been reported by 2017-01-01.\n"
    result = runner.invoke(app, ["figures", "--as-of", "2017-01-01", "--plan", "2099/00", "--store", str(q3)])
    assert result.exit_code == 1 and "no plan year 2099/00" in result.stderr


def test_what_became_of_an_activity_is_counted_again_on_a_date():
    """Road works (2012/13) read On Target on 30 September 2012, Completed on 31 March 2013;
    Library (2012/13) Delayed at both; 2013/14 first reported 30 June 2013. Until then no later
    plan year is reported, so neither has an outcome; after, Road works is completed and Library
    dropped unfinished, as the store holds them now."""
    import networkx as nx

    from graphmodel.store.readings import as_of

    def reading(date, category, status):
        return {"as_of": date, "status": status, "status_category": category, "percent": None,
                "deadlines": [], "comments": None, "officer_ids": None}

    readings = {
        "roads": [reading("2012-09-30", fig.ON_TARGET, "On Target"), reading("2013-03-31", fig.COMPLETED, "Completed")],
        "library": [reading("2012-09-30", fig.LATE, "Delayed"), reading("2013-03-31", fig.LATE, "Delayed")],
    }

    def graph():
        g = nx.MultiDiGraph()
        for node, latest in (("roads", fig.FINISHED), ("library", fig.DROPPED)):
            g.add_node(node, label="Activity", kind="activity", plan="2012/13", first_as_of="2012-09-30",
                       as_of="2013-03-31", status_category=readings[node][-1]["status_category"], outcome=latest)
        g.add_node("next", label="Activity", kind="activity", plan="2013/14", first_as_of="2013-06-30",
                   as_of="2013-06-30", status_category=fig.ON_TARGET, outcome=None)
        return g

    outcomes = {}
    for date in ("2012-12-31", "2013-04-01", "2013-07-01"):
        g = graph()
        as_of(g, readings, date)
        outcomes[date] = {n: d["outcome"] for n, d in g.nodes(data=True)}
    assert outcomes == {
        "2012-12-31": {"roads": None, "library": None},
        "2013-04-01": {"roads": None, "library": None},
        "2013-07-01": {"roads": fig.FINISHED, "library": fig.DROPPED, "next": None},
    }
