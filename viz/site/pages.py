"""One function per kind of page; each returns the page's HTML (a string).

Figures come from ``viz.site.figures`` (the analyses); lists of items come from the graph.
Every document string goes through ``viz.site.markup`` (escaped); every link is relative.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from graphmodel import neighbourhood as nb
from graphmodel.movement import CATEGORIES, TRANSITIONS
from viz.site import figures as fig
from viz.site.context import Site, natural
from viz.site.layout import crumbs, list_title, map_block, page
from viz.site.markup import Html, esc, h, join, link, table, ul
from viz.site.paths import CARRIED, FOLDERS, plan_slug

R = "../"  # every page but the index and search sits one folder down


def pct(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}%"


def year_anchor(plan: str) -> str:
    return "y-" + plan_slug(plan)


def people_links(site: Site, nodes: list[str], root: str = R) -> Html:
    return join((link(site.paths.href(n, root), site.name(n)) for n in sorted(nodes, key=site.name)), ", ")


def source_of(d: dict) -> str:
    return f"{d.get('source')}:{d.get('line')}"


def readings_cell(site: Site, node: str) -> Html:
    """The item's status over time: one reading today; a list once reports are kept apart."""
    rs = site.readings(node)
    if len(rs) <= 1:
        return esc(rs[0]["status"] or "no status reported") if rs else esc("")
    parts = [h("li", f"{r.get('date') or r.get('report') or ''}: {r.get('status') or 'no status'}"
               + (f" ({r['percent']}%)" if r.get("percent") is not None else "")) for r in rs]
    return h("ol", *parts, class_="readings")


def item_title(site: Site, node: str, root: str = R) -> Html:
    d = site.g.nodes[node]
    text = f"{d.get('code') or ''} {d.get('title') or ''}".strip()
    return link(site.paths.href(node, root), text)


def status_badge(d: dict) -> Html:
    cat = d.get("status_category") or "unknown"
    return h("span", d.get("status") or "no status reported", class_=f"st st-{cat}")


def item_table(site: Site, items: list[str], root: str = R, show_plan: bool = True, anchors: bool = False) -> Html:
    """Rows: plan, kind, item (linked), status and readings, deadline, %, owners, source:line."""
    cols = (["plan"] if show_plan else []) + ["kind", "item", "status over time", "deadline", "%", "owners", "source"]
    rows = []
    for n in site.sorted_items(items):
        d = site.g.nodes[n]
        cells = ([d.get("plan")] if show_plan else []) + [
            d.get("kind"), item_title(site, n, root), Html(status_badge(d) + readings_extra(site, n)),
            ", ".join(d.get("deadlines") or []), "" if d.get("percent") is None else d.get("percent"),
            people_links(site, site.owners.get(n, []), root), source_of(d),
        ]
        rows.append(Html(h("tr", *(h("td", c) for c in cells), id=site.paths.anchor(n) if anchors else None)))
    head = h("tr", *(h("th", c) for c in cols))
    return h("table", h("thead", head), h("tbody", Html("".join(rows))), class_="items")


def readings_extra(site: Site, node: str) -> Html:
    rs = site.readings(node)
    return readings_cell(site, node) if len(rs) > 1 else Html("")


def figure_link(value: object, href: str | None) -> Html:
    return link(href, value) if value not in (0, None, "") and href else esc(value)


# ---------------------------------------------------------------- index


def index_page(site: Site, downloads: list[tuple[str, str, str]]) -> str:
    f, paths = site.figures, site.paths
    root = ""
    # headline: graph figures, one row per plan year (items, open and late link to the items behind them)
    head_rows = []
    for r in f.headline:
        pp = paths.plan_page.get(r["plan"])
        head_rows.append([link(pp, r["plan"]), figure_link(r["items"], pp and pp + "#items"),
                          figure_link(r["open"], pp and pp + "#open"), figure_link(r["late"], pp and pp + "#late"),
                          r["completed"], r["unowned"], r["sole_owned"], r["carried_forward"],
                          r["carried_unfinished"], r["dropped"]])
    headline = h("section", h("h2", "Headline figures per plan year"),
                 h("p", "Activities and milestones of each plan year, as graph figures counts them: all, still open "
                   "(not completed or cancelled), overdue or delayed, completed, with no owner; activities only one "
                   "officer owns; carried forward to a later plan year (and of those unfinished); activities dropped "
                   "unfinished. Items, open and late open the items behind them.", class_="note"),
                 table(["plan year", "items", "open", "late", "completed", "unowned", "sole-owned activities",
                        "carried forward", "carried unfinished", "dropped"], head_rows,
                       numeric=set(range(1, 10)), id="headline-table"), id="headline")

    conc_rows = [[c["plan"], c["holders"], c["assignments"], f"{c['gini']:.3f}", f"{c['herfindahl']:.3f}",
                  f"{c['effective_owners']:.1f}", pct(c["top_k_share"])] for c in f.workload["concentration"]]
    wl_rows = []
    for r in sorted(f.workload["rows"], key=lambda r: (-r["total"], r["plan"], r["officer"]))[:25]:
        off = paths.page.get(r["officer_id"])
        anchor = off and f"{off}#{year_anchor(r['plan'])}"
        wl_rows.append([r["plan"], link(off, r["officer"]), figure_link(r["total"], anchor),
                        figure_link(r["open"], anchor), figure_link(r["late"], anchor), r["sole_owned"],
                        pct(r["share"])])
    workload = h(
        "section", h("h2", "Workload"),
        h("p", "How evenly activities and milestones are spread over the officers who own them (an item with two "
          "owners counts for both), as graph workload prints it. A Gini near 1 means a few officers hold most items.",
          class_="note"),
        table(["plan", "officers", "assignments", "Gini", "Herfindahl", "effective owners", f"top-{fig.TOP_K} share"],
              conc_rows, numeric={1, 2, 3, 4, 5, 6}, id="concentration-table"),
        h("h3", "The busiest officers in one plan year"),
        table(["plan", "officer", "items", "open", "late", "sole-owned activities", "share"], wl_rows,
              numeric={2, 3, 4, 5, 6}, id="workload-table"),
        h("p", link("officers/index.html", f"All {len(site.by_label.get('Officer', []))} officers ›")),
        id="workload")

    slip_parts = []
    for by, title, folder_key in (("officer", "Officers", "officer_id"), ("directorate", "Directorates", "directorate"),
                                  ("member", "Lead members", "member_id")):
        res = f.slippage[by]
        rows = []
        for r in res["rows"][:15]:
            node = r[folder_key] if by != "directorate" else _directorate_node(site, r["directorate"])
            target = paths.page.get(node) if node else None
            rows.append([link(target, r[by]), r["n"], figure_link(r["late"], target and target + "#slipped"),
                         r["rebaselined"], figure_link(r["slipped"], target and target + "#slipped"),
                         pct(r["rate"]), f"{pct(r['lower'])} – {pct(r['upper'])}"])
        slip_parts.append(h("h3", f"{title} ({res['left_out']} with fewer than {res['min_items']} items left out)"))
        slip_parts.append(table([by, "n", "late", "rebaselined", "slipped", "rate", "95% interval"], rows,
                                numeric={1, 2, 3, 4, 5}, id=f"slippage-{by}"))
    slip = h("section", h("h2", "Slippage"),
             h("p", "Items overdue or delayed, or whose comments report a moved deadline, out of the items with a "
               "reported status (n); ranked by the lower bound of the 95% Wilson interval, as graph slippage "
               "ranks them.", class_="note"), *slip_parts, id="slippage")

    s = f.carry["summary"]
    chain_rows = []
    for c in f.carry["chains"][:30]:
        steps = join((item_title(site, i["id"], "") for i in c["items"]), " → ")
        chain_rows.append([c["links"], " → ".join(c["plans"]), "yes" if c["finished"] else "no", steps])
    off_rows = [[link(paths.page.get(r["officer_id"]), r["officer"]), r["items"], r["carried"], r["carried_unfinished"]]
                for r in f.carry["officers"][:25]]
    carry = h(
        "section", h("h2", "Carry-forward"),
        h("p", f"{s['links']} carry-forward links in {s['chains']} chains; the longest has {s['longest']} links; "
          f"{s['perennial']} perennial (3 or more plan years). Each chain opens its activities' timelines.",
          id="carry-summary"),
        table(["links", "plan years", "finished", "items (oldest first)"], chain_rows, numeric={0}, id="carry-chains"),
        h("p", link(CARRIED, f"All {s['chains']} chains ›")),
        h("h3", "Officers with items carried forward"),
        table(["officer", "items", "carried forward", "carried unfinished"], off_rows, numeric={1, 2, 3},
              id="carry-officers"),
        id="carry")

    dl = h("section", h("h2", "Downloads"),
           ul([Html(link(path, name) + esc(f" – {what}")) for path, name, what in downloads]), id="downloads")
    counts = [(folder, len(site.by_label.get(lab, []))) for lab, folder in
              (("Officer", "officers"), ("Directorate", "directorates"), ("Board", "boards"),
               ("Member", "members"), ("Plan", "plans"), ("Activity", "activities"))]
    browse = h("section", h("h2", "Browse"),
               ul([link(f"{folder}/index.html", f"{list_title(folder)} ({n})") for folder, n in counts]), id="browse")
    body = Html(
        h("h1", "Plans, owners and slippage")
        + h("p", f"{len(f.plans)} plan years: {', '.join(f.plans)}. Built from the documents loaded into the store; "
            "every figure below is what graph figures, graph workload, graph slippage and graph carry print.", class_="lead")
        + headline + workload + slip + carry + browse + dl
    )
    return page("Governance overview", body, root=root)


def _directorate_node(site: Site, name: str) -> str | None:
    for n in site.by_label.get("Directorate", []):
        if site.g.nodes[n].get("name") == name:
            return n
    return None


# ---------------------------------------------------------------- people and groups


def _by_plan(site: Site, items: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for n in site.sorted_items(items):
        out[site.g.nodes[n].get("plan") or "no plan year"].append(n)
    return dict(sorted(out.items()))


def _items_by_year(site: Site, items: list[str], heading: str = "Items by plan year") -> Html:
    parts = [h("h2", heading)]
    for plan, nodes in _by_plan(site, items).items():
        hl = fig.items_headline(site.g, nodes)
        parts.append(h("h3", link(site.paths.href(_plan_node(site, plan)), plan) if _plan_node(site, plan) else plan,
                       " ", h("span", f"{hl['items']} items · {hl['open']} open · {hl['late']} late", class_="muted"),
                       id=year_anchor(plan)))
        parts.append(item_table(site, nodes, show_plan=False))
    return h("section", *parts, id="items")


def _year_summary(site: Site, items: list[str], heading: str, note: str) -> Html:
    """Items, open and late per plan year, each year linked to its page (for pages whose items
    are too many to list: they are listed on the officers' and the plan years' pages)."""
    rows = []
    for plan, nodes in _by_plan(site, items).items():
        hl = fig.items_headline(site.g, nodes)
        node = _plan_node(site, plan)
        rows.append([link(site.paths.href(node) if node else None, plan), hl["items"], hl["open"], hl["late"]])
    return h("section", h("h2", heading), h("p", note, class_="note"),
             table(["plan year", "items", "open", "late"], rows, numeric={1, 2, 3}, id="year-summary"), id="items")


def _plan_node(site: Site, plan: str) -> str | None:
    return f"plan:{plan}" if f"plan:{plan}" in site.paths.page else None


def _slipped(site: Site, items: list[str]) -> list[str]:
    """The items the slippage analysis counts as slipped (late, or a moved deadline) among ``items``."""
    from graphmodel.analysis.slippage import is_rebaselined

    g = site.g
    return [n for n in items if g.nodes[n].get("kind") in ("activity", "milestone")
            and g.nodes[n].get("status_category") not in (None, "unknown")
            and (g.nodes[n].get("status_category") == "late" or is_rebaselined(g.nodes[n].get("comments")))]


def _slip_section(site: Site, row: dict | None, items: list[str], who: str) -> Html:
    if row is None:
        text = (f"Not ranked: fewer than {fig.MIN_ITEMS} of {who}'s items have a reported status "
                "(graph slippage leaves them out).")
        body = h("p", text, class_="note")
    else:
        body = table(["n (items with a status)", "late", "rebaselined", "slipped", "rate", "95% interval"],
                     [[row["n"], row["late"], row["rebaselined"], row["slipped"], pct(row["rate"]),
                       f"{pct(row['lower'])} – {pct(row['upper'])}"]], numeric={0, 1, 2, 3}, class_="figures")
    slipped = _slipped(site, items)
    lst = item_table(site, slipped) if slipped else h("p", "No slipped items.", class_="note")
    return h("section", h("h2", "Slippage"), body, h("h3", f"Slipped items ({len(slipped)})"), lst, id="slipped")


def officer_page(site: Site, officer: str) -> str:
    g, f, paths = site.g, site.figures, site.paths
    name = site.name(officer)
    chain = fig.officer_chain(g, officer)
    items = [n for n in site.owned.get(officer, []) if site.label(n) in ("Activity", "Milestone", "Priority", "Theme")]
    wl = f.workload_rows.get(officer, [])
    wl_table = table(
        ["plan", "items", "open", "late", "sole-owned activities", "share of the plan's items"],
        [[link(f"#{year_anchor(r['plan'])}", r["plan"]), figure_link(r["total"], f"#{year_anchor(r['plan'])}"),
          r["open"], r["late"], r["sole_owned"], pct(r["share"])] for r in wl],
        numeric={1, 2, 3, 4, 5}, id="officer-workload")
    carry = f.carry_rows.get(officer)
    carry_p = h("p", f"Carried forward: {carry['carried']} of {carry['items']} items, {carry['carried_unfinished']} "
                "unfinished." if carry else "None of their items was carried forward to a later plan year.",
                id="officer-carry")
    # directorates over time: those printed on their items, per plan year
    dirs_by_plan: dict[str, Counter] = defaultdict(Counter)
    members: Counter = Counter()
    boards: Counter = Counter()
    for row in chain["items"]:
        dirs_by_plan[row["plan"]].update(row["directorates"])
        members.update(row["members"])
        boards.update(row["boards"])
    dir_rows = [[p, ", ".join(f"{d} ({n})" for d, n in c.most_common()) or "none printed"]
                for p, c in sorted(dirs_by_plan.items())]
    co: Counter = Counter()
    for n in items:
        co.update(o for o in site.owners.get(n, []) if o != officer)
    co_rows = [[link(paths.href(o), site.name(o)), n] for o, n in sorted(co.items(), key=lambda x: (-x[1], site.name(x[0])))]
    member_ids = {site.name(m): m for m in site.by_label.get("Member", [])}
    board_ids = {site.name(b): b for b in site.by_label.get("Board", [])}
    above = table(["above their items", "kind", "items"],
                  [[link(paths.href(member_ids[m]) if m in member_ids else None, m), "lead member", n]
                   for m, n in members.most_common()]
                  + [[link(paths.href(board_ids[b]) if b in board_ids else None, b), "board", n]
                     for b, n in boards.most_common()], numeric={2}, id="officer-above")
    nh = nb.officer_chain(g, officer)
    mp, data = map_block(g, nh, paths, f"{name}'s accountability chain: their items, what is above them, "
                         "and the items carried forward from or to other plan years.")
    body = Html(
        crumbs(R, ("officers/index.html", "Officers"), (None, name))
        + h("h1", name, " ", h("span", "officer", class_="kind"))
        + h("p", "Works in: ", people_links(site, site.works_in.get(officer, [])) or esc("no directorate printed"),
            class_="lead")
        + h("section", h("h2", "Figures"), wl_table, carry_p, id="figures")
        + mp
        + _items_by_year(site, items)
        + h("div",
            h("section", h("h2", "Directorates over time"),
              table(["plan year", "directorates printed on their items"], dir_rows, id="officer-directorates")),
            h("section", h("h2", "Lead members and boards above their items"), above),
            h("section", h("h2", f"Co-owners ({len(co_rows)})"),
              table(["officer", "items shared"], co_rows, numeric={1}, id="officer-coowners") if co_rows
              else h("p", "No item shared with another officer.", class_="note")), class_="row")
        + _slip_section(site, f.slippage_rows["officer"].get(officer), items, name)
    )
    return page(name, body, map_json=data)


def directorate_page(site: Site, node: str) -> str:
    g, f, paths = site.g, site.figures, site.paths
    d = g.nodes[node]
    name = d.get("name") or node
    items = [n for n in site.by_label.get("Activity", []) + site.by_label.get("Milestone", [])
             if name in (g.nodes[n].get("directorates") or [])]
    wl = fig.directorate_workload(g, name)
    wl_rows = [[r["plan"], link(paths.href(r["officer_id"]), r["officer"]), r["total"], r["open"], r["late"],
                pct(r["share"])] for r in wl["rows"]]
    staff = site.staff.get(node, [])
    nh = nb.directorate_map(g, node)
    mp, data = map_block(g, nh, paths, f"{name}: its officers, each with their items, grouped by officer.")
    full = d.get("full_name")
    body = Html(
        crumbs(R, ("directorates/index.html", "Directorates"), (None, name))
        + h("h1", name, " ", h("span", "directorate", class_="kind"))
        + (h("p", full, class_="lead") if full and full != name else Html(""))
        + h("section", h("h2", f"Officers ({len(staff)})"), ul([link(paths.href(o), site.name(o)) for o in
                                                                sorted(staff, key=site.name)]))
        + h("section", h("h2", "Workload"),
            h("p", f"graph workload --directorate {name!r}: the items printed with this directorate, per officer.",
              class_="note"),
            table(["plan", "officer", "items", "open", "late", "share"], wl_rows, numeric={2, 3, 4, 5},
                  id="directorate-workload"))
        + mp
        + _year_summary(site, items, "Items printed with this directorate",
                        "Each officer's items are listed on their page; each plan year's on its page.")
        + _slip_section(site, f.slippage_rows["directorate"].get(name), items, name)
    )
    return page(name, body, map_json=data)


def board_page(site: Site, node: str) -> str:
    g, paths = site.g, site.paths
    name = site.name(node)
    items = site.monitored.get(node, [])
    nh = nb.board_map(g, node)
    mp, data = map_block(g, nh, paths, f"What {name} monitors, the items above and below it, and who owns them.")
    owners = sorted({o for n in items for o in site.owners.get(n, [])}, key=site.name)
    body = Html(
        crumbs(R, ("boards/index.html", "Boards"), (None, name))
        + h("h1", name, " ", h("span", "board", class_="kind"))
        + h("section", h("h2", f"Owners of what it monitors ({len(owners)})"), h("p", people_links(site, owners)))
        + mp + _items_by_year(site, items, "Items it monitors")
    )
    return page(name, body, map_json=data)


def member_page(site: Site, node: str) -> str:
    g, f, paths = site.g, site.figures, site.paths
    name = site.name(node)
    items = site.owned.get(node, [])
    nh = nb.member_map(g, node)
    mp, data = map_block(g, nh, paths, f"{name}'s portfolio: the items they lead, the milestones under them and "
                         "the officers who own those.")
    officers = sorted({o for n in items for m in [n, *site.children.get(n, [])] for o in site.owners.get(m, [])},
                      key=site.name)
    body = Html(
        crumbs(R, ("members/index.html", "Lead members"), (None, name))
        + h("h1", name, " ", h("span", "lead member", class_="kind"))
        + h("section", h("h2", f"Officers under them ({len(officers)})"), h("p", people_links(site, officers)))
        + mp + _items_by_year(site, items, "Items they lead")
        + _slip_section(site, f.slippage_rows["member"].get(node),
                        [m for n in items for m in [n, *site.children.get(n, [])]], name)
    )
    return page(name, body, map_json=data)


# ---------------------------------------------------------------- plan years

CATEGORY_NAMES = {"on_target": "on target", "late": "late", "completed": "completed", "cancelled": "cancelled",
                  "unknown": "no status"}
TRANSITION_NAMES = {"fell_behind": "fell behind (on target → late)", "late_to_completed": "late → completed",
                    "completed": "completed (from any status)", "moved": "deadline moved",
                    "new": "new (first printed)", "unreported": "not reported since"}


def _report_name(r) -> str:
    """'2017-12-31 quarterly' (or 'undated plan')."""
    return f"{r.as_of or 'undated'} {r.kind}"


def _reading_text(rd: dict | None) -> str:
    """One reading in a few words: 'On Target, 50%, due 2017-12-31'."""
    if rd is None:
        return "not printed"
    parts = [rd.get("status") or "no status"]
    if rd.get("percent") is not None:
        parts.append(f"{rd['percent']}%")
    if rd.get("deadlines"):
        parts.append(f"due {rd['deadlines'][-1]}")
    return ", ".join(parts)


def _around(site: Site, item: str, report: str) -> tuple[dict | None, dict | None]:
    """(the item's reading before ``report``'s, ``report``'s reading) of the item."""
    rs = site.readings(item)
    for i, r in enumerate(rs):
        if r["report"] == report:
            return (rs[i - 1] if i else None), r
    return (rs[-1] if rs else None), None


def _movement_item(site: Site, item: str, step, transition: str) -> Html:
    """An item of a transition list: linked to its page, with its reading before and after."""
    before, after = _around(site, item, step.later)
    if transition == "new":
        what = _reading_text(after)
    elif transition == "unreported":
        what = f"last printed: {_reading_text(before)} ({before['date'] or 'undated'})" if before else ""
    else:
        what = f"{_reading_text(before)} → {_reading_text(after)}"
    owners = people_links(site, site.owners.get(item, []))
    return Html(item_title(site, item) + " " + h("span", what, class_="muted")
                + (Html(" · ") + owners if owners else Html("")))


def _movement_section(site: Site, plan: str) -> Html:
    """'How statuses moved between reports': the plan's reports with their readings per
    category (linked to the readings page), the transitions between consecutive reports
    (linked to the lists below), or one line when one report (or none) reads the plan year."""
    paths = site.paths
    mv = site.movement.get(plan)
    heading = h("h2", "How statuses moved between reports")
    if mv is None or len(mv.reports) < 2:
        text = ("No report of this plan year is loaded." if mv is None else
                f"One report reads this plan year ({mv.reports[0].source}, {_report_name(mv.reports[0])}): "
                "statuses cannot move between reports.")
        return h("section", heading, h("p", text, class_="note", id="movement-one"), id="movement")
    readings_page = paths.readings_page.get(plan)
    rows = []
    for k, r in enumerate(mv.reports):
        counts = [figure_link(len(r.by_category[c]),
                              readings_page and f"../{readings_page}#r{k}-{c}") for c in CATEGORIES]
        rows.append([r.as_of or "undated", r.kind, r.source, *counts,
                     figure_link(r.readings, readings_page and f"../{readings_page}#r{k}")])
    reports_table = table(["date", "kind", "file", *(CATEGORY_NAMES[c] for c in CATEGORIES), "all"], rows,
                          numeric=set(range(3, 4 + len(CATEGORIES))), id="plan-reports")
    step_rows, lists = [], []
    for i, step in enumerate(mv.steps):
        earlier, later = mv.reports[i], mv.reports[i + 1]
        step_rows.append([f"{_report_name(earlier)} → {_report_name(later)}",
                          *(figure_link(len(step.items[t]), f"#mv-{i}-{t}") for t in TRANSITIONS)])
        for t in TRANSITIONS:
            ids = step.items[t]
            if not ids:
                continue
            title = f"{TRANSITION_NAMES[t]}: {len(ids)}, {_report_name(earlier)} → {_report_name(later)}"
            if t == "unreported":
                title = f"not reported since {later.as_of or later.source}: {len(ids)} ({later.source} left them out)"
            lists.append(h("h4", title, id=f"mv-{i}-{t}"))
            lists.append(ul([_movement_item(site, n, step, t) for n in ids], class_="movement"))
    steps_table = table(["between", *(TRANSITION_NAMES[t] for t in TRANSITIONS)], step_rows,
                        numeric=set(range(1, 1 + len(TRANSITIONS))), id="plan-steps")
    note = h("p", "Activities and milestones. Each report's readings per status category (no status at 100% counts "
             "as completed), then what changed between consecutive reports: an item fell behind when a reading is late "
             "and its previous reading with a status was on target; a deadline moved when a reading's deadline differs "
             "from the one printed before; not reported since: printed before, not by this report or any later one "
             "(an overdue-only list prints only what is late, so leaving an item out of one says nothing). An item "
             "counted here is one whose stored fell_behind, moved or unreported_since column says so; graph history "
             "ITEM lists its readings. Each count opens the items behind it.", class_="note")
    return h("section", heading, note, h("h3", f"Reports ({len(mv.reports)}), in date order"), reports_table,
             h("h3", "Between consecutive reports"), steps_table, *lists, id="movement")


def readings_page(site: Site, plan: str) -> str:
    """A plan year's readings per report and status category (what the counts of the plan
    page's 'How statuses moved between reports' open)."""
    mv = site.movement[plan]
    plan_page = site.paths.plan_page.get(plan)
    parts = []
    for k, r in enumerate(mv.reports):
        parts.append(h("h2", f"{_report_name(r)}: {r.source} ({r.readings} readings)", id=f"r{k}"))
        for c in CATEGORIES:
            ids = r.by_category[c]
            if not ids:
                continue
            parts.append(h("h3", f"{CATEGORY_NAMES[c]} ({len(ids)})", id=f"r{k}-{c}"))
            rows = []
            for n in ids:
                rd = _around(site, n, r.source)[1]
                rows.append(Html(h("li", item_title(site, n), " ", h("span", _reading_text(rd), class_="muted"))))
            parts.append(h("ol", Html("".join(rows)), class_="movement"))
    body = Html(
        crumbs(R, ("plans/index.html", "Plan years"), (plan_page, plan), (None, "readings per report"))
        + h("h1", f"Plan year {plan}: readings per report")
        + h("p", "Each report's readings of the plan's activities and milestones, by status category, in the "
            "order the reports were read. ", link(f"../{plan_page}#movement" if plan_page else None,
                                                   "How statuses moved between them ›"), class_="lead")
        + Html("".join(parts))
    )
    return page(f"Plan year {plan}: readings per report", body)



def plan_page(site: Site, node: str) -> str:
    g, f, paths = site.g, site.figures, site.paths
    plan = g.nodes[node].get("plan") or site.name(node)
    items = [n for n in site.by_label.get("Activity", []) + site.by_label.get("Milestone", [])
             if g.nodes[n].get("plan") == plan]
    hl = fig.plan_headline(g, plan)
    sources = sorted({g.nodes[n].get("source") for n in items if g.nodes[n].get("source")})
    statuses = Counter(g.nodes[n].get("status") or "no status reported" for n in items)
    conc = f.concentration.get(plan)
    wl_rows = [[link(paths.href(r["officer_id"]), r["officer"]), r["total"], r["open"], r["late"], r["sole_owned"],
                pct(r["share"])] for r in f.workload["rows"] if r["plan"] == plan]
    late = [n for n in items if g.nodes[n].get("status_category") == "late"]
    open_ = [n for n in items if g.nodes[n].get("status_category") not in ("completed", "cancelled")]
    # the plan's structure: themes > priorities > activities
    roots = [n for n in site.by_label.get("Theme", []) + site.by_label.get("Priority", [])
             + site.by_label.get("Activity", []) if g.nodes[n].get("plan") == plan and n not in site.parent]

    def tree(n: str, depth: int = 0) -> Html:
        d = g.nodes[n]
        kids = [c for c in site.children.get(n, []) if site.label(c) != "Milestone"]
        kids.sort(key=lambda c: (natural(g.nodes[c].get("code")), site.item_key(c)))
        text = h("span", f"{d.get('kind')}", class_="kind")
        label = item_title(site, n) if site.label(n) == "Activity" else esc(f"{d.get('code') or ''} {d.get('title') or ''}")
        extra = Html(" " + status_badge(d)) if site.label(n) == "Activity" else Html("")
        return h("li", text, " ", label, extra, h("ul", *(tree(c, depth + 1) for c in kids)) if kids else "",
                 id=paths.anchor(n))

    roots.sort(key=lambda n: site.item_key(n))
    body = Html(
        crumbs(R, ("plans/index.html", "Plan years"), (None, plan))
        + h("h1", f"Plan year {plan}")
        + h("p", "Documents: ", ", ".join(sources), class_="lead")
        + h("section", h("h2", "Figures"),
            table(["items", "open", "late"], [[figure_link(hl["items"], "#items"), figure_link(hl["open"], "#open"),
                                               figure_link(hl["late"], "#late")]], numeric={0, 1, 2}, id="plan-headline"),
            h("h3", "Statuses as printed (each item's latest reading)"),
            table(["status", "items"], [[s, n] for s, n in statuses.most_common()], numeric={1}, id="plan-statuses"),
            (table(["officers", "assignments", "Gini", "effective owners", f"top-{fig.TOP_K} share"],
                   [[conc["holders"], conc["assignments"], f"{conc['gini']:.3f}", f"{conc['effective_owners']:.1f}",
                     pct(conc["top_k_share"])]], numeric={0, 1, 2, 3, 4}) if conc else ""))
        + _movement_section(site, plan)
        + h("section", h("h2", f"Officers ({len(wl_rows)})"),
            table(["officer", "items", "open", "late", "sole-owned activities", "share"], wl_rows,
                  numeric={1, 2, 3, 4, 5}, id="plan-workload"))
        + h("section", h("h2", "The plan: themes, priorities, activities"), h("ul", *(tree(r) for r in roots),
                                                                               class_="tree"), id="items")
        + h("section", h("h2", f"Late items ({len(late)})"), item_table(site, late, show_plan=False), id="late")
        + h("section", h("h2", f"Open items ({len(open_)})"),
            h("details", h("summary", f"Show the {len(open_)} open items"), item_table(site, open_, show_plan=False)),
            id="open")
    )
    return page(f"Plan year {plan}", body)


# ---------------------------------------------------------------- activities


def _succeeds(site: Site, later: str, earlier: str) -> dict:
    data = site.g.get_edge_data(later, earlier) or {}
    return data.get("SUCCEEDS") or {}


def activity_page(site: Site, node: str) -> str:
    g, paths = site.g, site.paths
    d = g.nodes[node]
    title = f"{d.get('code') or ''} {d.get('title') or ''}".strip()
    versions = [n for n in nb.lineage(g, [node]) if site.label(n) == "Activity"]
    versions.sort(key=site.item_key)
    cards = []
    for i, v in enumerate(versions):
        dv = g.nodes[v]
        if i:
            link_data = _succeeds(site, v, versions[i - 1]) or _succeeds(site, versions[i - 1], v)
            why = "; ".join(link_data.get("evidence") or [])
            score = link_data.get("score")
            cards.append(h("div", h("span", "→", class_="arrow"),
                           h("span", "carried forward" + (f" (score {score:.2f})" if score is not None else ""),
                             class_="why"), h("span", why, class_="evidence"), class_="step"))
        cls = "card here" if v == node else "card"
        cards.append(h(
            "div", h("div", dv.get("plan"), class_="year"),
            h("div", item_title(site, v) if v != node else esc(f"{dv.get('code') or ''} {dv.get('title') or ''}"),
              class_="title"),
            h("div", status_badge(dv), "" if dv.get("percent") is None else f" {dv.get('percent')}%"),
            h("div", "due ", ", ".join(dv.get("deadlines") or []) or "–", class_="muted"),
            h("div", "owners: ", people_links(site, site.owners.get(v, [])) or "none printed", class_="muted"),
            h("div", f"{len([c for c in site.children.get(v, []) if site.label(c) == 'Milestone'])} milestones",
              class_="muted"),
            h("div", source_of(dv), class_="src"), class_=cls))
    timeline = h("section", h("h2", "Across plan years"),
                 h("p", "The same activity in each plan year that carries it, oldest first (lineage links)."
                   if len(versions) > 1 else "Not carried forward from or to another plan year.", class_="note"),
                 h("div", *cards, class_="timeline"), id="timeline")
    above = site.above(node)
    facts = [
        ("plan year", link(paths.href(_plan_node(site, d.get("plan"))) if _plan_node(site, d.get("plan")) else None,
                           d.get("plan"))),
        ("code", d.get("code") or ""), ("status (latest)", status_badge(d)),
        ("status over time", readings_cell(site, node)),
        ("% complete", "" if d.get("percent") is None else f"{d.get('percent')}%"),
        ("deadline", ", ".join(d.get("deadlines") or [])),
        ("directorates", ", ".join(d.get("directorates") or [])),
        ("owners", people_links(site, site.owners.get(node, []))),
        ("lead members", people_links(site, sorted({m for n in [node, *above] for m in site.members.get(n, [])}))),
        ("boards", people_links(site, sorted({b for n in [node, *above] for b in site.boards.get(n, [])}))),
        *[(g.nodes[a].get("kind"), link(paths.href(a), f"{g.nodes[a].get('code') or ''} {g.nodes[a].get('title')}"))
          for a in above],
        ("comments", d.get("comments") or ""),
        ("source", source_of(d)),
    ]
    fact_table = h("table", h("tbody", *(h("tr", h("th", k), h("td", v)) for k, v in facts)), class_="facts")
    milestones = [c for c in site.children.get(node, []) if site.label(c) == "Milestone"]
    ms_rows = []
    for m in site.sorted_items(milestones):
        dm = g.nodes[m]
        ms_rows.append(Html(h("tr", h("td", f"{dm.get('code') or ''} {dm.get('title') or ''}".strip()),
                              h("td", status_badge(dm), readings_extra(site, m)),
                              h("td", ", ".join(dm.get("deadlines") or [])),
                              h("td", "" if dm.get("percent") is None else dm.get("percent")),
                              h("td", people_links(site, site.owners.get(m, []))),
                              h("td", dm.get("comments") or ""), h("td", source_of(dm)), id=paths.anchor(m))))
    ms_table = (h("table", h("thead", h("tr", *(h("th", c) for c in ("milestone", "status over time", "deadline", "%",
                                                                     "owners", "comments", "source")))),
                  h("tbody", Html("".join(ms_rows))), class_="items") if ms_rows
                else h("p", "No milestones printed under it.", class_="note"))
    nh = nb.activity_lineage(g, node)
    mp, data = map_block(g, nh, paths, "The activity across plan years, left to right, with its milestones and owners.")
    body = Html(
        crumbs(R, ("activities/index.html", "Activities"),
               (paths.plan_page.get(d.get("plan")), d.get("plan") or ""), (None, title[:80]))
        + h("h1", title, " ", h("span", f"activity · {d.get('plan')}", class_="kind"))
        + timeline
        + h("section", h("h2", "Facts"), fact_table, id="facts")
        + h("section", h("h2", f"Milestones ({len(milestones)})"), ms_table, id="milestones")
        + mp
    )
    return page(title[:90], body, map_json=data)


# ---------------------------------------------------------------- lists


def list_page(site: Site, folder: str) -> str:
    g, f, paths = site.g, site.figures, site.paths
    label = {v: k for k, v in FOLDERS.items()}[folder]
    nodes = site.by_label.get(label, [])
    if folder == "officers":
        rows = []
        for o in sorted(nodes, key=site.name):
            per = f.workload_rows.get(o, [])
            rows.append([link(paths.href(o), site.name(o)),
                         people_links(site, site.works_in.get(o, [])),
                         Html(", ".join(link(f"../{paths.page[o]}#{year_anchor(r['plan'])}", f"{r['plan']}: {r['total']}")
                                        for r in per)),
                         sum(r["late"] for r in per)])
        content = table(["officer", "works in", "items per plan year", "late"], rows, numeric={3}, id="list")
    elif folder == "plans":
        rows = [[link(paths.href(n), g.nodes[n].get("plan")), *fig.plan_headline(g, g.nodes[n].get("plan")).values()]
                for n in sorted(nodes, key=lambda n: g.nodes[n].get("plan") or "")]
        content = table(["plan year", "items", "open", "late"], rows, numeric={1, 2, 3}, id="list")
    elif folder == "activities":
        # one page per plan year (the list of every activity was over 1 MiB for a council of 13 years);
        # each row keeps the id its year's section had, so old links to index.html#y-... still land
        rows = []
        for plan, acts in _by_plan(site, nodes).items():
            hl = fig.items_headline(g, acts)
            target = paths.activity_list.get(plan)
            carried = sum(1 for n in acts if site.carried(n))
            rows.append(Html(h("tr", h("td", link(target and f"../{target}", plan)),
                               *(h("td", figure_link(v, target and f"../{target}"), class_="num")
                                 for v in (hl["items"], hl["open"], hl["late"], carried)),
                               id=year_anchor(plan))))
        chains = f.carry["chains"]
        content = Html(
            h("table", h("thead", h("tr", *(h("th", c) for c in ("plan year", "activities", "open", "late",
                                                                  "carried across plan years")))),
              h("tbody", Html("".join(rows))), id="list")
            + h("p", link(f"../{CARRIED}", f"Carry-forward chains ({len(chains)}) ›"), id="carried"))
    else:
        rows = []
        for n in sorted(nodes, key=site.name):
            items = site.owned.get(n, []) if folder in ("members",) else site.monitored.get(n, []) \
                if folder == "boards" else [i for i in site.by_label.get("Activity", []) + site.by_label.get("Milestone", [])
                                           if site.name(n) in (g.nodes[i].get("directorates") or [])]
            hl = fig.items_headline(g, items)
            rows.append([link(paths.href(n), site.name(n)), g.nodes[n].get("full_name") or "", hl["items"], hl["open"],
                         hl["late"]])
        content = table(["name", "full name", "items", "open", "late"], rows, numeric={2, 3, 4}, id="list")
    title = list_title(folder)
    body = Html(crumbs(R, (None, title)) + h("h1", f"{title} ({len(nodes)})") + content)
    return page(title, body)


def activity_list_page(site: Site, plan: str) -> str:
    """The activities of one plan year: code and title, status, owners, carried or not."""
    g = site.g
    acts = [n for n in site.by_label.get("Activity", []) if (g.nodes[n].get("plan") or "no plan year") == plan]
    acts.sort(key=lambda n: (natural(g.nodes[n].get("code")), site.item_key(n)))
    plan_node = _plan_node(site, plan)
    content = table(["activity", "status", "owners", "carried"], [
        [item_title(site, n), status_badge(g.nodes[n]), people_links(site, site.owners.get(n, [])),
         "yes" if site.carried(n) else ""] for n in acts], id="list")
    body = Html(crumbs(R, ("activities/index.html", "Activities"), (None, plan))
                + h("h1", f"Activities of {plan} ({len(acts)})")
                + h("p", link(site.paths.href(plan_node) if plan_node else None, f"Plan year {plan}"),
                    " · ", link(f"../{CARRIED}", "carry-forward chains"), class_="lead")
                + content)
    return page(f"Activities of {plan}", body)


def carried_page(site: Site) -> str:
    """Every carry-forward chain, as graph carry lists them."""
    chains = site.figures.carry["chains"]
    content = table(["links", "plan years", "items (oldest first)"], [
        [c["links"], " → ".join(c["plans"]), join((item_title(site, i["id"]) for i in c["items"]), " → ")]
        for c in chains], numeric={0}, id="list")
    body = Html(crumbs(R, ("activities/index.html", "Activities"), (None, "Carry-forward chains"))
                + h("h1", f"Carry-forward chains ({len(chains)})")
                + h("p", "Each chain is one piece of work carried from plan year to plan year, as graph carry "
                    "lists them; each item opens its activity's timeline.", class_="note")
                + content)
    return page("Carry-forward chains", body)


def search_page(site: Site) -> str:
    body = Html(
        h("h1", "Search")
        + h("p", "Names, codes and titles of officers, directorates, boards, lead members, plan years, activities "
            "and milestones. Misspellings still find (\"Andy Bambr\").", class_="note")
        + Html('<form id="search-form" class="find big" role="search" autocomplete="off">'
               '<input id="q" type="search" name="q" placeholder="e.g. Andy Bamber, 1.1.2, housing" aria-label="Search">'
               '<button type="submit">Search</button></form><p id="search-count" aria-live="polite"></p>'
               '<ol id="results"></ol>')
    )
    return page("Search", body, root="", extra_scripts=("search-index.js", "search.js"))
