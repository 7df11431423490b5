"""Carry-forward chains on a small graph, and on a graph with no SUCCEEDS edges."""

from __future__ import annotations

from graphmodel.analysis.carry import carried_unfinished, carry_forward, chains
from tests.analysis.graphs import graph, item, workload_graph


def _lineage_graph():
    """'Fix roads' runs 2012/13 > 2013/14 > 2014/15 (Ann; overdue, delayed, completed);
    'Open library' 2012/13 > 2013/14 (Bob; completed, on target)."""
    recs = [
        item("a.txt", 1, "activity", "Fix roads", plan="2012/13", owners=("Ann",), status="Overdue"),
        item("b.txt", 1, "activity", "Fix roads", plan="2013/14", owners=("Ann",), status="Delayed"),
        item("c.txt", 1, "activity", "Fix roads", plan="2014/15", owners=("Ann",), status="Completed"),
        item("a.txt", 2, "activity", "Open library", plan="2012/13", owners=("Bob",), status="Completed"),
        item("b.txt", 2, "activity", "Open library", plan="2013/14", owners=("Bob",), status="On Target"),
        item("b.txt", 3, "activity", "Once only", plan="2013/14", owners=("Bob",), status="Overdue"),
    ]
    return graph(recs, [("b.txt:1", "a.txt:1"), ("c.txt:1", "b.txt:1"), ("b.txt:2", "a.txt:2")])


def test_chains_and_lengths():
    g = _lineage_graph()
    found = chains(g)
    assert found == [["item:a.txt:1", "item:b.txt:1", "item:c.txt:1"], ["item:a.txt:2", "item:b.txt:2"]]
    assert chains(g, min_links=2) == [found[0]]


def test_carry_forward_summary_perennial_and_officers():
    result = carry_forward(_lineage_graph())
    assert result["summary"] == {"links": 3, "chains": 2, "longest": 2, "perennial": 1}
    (perennial,) = result["perennial"]
    assert perennial["plans"] == ["2012/13", "2013/14", "2014/15"] and perennial["finished"] is True
    assert [i["owners"] for i in perennial["items"]] == [["Ann"], ["Ann"], ["Ann"]]
    # Ann: 2 of her 3 items have a successor, both unfinished; Bob: 1 carried, completed
    assert result["officers"] == [
        {"officer_id": "officer:ann", "officer": "Ann", "items": 3, "carried": 2, "carried_unfinished": 2},
        {"officer_id": "officer:bob", "officer": "Bob", "items": 3, "carried": 1, "carried_unfinished": 0},
    ]
    assert carried_unfinished(_lineage_graph(), plan="2013/14")[0] == {
        "officer_id": "officer:ann", "officer": "Ann", "items": 1, "carried": 1, "carried_unfinished": 1}
    assert carry_forward(_lineage_graph(), plan="2014/15")["summary"]["chains"] == 1


def test_no_succeeds_edges_gives_empty_results():
    result = carry_forward(workload_graph())
    assert result["chains"] == [] and result["officers"] == [] and result["perennial"] == []
    assert result["summary"] == {"links": 0, "chains": 0, "longest": 0, "perennial": 0}


def test_a_branching_lineage_gives_a_chain_per_branch():
    """'Fix roads' 2012/13 split into two 2013/14 activities (lineage itself links one to one;
    carry-forward still walks any SUCCEEDS graph)."""
    recs = [
        item("a.txt", 1, "activity", "Fix roads", plan="2012/13", owners=("Ann",), status="Overdue"),
        item("b.txt", 1, "activity", "Fix roads north", plan="2013/14", owners=("Ann",), status="Delayed"),
        item("b.txt", 2, "activity", "Fix roads south", plan="2013/14", owners=("Bob",), status="Completed"),
    ]
    g = graph(recs, [("b.txt:1", "a.txt:1"), ("b.txt:2", "a.txt:1")])
    assert chains(g) == [["item:a.txt:1", "item:b.txt:1"], ["item:a.txt:1", "item:b.txt:2"]]
    result = carry_forward(g)
    assert result["summary"] == {"links": 2, "chains": 2, "longest": 1, "perennial": 0}
    assert [c["finished"] for c in result["chains"]] == [False, True]
    # Ann's 2012/13 item is carried (twice over, counted once) and unfinished
    assert result["officers"] == [
        {"officer_id": "officer:ann", "officer": "Ann", "items": 2, "carried": 1, "carried_unfinished": 1}]


def test_lines_and_paths_agree_on_one_to_one_lineage():
    from graphmodel.analysis.carry import CarryItems, _lines, _paths

    s = CarryItems.of_graph(_lineage_graph())
    newer = s.newer()
    assert sorted(_lines(s.older, newer, 1)) == sorted(_paths(s.older, newer, 1)) == [
        ["item:a.txt:1", "item:b.txt:1", "item:c.txt:1"], ["item:a.txt:2", "item:b.txt:2"]]
    assert _lines(s.older, newer, 2) == _paths(s.older, newer, 2) == [["item:a.txt:1", "item:b.txt:1", "item:c.txt:1"]]


def test_a_lineage_longer_than_max_links_is_cut_to_its_newest_items():
    from graphmodel.analysis.carry import MAX_LINKS, CarryItems, _lines, _paths

    years = [f"{2000 + k}/{(k + 1) % 100:02d}" for k in range(MAX_LINKS + 3)]
    recs = [item(f"{k:02d}.txt", 1, "activity", "Fix roads", plan=y, owners=("Ann",)) for k, y in enumerate(years)]
    g = graph(recs, [(f"{k + 1:02d}.txt:1", f"{k:02d}.txt:1") for k in range(len(years) - 1)])
    (chain,) = chains(g)
    assert len(chain) == MAX_LINKS + 1 and chain[-1] == f"item:{len(years) - 1:02d}.txt:1"
    s = CarryItems.of_graph(g)
    assert _lines(s.older, s.newer(), 1) == _paths(s.older, s.newer(), 1) == [chain]
