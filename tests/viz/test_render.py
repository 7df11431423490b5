"""The map page: self-contained, escaped, and the same counts as the selection."""

from __future__ import annotations

import json
import re
from importlib import resources

from graphmodel import neighbourhood as nb
from viz.maps import build_spec, write_map
from viz.render import get_renderer, json_for_script


def _data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S).group(1)
    return json.loads(block)


def test_page_has_every_node_and_edge_of_the_selection(tiny_graph, tmp_path):
    nh = nb.officer_chain(tiny_graph, "officer:ann")
    result = write_map(tiny_graph, nh, tmp_path / "m.html")
    html = result.path.read_text()
    data = _data(html)
    assert (result.nodes, result.edges) == (10, 11)
    assert len(data["nodes"]) == 10 and len(data["edges"]) == 11
    assert 'data-nodes="10" data-edges="11"' in html
    assert "3 items · 2 open · 2 late" in html
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["officer:ann"]["focus"] and (by_id["officer:ann"]["x"], by_id["officer:ann"]["y"]) == (0.0, 0.0)
    assert by_id["a1next"]["dashed"] is False  # no --plan: every year is asked for
    tip = by_id["m1"]["tip"]
    assert tip["source"] == "doc.txt:1" and tip["status"] == "Completed"


def test_other_plan_years_are_marked(tiny_graph):
    spec = build_spec(tiny_graph, nb.officer_chain(tiny_graph, "officer:ann", plans=["2012/13"]))
    other = next(n for n in spec.nodes if n.id == "a1next")
    assert other.dashed and "(2013/14)" in other.label


def test_document_text_cannot_break_out(tiny_graph, tmp_path):
    evil = '</script><script>alert("x")</script><img src=x onerror=alert(1)> & \u2028'
    tiny_graph.nodes["m1"]["title"] = evil
    tiny_graph.nodes["m1"]["comments"] = evil
    tiny_graph.nodes["officer:ann"]["name"] = "<b>Ann</b>"
    html = write_map(tiny_graph, nb.officer_chain(tiny_graph, "officer:ann"), tmp_path / "m.html").path.read_text()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>Ann</b>" not in html
    assert "&lt;b&gt;Ann&lt;/b&gt;" in html  # the title line, escaped
    node = next(n for n in _data(html)["nodes"] if n["id"] == "m1")
    assert node["tip"]["title"] == evil  # the text itself survives, as text
    assert json_for_script("</script>") == '"\\u003c/script\\u003e"'


def test_page_loads_nothing_from_the_network(tiny_graph, tmp_path):
    html = write_map(tiny_graph, nb.officer_chain(tiny_graph, "officer:ann"), tmp_path / "m.html").path.read_text()
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)=', html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "sourceMappingURL" not in html
    assert "vis.Network" in html


def test_vendored_files_keep_their_licence():
    vendor = resources.files("viz").joinpath("vendor")
    names = {p.name for p in vendor.iterdir()}
    assert {"vis-network.min.js", "LICENSE-vis-network-MIT", "LICENSE-vis-network-APACHE-2.0", "README.md"} <= names
    head = vendor.joinpath("vis-network.min.js").read_text()[:800]
    assert "@version 9.1.9" in head and "dual licensed" in head


def test_unknown_renderer():
    import pytest

    with pytest.raises(ValueError, match="no map renderer"):
        get_renderer("graphviz")
