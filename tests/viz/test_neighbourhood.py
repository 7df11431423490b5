"""Selections for the maps, on a hand-made graph whose answers are counted by hand."""

from __future__ import annotations

import pytest

from graphmodel import neighbourhood as nb


def test_officer_chain_items_ancestors_overseers_directorate_lineage(tiny_graph):
    nh = nb.officer_chain(tiny_graph, "officer:ann")
    assert nh.owned == {"m1", "m2", "a2"}
    assert nh.nodes == {"officer:ann", "m1", "m2", "a2", "a1", "p1", "t1", "a1next", "member:mayor",
                        "directorate:res"}
    # PART_OF m1,m2,a2,a1,p1 (5) + OWNS ann x3 + mayor->a1 + WORKS_IN + SUCCEEDS
    assert nh.counts(tiny_graph) == {"nodes": 10, "edges": 11}
    assert nb.headline(tiny_graph, nh.owned) == {"items": 3, "open": 2, "late": 2}


def test_depth_limits_the_levels_above(tiny_graph):
    nh = nb.officer_chain(tiny_graph, "officer:ann", depth=1)
    assert "t1" not in nh.nodes and {"a1", "p1"} <= nh.nodes
    assert nb.officer_chain(tiny_graph, "officer:ann", depth=0).nodes == {
        "officer:ann", "m1", "m2", "a2", "directorate:res"}


def test_plan_filter(tiny_graph):
    assert nb.officer_chain(tiny_graph, "officer:ann", plans=["2013/14"]).owned == set()
    assert nb.officer_chain(tiny_graph, "officer:ann", plans=["2012/13"]).owned == {"m1", "m2", "a2"}


def test_lineage_of_the_activity_above_an_officers_milestone(tiny_graph):
    nh = nb.officer_chain(tiny_graph, "officer:bob")
    assert nh.nodes == {"officer:bob", "a3", "m3", "m2", "p2", "a1", "p1", "t1", "board:audit",
                        "member:mayor", "directorate:res", "a1next"}


def test_directorate_board_member_and_activity_maps(tiny_graph):
    d = nb.directorate_map(tiny_graph, "directorate:res")
    assert d.owned == {"m1", "m2", "a2", "a3", "m3"}
    assert len(d.nodes) == 15
    b = nb.board_map(tiny_graph, "board:audit")
    assert b.nodes == {"board:audit", "a3", "p2", "t1", "officer:bob"}
    m = nb.member_map(tiny_graph, "member:mayor")
    assert {"a1", "m1", "m2", "officer:ann", "officer:bob", "a1next"} <= m.nodes
    a = nb.activity_lineage(tiny_graph, "a1next")
    assert set(a.focus) == {"a1", "a1next"} and {"m1", "m2", "p1", "member:mayor"} <= a.nodes


def test_edges_are_the_induced_subgraph(tiny_graph):
    nh = nb.officer_chain(tiny_graph, "officer:ann")
    sub = nh.subgraph(tiny_graph)
    assert all(u in nh.nodes and v in nh.nodes for u, v in sub.edges())
    # bob's OWNS edge into m2 is not part of ann's chain (bob is not on her map)
    assert not sub.has_edge("officer:bob", "m2")


def test_lookups_and_did_you_mean(tiny_graph):
    assert nb.select(tiny_graph, officer="ann smith").focus == ["officer:ann"]
    assert nb.select(tiny_graph, officer="Smith").focus == ["officer:ann"]
    with pytest.raises(nb.NotFound) as exc:
        nb.select(tiny_graph, officer="Anne Smyth")
    assert exc.value.suggestions[0] == "Ann Smith"
    assert "did you mean Ann Smith" in str(exc.value)
    assert nb.select(tiny_graph, directorate="Resources").focus == ["directorate:res"]
    assert nb.select(tiny_graph, board="audit board").focus == ["board:audit"]
    assert nb.select(tiny_graph, activity="1.1.2").focus == ["a2"]
    assert set(nb.select(tiny_graph, activity="2.1.1").focus) == {"a1", "a1next"}
    with pytest.raises(ValueError):
        nb.select(tiny_graph, officer="Ann Smith", board="Audit Board")


def test_busiest_officers_on_the_samples(sample_graph):
    g = sample_graph
    nh = nb.select(g, officer="Andy Bamber", plans=["2012/13"])
    assert len(nh.owned) == 43  # issue 4: Andy Bamber owns 43 items in the 2012/13 report
    nh = nb.select(g, officer="Jackie Odunoye", plans=["2014/15"])
    assert len(nh.owned) == 41
    with pytest.raises(nb.NotFound, match="did you mean Jackie Odunoye"):
        nb.select(g, officer="Jacky Odunoy")


def test_chain_matches_the_accountability_chain_analysis(sample_graph):
    """The map's selection and `graph chain`'s rows describe the same chain."""
    structure = pytest.importorskip("graphmodel.analysis.structure")
    g = sample_graph
    for name, plan in [("Andy Bamber", "2012/13"), ("Andy Scott", "2017/18"), ("Jackie Odunoye", "2014/15")]:
        nh = nb.select(g, officer=name, plans=[plan])
        chain = structure.accountability_chain(g, nh.focus[0], plan=plan)
        assert len(chain["items"]) == len(nh.owned)
        names = {g.nodes[n].get("name") for n in nh.nodes}
        assert set(chain["directorates"]) <= names
        for row in chain["items"]:
            assert set(row["members"]) | set(row["boards"]) <= names
            for key in ("activity", "priority", "theme"):
                if row[key]:
                    assert row[key] in names, (name, key, row[key])
