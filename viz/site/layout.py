"""The frame every page shares (head, navigation, search box) and the map block.

Pages load the site's own files only (``assets/``: styles, vis-network once for the whole
site, the map and search scripts); a page's own map data sits inside it as JSON, so no page
reads another's data and nothing is fetched (file:// pages may not fetch anyway).
"""

from __future__ import annotations

import networkx as nx

from graphmodel.neighbourhood import Neighbourhood, neighbourhood
from viz.maps import build_spec
from viz.render import json_for_script, map_data
from viz.site.markup import Html, esc, h, link
from viz.site.paths import LIST_TITLES, SitePaths

# A second guard behind the escaping: no script or style from anywhere but the site's own
# files and the page, no fetch at all, forms only to the site's own search page.
CSP = ("default-src 'none'; script-src 'self' 'unsafe-inline' file:; style-src 'self' 'unsafe-inline' file:; "
       "img-src 'self' data: file:; connect-src 'none'; form-action 'self' file:; base-uri 'none'")

NAV = [("officers/index.html", "Officers"), ("directorates/index.html", "Directorates"),
       ("boards/index.html", "Boards"), ("members/index.html", "Lead members"),
       ("plans/index.html", "Plan years"), ("activities/index.html", "Activities")]


def page(title: str, body: Html, root: str = "../", map_json: str | None = None, extra_scripts: tuple = ()) -> str:
    """A whole page: ``title`` (text), ``body`` (markup), links relative to ``root``; with the
    map scripts when ``map_json`` (the page's own map data) is given."""
    nav = Html("".join(link(root + href, text) for href, text in NAV))
    search = Html(
        f'<form class="find" action="{esc(root)}search.html" method="get" role="search">'
        '<input type="search" name="q" placeholder="Find an officer, code or title…" aria-label="Search the site">'
        "<button type=\"submit\">Search</button></form>"
    )
    scripts = ""
    if map_json is not None:
        scripts += f'<script type="application/json" id="graph-data">{map_json}</script>'
        scripts += f'<script src="{esc(root)}assets/vis-network.min.js"></script>'
        scripts += f'<script src="{esc(root)}assets/map.js"></script>'
    for s in extra_scripts:
        scripts += f'<script src="{esc(root)}assets/{esc(s)}"></script>'
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)} · civicgraph</title>\n"
        f'<link rel="stylesheet" href="{esc(root)}assets/site.css">\n</head>\n<body>\n'
        f'<header class="site"><a class="brand" href="{esc(root)}index.html">civicgraph</a>'
        f"<nav>{nav}</nav>{search}</header>\n"
        f"<main>{body}</main>\n{scripts}\n</body>\n</html>\n"
    )


MAX_MAP_NODES = 600  # a bigger map is drawn for its latest plan year only, so the page opens at once
MAX_MAP_BYTES = 400_000  # so is a map whose data is bigger than this (long titles and comments)


def map_block(g: nx.MultiDiGraph, nh: Neighbourhood, paths: SitePaths, caption: str) -> tuple[Html, str]:
    """(the map's markup, its data as JSON for the page): the same map ``graph viz`` draws,
    with each node linked to its page. A selection of more than ``MAX_MAP_NODES`` nodes, or
    whose data is over ``MAX_MAP_BYTES``, is drawn for its latest plan year (the page says so)."""
    note = ""
    spec, data = _map(g, nh, paths) if len(nh.nodes) <= MAX_MAP_NODES or nh.kind == "activity" else (None, "")
    if spec is None or (len(data) > MAX_MAP_BYTES and nh.kind != "activity"):
        years = sorted({g.nodes[n].get("plan") for n in nh.owned if g.nodes[n].get("plan")})
        if years:
            whole = len(nh.nodes)
            nh = neighbourhood(g, nh.kind, nh.focus[0], [years[-1]])
            note = (f" The whole map has {whole} nodes, too many to read: this one shows {years[-1]} only "
                    f"(graph viz --{nh.kind} ... --plan YEAR draws any year).")
        spec, data = _map(g, nh, paths)
    markup = h(
        "section",
        h("h2", "Map"),
        h("p", caption, note, " ", h("span", spec.headline, class_="muted"), class_="note"),
        Html(f'<div class="mapwrap"><div id="map" data-nodes="{len(spec.nodes)}" data-edges="{len(spec.edges)}">'
             '</div><details id="legend-box" open><summary>Legend</summary><div id="legend"></div></details></div>'),
        h("p", "Hover a node for its details; click to open its page; scroll to zoom, drag to pan. "
          "Labels that do not fit show when you zoom in or hover.", class_="note"),
        id="map-section",
    )
    return markup, data


def _map(g: nx.MultiDiGraph, nh: Neighbourhood, paths: SitePaths):
    """(the map's spec, its data as JSON for the page, each node linked to its page)."""
    spec = build_spec(g, nh)
    data = compact(map_data(spec), {n.id: url for n in spec.nodes if (url := paths.href(n.id))})
    return spec, json_for_script(data)


_FALSY_KEYS = ("focus", "dashed", "hover")  # map.js reads a missing one as false / no hover label


def compact(data: dict, urls: dict[str, str]) -> dict:
    """``data`` (``map_data``) with ``urls`` (node id -> its page) added, each item's id
    ("item:<file>:<line>", ~50 characters, written once per node, twice per edge and once per
    link) replaced by "i<n>", and a node's false ``focus``/``dashed`` and empty ``hover`` left
    out: a third of a big map's data. The ids are the map's own (map.js only matches them up);
    people, groups and plan years keep theirs."""
    data = {**data, "nodes": [{k: v for k, v in n.items() if v or k not in _FALSY_KEYS} for n in data["nodes"]]}
    short: dict[str, str] = {}
    for n in data["nodes"]:
        if n["id"].startswith("item:"):
            short[n["id"]] = f"i{len(short)}"
    if not short:
        return {**data, "urls": urls}

    def s(node_id: str) -> str:
        return short.get(node_id, node_id)

    return {**data, "nodes": [{**n, "id": s(n["id"])} for n in data["nodes"]],
            "edges": [{**e, "from": s(e["from"]), "to": s(e["to"])} for e in data["edges"]],
            "urls": {s(k): v for k, v in urls.items()}}


def crumbs(root: str, *parts: tuple[str | None, str]) -> Html:
    """A breadcrumb line: Home › parts (href relative to the site's root, or None)."""
    items = [link(root + "index.html", "Home")]
    items += [link(root + href if href else None, text) for href, text in parts]
    return h("p", Html(" › ".join(items)), class_="crumbs")


def list_title(folder: str) -> str:
    return LIST_TITLES[folder]
