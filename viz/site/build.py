"""Writing the site: every page, the shared assets (once), the search index and the downloads.

``write_site(g, out, corpus)`` fills the folder ``out`` and returns a ``SiteResult`` (pages per
kind, bytes, the biggest page, seconds). The folder must be empty, or a site written before
(it holds ``MARKER``; its pages are replaced), or ``force`` must be given.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from viz.render import asset, inline_script
from viz.site import figures as fig
from viz.site import pages
from viz.site.context import Site, build_site
from viz.site.paths import CARRIED, FOLDERS
from viz.site.search import build_index

MARKER = ".civicgraph-site"
ASSETS = {  # file in the site's assets/ -> (package folder, file)
    "site.css": ("templates", "site.css"),
    "map.js": ("templates", "map.js"),
    "search.js": ("templates", "search.js"),
    "vis-network.min.js": ("vendor", "vis-network.min.js"),
    "LICENSE-vis-network-MIT": ("vendor", "LICENSE-vis-network-MIT"),
    "LICENSE-vis-network-APACHE-2.0": ("vendor", "LICENSE-vis-network-APACHE-2.0"),
}
OWN_FOLDERS = [*FOLDERS.values(), "assets", "downloads"]


class SiteFolderError(Exception):
    """The output folder cannot take the site (not empty and not a site, or not a folder)."""


@dataclass
class SiteResult:
    out: Path
    pages: Counter = field(default_factory=Counter)  # kind -> pages written
    bytes: int = 0
    biggest: tuple[str, int] = ("", 0)  # (path from the root, bytes)
    downloads: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"out": str(self.out), "pages": dict(self.pages), "total_pages": sum(self.pages.values()),
                "bytes": self.bytes, "biggest_page": {"path": self.biggest[0], "bytes": self.biggest[1]},
                "downloads": self.downloads, "seconds": round(self.seconds, 3)}


def check_folder(out: Path, force: bool = False) -> None:
    """Refuse (``SiteFolderError``) a file, or a non-empty folder that holds no site unless ``force``;
    changes nothing."""
    if out.exists() and not out.is_dir():
        raise SiteFolderError(f"{out} is a file, not a folder")
    if out.exists() and any(out.iterdir()) and not (out / MARKER).exists() and not force:
        raise SiteFolderError(f"{out} is not empty and holds no civicgraph site")


def prepare(out: Path, force: bool = False) -> None:
    """Make ``out`` ready: created when missing; a site written before loses its old pages;
    any other non-empty folder is refused unless ``force``."""
    check_folder(out, force)
    if out.exists() and any(out.iterdir()):
        if (out / MARKER).exists():  # our own earlier site: its pages go, so none is left stale
            for name in OWN_FOLDERS:
                shutil.rmtree(out / name, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("written by graph site; the folder is replaced by the next graph site --out here\n",
                              encoding="utf-8")


def graphml_graph(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``g`` GraphML can hold: lists joined with '; ', None values left out."""
    def clean(data: dict) -> dict:
        out = {}
        for k, v in data.items():
            if v is None:
                continue
            if isinstance(v, list | tuple | set):
                v = "; ".join(str(x) for x in v)
            elif not isinstance(v, str | int | float | bool):
                v = str(v)
            out[k] = v
        return out

    h = nx.MultiDiGraph()
    h.add_nodes_from((n, clean(d)) for n, d in g.nodes(data=True))
    h.add_edges_from((u, v, k, clean(d)) for u, v, k, d in g.edges(keys=True, data=True))
    return h


def downloads_list(corpus) -> list[tuple[str, str, str]]:
    """(path from the root, file name, what it is) of each download ``write_downloads`` writes."""
    files = []
    if corpus is not None:
        files += [("items.jsonl", "every item, one JSON object a line (graph export items)"),
                  ("items.csv", "every item as CSV"),
                  ("lineage.jsonl", "every carry-forward link with its score and evidence (graph export lineage)"),
                  ("lineage.csv", "the same links as CSV")]
    files += [("figures.json", "the index's figures as graph workload, graph slippage and graph carry --json print them"),
              ("graph.graphml", "the whole graph as GraphML (opens in Gephi, yEd, NetworkX)")]
    return [(f"downloads/{name}", name, what) for name, what in files]


def write_downloads(g: nx.MultiDiGraph, corpus, figures: fig.Figures, folder: Path) -> None:
    """Write items.jsonl/csv, lineage.jsonl/csv (``graph export``'s rows; when ``corpus`` is
    given), figures.json (the analyses' results the index shows) and graph.graphml."""
    from graphmodel.export import export_items, export_lineage, to_csv, to_jsonl
    from graphmodel.schema import EXPORT_KEYS

    folder.mkdir(parents=True, exist_ok=True)
    if corpus is not None:
        items = export_items(corpus.records)
        lineage = export_lineage(corpus)
        flat = [{"later_" + k: v for k, v in r["later"].items()} | {"earlier_" + k: v for k, v in r["earlier"].items()}
                | {"score": r["score"], "evidence": r["evidence"]} for r in lineage]
        (folder / "items.jsonl").write_text(to_jsonl(items), encoding="utf-8")
        (folder / "items.csv").write_text(to_csv(items, EXPORT_KEYS), encoding="utf-8")
        (folder / "lineage.jsonl").write_text(to_jsonl(lineage), encoding="utf-8")
        (folder / "lineage.csv").write_text(to_csv(flat, flat[0].keys() if flat else ["later_source"]),
                                            encoding="utf-8")
    (folder / "figures.json").write_text(json.dumps(figures.cli_json(), indent=2, ensure_ascii=False, default=str)
                                         + "\n", encoding="utf-8")
    nx.write_graphml(graphml_graph(g), folder / "graph.graphml")


def plan_jobs(site: Site) -> list[tuple[str, str, Callable[[], str]]]:
    """(kind, path from the root, builder) of every page but the index and search page."""
    jobs: list[tuple[str, str, Callable[[], str]]] = []
    builders = {"Officer": ("officer", pages.officer_page), "Directorate": ("directorate", pages.directorate_page),
                "Board": ("board", pages.board_page), "Member": ("member", pages.member_page),
                "Plan": ("plan", pages.plan_page), "Activity": ("activity", pages.activity_page)}
    for label, (kind, build) in builders.items():
        for n in site.by_label.get(label, []):
            jobs.append((kind, site.paths.page[n], lambda b=build, n=n: b(site, n)))
    for folder in FOLDERS.values():
        jobs.append(("list", f"{folder}/index.html", lambda f=folder: pages.list_page(site, f)))
    for plan, path in site.paths.activity_list.items():
        jobs.append(("list", path, lambda p=plan: pages.activity_list_page(site, p)))
    jobs.append(("list", CARRIED, lambda: pages.carried_page(site)))
    for plan, path in site.paths.readings_page.items():
        if plan in site.movement:
            jobs.append(("readings", path, lambda p=plan: pages.readings_page(site, p)))
    return jobs


_JOBS: list[tuple[str, str, Callable[[], str]]] = []  # the pages a forked worker builds (inherited)
_OUT: Path | None = None


def _write_page(i: int) -> tuple[str, str, int]:
    """Build and write page ``i`` of ``_JOBS``; (kind, path, bytes)."""
    kind, path, build = _JOBS[i]
    text = build()
    if text is None:  # a job that wrote its own files (the downloads)
        return kind, path, 0
    data = text.encode("utf-8")
    (_OUT / path).write_bytes(data)
    return kind, path, len(data)


def _pages(jobs: list, out: Path, workers: int):
    """Yield (kind, path, bytes) as each page is written: in this process, or spread over
    ``workers`` forked processes (each inherits the graph and the figures, so nothing is sent
    to them but page numbers)."""
    global _JOBS, _OUT
    _JOBS, _OUT = jobs, out
    try:
        if workers <= 1 or len(jobs) < 200 or "fork" not in multiprocessing.get_all_start_methods():
            for i in range(len(jobs)):
                yield _write_page(i)
            return
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # chunks of one at first, so the long downloads job does not hold pages back with it
            yield from pool.imap_unordered(_write_page, range(len(jobs)), chunksize=1)
    finally:
        _JOBS, _OUT = [], None


def write_site(
    g: nx.MultiDiGraph,
    out: Path,
    corpus=None,
    force: bool = False,
    progress: Callable[[int, int], None] | None = None,
    workers: int | None = None,
) -> SiteResult:
    """Write the whole site for ``g`` into ``out``; ``corpus`` (the stored records and
    successions) feeds the item and lineage downloads; ``progress(done, total)`` is called
    after each page; ``workers`` processes write the pages (default: up to 2, one per CPU).
    Returns the counts and sizes."""
    started = time.perf_counter()
    out = Path(out)
    prepare(out, force)
    result = SiteResult(out=out)
    figures = fig.compute(g)
    site = build_site(g, figures)
    assets = out / "assets"
    assets.mkdir(exist_ok=True)
    for name, (folder, source) in ASSETS.items():
        (assets / name).write_text(asset(folder, source), encoding="utf-8")
    from viz.render import json_for_script

    index = build_index(site)
    (assets / "search-index.js").write_text(
        inline_script("window.CIVICGRAPH_SEARCH = " + json_for_script(index) + ";\n"), encoding="utf-8")
    downloads = downloads_list(corpus)
    result.downloads = [p for p, _, _ in downloads]
    for folder in [*FOLDERS.values(), "downloads"]:
        (out / folder).mkdir(exist_ok=True)
    # the downloads first, so one worker writes them while the other starts on the pages
    jobs = [("downloads", "downloads", lambda: write_downloads(g, corpus, figures, out / "downloads"))]
    jobs += plan_jobs(site)
    jobs.append(("index", "index.html", lambda: pages.index_page(site, downloads)))
    jobs.append(("search", "search.html", lambda: pages.search_page(site)))
    if workers is None:
        workers = min(2, os.cpu_count() or 1)
    total = len(jobs)
    for done, (kind, path, size) in enumerate(_pages(jobs, out, workers), start=1):
        if progress:
            progress(done, total)
        if kind == "downloads":
            continue
        result.pages[kind] += 1
        result.bytes += size
        if size > result.biggest[1] or (size == result.biggest[1] and path < result.biggest[0]):
            result.biggest = (path, size)
    result.seconds = time.perf_counter() - started
    return result
