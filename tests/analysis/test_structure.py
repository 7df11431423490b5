"""Structure: betweenness on a graph small enough to count paths by hand; the accountability chain."""

from __future__ import annotations

import pytest

from graphmodel.analysis.structure import accountability_chain, accountability_graph, betweenness
from graphmodel.neighbourhood import Ambiguous, NotFound, find_officer
from tests.analysis.graphs import graph, item, workload_graph


def test_betweenness_on_a_path():
    # I1 - Ann - I2 - Board: Ann lies on I1-I2 and I1-Board; normalised by (n-1)(n-2)/2 = 3
    g = graph([
        item("p.txt", 1, "activity", "I1", owners=("Ann",)),
        item("p.txt", 2, "activity", "I2", owners=("Ann",), boards=("Audit Board",)),
    ])
    h = accountability_graph(g)
    assert h.number_of_nodes() == 4 and h.number_of_edges() == 3
    rows = {r["name"]: r for r in betweenness(g)["rows"]}
    assert rows["Ann"]["betweenness"] == pytest.approx(2 / 3)
    assert rows["Audit Board"]["betweenness"] == 0.0
    assert (rows["Ann"]["rank"], rows["Ann"]["items"], rows["Ann"]["label"]) == (1, 2, "Officer")


def test_betweenness_empty_plan():
    assert betweenness(workload_graph(), plan="1999/00")["rows"] == []


def test_accountability_chain_by_hand():
    g = graph([
        item("c.txt", 1, "theme", "Safe"),
        item("c.txt", 2, "priority", "Less crime", parent=1, code="1.1"),
        item("c.txt", 3, "activity", "Patrols", parent=2, members=("Cllr Khan",), boards=("Safety Board",),
             code="1.1.1"),
        item("c.txt", 4, "milestone", "Hire wardens", parent=3, owners=("Ann",), directorate="CLC",
             status="Delayed"),
    ])
    result = accountability_chain(g, "officer:ann")
    assert result["officer"] == "Ann" and result["directorates"] == ["CLC"]
    assert result["items"] == [{
        "plan": "2012/13", "source": "c.txt", "line": 4, "kind": "milestone", "code": None, "item": "Hire wardens",
        "status": "Delayed", "directorates": ["CLC"], "directorate": "CLC", "activity": "Patrols", "priority_code": "1.1",
        "priority": "Less crime", "theme": "Safe", "members": ["Cllr Khan"], "boards": ["Safety Board"],
    }]
    assert accountability_chain(g, "officer:ann", plan="2099/00")["items"] == []


def test_find_officer():
    g = graph([item("f.txt", 1, "activity", "x", owners=("Andy Bamber", "Andy Scott", "Sharon Godman"))])
    assert find_officer(g, "Andy Bamber") == "officer:andy-bamber"
    assert find_officer(g, "  andy   BAMBER ") == "officer:andy-bamber"
    assert find_officer(g, "godman") == "officer:sharon-godman"  # a unique surname
    with pytest.raises(Ambiguous) as amb:
        find_officer(g, "Andy")  # two Andys: not unique
    assert amb.value.matches == ["Andy Bamber", "Andy Scott"]
    with pytest.raises(NotFound) as err:
        find_officer(g, "Andy Bamer")
    assert err.value.suggestions[0] == "Andy Bamber"
    assert "did you mean Andy Bamber" in str(err.value)


def test_sampled_betweenness_is_networkx_estimate():
    """The numpy estimate takes the sources networkx samples and scales as it does (samples' graph)."""
    import networkx as nx

    from graphmodel.analysis._brandes import sampled_betweenness
    from tests.sample_store import sample_graph

    h = accountability_graph(sample_graph())
    assert h.number_of_nodes() > 1000
    for k in (1, 7, 60, h.number_of_nodes()):
        expected = nx.betweenness_centrality(h, k=k, seed=0)
        got = sampled_betweenness(h, k, seed=0)
        assert got.keys() == expected.keys()
        if k == 1:  # networkx: NaN for the one source (no data), 0..1 elsewhere
            expected = {v: x for v, x in expected.items() if x == x}
        assert all(got[v] == pytest.approx(x, abs=1e-12) for v, x in expected.items())


def test_big_graphs_get_an_estimate_said_so(monkeypatch):
    from graphmodel.analysis import structure
    from tests.sample_store import sample_graph

    exact = betweenness(sample_graph(), plan="2019/20", top=None)
    assert (exact["exact"], exact["sources"]) == (True, exact["nodes"])
    monkeypatch.setattr(structure, "EXACT_MAX_NODES", 50)
    monkeypatch.setattr(structure, "SAMPLE_K", 20)
    estimate = betweenness(sample_graph(), plan="2019/20", top=None)
    assert exact["nodes"] > 50
    assert (estimate["exact"], estimate["sources"]) == (False, 20)
    assert {r["id"] for r in estimate["rows"]} == {r["id"] for r in exact["rows"]}
    # a path graph of 4 stays exact: Ann lies on 2 of the 3 pairs around her
    g = graph([
        item("p.txt", 1, "activity", "I1", owners=("Ann",)),
        item("p.txt", 2, "activity", "I2", owners=("Ann",), boards=("Audit Board",)),
    ])
    assert {r["name"]: r["betweenness"] for r in betweenness(g)["rows"]}["Ann"] == pytest.approx(2 / 3)
