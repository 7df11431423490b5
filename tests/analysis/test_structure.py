"""Structure: betweenness on a graph small enough to count paths by hand; the accountability chain."""

from __future__ import annotations

import pytest

from graphmodel.analysis._common import NoSuchOfficer, find_officer
from graphmodel.analysis.structure import accountability_chain, accountability_graph, betweenness
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
        "status": "Delayed", "directorates": ["CLC"], "activity": "Patrols", "priority_code": "1.1",
        "priority": "Less crime", "theme": "Safe", "members": ["Cllr Khan"], "boards": ["Safety Board"],
    }]
    assert accountability_chain(g, "officer:ann", plan="2099/00")["items"] == []


def test_find_officer():
    g = graph([item("f.txt", 1, "activity", "x", owners=("Andy Bamber", "Andy Scott", "Sharon Godman"))])
    assert find_officer(g, "Andy Bamber") == "officer:andy-bamber"
    assert find_officer(g, "  andy   BAMBER ") == "officer:andy-bamber"
    assert find_officer(g, "godman") == "officer:sharon-godman"  # a unique surname
    with pytest.raises(NoSuchOfficer) as err:
        find_officer(g, "Andy")  # two Andys: not unique
    assert err.value.suggestions[:2] == ["Andy Bamber", "Andy Scott"] or "Andy Bamber" in err.value.suggestions
    with pytest.raises(NoSuchOfficer) as err:
        find_officer(g, "Andy Bamer")
    assert err.value.suggestions[0] == "Andy Bamber"
    assert "did you mean Andy Bamber" in str(err.value)
