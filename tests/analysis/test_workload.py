"""Workload concentration on a small hand-counted graph, and the sample documents' own numbers."""

from __future__ import annotations

import pytest

from graphmodel.analysis.workload import (
    concentration,
    gini,
    herfindahl,
    officer_items,
    sole_owned_activities,
    workload,
)
from tests.analysis.graphs import workload_graph
from tests.sample_store import sample_graph


def test_gini_by_hand():
    assert gini([]) == 0.0
    assert gini([2, 2, 2, 2]) == pytest.approx(0.0)
    # mean absolute difference / (2 * mean): |1-3| * 2 pairs / (2 * 2^2 * 2) = 0.25
    assert gini([1, 3]) == pytest.approx(0.25)
    assert gini([0, 0, 0, 4]) == pytest.approx(0.75)


def test_herfindahl_and_effective_owners_by_hand():
    assert herfindahl([1, 3]) == pytest.approx(10 / 16)
    assert herfindahl([5, 5, 5, 5]) == pytest.approx(0.25)
    c = concentration({"a": 1, "b": 3}, top_k=1)
    assert c == {"holders": 2, "assignments": 4, "gini": pytest.approx(0.25), "herfindahl": pytest.approx(0.625),
                 "effective_owners": pytest.approx(1.6), "top_k": 1, "top_k_share": pytest.approx(0.75)}
    assert concentration({})["effective_owners"] == 0.0


def test_workload_rows_by_hand():
    g = workload_graph()
    result = workload(g, top_k=1)
    rows = {r["officer"]: r for r in result["rows"]}
    # Ann: A1 (overdue), M1 (completed), A3 (cancelled)
    assert rows["Ann"] | {"share": None} == {"plan": "2012/13", "officer_id": "officer:ann", "officer": "Ann",
                                             "total": 3, "open": 1, "late": 1, "sole_owned": 0, "share": None}
    # Bob: M2 (delayed), A2 (on target), M3 (completed), A3 (cancelled); alone on A2 and its milestone
    assert (rows["Bob"]["total"], rows["Bob"]["open"], rows["Bob"]["late"], rows["Bob"]["sole_owned"]) == (4, 2, 1, 1)
    assert rows["Ann"]["share"] == pytest.approx(3 / 7)
    assert rows["Bob"]["share"] == pytest.approx(4 / 7)
    assert [r["officer"] for r in result["rows"]] == ["Bob", "Ann"]  # most items first
    (conc,) = result["concentration"]  # one plan: no "all" row
    assert conc["gini"] == pytest.approx(1 / 14)  # 2*(1*3 + 2*4)/(2*7) - 3/2
    assert conc["herfindahl"] == pytest.approx(25 / 49)
    assert conc["effective_owners"] == pytest.approx(49 / 25)
    assert conc["top_k_share"] == pytest.approx(4 / 7)


def test_workload_filters():
    g = workload_graph()
    assert workload(g, plan="2099/00")["rows"] == []
    place = workload(g, directorate="place")["rows"]  # any case
    assert [(r["officer"], r["total"]) for r in place] == [("Bob", 3)]
    assert {k: len(v) for k, v in officer_items(g, directorate="RES").items()} == {"officer:ann": 2}


def test_sole_owned_counts_the_milestones_owners_too():
    g = workload_graph()
    assert sole_owned_activities(g) == {"officer:bob": ["item:d.txt:6"]}


def test_sample_counts_match_the_documents():
    """Counted with grep: 43 rows name Andy Bamber in the 2012/13 appendix (one item each),
    41 name Jackie Odunoye in the 2014/15 plan."""
    rows = {(r["plan"], r["officer"]): r for r in workload(sample_graph())["rows"]}
    assert rows[("2012/13", "Andy Bamber")]["total"] == 43
    assert rows[("2014/15", "Jackie Odunoye")]["total"] == 41
    top_2012 = workload(sample_graph(), plan="2012/13")["rows"][0]
    assert (top_2012["officer"], top_2012["total"]) == ("Andy Bamber", 43)


def test_sample_2017_18_late_counts_match_a_hand_count():
    """Hand count of the 2017/18 quarterly report (deliverable rows whose status cell is Overdue
    or Delayed, by lead officer): Sharon Godman 7 (lines 336, 337, 339, 358, 361, 406, 438) of
    her 19 deliverables; Andy Scott 6 (lines 185-190, one shared with Shazia Hussain) of 27."""
    rows = workload(sample_graph(), plan="2017/18")["rows"]
    top = max(rows, key=lambda r: r["late"])
    assert (top["officer"], top["late"], top["total"]) == ("Sharon Godman", 7, 19)
    andy = next(r for r in rows if r["officer"] == "Andy Scott")
    assert (andy["late"], andy["total"]) == (6, 27)
    assert sorted(r["late"] for r in rows)[-2:] == [6, 7]


def test_herfindahl_does_not_depend_on_order():
    from graphmodel.analysis.workload import herfindahl

    values = [37, 1, 5, 12, 3, 3, 90, 2, 7, 11, 4, 8, 6, 13, 21, 1]
    assert herfindahl(values) == herfindahl(list(reversed(values))) == herfindahl(sorted(values))
