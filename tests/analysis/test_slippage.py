"""Slippage: the Wilson interval, rebaselined comments, grouping and ranking, on small graphs."""

from __future__ import annotations

import math

import pytest

from graphmodel.analysis.slippage import REBASELINE_PATTERN, is_rebaselined, slippage, wilson_interval
from tests.analysis.graphs import graph, item, workload_graph
from tests.sample_store import sample_graph


def test_wilson_interval_known_values():
    lo, hi = wilson_interval(5, 10)
    assert (round(lo, 4), round(hi, 4)) == (0.2366, 0.7634)
    lo, hi = wilson_interval(0, 10)
    assert lo == pytest.approx(0.0, abs=1e-12) and round(hi, 4) == 0.2775
    assert wilson_interval(0, 0) == (0.0, 1.0)
    lo, hi = wilson_interval(10, 10)
    assert hi == pytest.approx(1.0) and round(lo, 4) == 0.7225


@pytest.mark.parametrize("text", [
    "The deadline has been revised to March 2009.",
    "Deadline moved to June", "deadline extended by a month", "This is now due in May 2013.",
    "We are working to re-profile the project", "The project was reprofiled", "work is postponed to 2008/9",
    "Deferred until after the assessment", "A revised target date of July 2013", "Revised date of Sept 2008.",
    "The launch has been delayed to December 2017.", "delivery has now slipped from September 17 - March 18",
    "The overall project timeline has been put back due to purdah",
])
def test_moved_deadlines_are_rebaselined(text):
    assert is_rebaselined(text)
    assert is_rebaselined(text.upper())


@pytest.mark.parametrize("text", [None, "", "On track.", "A revised strategy was published.",
                                  "Delayed due to staffing", "Completed in March."])
def test_other_comments_are_not(text):
    assert not is_rebaselined(text)


def test_pattern_is_portable_cypher_regex():
    assert "\\" not in REBASELINE_PATTERN and "'" not in REBASELINE_PATTERN
    assert REBASELINE_PATTERN.startswith("(?is).*") and REBASELINE_PATTERN.endswith(".*")


def _people_graph():
    """Ann: 1 late of 2. Bob: 10 late of 20. Cy: 1 of 6 on target but its deadline moved; 1 no status."""
    recs, line = [], 1
    for owner, late, total in (("Ann", 1, 2), ("Bob", 10, 20)):
        for k in range(total):
            recs.append(item("s.txt", line, "activity", f"{owner} {k}", owners=(owner,), directorate="RES",
                             status="Overdue" if k < late else "Completed"))
            line += 1
    for k in range(6):
        recs.append(item("s.txt", line, "activity", f"Cy {k}", owners=("Cy",), directorate="PLACE",
                         status="On Target", comments="Now due in March." if k == 0 else None,
                         members=("Cabinet Member for Resources",)))
        line += 1
    recs.append(item("s.txt", line, "activity", "Cy unknown", owners=("Cy",), directorate="PLACE"))
    return graph(recs)


def test_ranked_by_lower_bound_with_min_items():
    g = _people_graph()
    result = slippage(g, by="officer", min_items=1)
    names = [r["officer"] for r in result["rows"]]
    # Ann's 1 of 2 has the same rate as Bob's 10 of 20 but a much wider interval
    assert names == ["Bob", "Ann", "Cy"]
    bob, ann, cy = result["rows"]
    assert (bob["n"], bob["late"], bob["slipped"], bob["rate"]) == (20, 10, 10, 0.5)
    assert bob["lower"] == pytest.approx(wilson_interval(10, 20)[0])
    assert ann["upper"] == pytest.approx(wilson_interval(1, 2)[1])
    # Cy: the item without a status is not counted; the moved deadline is
    assert (cy["n"], cy["late"], cy["rebaselined"], cy["slipped"]) == (6, 0, 1, 1)
    result = slippage(g, by="officer")  # default min_items=5 leaves Ann out
    assert [r["officer"] for r in result["rows"]] == ["Bob", "Cy"]
    assert result["left_out"] == 1 and "lower bound" in result["method"]


def test_by_directorate_and_member():
    g = _people_graph()
    rows = {r["directorate"]: r for r in slippage(g, by="directorate")["rows"]}
    assert (rows["RES"]["n"], rows["RES"]["late"]) == (22, 11)
    assert (rows["PLACE"]["n"], rows["PLACE"]["slipped"]) == (6, 1)
    (member,) = slippage(g, by="member")["rows"]
    assert (member["member"], member["n"], member["slipped"]) == ("Cabinet Member for Resources", 6, 1)
    with pytest.raises(ValueError):
        slippage(g, by="planet")


def test_member_portfolio_includes_milestones_under_led_activities():
    g = graph([
        item("m.txt", 1, "activity", "Led", members=("Mayor",), status="On Target"),
        item("m.txt", 2, "milestone", "Under", parent=1, owners=("Ann",), status="Delayed"),
        item("m.txt", 3, "milestone", "Under 2", parent=1, owners=("Ann",), status="Completed"),
    ])
    (row,) = slippage(g, by="member", min_items=1)["rows"]
    assert (row["n"], row["late"], row["rate"]) == (3, 1, pytest.approx(1 / 3))


def test_workload_graph_slippage():
    rows = {r["officer"]: r for r in slippage(workload_graph(), min_items=1)["rows"]}
    assert (rows["Ann"]["n"], rows["Ann"]["late"]) == (3, 1)
    assert (rows["Bob"]["n"], rows["Bob"]["late"]) == (4, 1)
    assert all(0 <= r["lower"] <= r["rate"] <= r["upper"] <= 1 for r in rows.values())


def test_sample_2017_18_top_slipper_matches_hand_count():
    """Sharon Godman: 7 of her 19 2017/18 deliverables delayed (hand count, see test_workload)."""
    top = slippage(sample_graph(), plan="2017/18")["rows"][0]
    assert (top["officer"], top["n"], top["late"]) == ("Sharon Godman", 19, 7)
    assert math.isclose(top["lower"], wilson_interval(top["slipped"], 19)[0])
