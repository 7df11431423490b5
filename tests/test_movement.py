"""How a plan's statuses moved between its reports (graphmodel.movement).

The store: the 2017/18 quarterly report (examples/002, loaded as the position at 30 September
2017) and its hand-made third-quarter copy (tests/data/002_q3_2017.txt). ``diff`` of the two
documents (see tests/test_reports.py) gives every change between them:

- "Develop a Growth Strategy ..." went from On Target 50%, due 31/12/17, to Delayed 60%, due
  31/03/18: it fell behind and its deadline moved;
- "160 businesses assisted ..." went from On Target 50% to Completed 100%;
- "Increase awareness of potential increase in cost of business rates ..." (Delayed) is not printed;
- "Launch the Start Up Ready programme for 30 new entrepreneurs" (On Target) is new;
- "Deliver phase 1 of the 'Action for New Enterprise Programme' ..." is reworded, Completed in both.

So from Q2 to Q3 one reading leaves on target for late and one for completed, one late reading
goes and one on-target reading comes: on target -1, late +0, completed +1.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from cli.app import app
from graphmodel import definitions as defs
from graphmodel.movement import CATEGORIES, TRANSITIONS, graph_movement, plan_movement
from graphmodel.schema import status_category
from tests.test_reports import GROWTH, NEW, Q2, Q3, RATES, runner

BUSINESSES = "160 businesses assisted to improve their retail and marketing performance (80 by 30/09/17)"


def invoke(*args) -> str:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def both(tmp_path_factory) -> Path:
    """A store with the Q2 report (dated 30 September 2017), then the Q3 copy."""
    store = tmp_path_factory.mktemp("movement") / "graph.db"
    invoke("load", Q2, "--as-of", "2017-09-30", "--store", store)
    invoke("load", Q3, "--store", store)
    return store


@pytest.fixture(scope="module")
def graph(both):
    from graphmodel.store.ladybug import LadybugStore

    return LadybugStore(both).read_graph()


def titles(g, ids: list[str]) -> list[str]:
    return [g.nodes[i]["title"] for i in ids]


# ------------------------------------------------------------------ hand-made readings


def _r(report: str, cat: str | None, deadline: str | None = None, percent: int | None = None) -> dict:
    return {"report": report, "status_category": cat, "percent": percent, "deadlines": [deadline] if deadline else []}


REPORTS = [{"source": "q3.txt", "as_of": "2017-12-31", "kind": "quarterly"},
           {"source": "plan.txt", "as_of": None, "kind": "plan"},
           {"source": "q1.txt", "as_of": "2017-06-30", "kind": "quarterly"},
           {"source": "q2-overdue.txt", "as_of": "2017-09-30", "kind": "overdue"},
           {"source": "q2.txt", "as_of": "2017-09-30", "kind": "quarterly"}]


def test_reports_are_read_undated_first_then_by_date_and_kind():
    mv = plan_movement("2017/18", REPORTS, {}, {})
    assert [r.source for r in mv.reports] == ["plan.txt", "q1.txt", "q2.txt", "q2-overdue.txt", "q3.txt"]
    assert [(s.earlier, s.later) for s in mv.steps] == [("plan.txt", "q1.txt"), ("q1.txt", "q2.txt"),
                                                       ("q2.txt", "q2-overdue.txt"), ("q2-overdue.txt", "q3.txt")]


def test_each_transition_at_the_report_it_happened():
    readings = {
        # planned, on target, late (fell behind at q2), completed at q3 (late -> completed)
        "a": [_r("plan.txt", "unknown", "2017-12-31"), _r("q1.txt", "on_target", "2017-12-31"),
              _r("q2.txt", "late", "2017-12-31"), _r("q3.txt", "completed", "2017-12-31")],
        # moved twice: counted at both reports; no status at 100% is completed (by percent)
        "b": [_r("q1.txt", "on_target", "2017-09-30"), _r("q2.txt", "on_target", "2017-12-31"),
              _r("q3.txt", "unknown", "2018-03-31", percent=100)],
        # first printed by q2; left out of q3 (not reported since 2017-12-31)
        "c": [_r("q2.txt", "on_target")],
        # late in q1, left out of q2 but on the overdue list, then left out of q3
        "d": [_r("q1.txt", "late"), _r("q2-overdue.txt", "late")],
    }
    mv = plan_movement("2017/18", REPORTS, readings, {"c": "2017-12-31", "d": "2017-12-31"})
    steps = {s.later: s.items for s in mv.steps}
    assert steps["q2.txt"]["fell_behind"] == ["a"]
    assert steps["q3.txt"]["late_to_completed"] == ["a"]
    assert steps["q3.txt"]["completed"] == ["a", "b"]
    assert steps["q2.txt"]["moved"] == ["b"] and steps["q3.txt"]["moved"] == ["b"]
    assert steps["q1.txt"]["new"] == ["b", "d"] and steps["q2.txt"]["new"] == ["c"]
    # d's last reading is the overdue list's; the next report that is not one is q3
    assert steps["q3.txt"]["unreported"] == ["c", "d"]
    assert mv.totals() == {"fell_behind": 1, "late_to_completed": 1, "completed": 2, "moved": 2, "new": 3,
                           "unreported": 2}
    by = {r.source: {c: v for c, v in r.by_category.items() if v} for r in mv.reports}
    assert by["q3.txt"] == {"completed": ["a", "b"]}
    assert by["plan.txt"] == {"unknown": ["a"]} and by["q2-overdue.txt"] == {"late": ["d"]}


def test_a_status_less_reading_between_does_not_hide_falling_behind():
    """As moved_and_behind: the reading compared with is the last one with a status."""
    readings = {"a": [_r("q1.txt", "on_target"), _r("q2.txt", "unknown"), _r("q3.txt", "late")]}
    mv = plan_movement("2017/18", REPORTS, readings, {})
    assert {s.later: s.items["fell_behind"] for s in mv.steps}["q3.txt"] == ["a"]


# ------------------------------------------------------------------ the 2017/18 sample and its Q3 copy


def test_the_sample_and_its_q3_copy(graph):
    mv = graph_movement(graph)["2017/18"]
    assert [(r.source, r.as_of, r.kind) for r in mv.reports] == [
        (Q2.name, "2017-09-30", "quarterly"), (Q3.name, "2017-12-31", "quarterly")]
    (step,) = mv.steps
    assert titles(graph, step.items["fell_behind"]) == [GROWTH]
    assert titles(graph, step.items["moved"]) == [GROWTH]
    assert titles(graph, step.items["completed"]) == [BUSINESSES]
    assert step.items["late_to_completed"] == []
    assert titles(graph, step.items["new"]) == [NEW]
    assert [t[: len(RATES)] for t in titles(graph, step.items["unreported"])] == [RATES]
    q2, q3 = ({c: len(v) for c, v in r.by_category.items()} for r in mv.reports)
    assert q3[defs.ON_TARGET] == q2[defs.ON_TARGET] - 1
    assert q3[defs.LATE] == q2[defs.LATE]
    assert q3[defs.COMPLETED] == q2[defs.COMPLETED] + 1
    # 50 activities and 233 deliverables in each (graph reports: 295 items with the themes and priorities)
    assert sum(q2.values()) == sum(q3.values()) == 283


def test_figures_equal_graph_history_and_graph_reports(graph, both):
    """Each transition's items are the ones graph history shows moving; the per-report counts
    are graph export history's readings by category; new and not reported are graph reports'."""
    mv = graph_movement(graph)["2017/18"]
    (step,) = mv.steps
    rows = json.loads(invoke("history", GROWTH, "--store", both, "--json"))
    assert [(r["status"], r["deadlines"]) for r in rows] == [("On Target", ["2017-12-31"]),
                                                              ("Delayed", ["2018-03-31"])]
    rows = json.loads(invoke("history", BUSINESSES, "--store", both, "--json"))
    assert [(r["status"], r["percent"]) for r in rows] == [("On Target", 50), ("Completed", 100)]
    rows = json.loads(invoke("history", NEW, "--store", both, "--json"))
    assert [r["source"] for r in rows] == [Q3.name]
    rows = json.loads(invoke("history", RATES, "--store", both, "--json"))
    assert [r["source"] for r in rows] == [Q2.name]

    export = [json.loads(line) for line in invoke("export", "history", "--store", both).splitlines()]
    for report in mv.reports:
        expected = Counter(defs.category(status_category(r["status"]).value, r["percent"]) for r in export
                           if r["source"] == report.source and r["kind"] in defs.WORK_KINDS)
        assert {c: len(report.by_category[c]) for c in CATEGORIES if report.by_category[c]} == dict(expected)
    reports = json.loads(invoke("reports", "--store", both, "--json"))
    assert [(r["new"], r["not_reported"]) for r in reports] == [(295, 0), (len(step.items["new"]),
                                                                           len(step.items["unreported"]))]


def test_totals_are_the_items_history_columns(graph):
    """An item counted as fell behind / deadline moved / not reported since at some step is an
    item whose fell_behind / moved / unreported_since column says so, and the other way round."""
    found = {t: set() for t in TRANSITIONS}
    for mv in graph_movement(graph).values():
        for step in mv.steps:
            for t, ids in step.items.items():
                found[t] |= set(ids)
    work = {n: d for n, d in graph.nodes(data=True) if d.get("kind") in defs.WORK_KINDS}
    assert found["fell_behind"] == {n for n, d in work.items() if d.get("fell_behind")}
    assert found["moved"] == {n for n, d in work.items() if d.get("moved")}
    assert found["unreported"] == {n for n, d in work.items() if d.get("unreported_since")}


def test_a_plan_year_with_one_report_has_no_steps(sample_graph_one_report):
    mv = graph_movement(sample_graph_one_report)
    assert sorted(mv) == ["2007/08", "2012/13", "2014/15", "2017/18", "2019/20"]
    assert all(len(m.reports) == 1 and m.steps == [] for m in mv.values())


@pytest.fixture(scope="module")
def sample_graph_one_report(tmp_path_factory):
    """The five samples: one report per plan year."""
    from graphmodel.store.ladybug import LadybugStore
    from tests.conftest import EXAMPLES

    store = tmp_path_factory.mktemp("samples") / "graph.db"
    invoke("load", EXAMPLES, "--store", store)
    return LadybugStore(store).read_graph()


def test_loading_q3_first_gives_the_same_movement(tmp_path, graph):
    from graphmodel.store.ladybug import LadybugStore

    store = tmp_path / "g.db"
    invoke("load", Q3, "--store", store)
    invoke("load", Q2, "--as-of", "2017-09-30", "--store", store)
    other = LadybugStore(store).read_graph()
    a, b = graph_movement(graph)["2017/18"], graph_movement(other)["2017/18"]
    assert [titles(graph, s.items[t]) for s in a.steps for t in TRANSITIONS] == [
        titles(other, s.items[t]) for s in b.steps for t in TRANSITIONS]

