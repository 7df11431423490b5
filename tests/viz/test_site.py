"""graph site on the five sample documents: the pages there are, links that resolve inside the
folder, figures equal to graph workload/slippage/carry --json, the downloads, the folder rules."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import networkx as nx
import pytest
from lxml import etree
from lxml import html as lxml_html
from typer.testing import CliRunner

from cli.app import app
from tests.viz.sitecheck import pages, refs, resolve

runner = CliRunner()


def cli_json(*args) -> object:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def tree(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def cells(table) -> list[list[str]]:
    return [[" ".join(td.text_content().split()) for td in tr.findall("td")] for tr in table.find("tbody").findall("tr")]


# ---------------------------------------------------------------- what pages there are


def test_pages_for_every_officer_plan_year_and_activity(sample_site, sample_graph):
    g = sample_graph
    labels = nx.get_node_attributes(g, "label")
    count = {lab: sum(1 for v in labels.values() if v == lab) for lab in set(labels.values())}
    assert (sample_site / "index.html").is_file() and (sample_site / "search.html").is_file()
    officers = [p for p in (sample_site / "officers").glob("*.html") if p.name != "index.html"]
    assert len(officers) == count["Officer"] == 59 >= 55
    plans = sorted(p.name for p in (sample_site / "plans").glob("*.html") if p.name != "index.html")
    # the samples' five plan years (one document each; see examples/README.md)
    assert plans == ["2007-08.html", "2012-13.html", "2014-15.html", "2017-18.html", "2019-20.html"]
    from viz.site.paths import CARRIED, SitePaths

    lists = {sample_site / p for p in [*SitePaths(g).activity_list.values(), CARRIED, "activities/index.html"]}
    activities = [p for p in (sample_site / "activities").glob("*.html") if p not in lists]
    assert len(activities) == count["Activity"]
    # a list per plan year, and the chains
    assert sorted(p.name for p in lists) == ["2007-08.html", "2012-13.html", "2014-15.html", "2017-18.html", "2019-20.html",
                                             "carried.html", "index.html"]
    assert all(p.is_file() for p in lists)
    for folder, label in (("directorates", "Directorate"), ("boards", "Board"), ("members", "Member")):
        assert len([p for p in (sample_site / folder).glob("*.html") if p.name != "index.html"]) == count[label]


def test_the_json_summary_counts_the_pages(sample_store, tmp_path):
    out = tmp_path / "s"
    summary = cli_json("site", "--out", out, "--store", sample_store, "--json")
    assert summary["pages"]["officer"] == 59 and summary["pages"]["index"] == 1
    assert summary["total_pages"] == len(pages(out))
    biggest = summary["biggest_page"]
    assert (out / biggest["path"]).stat().st_size == biggest["bytes"] == max(p.stat().st_size for p in pages(out))


# ---------------------------------------------------------------- links


def check_links(site: Path) -> tuple[int, list[str], list[str]]:
    """(links checked, links leaving the folder, broken links or anchors) of every page of ``site``."""
    broken, outside, checked = [], [], 0
    ids_of: dict[Path, set[str]] = {}
    all_refs = []
    for page in pages(site):
        found, ids = refs(page)
        ids_of[page.resolve()] = ids
        all_refs += found
    for ref in all_refs:
        target, frag = resolve(ref, site)
        if target is None:
            outside.append(f"{ref.page.name}: {frag}")
            continue
        checked += 1
        if not target.is_file():
            broken.append(f"{ref.page.relative_to(site)} -> {ref.value}")
        elif frag and target.suffix == ".html" and frag not in ids_of.get(target, set()):
            broken.append(f"{ref.page.relative_to(site)} -> {ref.value} (no #{frag})")
    return checked, outside, broken


def test_every_link_resolves_inside_the_folder(sample_site):
    checked, outside, broken = check_links(sample_site)
    assert checked > 10_000
    assert outside == []
    assert broken == []


def test_nothing_names_anything_outside_the_folder(sample_site):
    """No URL with a scheme or host in any page, script or style (vis-network's licence
    comment and SVG namespace aside, which are never fetched)."""
    pattern = re.compile(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:|//)|url\(\s*["']?(?:https?:|//)|@import""",
                         re.IGNORECASE)
    for path in list(pages(sample_site)) + list((sample_site / "assets").iterdir()):
        text = path.read_text(encoding="utf-8")
        assert not pattern.search(text), path
    for page in pages(sample_site):
        html = page.read_text(encoding="utf-8")
        assert "connect-src 'none'" in html  # the CSP forbids every fetch as a second guard
        for m in re.finditer(r'<script[^>]*\bsrc="([^"]+)"', html):
            assert not re.match(r"[a-z]+:|//", m.group(1)), (page, m.group(1))


def test_vis_network_is_written_once(sample_site):
    copies = [p for p in sample_site.rglob("*") if p.is_file() and "vis-network" in p.name and p.suffix == ".js"]
    assert [p.relative_to(sample_site).as_posix() for p in copies] == ["assets/vis-network.min.js"]
    andy = (sample_site / "officers" / "andy-bamber.html").read_text(encoding="utf-8")
    assert '<script src="../assets/vis-network.min.js">' in andy
    assert "vis.Network" not in andy  # the library is not inlined into the page


def test_each_page_holds_only_its_own_map(sample_site, sample_graph):
    from graphmodel import neighbourhood as nb
    from viz.site.paths import SitePaths

    page = tree(sample_site / "officers" / "andy-bamber.html")
    data = json.loads(page.get_element_by_id("graph-data").text)
    nh = nb.officer_chain(sample_graph, "officer:andy-bamber")
    # people and groups keep their ids; an item's long id is shortened to i<n> (compact map data)
    ids = [n["id"] for n in data["nodes"]]
    assert len(ids) == len(set(ids)) == len(nh.nodes)
    assert {i for i in ids if not re.fullmatch(r"i\d+", i)} == {n for n in nh.nodes if not n.startswith("item:")}
    # each node still opens its own page: the items' links are the links of the map's items
    paths = SitePaths(sample_graph)
    assert sorted(data["urls"].values()) == sorted(paths.href(n) for n in nh.nodes if paths.target(n))
    assert {e["from"] for e in data["edges"]} | {e["to"] for e in data["edges"]} <= set(ids)
    assert len(page.findall(".//script[@type='application/json']")) == 1


# ---------------------------------------------------------------- figures equal the analyses


def test_index_figures_equal_the_cli_json(sample_site, sample_store):
    index = tree(sample_site / "index.html")
    data = json.loads((sample_site / "downloads" / "figures.json").read_text(encoding="utf-8"))
    workload = cli_json("workload", "--json", "--store", sample_store)
    slippage = cli_json("slippage", "--json", "--store", sample_store)
    carry = cli_json("carry", "--json", "--store", sample_store)
    assert data["workload"] == workload
    assert data["slippage"] == slippage
    assert data["carry"] == carry
    figures = cli_json("figures", "--json", "--store", sample_store)
    assert data["figures"] == figures
    shown = cells(index.get_element_by_id("headline-table"))
    keys = ["items", "open", "late", "completed", "unowned", "sole_owned", "carried_forward", "carried_unfinished",
            "dropped"]
    assert [[r[0], *map(int, r[1:])] for r in shown] == [[f["plan"], *(f[k] for k in keys)] for f in figures]
    # and the tables the page shows say the same
    shown = cells(index.get_element_by_id("workload-table"))
    ranked = sorted(workload["rows"], key=lambda r: (-r["total"], r["plan"], r["officer"]))
    assert [[r[0], r[1], int(r[2]), int(r[3]), int(r[4]), int(r[5])] for r in shown] == [
        [r["plan"], r["officer"], r["total"], r["open"], r["late"], r["sole_owned"]] for r in ranked[: len(shown)]]
    # Andy Bamber's 2012/13 row: 43 items (the 2012/13 document names him as owner on 43 lines)
    assert ["2012/13", "Andy Bamber", "43", "7", "7", "9", "12.1%"] in shown
    conc = cells(index.get_element_by_id("concentration-table"))
    assert [[r[0], int(r[1]), int(r[2]), r[3]] for r in conc] == [
        [c["plan"], c["holders"], c["assignments"], f"{c['gini']:.3f}"] for c in workload["concentration"]]
    for by in ("officer", "directorate", "member"):
        rows = cells(index.get_element_by_id(f"slippage-{by}"))
        assert [[r[0], int(r[1]), int(r[2]), int(r[4])] for r in rows] == [
            [r[by], r["n"], r["late"], r["slipped"]] for r in slippage[by]["rows"][:15]]
    s = carry["summary"]
    summary = index.get_element_by_id("carry-summary").text_content()
    assert summary.startswith(f"{s['links']} carry-forward links in {s['chains']} chains; the longest has {s['longest']}")
    assert len(cells(index.get_element_by_id("carry-chains"))) == min(30, len(carry["chains"]))


def test_andy_bambers_page_lists_his_items_and_figures(sample_site, sample_store):
    page = tree(sample_site / "officers" / "andy-bamber.html")
    workload = cli_json("workload", "--json", "--store", sample_store)
    mine = [r for r in workload["rows"] if r["officer"] == "Andy Bamber"]
    shown = cells(page.get_element_by_id("officer-workload"))
    assert [[r[0], int(r[1]), int(r[2]), int(r[3]), int(r[4])] for r in shown] == [
        [r["plan"], r["total"], r["open"], r["late"], r["sole_owned"]] for r in mine]
    items = page.get_element_by_id("items")
    per_year = {h.get("id"): len(t.find("tbody").findall("tr"))
                for h, t in zip(items.findall("h3"), items.findall("table"), strict=True)}
    # the 2012/13 monitoring appendix names him on 43 owner lines; in the 2014/15 action plan he owns 47
    # (44 rows name him, and an owner printed once for a list owns its three rows too: 90 items in all,
    # checked against the documents with the loaders' fidelity fixes)
    examples = Path(__file__).resolve().parents[2] / "examples"
    assert (examples / "000_ce323507d3fb21cd.txt").read_text(encoding="utf-8").count("Andy Bamber") == 43
    assert per_year == {"y-2012-13": 43, "y-2014-15": 47}
    assert sum(r["total"] for r in mine) == 90
    text = " ".join(items.text_content().split())
    # a milestone of his in the 2012/13 document, with its source line
    assert "000_ce323507d3fb21cd.txt:" in text
    carry = cli_json("carry", "--json", "--store", sample_store)
    row = next(r for r in carry["officers"] if r["officer"] == "Andy Bamber")
    assert page.get_element_by_id("officer-carry").text_content() == (
        f"Carried forward: {row['carried']} of {row['items']} items, {row['carried_unfinished']} unfinished.")


def test_directorate_page_workload_equals_cli(sample_site, sample_store):
    page = tree(sample_site / "directorates" / "clc.html")
    wl = cli_json("workload", "--directorate", "CLC", "--json", "--store", sample_store)
    shown = cells(page.get_element_by_id("directorate-workload"))
    assert [[r[0], r[1], int(r[2]), int(r[3]), int(r[4])] for r in shown] == [
        [r["plan"], r["officer"], r["total"], r["open"], r["late"]] for r in wl["rows"]]


def test_activity_page_shows_its_chain_across_years(sample_site, sample_graph):
    g = sample_graph
    # "Deliver regeneration at Robin Hood Gardens ..." (2012/13, completed) carried into 2014/15
    older = next(n for n, d in g.nodes(data=True) if d.get("label") == "Activity" and d.get("plan") == "2012/13"
                 and (d.get("title") or "").startswith("Deliver regeneration at Robin Hood Gardens"))
    from viz.site.paths import SitePaths

    page = tree(sample_site / SitePaths(g).page[older])
    cards = page.get_element_by_id("timeline").find_class("card")
    years = [c.find_class("year")[0].text_content() for c in cards]
    assert years == ["2012/13", "2014/15"]
    assert "Completed" in cards[0].text_content()
    assert "Jackie Odunoye" in cards[0].text_content()
    facts = {tr.find("th").text_content(): tr.find("td").text_content()
             for tr in page.get_element_by_id("facts").iter("tr")}
    assert facts["source"] == f"{g.nodes[older]['source']}:{g.nodes[older]['line']}"
    assert facts["status (latest)"] == "Completed" and facts["owners"] == "Jackie Odunoye"
    milestones = page.get_element_by_id("milestones").find(".//tbody").findall("tr")
    assert len(milestones) == sum(1 for u, v, k in g.in_edges(older, keys=True)
                                  if k == "PART_OF" and g.nodes[u]["label"] == "Milestone") > 0
    for tr in milestones:  # every fact says where it was printed
        assert re.search(r"\.txt:\d+$", tr.findall("td")[-1].text_content())


# ---------------------------------------------------------------- downloads


def test_downloads_equal_graph_export(sample_site, sample_store):
    result = runner.invoke(app, ["export", "items", "--store", str(sample_store)])
    assert (sample_site / "downloads" / "items.jsonl").read_text(encoding="utf-8") == result.stdout
    result = runner.invoke(app, ["export", "lineage", "--store", str(sample_store)])
    assert (sample_site / "downloads" / "lineage.jsonl").read_text(encoding="utf-8") == result.stdout
    result = runner.invoke(app, ["export", "items", "--format", "csv", "--store", str(sample_store)])
    assert (sample_site / "downloads" / "items.csv").read_text(encoding="utf-8") == result.stdout
    assert result.stdout.startswith("source,line,")
    assert (sample_site / "downloads" / "lineage.csv").read_text(encoding="utf-8").startswith("later_source,")


def test_graphml_is_valid_and_holds_the_whole_graph(sample_site, sample_graph):
    path = sample_site / "downloads" / "graph.graphml"
    root = etree.parse(str(path)).getroot()
    assert root.tag == "{http://graphml.graphdrawing.org/xmlns}graphml"
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == sample_graph.number_of_nodes()
    assert back.number_of_edges() == sample_graph.number_of_edges()
    assert back.nodes["officer:andy-bamber"]["name"] == "Andy Bamber"


# ---------------------------------------------------------------- the folder


def test_refuses_a_folder_that_is_not_a_site(sample_store, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = runner.invoke(app, ["site", "--out", str(out), "--store", str(sample_store)])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1
    assert "--force" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    result = runner.invoke(app, ["site", "--out", str(out), "--store", str(sample_store), "--force"])
    assert result.exit_code == 0, result.output
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me" and (out / "index.html").is_file()


def test_writing_again_over_a_site_replaces_its_pages(sample_store, tmp_path):
    out = tmp_path / "s"
    assert runner.invoke(app, ["site", "--out", str(out), "--store", str(sample_store)]).exit_code == 0
    stale = out / "officers" / "someone-gone.html"
    stale.write_text("old", encoding="utf-8")
    assert runner.invoke(app, ["site", "--out", str(out), "--store", str(sample_store)]).exit_code == 0
    assert not stale.exists()


def test_a_missing_store_is_one_error_line(tmp_path):
    result = runner.invoke(app, ["site", "--out", str(tmp_path / "s"), "--store", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ") and "Traceback" not in result.output


@pytest.mark.parametrize("word", ["andy", "bamber"])
def test_search_index_holds_the_officer(sample_site, word):
    text = (sample_site / "assets" / "search-index.js").read_text(encoding="utf-8")
    data = json.loads(text[text.index("{"): text.rindex("}") + 1])
    i = data["vocab"].index(word)
    names = [data["entries"][e][1] for e in data["postings"][i]]
    assert "Andy Bamber" in names
    entry = next(e for e in data["entries"] if e[1] == "Andy Bamber")
    assert entry[0] == "officer" and entry[3] == "officers/andy-bamber.html"


def test_status_over_time_lists_every_reports_reading(sample_graph):
    """Once an item is read by several reports (READS edges), its row lists each reading in date order."""
    from viz.site import figures as fig
    from viz.site import pages
    from viz.site.context import build_site

    g = sample_graph.copy()
    item = next(v for _, v, k in g.out_edges("officer:andy-bamber", keys=True) if k == "OWNS")
    assert len(fig.readings(g, item)) == 1  # the samples: one report per plan year
    g.add_node("report:later", label="Report", report_kind="quarterly", name="later")
    g.add_edge("report:later", item, key="READS", type="READS", as_of="2013-06-30", status="Delayed", percent=60,
               deadlines=[], comments=None, source="later.txt", line=7)
    readings = fig.readings(g, item)
    assert [r["status"] for r in readings][-1] == "Delayed" and len(readings) == 2
    cell = pages.readings_cell(build_site(g, fig.compute(g)), item)
    assert cell.startswith('<ol class="readings">') and cell.count("<li>") == 2
    assert "2013-06-30: Delayed (60%)" in cell


# ---------------------------------------------------------------- activities, a list per plan year


def test_activities_are_listed_per_plan_year(sample_site, sample_graph, sample_store):
    """activities/index.html lists the plan years (each row keeps the id its year's section had,
    so older links to index.html#y-2012-13 still land); each year's page lists its activities."""
    from viz.site.paths import SitePaths

    g = sample_graph
    paths = SitePaths(g)
    index = tree(sample_site / "activities" / "index.html")
    rows = index.get_element_by_id("list").find("tbody").findall("tr")
    acts = [n for n, d in g.nodes(data=True) if d.get("label") == "Activity"]
    per_year = {p: sum(1 for n in acts if g.nodes[n]["plan"] == p) for p in {g.nodes[n]["plan"] for n in acts}}
    shown = {r.findall("td")[0].text_content(): int(r.findall("td")[1].text_content()) for r in rows}
    assert shown == per_year and sum(shown.values()) == len(acts) == 314
    assert [r.get("id") for r in rows] == ["y-2007-08", "y-2012-13", "y-2014-15", "y-2017-18", "y-2019-20"]
    listed = []
    for plan, path in paths.activity_list.items():
        links = [a.get("href") for a in tree(sample_site / path).get_element_by_id("list").iter("a")
                 if "/activities/" in a.get("href")]
        assert len(links) == per_year[plan]
        listed += links
    assert sorted(listed) == sorted(f"../{paths.page[n]}" for n in acts)  # each activity on one list
    # the carry-forward chains moved to their own page; the index's #carried still leads there
    assert index.get_element_by_id("carried").find("a").get("href") == "../activities/carried.html"
    carry = cli_json("carry", "--json", "--store", sample_store)
    chains = tree(sample_site / "activities" / "carried.html").get_element_by_id("list")
    assert len(chains.find("tbody").findall("tr")) == len(carry["chains"])


def test_a_plan_year_with_one_report_says_so_in_one_line(sample_site):
    """Each sample is the only report of its plan year (tests/test_reports.py)."""
    page = tree(sample_site / "plans" / "2012-13.html")
    section = page.get_element_by_id("movement")
    assert section.find("h2").text_content() == "How statuses moved between reports"
    line = page.get_element_by_id("movement-one").text_content()
    assert line.startswith("One report reads this plan year (000_ce323507d3fb21cd.txt, ")
    assert line.endswith("statuses cannot move between reports.")
    assert section.find(".//table") is None
    assert not list((sample_site / "plans").glob("*-readings.html"))


# ---------------------------------------------------------------- how statuses moved: the 2017/18 sample and its Q3 copy


Q2 = Path(__file__).resolve().parents[2] / "examples" / "002_ec2567edfe30a260.txt"
Q3 = Path(__file__).resolve().parents[1] / "data" / "002_q3_2017.txt"
GROWTH = "Develop a Growth Strategy in collaboration with local partners, businesses and residents"
BUSINESSES = "160 businesses assisted to improve their retail and marketing performance (80 by 30/09/17)"
RATES = "Increase awareness of potential increase in cost of business rates"
NEW = "Launch the Start Up Ready programme for 30 new entrepreneurs"


def two_report_site(root: Path) -> tuple[Path, Path]:
    """(store, site) in ``root`` of the 2017/18 sample loaded as the position at 30 September
    2017 and its hand-made Q3 copy (tests/data/002_q3_2017.txt; its diff is in tests/test_movement.py)."""
    store, out = root / "graph.db", root / "site"
    for args in (["load", Q2, "--as-of", "2017-09-30"], ["load", Q3]):
        result = runner.invoke(app, [str(a) for a in [*args, "--store", store]])
        assert result.exit_code == 0, result.output
    cli_json("site", "--out", out, "--store", store, "--json")
    return store, out


@pytest.fixture(scope="module")
def two_reports(tmp_path_factory) -> tuple[Path, Path]:
    return two_report_site(tmp_path_factory.mktemp("two-reports"))


def _list_titles(page, anchor: str) -> list[str]:
    """The titles (link texts) of the items listed under ``anchor``."""
    heading = page.get_element_by_id(anchor)
    return [li.find("a").text_content() for li in heading.getnext().findall("li")]


def test_plan_page_shows_how_statuses_moved(two_reports):
    """Checked by hand against the diff of the two documents: Growth Strategy fell behind (On
    Target -> Delayed) and its deadline moved (31/12/17 -> 31/03/18); 160 businesses completed;
    Start Up Ready is new; the business-rates deliverable is not printed in Q3."""
    store, site = two_reports
    page = tree(site / "plans" / "2017-18.html")
    reports = cells(page.get_element_by_id("plan-reports"))
    assert [r[:3] for r in reports] == [["2017-09-30", "quarterly", Q2.name], ["2017-12-31", "quarterly", Q3.name]]
    # columns: on target, late, completed, cancelled, no status, all; Q3 = Q2 with one on-target
    # reading gone to late and one to completed, one late reading left out, one on-target one new
    q2, q3 = ([int(x) for x in r[3:]] for r in reports)
    assert q3 == [q2[0] - 1, q2[1], q2[2] + 1, q2[3], q2[4], q2[5]]
    steps = cells(page.get_element_by_id("plan-steps"))
    # fell behind, late -> completed, completed, deadline moved, new, not reported since
    assert steps == [["2017-09-30 quarterly → 2017-12-31 quarterly", "1", "0", "1", "1", "1", "1"]]
    assert _list_titles(page, "mv-0-fell_behind") == [GROWTH]
    assert _list_titles(page, "mv-0-moved") == [GROWTH]
    assert _list_titles(page, "mv-0-completed") == [BUSINESSES]
    assert _list_titles(page, "mv-0-new") == [NEW]
    assert [t[: len(RATES)] for t in _list_titles(page, "mv-0-unreported")] == [RATES]
    # each line says what the two readings printed, as graph history gives them
    history = cli_json("history", GROWTH, "--store", store, "--json")
    line = " ".join(page.get_element_by_id("mv-0-moved").getnext().find("li").text_content().split())
    before, after = history
    assert (f"{before['status']}, {before['percent']}%, due {before['deadlines'][-1]} → "
            f"{after['status']}, {after['percent']}%, due {after['deadlines'][-1]}") in line
    assert "On Target, 50%, due 2017-12-31 → Delayed, 60%, due 2018-03-31" in line  # the documents' lines 10 and 12
    # every count opens its list, every item its activity's page (a deliverable: its row there)
    links = [a.get("href") for a in page.get_element_by_id("movement").iter("a")]
    assert "#mv-0-fell_behind" in links and "../plans/2017-18-readings.html#r1-late" in links
    growth = next(a for a in page.get_element_by_id("mv-0-moved").getnext().iter("a"))
    assert growth.get("href").startswith("../activities/2017-18-1-1-1-") and "#i-item-" in growth.get("href")


def test_movement_figures_equal_graph_export_history(two_reports):
    """The per-report counts are graph export history's readings of activities and milestones by
    category; the transitions' totals are the stored items' fell_behind / moved /
    unreported_since columns."""
    from collections import Counter

    from graphmodel import definitions as defs
    from graphmodel.movement import CATEGORIES
    from graphmodel.schema import status_category

    store, site = two_reports
    page = tree(site / "plans" / "2017-18.html")
    reports = cells(page.get_element_by_id("plan-reports"))
    history = [json.loads(x) for x in runner.invoke(app, ["export", "history", "--store", str(store)])
               .stdout.splitlines()]
    for row in reports:
        counted = Counter(defs.category(status_category(r["status"]).value, r["percent"]) for r in history
                          if r["source"] == row[2] and r["kind"] in defs.WORK_KINDS)
        assert [int(x) for x in row[3:-1]] == [counted.get(c, 0) for c in CATEGORIES]
        assert int(row[-1]) == sum(counted.values())
    from graphmodel.store.ladybug import LadybugStore

    work = [r for label in ("Activity", "Milestone") for r in LadybugStore(store).query(
        f"MATCH (i:{label}) RETURN i.fell_behind AS fell_behind, i.moved AS moved, "
        "i.unreported_since AS unreported_since")]
    assert len(work) == 50 + 234
    steps = cells(page.get_element_by_id("plan-steps"))
    assert sum(int(r[1]) for r in steps) == sum(1 for i in work if i.get("fell_behind"))
    assert sum(int(r[4]) for r in steps) == sum(1 for i in work if i.get("moved"))
    assert sum(int(r[6]) for r in steps) == sum(1 for i in work if i.get("unreported_since"))


def test_readings_page_lists_each_reports_items_by_status(two_reports):
    store, site = two_reports
    plan = tree(site / "plans" / "2017-18.html")
    readings = tree(site / "plans" / "2017-18-readings.html")
    for k, row in enumerate(cells(plan.get_element_by_id("plan-reports"))):
        for c, count in zip(("on_target", "late", "completed", "cancelled", "unknown"), row[3:-1], strict=True):
            if int(count):
                assert len(readings.get_element_by_id(f"r{k}-{c}").getnext().findall("li")) == int(count)
    late_q3 = [li.text_content() for li in readings.get_element_by_id("r1-late").getnext().findall("li")]
    assert any(t.startswith(GROWTH) and "Delayed, 60%" in t for t in late_q3)
    assert not any(t.startswith(RATES) for t in late_q3)  # not printed in Q3
    checked, outside, broken = check_links(site)
    assert checked > 1000 and outside == [] and broken == []


def test_site_readings_are_graph_history(two_reports):
    """The readings the site reads in one pass are each item's readings as graph who/history give them."""
    from graphmodel.store.ladybug import LadybugStore
    from viz.site import figures as fig

    g = LadybugStore(two_reports[0]).read_graph()
    every = fig.all_readings(g)
    assert len(every) == 296  # 295 items printed by Q2, one more by Q3
    assert all(every[n] == fig.readings(g, n) for n in every)


def test_movement_shows_document_text_as_text(tmp_path):
    """A new deliverable whose title holds markup characters (in a Q3 copy; the loaders drop
    whole tags, so what is left is the characters) shows as text in the plan page's lists and on
    the readings page."""
    odd = 'Fish & "chips" for 1 < 2 <b onclick=alert(1)'
    q3 = tmp_path / "002_q3_odd.txt"
    q3.write_text(Q3.read_text(encoding="utf-8").replace(NEW, f"{odd} {NEW}", 1), encoding="utf-8")
    store, out = tmp_path / "graph.db", tmp_path / "site"
    for args in (["load", Q2, "--as-of", "2017-09-30"], ["load", q3]):
        assert runner.invoke(app, [str(a) for a in [*args, "--store", store]]).exit_code == 0
    (row,) = cli_json("history", "Start Up Ready", "--store", store, "--json")
    title = row["title"]
    assert "&" in title and '"' in title and "<" in title and title.endswith(NEW)
    cli_json("site", "--out", out, "--store", store, "--json")
    for name, anchor in (("2017-18.html", "mv-0-new"), ("2017-18-readings.html", "r1-on_target")):
        page = tree(out / "plans" / name)
        items = page.get_element_by_id(anchor).getnext()
        assert title in [li.find("a").text_content() for li in items.iter("li")]
        assert not [el for el in page.iter() if el.get("onclick")]
        html = (out / "plans" / name).read_text(encoding="utf-8")
        assert f">{escape(title)}</a>" in html
