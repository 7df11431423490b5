"""The columns the stores hold beyond the graph's own properties (graphmodel/store/derived.py),
checked on real sample items against the documents' lines, and on small hand-made lineages."""

from __future__ import annotations

import pytest

from graphmodel.analysis.slippage import is_rebaselined
from graphmodel.schema import NodeLabel
from graphmodel.store.derived import DERIVED_COLUMNS, add_derived
from graphmodel.store.ladybug import LadybugStore
from graphmodel.store.tables import NODE_COLUMNS, graph_tables
from tests.analysis.graphs import graph, item
from tests.conftest import EXAMPLES
from tests.sample_store import sample_store_path

APPENDIX = "000_ce323507d3fb21cd.txt"  # the 2012/13 monitoring appendix
OVERDUE = "001_438444c0e1c0bfc6.txt"  # the 2007/08 overdue report


def doc_line(source: str, line: int) -> str:
    return (EXAMPLES / source).read_text(encoding="utf-8").splitlines()[line - 1]


@pytest.fixture(scope="module")
def store():
    return LadybugStore(sample_store_path())


def stored(store: LadybugStore, source: str, line: int) -> dict:
    cols = ", ".join(f"i.{c} AS {c}" for c in ("kind", "title", "comments", *DERIVED_COLUMNS[NodeLabel.MILESTONE]))
    (row,) = store.query(f"MATCH (i) WHERE i.id = $id RETURN {cols}", {"id": f"item:{source}:{line}"})
    return row


def test_every_item_label_has_the_derived_columns():
    for label in (NodeLabel.THEME, NodeLabel.PRIORITY, NodeLabel.ACTIVITY, NodeLabel.MILESTONE):
        assert set(DERIVED_COLUMNS[label]) <= set(NODE_COLUMNS[label])
    assert NodeLabel.OFFICER not in DERIVED_COLUMNS


@pytest.mark.parametrize("source,line,words,moved", [
    (APPENDIX, 168, "re-profile the project which will now be delivered during 2013/14", True),
    (APPENDIX, 345, "The development of the Board has been postponed", True),
    (OVERDUE, 55, "this work is postponed to 2008/9", True),
    (OVERDUE, 44, "resulting in a revised enforcement plan", False),  # a revised plan, not a moved date
    (OVERDUE, 18, "carried over to 2008/09 plan", False),
])
def test_rebaselined_is_what_the_comments_say(store, source, line, words, moved):
    assert words in doc_line(source, line)
    row = stored(store, source, line)
    assert words in row["comments"]
    assert row["rebaselined"] is moved


def test_rebaselined_equals_the_analysis_on_every_sample_item(store):
    rows = store.query("MATCH (i) WHERE i.kind IS NOT NULL RETURN i.comments AS c, i.rebaselined AS r")
    assert len(rows) > 1000
    assert [r["r"] for r in rows] == [is_rebaselined(r["c"]) for r in rows]
    assert 10 < sum(r["r"] for r in rows) < len(rows) / 2


def test_owners_of_a_two_officer_row(store):
    assert "Claire Symonds and Simon Kilbey (Resources)" in doc_line(APPENDIX, 36)
    row = stored(store, APPENDIX, 36)
    assert (row["owners"], row["officer_names"]) == (2, ["Claire Symonds", "Simon Kilbey"])
    assert row["sole_officer"] is None  # two officers own it


def test_a_milestone_knows_the_chain_above_it(store):
    # line 168 is a milestone under the activity printed on line 163, in priority 1.3 (line 150)
    # of the theme "A Great Place to Live" (line 148)
    assert doc_line(APPENDIX, 163).startswith("Protect our environment\tJamie Blake (CLC)")
    assert doc_line(APPENDIX, 150).startswith("Priority 1.3:") and doc_line(APPENDIX, 148) == "A Great Place to Live"
    row = stored(store, APPENDIX, 168)
    assert row["kind"] == "milestone"
    assert (row["up_activity"], row["up_priority_code"], row["up_theme"]) == (
        "Protect our environment", "1.3", "A Great Place to Live")
    assert (row["owners"], row["officer_names"], row["under"]) == (1, ["Jamie Blake"], 0)


def test_an_activity_knows_what_is_under_it(store):
    # line 345: Andy Scott's activity, with his three milestones on lines 347-349, all overdue
    for n in (345, 347, 348, 349):
        assert "\tAndy Scott (D&R)\t" in doc_line(APPENDIX, n) and "\tOverdue\t" in doc_line(APPENDIX, n)
    row = stored(store, APPENDIX, 345)
    assert row["kind"] == "activity" and row["up_activity"] is None  # the activity itself is not above it
    assert (row["under"], row["late_under"], row["team"], row["sole_officer"]) == (3, 3, ["Andy Scott"], "Andy Scott")


def test_unowned_items_of_the_2007_08_report(store):
    rows = store.query("MATCH (i) WHERE i.plan = '2007/08' AND i.kind IN ['activity', 'milestone'] "
                       "RETURN i.owners AS owners, i.officer_names AS names")
    assert rows and all(r["owners"] == 0 and r["names"] == [] for r in rows)  # it names no owners


def _lineage(successions):
    recs = [item(f"{c}.txt", 1, "activity", "Fix roads", plan=p, owners=("Ann",), status=s)
            for c, p, s in (("a", "2012/13", "Overdue"), ("b", "2013/14", "Delayed"), ("c", "2014/15", "Completed"),
                            ("d", "2015/16", "Delayed"))]
    nodes, _ = graph_tables(graph(recs, successions))
    return {r["id"]: r for r in nodes[NodeLabel.ACTIVITY]}


def test_chain_columns_are_on_the_latest_item_only():
    rows = _lineage([("b.txt:1", "a.txt:1"), ("c.txt:1", "b.txt:1")])
    head = rows["item:c.txt:1"]
    assert (head["chain_links"], head["first_plan"], head["first_status"], head["first_title"]) == (
        2, "2012/13", "Overdue", "Fix roads")
    for other in ("item:a.txt:1", "item:b.txt:1", "item:d.txt:1"):
        assert rows[other]["chain_links"] is None and rows[other]["first_plan"] is None
    assert [rows[f"item:{c}.txt:1"]["carried"] for c in "abcd"] == [True, True, False, False]


def test_a_branching_lineage_reports_its_longest_path():
    # lineage never branches (one predecessor, one successor), but a hand-made graph may
    rows = _lineage([("d.txt:1", "c.txt:1"), ("d.txt:1", "a.txt:1"), ("c.txt:1", "b.txt:1")])
    assert (rows["item:d.txt:1"]["chain_links"], rows["item:d.txt:1"]["first_plan"]) == (2, "2013/14")


def test_no_items_changes_nothing():
    nodes = {NodeLabel.OFFICER: [{"id": "officer:ann", "name": "Ann", "is_post": False}]}
    add_derived(nodes, {})
    assert nodes == {NodeLabel.OFFICER: [{"id": "officer:ann", "name": "Ann", "is_post": False}]}
