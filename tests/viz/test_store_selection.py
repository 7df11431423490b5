"""Maps read from the store (graphmodel.store.subgraph): the same neighbourhood and the same map
as the whole graph gives, while reading only a part of the graph."""

from __future__ import annotations

import pytest

from graphmodel import neighbourhood as nb
from graphmodel.store.ladybug import LadybugStore
from graphmodel.store.subgraph import read_neighbourhood, read_selection
from viz.maps import build_spec

# real selections of the samples: (kind, name, plan years, depth)
SELECTIONS = [
    ("officer", "Andy Bamber", None, None),
    ("officer", "Andy Bamber", ["2012/13"], None),
    ("officer", "Jackie Odunoye", ["2014/15"], None),
    ("officer", "Godman", None, None),  # a unique surname
    ("officer", "Sharon Godman", ["2017/18", "2019/20"], 1),
    ("directorate", "D&R", None, None),
    ("directorate", "RES", ["2017/18"], None),
    ("board", "Transformation Board", None, None),
    ("board", "CLT", ["2019/20"], None),
    ("member", "Cllr Rabina Khan", None, None),
    ("member", "Executive Mayor", None, 2),
    ("activity", "1.1.1", ["2017/18"], None),
    ("activity", "Reduce homelessness and improve housing options", None, None),
]


@pytest.fixture(scope="module")
def store(sample_store) -> LadybugStore:
    return LadybugStore(sample_store)


@pytest.mark.parametrize(("kind", "name", "plans", "depth"), SELECTIONS)
def test_store_neighbourhood_is_the_whole_graph_one(store, sample_graph, kind, name, plans, depth):
    whole = nb.select(sample_graph, **{kind: name}, plans=plans, depth=depth)
    part, nh = read_selection(store, kind, name, plans, depth)
    assert (nh.kind, nh.focus, nh.plans, nh.owned, nh.nodes) == (
        whole.kind, whole.focus, whole.plans, whole.owned, whole.nodes)
    assert nh.counts(part) == whole.counts(sample_graph)
    # the same map: positions, labels, tooltips (every owner and board of an item), edges, legend
    assert build_spec(part, nh) == build_spec(sample_graph, whole)


def test_only_a_part_of_the_graph_is_read(store, sample_graph):
    part, nh = read_selection(store, "officer", "Andy Bamber", ["2012/13"])
    assert len(nh.owned) == 43  # issue 4: Andy Bamber owns 43 items in the 2012/13 report
    assert part.number_of_nodes() < sample_graph.number_of_nodes() / 5


@pytest.mark.parametrize(("kind", "name"), [
    ("officer", "Jacky Odunoy"),  # misspelt: did you mean Jackie Odunoye?
    ("board", "Transformation Bored"),
    ("member", "Cllr Rabina Kahn"),
    ("directorate", "Resources"),  # two directorates have this name
    ("activity", "housing"),  # a dozen titles hold the word
    ("activity", "reduce homelesness"),  # no title: the closest ones are suggested
])
def test_unknown_or_ambiguous_names_fail_the_same_way(store, sample_graph, kind, name):
    with pytest.raises((nb.NotFound, nb.Ambiguous)) as whole:
        nb.select(sample_graph, **{kind: name})
    with pytest.raises(type(whole.value)) as stored:
        read_selection(store, kind, name)
    assert str(stored.value) == str(whole.value)
    if isinstance(whole.value, nb.NotFound):
        assert stored.value.suggestions


def test_officer_chain_from_a_store_of_the_hand_made_graph(tiny_graph, tmp_path):
    store = LadybugStore(tmp_path / "tiny.db")
    store.write_graph(tiny_graph, [])
    part, nh = read_neighbourhood(store, "officer", "officer:ann", "Officer")
    # counted by hand in test_neighbourhood: ann's items, what they are part of, the mayor over
    # a1, her directorate and a1's successor in 2013/14 (bob, who shares m2, is not drawn)
    assert nh.nodes == {"officer:ann", "m1", "m2", "a2", "a1", "p1", "t1", "a1next", "member:mayor",
                        "directorate:res"}
    assert nh.counts(part) == {"nodes": 10, "edges": 11}
    # ...but m2's tooltip names both its owners, so bob is read
    assert part.has_edge("officer:bob", "m2")
    # the rest of the graph is not read: a3 and its milestone, the audit board
    assert not {"a3", "m3", "board:audit"} & set(part.nodes)
