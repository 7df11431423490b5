"""The maps in a real browser: headless Debian Chromium, network off.

For the busiest officer of each sample document (and the busiest directorate) the test
opens the generated file and asserts the network was drawn (the canvas holds ink, and the
page holds exactly the selection's nodes and edges), no request left the page, no error
reached the console, hovering shows the item's details, and the busiest directorate is
interactive within 3 seconds. Screenshots go to tests/_artifacts/.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from graphmodel import neighbourhood as nb
from tests.viz.browser import CANVAS_INK, available, chromium, visit
from viz.maps import write_map

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))


@pytest.fixture(scope="module")
def browser():
    with chromium() as context:
        yield context


def busiest_officers(g) -> list[tuple[str, str, int]]:
    """(plan, officer id, items) of the officer owning most items in each plan year."""
    per_plan: dict[str, Counter] = {}
    for u, v, k in g.edges(keys=True):
        if k == "OWNS" and g.nodes[u].get("label") == "Officer":
            per_plan.setdefault(g.nodes[v]["plan"], Counter())[u] += 1
    return [(plan, *c.most_common(1)[0]) for plan, c in sorted(per_plan.items())]


def busiest_directorate(g) -> str:
    dirs = [n for n, d in g.nodes(data=True) if d.get("label") == "Directorate"]
    return max(dirs, key=lambda d: (len(nb.directorate_map(g, d).owned), d))


def check_page(v, nh, g, name: str, hover: str | None = None) -> dict:
    page = v.page
    counts = nh.counts(g)
    state = page.evaluate("({nodes: civicgraphMap.nodes, edges: civicgraphMap.edges, drawnAt: civicgraphMap.drawnAt,"
                          " dataNodes: +document.getElementById('map').dataset.nodes,"
                          " visNodes: civicgraphMap.network.body.data.nodes.length})")
    assert state["nodes"] == state["dataNodes"] == state["visNodes"] == counts["nodes"]
    assert state["edges"] == counts["edges"]
    ink = page.evaluate(CANVAS_INK)
    assert ink["width"] > 500 and ink["ink"] > 2000, ink
    if hover:
        xy = page.evaluate(
            """(id) => { const n = civicgraphMap.network; const p = n.canvasToDOM(n.getPosition(id));
                 const r = document.getElementById('map').getBoundingClientRect();
                 return [p.x + r.left, p.y + r.top]; }""", hover)
        page.mouse.move(xy[0] - 30, xy[1] - 30)
        page.mouse.move(*xy)
        tip = page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        text = tip.inner_text()
        d = g.nodes[hover]
        assert f"{d['source']}:{d['line']}" in text
        assert (d.get("title") or "")[:40] in " ".join(text.split())
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"map-{name}.png"))
    assert v.leaked == [], v.leaked
    assert v.console_errors == [], v.console_errors
    return state


def test_busiest_officer_of_each_document(browser, sample_graph, tmp_path):
    g = sample_graph
    seen = []
    for plan, officer, n_items in busiest_officers(g):
        nh = nb.officer_chain(g, officer, [plan])
        assert len(nh.owned) == n_items
        slug = f"officer-{plan.replace('/', '-')}-{officer.split(':')[-1]}"
        out = write_map(g, nh, tmp_path / f"{slug}.html").path
        first_item = sorted(nh.owned, key=lambda n: (g.nodes[n].get("line") or 0))[0]
        with visit(browser, out) as v:
            check_page(v, nh, g, slug, hover=first_item)
            title = v.page.inner_text("h1")
            h = nb.headline(g, nh.owned)
            assert g.nodes[officer]["name"] in title
            assert f"{h['items']} items · {h['open']} open · {h['late']} late" in title
        seen.append(plan)
    assert len(seen) >= 4  # every document with owners (the 2007/08 report names none)


def test_busiest_directorate_is_interactive_within_3_seconds(browser, sample_graph, tmp_path):
    g = sample_graph
    d = busiest_directorate(g)
    nh = nb.directorate_map(g, d)
    result = write_map(g, nh, tmp_path / "directorate.html")
    assert result.seconds < 3
    with visit(browser, result.path) as v:
        state = check_page(v, nh, g, "directorate-busiest")
        assert state["drawnAt"] < 3000, state
        # interactive: the search box finds and selects an officer
        officer = next(n for n in sorted(nh.nodes) if g.nodes[n].get("label") == "Officer")
        v.page.fill("#search-box", g.nodes[officer]["name"])
        v.page.press("#search-box", "Enter")
        v.page.wait_for_function("document.getElementById('search-result').textContent.includes('match')")
        assert officer in v.page.evaluate("civicgraphMap.network.getSelectedNodes()")
    (ARTIFACTS / "timings.json").write_text(json.dumps(
        {"directorate": d, "nodes": result.nodes, "edges": result.edges, "write_seconds": round(result.seconds, 3),
         "drawn_ms": round(state["drawnAt"])}, indent=2))


def test_hostile_text_shows_as_text(browser, tiny_graph, tmp_path):
    evil = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'
    tiny_graph.nodes["m1"]["title"] = evil
    tiny_graph.nodes["m1"]["comments"] = evil
    nh = nb.officer_chain(tiny_graph, "officer:ann")
    out = write_map(tiny_graph, nh, tmp_path / "evil.html").path
    with visit(browser, out) as v:
        state = check_page(v, nh, tiny_graph, "hostile-text", hover="m1")
        assert state["nodes"] == 10
        assert v.page.evaluate("window.__pwned === undefined")
        assert "<script>window.__pwned" in v.page.inner_text("div.vis-tooltip")


def test_report_opens_offline(browser, sample_graph, tmp_path):
    from viz.report import write_report

    out = write_report(sample_graph, tmp_path / "report.html").path
    with visit(browser, out, wait_for="document.readyState === 'complete'") as v:
        assert v.page.locator("section svg").count() >= 6
        v.page.locator("#slippage details summary").first.click()  # the items behind a figure, one click away
        assert v.page.locator("#slippage details[open] table").count() == 1
        ARTIFACTS.mkdir(exist_ok=True)
        v.page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
        assert v.leaked == [], v.leaked
        assert v.console_errors == [], v.console_errors
