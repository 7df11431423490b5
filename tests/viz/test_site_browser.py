"""The site of the samples in headless Chromium with the network off: every page opens with no
console error and no request outside the folder, maps draw, search forgives misspellings.
Screenshots go to tests/_artifacts/."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.viz.browser import CANVAS_INK, available, chromium, visit, wait_until
from tests.viz.sitecheck import pages

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"
MAP_READY = "window.civicgraphMap && window.civicgraphMap.ready"
LOADED = "document.readyState === 'complete'"

pytestmark = pytest.mark.skipif(available() is not None, reason=str(available()))


@pytest.fixture(scope="module")
def browser():
    with chromium() as context:
        yield context


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"site-{name}.png"))


def test_crawl_every_page(browser, sample_site):
    """Each page in one tab: no console error, no failed or outside request, maps drawn."""
    page = browser.new_page()
    root = sample_site.resolve().as_uri() + "/"
    outside, failed, errors = [], [], []
    current = {"url": ""}

    def route(r):
        url = r.request.url
        if url.startswith(root):
            r.continue_()
        else:
            outside.append((current["url"], url))
            r.abort()

    page.route("**/*", route)
    page.on("requestfailed", lambda req: failed.append((current["url"], req.url)))
    page.on("console", lambda msg: errors.append((current["url"], msg.text)) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append((current["url"], f"uncaught: {exc}")))
    maps = 0
    try:
        for path in pages(sample_site):
            current["url"] = path.resolve().as_uri()
            page.goto(current["url"], wait_until="load")
            if page.evaluate("!!document.getElementById('graph-data')"):
                wait_until(page, MAP_READY)
                maps += 1
    finally:
        page.close()
    assert maps >= 59 + 314
    assert outside == []
    assert failed == []
    assert errors == []


def test_index_renders_offline(browser, sample_site):
    with visit(browser, sample_site / "index.html", wait_for=LOADED, allowed=sample_site) as v:
        page = v.page
        assert page.evaluate("getComputedStyle(document.querySelector('header.site')).display") == "flex"  # css loaded
        rows = page.evaluate("document.querySelectorAll('#workload-table tbody tr').length")
        assert rows == 25
        assert "Andy Bamber" in page.inner_text("#workload-table")
        shot(page, "index")
        assert v.leaked == [] and v.console_errors == []


def test_andy_bambers_page_draws_his_map_and_lists_his_items(browser, sample_site):
    with visit(browser, sample_site / "officers" / "andy-bamber.html", wait_for=MAP_READY, allowed=sample_site) as v:
        page = v.page
        ink = page.evaluate(CANVAS_INK)
        assert ink["width"] > 500 and ink["ink"] > 2000, ink
        state = page.evaluate("({nodes: civicgraphMap.nodes, data: +document.getElementById('map').dataset.nodes})")
        assert state["nodes"] == state["data"] > 100
        # his 90 items: 43 in the 2012/13 document, 47 in the 2014/15 one
        assert page.evaluate("document.querySelectorAll('#items table.items tbody tr').length") == 90
        assert page.is_visible("#legend-box")
        page.evaluate("document.getElementById('map-section').scrollIntoView()")
        shot(page, "officer")
        assert v.leaked == [] and v.console_errors == []


def test_a_map_node_opens_its_page(browser, sample_site):
    with visit(browser, sample_site / "officers" / "andy-bamber.html", wait_for=MAP_READY, allowed=sample_site) as v:
        page = v.page
        page.evaluate("document.getElementById('map-section').scrollIntoView()")
        xy = page.evaluate(
            """() => { const n = civicgraphMap.network; const p = n.canvasToDOM(n.getPosition('directorate:clc'));
                 const r = document.getElementById('map').getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }""")
        page.mouse.click(*xy)
        page.wait_for_url("**/directorates/clc.html")
        assert v.leaked == []


@pytest.mark.parametrize("query", ["Andy Bambr", "andy bamber", "Bamber"])
def test_search_finds_an_officer_from_a_misspelt_name(browser, sample_site, query):
    with visit(browser, sample_site / "index.html", wait_for=LOADED, allowed=sample_site) as v:
        page = v.page
        page.fill("header.site input[name=q]", query)
        page.click("header.site button[type=submit]")
        page.wait_for_url("**/search.html?q=*")
        wait_until(page, "window.civicgraphSearch && document.getElementById('search-count').textContent !== ''")
        first = page.query_selector("#results li a")
        assert first.inner_text() == "Andy Bamber"
        assert first.get_attribute("href") == "officers/andy-bamber.html"
        if query == "Andy Bambr":
            shot(page, "search")
        first.click()
        page.wait_for_url("**/officers/andy-bamber.html")
        assert v.leaked == [] and v.console_errors == []


def test_search_for_nothing_says_so(browser, sample_site):
    with visit(browser, sample_site / "search.html", wait_for=LOADED, allowed=sample_site) as v:
        page = v.page
        page.fill("#q", "zzzzqqqq")
        page.press("#q", "Enter")
        wait_until(page, "document.getElementById('search-count').textContent !== ''")
        assert page.inner_text("#search-count") == "Nothing found for “zzzzqqqq”"
        assert page.evaluate("document.querySelectorAll('#results li').length") == 0


def test_directorate_and_activity_pages(browser, sample_site, sample_graph):
    from viz.site.paths import SitePaths

    with visit(browser, sample_site / "directorates" / "clc.html", wait_for=MAP_READY, allowed=sample_site) as v:
        assert v.page.evaluate(CANVAS_INK)["ink"] > 2000
        v.page.evaluate("document.getElementById('map-section').scrollIntoView()")
        shot(v.page, "directorate")
        assert v.leaked == [] and v.console_errors == []
    g = sample_graph
    act = next(n for n, d in g.nodes(data=True) if d.get("label") == "Activity" and d.get("plan") == "2014/15"
               and (d.get("title") or "").startswith("Deliver regeneration at Robin Hood Gardens"))
    with visit(browser, sample_site / SitePaths(g).page[act], wait_for=MAP_READY, allowed=sample_site) as v:
        assert v.page.evaluate("document.querySelectorAll('#timeline .card').length") == 2
        shot(v.page, "activity")
        v.page.evaluate("document.getElementById('map-section').scrollIntoView()")
        shot(v.page, "activity-map")
        assert v.leaked == [] and v.console_errors == []


RECTS = """() => { const r = (s) => { const b = document.querySelector(s).getBoundingClientRect();
                                  return [b.left, b.top, b.right, b.bottom]; };
              return {map: r('#map'), legend: r('#legend-box')}; }"""


def _apart(a, b) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_legend_is_beside_the_map_and_arrows_bend(browser, sample_site, sample_graph, tmp_path):
    from graphmodel import neighbourhood as nb
    from viz.maps import write_map

    standalone = write_map(sample_graph, nb.officer_chain(sample_graph, "officer:andy-bamber"), tmp_path / "m.html").path
    for path, allowed in ((standalone, None), (sample_site / "officers" / "andy-bamber.html", sample_site)):
        with visit(browser, path, wait_for=MAP_READY, allowed=allowed) as v:
            rects = v.page.evaluate(RECTS)
            assert _apart(rects["map"], rects["legend"]), rects
            assert rects["map"][2] - rects["map"][0] > 700
            # carried-forward arrows are curves, so they never lie on an owner's straight edge
            smooth = v.page.evaluate("""() => { const es = civicgraphMap.network.body.edges;
                return Object.values(es).map(e => [e.options.title, e.options.smooth.enabled]); }""")
            assert {s for t, s in smooth if t == "succeeds"} == {True}
            assert {s for t, s in smooth if t == "owns"} == {False}
            # folding the legend gives the map the width
            v.page.click("#legend-box summary")
            assert v.page.evaluate(RECTS)["map"][2] > rects["map"][2]
            assert v.leaked == [] and v.console_errors == []


def test_plan_year_page_shows_how_statuses_moved(browser, tmp_path_factory):
    """The 2017/18 sample and its Q3 copy: the plan-year page's new section renders offline, its
    counts open the lists below, and the readings page opens from a count; screenshots of both."""
    from tests.viz.test_site import two_report_site

    _, site = two_report_site(tmp_path_factory.mktemp("two-reports-browser"))
    with visit(browser, site / "plans" / "2017-18.html", wait_for=LOADED, allowed=site) as v:
        page = v.page
        assert page.evaluate("document.querySelectorAll('#plan-reports tbody tr').length") == 2
        assert page.inner_text("#plan-steps tbody tr td:nth-child(2)") == "1"  # fell behind
        page.evaluate("document.getElementById('movement').scrollIntoView()")
        shot(page, "plan-movement")
        page.click("#plan-steps a[href='#mv-0-fell_behind']")
        wait_until(page, "location.hash === '#mv-0-fell_behind'")
        assert page.inner_text("#mv-0-fell_behind + ul li a").startswith("Develop a Growth Strategy")
        shot(page, "plan-movement-lists")
        page.click("#plan-reports a[href$='#r1-late']")
        page.wait_for_url("**/plans/2017-18-readings.html#r1-late")
        wait_until(page, LOADED)
        assert page.inner_text("#r1-late").startswith("late (")
        shot(page, "plan-readings")
        assert v.leaked == [] and v.console_errors == []
