from __future__ import annotations

import networkx as nx
import pytest
from typer.testing import CliRunner

from tests.conftest import EXAMPLES


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory):
    """A store holding the five sample documents, loaded once through the CLI."""
    from cli.app import app

    store = tmp_path_factory.mktemp("viz-store") / "graph.db"
    result = CliRunner().invoke(app, ["load", str(EXAMPLES), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


@pytest.fixture(scope="session")
def sample_graph(sample_store) -> nx.MultiDiGraph:
    from graphmodel.store.ladybug import LadybugStore

    return LadybugStore(sample_store).read_graph()


def add_item(g, node, kind, plan="2012/13", parent=None, status=None, cat="unknown", code=None, title=None,
             line=1, comments=None):
    g.add_node(node, label=kind.capitalize(), kind=kind, plan=plan, code=code, title=title or node,
               name=title or node, status=status, status_category=cat, percent=None, deadlines=[],
               deadline=None, source="doc.txt", line=line, comments=comments)
    if parent:
        g.add_edge(node, parent, key="PART_OF", type="PART_OF")


def edge(g, u, v, etype):
    g.add_edge(u, v, key=etype, type=etype)


@pytest.fixture
def tiny_graph() -> nx.MultiDiGraph:
    """A hand-made graph: one theme, two priorities, three activities, milestones, two officers,
    a lead member, a board, a directorate, and one activity carried forward into 2013/14."""
    g = nx.MultiDiGraph()
    g.add_node("plan:2012/13", label="Plan", name="2012/13", plan="2012/13")
    add_item(g, "t1", "theme", title="A Great Place to Live")
    edge(g, "t1", "plan:2012/13", "PART_OF")
    add_item(g, "p1", "priority", parent="t1", code="1.1", title="Priority one")
    add_item(g, "p2", "priority", parent="t1", code="1.2", title="Priority two")
    add_item(g, "a1", "activity", parent="p1", code="1.1.1", cat="completed", status="Completed")
    add_item(g, "a2", "activity", parent="p1", code="1.1.2", cat="late", status="Overdue")
    add_item(g, "a3", "activity", parent="p2", code="1.2.1", cat="on_target", status="On target")
    add_item(g, "m1", "milestone", parent="a1", cat="completed", status="Completed", title="First <b>milestone</b>")
    add_item(g, "m2", "milestone", parent="a1", cat="late", status="Delayed")
    add_item(g, "m3", "milestone", parent="a3", cat="on_target", status="On target")
    add_item(g, "a1next", "activity", plan="2013/14", code="2.1.1", cat="on_target", status="On target")
    edge(g, "a1next", "a1", "SUCCEEDS")
    g.add_node("officer:ann", label="Officer", name="Ann Smith")
    g.add_node("officer:bob", label="Officer", name="Bob Jones")
    g.add_node("member:mayor", label="Member", name="Executive Mayor")
    g.add_node("board:audit", label="Board", name="Audit Board")
    g.add_node("directorate:res", label="Directorate", name="RES", full_name="Resources")
    for item in ("m1", "m2", "a2"):
        edge(g, "officer:ann", item, "OWNS")
    edge(g, "officer:bob", "a3", "OWNS")
    edge(g, "officer:bob", "m3", "OWNS")
    edge(g, "officer:bob", "m2", "OWNS")
    edge(g, "member:mayor", "a1", "OWNS")
    edge(g, "board:audit", "a3", "MONITORS")
    edge(g, "officer:ann", "directorate:res", "WORKS_IN")
    edge(g, "officer:bob", "directorate:res", "WORKS_IN")
    return g


@pytest.fixture(scope="session")
def sample_site(sample_store, tmp_path_factory):
    """The site of the five sample documents, written once through ``graph site``."""
    from cli.app import app

    out = tmp_path_factory.mktemp("site") / "site"
    result = CliRunner().invoke(app, ["site", "--out", str(out), "--store", str(sample_store), "--json"])
    assert result.exit_code == 0, result.output
    return out
