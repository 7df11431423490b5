"""The governance report: one offline HTML page with charts (inline matplotlib SVG).

Every number comes from the analyses library (``graphmodel.analysis``: ``workload``,
``slippage``, ``carry_forward``), called exactly as ``graph workload --json`` and ``graph
slippage --json`` call them, and the page carries those results as JSON (``#report-data``)
so a reader or a test can check the two agree. Each figure has a sentence saying what it
shows and the items behind it one click away (``<details>``). Document text is escaped.
"""

from __future__ import annotations

import html
import io
import re
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from graphmodel import definitions as fig
from graphmodel.analysis.carry import carry_forward
from graphmodel.analysis.figures import plan_figures
from graphmodel.analysis.slippage import GROUPINGS, is_rebaselined
from graphmodel.analysis.slippage import slippage as run_slippage
from graphmodel.analysis.workload import workload as run_workload
from viz.maps import STATUS_STYLE
from viz.render import asset, json_for_script

CATS = ["completed", "on_target", "late", "cancelled", "unknown"]
CAT_TEXT = {k: v[0] for k, v in STATUS_STYLE.items()}
CAT_COLOUR = {k: v[1] for k, v in STATUS_STYLE.items()}
WORK = ("activity", "milestone")
# an activity's outcome (graphmodel.definitions.OUTCOMES) -> its part of the carry-forward chart
_CARRY_PART = {fig.CARRIED: "carried", fig.DROPPED: "dropped", fig.FINISHED: "finished", fig.ENDED: "finished",
               fig.CARRIED_OVER: "unknown", fig.NO_STATUS: "unknown"}


@dataclass
class ReportResult:
    path: Path
    sections: list[str] = field(default_factory=list)
    seconds: float = 0.0


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def pct(x: float | None, digits: int = 0) -> str:
    return "–" if x is None else f"{100 * x:.{digits}f}%"


# ---------------------------------------------------------------- charts


def _svg(fig) -> str:
    import matplotlib.pyplot as plt

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buf.getvalue()
    text = text[text.index("<svg"):]  # drop the XML prolog and DOCTYPE
    return re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.fonttype": "none", "svg.hashsalt": "civicgraph", "font.size": 10,
        "axes.spines.top": False, "axes.spines.right": False, "font.family": "DejaVu Sans",
    })
    return plt


def chart_status_by_plan(per_plan: dict[str, Counter]) -> str:
    plt = _plt()
    plans = sorted(per_plan)
    fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(plans) + 1.2))
    left = [0] * len(plans)
    for cat in CATS:
        vals = [per_plan[p][cat] for p in plans]
        ax.barh(plans, vals, left=left, color=CAT_COLOUR[cat], label=CAT_TEXT[cat], edgecolor="white", linewidth=0.5)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("activities and milestones")
    ax.legend(ncol=3, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.35 if len(plans) < 4 else -0.18),
              frameon=False)
    return _svg(fig)


def chart_lorenz(counts_by_plan: dict[str, list[int]], gini_by_plan: dict[str, float]) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(5.2, 4.4))
    ax.plot([0, 1], [0, 1], color="#adb5bd", linestyle="--", linewidth=1, label="equal shares")
    for plan in sorted(counts_by_plan):
        values = sorted(counts_by_plan[plan])
        total = sum(values)
        if not total:
            continue
        xs = [0.0] + [(i + 1) / len(values) for i in range(len(values))]
        acc, ys = 0, [0.0]
        for v in values:
            acc += v
            ys.append(acc / total)
        ax.plot(xs, ys, linewidth=1.8, label=f"{plan} (Gini {gini_by_plan[plan]:.2f})")
    ax.set_xlabel("share of officers (fewest items first)")
    ax.set_ylabel("share of items")
    ax.legend(fontsize=8, frameon=False)
    return _svg(fig)


def chart_ranked(rows: list[dict], top: int = 15) -> str:
    plt = _plt()
    rows = rows[:top]
    labels = [f"{r['officer']} ({r['plan']})" for r in rows][::-1]
    late = [r["late"] for r in rows][::-1]
    open_not_late = [r["open"] - r["late"] for r in rows][::-1]
    closed = [r["total"] - r["open"] for r in rows][::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(rows) + 1.0))
    ax.barh(labels, closed, color=CAT_COLOUR["completed"], label="completed or cancelled")
    ax.barh(labels, open_not_late, left=closed, color=CAT_COLOUR["on_target"], label="open, not late")
    ax.barh(labels, late, left=[a + b for a, b in zip(closed, open_not_late, strict=True)],
            color=CAT_COLOUR["late"], label="late")
    ax.set_xlabel("activities and milestones owned")
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    return _svg(fig)


def chart_intervals(rows: list[dict], key: str) -> str:
    plt = _plt()
    rows = rows[::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.32 * len(rows) + 1.0))
    ys = range(len(rows))
    for y, r in zip(ys, rows, strict=True):
        ax.plot([r["lower"], r["upper"]], [y, y], color="#868e96", linewidth=2)
        ax.plot([r["lower"]], [y], marker="|", color="#212529", markersize=10)
        ax.plot([r["rate"]], [y], marker="o", color=CAT_COLOUR["late"], markersize=5)
    ax.set_yticks(list(ys))
    ax.set_yticklabels([f"{r[key]} (n={r['n']})" for r in rows])
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of items slipped (dot) with 95% Wilson interval; ranked by the lower bound")
    return _svg(fig)


def chart_scatter(rows: list[dict], flagged: set[tuple[str, str]], named: list[tuple[str, str]]) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(6.0, 4.2))
    for r in rows:
        hot = (r["plan"], r["officer_id"]) in flagged
        ax.scatter(r["open"], r["late"], s=30 if hot else 14, color=CAT_COLOUR["late"] if hot else "#adb5bd",
                   edgecolor="#495057" if hot else "none", zorder=3 if hot else 2)
        if (r["plan"], r["officer_id"]) in named:
            i = named.index((r["plan"], r["officer_id"]))
            ax.annotate(f"{r['officer']} ({r['plan']})", (r["open"], r["late"]), fontsize=7,
                        xytext=(5, 6 - 12 * (i % 2)), textcoords="offset points")
    ax.set_xlabel("open items")
    ax.set_ylabel("late items")
    return _svg(fig)


def chart_carry(per_plan: dict[str, Counter]) -> str:
    plt = _plt()
    plans = sorted(per_plan)
    fig, ax = plt.subplots(figsize=(7.0, 0.5 * len(plans) + 1.2))
    parts = [("carried", "#5f3dc4", "carried forward to a later plan"),
             ("dropped", CAT_COLOUR["late"], "unfinished, not carried forward"),
             ("finished", CAT_COLOUR["completed"], "completed or cancelled, not carried"),
             ("unknown", CAT_COLOUR["unknown"], "no status, or carried over to a plan not loaded")]
    left = [0] * len(plans)
    for key, colour, text in parts:
        vals = [per_plan[p][key] for p in plans]
        ax.barh(plans, vals, left=left, color=colour, label=text)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    ax.invert_yaxis()
    ax.set_xlabel("activities in plan years that have a later plan year")
    ax.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3)
    return _svg(fig)


# ---------------------------------------------------------------- html helpers


def table(columns: list[str], rows: list[list[object]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{esc(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(
            f'<td class="num">{esc(v)}</td>' if i in numeric else f"<td>{esc(v)}</td>" for i, v in enumerate(r)
        ) + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def item_rows(g: nx.MultiDiGraph, items: list[str]) -> str:
    def key(n):
        d = g.nodes[n]
        return (d.get("plan") or "", d.get("source") or "", d.get("line") or 0)

    rows = []
    for n in sorted(items, key=key):
        d = g.nodes[n]
        owners = sorted(g.nodes[u].get("name", u) for u, _, k in g.in_edges(n, keys=True)
                        if k == "OWNS" and g.nodes[u].get("label") == "Officer")
        deadlines = ", ".join(d.get("deadlines") or [])
        rows.append([d.get("plan"), d.get("code") or "", d.get("title"), ", ".join(owners), deadlines,
                     d.get("status") or "no status", f"{d.get('source')}:{d.get('line')}"])
    return table(["plan", "code", "title", "owners", "deadline", "status", "source"], rows)


def details(summary: str, body: str) -> str:
    return f"<details><summary>{esc(summary)}</summary>{body}</details>"


def figure(svg: str, caption: str) -> str:
    return f'<figure>{svg}<figcaption>{esc(caption)}</figcaption></figure>'


# ---------------------------------------------------------------- sections


def work_items(g: nx.MultiDiGraph) -> list[str]:
    return [n for n, d in g.nodes(data=True) if d.get("kind") in WORK]


def plan_reports(g: nx.MultiDiGraph, as_of: str | None = None) -> dict[str, list[dict]]:
    """Plan year -> the attributes of its Report nodes (those dated on or before ``as_of``, or
    undated, when given), by date and file name."""
    found: dict[str, list[dict]] = defaultdict(list)
    for _, d in g.nodes(data=True):
        if d.get("label") == "Report" and (as_of is None or (d.get("as_of") or "") <= as_of):
            found[d.get("plan")].append(d)
    return {p: sorted(rs, key=lambda r: (r.get("as_of") or "", r.get("source") or "")) for p, rs in found.items()}


def documents_note(reports: dict[str, list[dict]]) -> str:
    """What the reader must know of the documents behind the figures: plan years read only by
    overdue-only reports (every item in them is overdue) and those read only by a plan with no
    statuses; '' when there are none."""
    def only(kind: str) -> list[str]:
        return sorted(p for p, rs in reports.items() if rs and all(r.get("report_kind") == kind for r in rs))

    notes = []
    if overdue := only("overdue"):
        notes.append(f"the {', '.join(overdue)} {'report lists' if len(overdue) == 1 else 'reports list'} "
                     "overdue items only")
    if plans := only("plan"):
        notes.append(f"{', '.join(plans)} {'is a plan' if len(plans) == 1 else 'are plans'} that "
                     f"{'reports' if len(plans) == 1 else 'report'} no status")
    return f" Note what the documents are: {' and '.join(notes)}." if notes else ""


def section_headline(g: nx.MultiDiGraph, as_of: str | None = None) -> str:
    per_plan: dict[str, Counter] = defaultdict(Counter)
    kinds: dict[str, Counter] = defaultdict(Counter)
    late: dict[str, list[str]] = defaultdict(list)
    sources: dict[str, set[str]] = defaultdict(set)
    owners: dict[str, set[str]] = defaultdict(set)
    for n, d in g.nodes(data=True):
        if d.get("kind") not in ("theme", "priority", "activity", "milestone"):
            continue
        plan = d.get("plan")
        kinds[plan][d["kind"]] += 1
        sources[plan].add(d.get("source"))
        if d["kind"] in WORK:
            per_plan[plan][d.get("status_category") or "unknown"] += 1
            if fig.is_late(d.get("status_category")):
                late[plan].append(n)
            owners[plan].update(u for u, _, k in g.in_edges(n, keys=True)
                                if k == "OWNS" and g.nodes[u].get("label") == "Officer")
    reports = plan_reports(g, as_of)
    rows = []
    for plan in sorted(kinds):
        c = per_plan[plan]
        work = sum(c.values())
        reported = work - c["unknown"]
        # the reports read (by date), else (a graph without Report nodes) the files its items come from
        documents = [r.get("source") for r in reports.get(plan, ())] or sorted(sources[plan])
        rows.append([plan, ", ".join(documents), kinds[plan]["theme"], kinds[plan]["priority"],
                     kinds[plan]["activity"], kinds[plan]["milestone"], len(owners[plan]), c["completed"],
                     c["on_target"], c["late"], c["cancelled"], c["unknown"],
                     pct(c["late"] / reported) if reported else "–"])
    body = table(["plan", "documents", "themes", "priorities", "activities", "milestones", "officers",
                  "completed", "on target", "late", "cancelled", "no status", "late of reported"],
                 rows, numeric=set(range(2, 13)))
    sentence = ("Each bar is one plan year's activities and milestones, coloured by the status its latest report "
                "gives each; the table counts every item kind, the officers who own items, and the share of items "
                "with a reported status that are overdue or delayed." + documents_note(plan_reports(g, as_of)))
    late_lists = "".join(details(f"{plan}: the {len(late[plan])} late items", item_rows(g, late[plan]))
                         for plan in sorted(late) if late[plan])
    return (f'<section id="headline"><h2>Headline figures per plan year</h2><p>{esc(sentence)}</p>'
            f"{figure(chart_status_by_plan(per_plan), 'Status of activities and milestones per plan year')}"
            f"{body}{late_lists}</section>")


def section_workload(g: nx.MultiDiGraph, wl: dict, top_k: int) -> str:
    conc = wl["concentration"]
    by_plan_counts: dict[str, list[int]] = defaultdict(list)
    items_of: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in wl["rows"]:
        by_plan_counts[row["plan"]].append(row["total"])
    for n in work_items(g):
        d = g.nodes[n]
        for u, _, k in g.in_edges(n, keys=True):
            if k == "OWNS" and g.nodes[u].get("label") == "Officer":
                items_of[(d["plan"], u)].append(n)
    gini = {c["plan"]: c["gini"] for c in conc}
    conc_rows = [[c["plan"], c["holders"], c["assignments"], f"{c['gini']:.3f}", f"{c['herfindahl']:.3f}",
                  f"{c['effective_owners']:.1f}", pct(c["top_k_share"], 1)] for c in conc]
    ranked = sorted(wl["rows"], key=lambda r: (-r["total"], r["plan"], r["officer"]))
    sentence = (f"How evenly items are spread over the officers who own them. A Lorenz curve far below the diagonal "
                f"and a Gini coefficient near 1 mean a few officers hold most items; the top-{top_k} share is the "
                f"share of items held by the {top_k} busiest officers of the year; effective owners is 1/Herfindahl. "
                "An item with several owners counts once for each (as in graph workload).")
    top_lists = "".join(
        details(f"{r['officer']} ({r['plan']}): {r['total']} items, {r['open']} open, {r['late']} late",
                item_rows(g, items_of[(r["plan"], r["officer_id"])]))
        for r in ranked[:15]
    )
    all_rows = table(["plan", "officer", "items", "open", "late", "sole-owned activities", "share"],
                     [[r["plan"], r["officer"], r["total"], r["open"], r["late"], r["sole_owned"], pct(r["share"], 1)]
                      for r in wl["rows"]], numeric={2, 3, 4, 5, 6})
    return (
        '<section id="workload"><h2>Workload concentration</h2>'
        f"<p>{esc(sentence)}</p>"
        '<div class="row">'
        f"{figure(chart_lorenz(by_plan_counts, gini), 'Lorenz curves of items per officer, one per plan year')}"
        f"{figure(chart_ranked(ranked), 'The 15 officers with most items in one plan year')}"
        "</div>"
        + table(["plan", "officers", "items (assignments)", "Gini", "Herfindahl", "effective owners",
                 f"top-{top_k} share"], conc_rows, numeric={1, 2, 3, 4, 5, 6})
        + details("The items of the 15 busiest officers", top_lists)
        + details(f"Every officer and plan year ({len(wl['rows'])} rows, as graph workload prints them)", all_rows)
        + "</section>"
    )


def _slipped_items(g: nx.MultiDiGraph, by: str, key: str) -> list[str]:
    out = []
    for n in work_items(g):
        d = g.nodes[n]
        if not fig.is_reported(d.get("status_category")):
            continue
        if not (fig.is_late(d.get("status_category")) or is_rebaselined(d.get("comments"))):
            continue
        if by == "officer" and any(u == key for u, _, k in g.in_edges(n, keys=True) if k == "OWNS"):
            out.append(n)
        elif by == "directorate" and key in (d.get("directorates") or []):
            out.append(n)
    return out


def section_slippage(g: nx.MultiDiGraph, sl: dict, min_items: int) -> str:
    officers = sl["officer"]
    sentence = (f"Whose items slip: items overdue or delayed, or whose comments report a moved deadline, out of the "
                f"items with a reported status (n). People with fewer than {min_items} such items are left out "
                f"({officers['left_out']} officers). {officers['method'][:1].upper()}{officers['method'][1:]}, so a small n cannot put "
                "someone at the top by chance; the bar is the interval, the dot the observed share.")
    rows = officers["rows"]
    chart = figure(chart_intervals(rows[:20], "officer"), "Slippage per officer (top 20 by the lower bound)")
    tables = []
    for by in GROUPINGS:
        res = sl[by]
        key = "directorate" if by == "directorate" else by
        tables.append(details(
            f"Slippage by {by}: {len(res['rows'])} ranked, {res['left_out']} left out (fewer than {min_items} items)",
            table(["rank", key, "n", "late", "rebaselined", "slipped", "rate", "95% interval"],
                  [[i + 1, r[key], r["n"], r["late"], r["rebaselined"], r["slipped"], pct(r["rate"], 1),
                    f"{pct(r['lower'], 1)} – {pct(r['upper'], 1)}"] for i, r in enumerate(res["rows"])],
                  numeric={0, 2, 3, 4, 5, 6}),
        ))
    behind = "".join(
        details(f"{r['officer']}: {r['slipped']} of {r['n']} slipped", item_rows(g, _slipped_items(g, "officer", r["officer_id"])))
        for r in rows[:10]
    )
    return (f'<section id="slippage"><h2>Slippage ranking</h2><p>{esc(sentence)}</p>{chart}'
            + "".join(tables) + details("The slipped items of the top 10 officers", behind) + "</section>")


def overloaded(wl: dict) -> tuple[list[dict], dict[str, tuple[float, float]]]:
    """Officer-years with many open and many late items: open items at or above the plan
    year's upper quartile and late items at or above both the upper quartile and 2."""
    by_plan: dict[str, list[dict]] = defaultdict(list)
    for r in wl["rows"]:
        by_plan[r["plan"]].append(r)
    flagged, cut = [], {}
    for plan, rows in by_plan.items():
        if len(rows) < 4:
            continue
        q_open = statistics.quantiles([r["open"] for r in rows], n=4, method="inclusive")[2]
        q_late = max(2.0, statistics.quantiles([r["late"] for r in rows], n=4, method="inclusive")[2])
        cut[plan] = (q_open, q_late)
        flagged += [r for r in rows if r["open"] >= q_open and r["late"] >= q_late and r["open"] > 0]
    flagged.sort(key=lambda r: (-r["late"], -r["open"], r["plan"], r["officer"]))
    return flagged, cut


def section_overloaded(g: nx.MultiDiGraph, wl: dict) -> str:
    flagged, cut = overloaded(wl)
    sentence = ("Officers carrying many open items and many late ones at once: in a plan year, open items at or above "
                "that year's upper quartile and late items at or above both the upper quartile and 2. Each dot is "
                "one officer in one plan year; the flagged ones are red and named.")
    named = [(r["plan"], r["officer_id"]) for r in flagged[:5]]
    chart = figure(chart_scatter(wl["rows"], {(r["plan"], r["officer_id"]) for r in flagged}, named),
                   "Open against late items per officer and plan year (the five with most late items named)")
    thresholds = "; ".join(f"{p}: open ≥ {o:g}, late ≥ {lt:g}" for p, (o, lt) in sorted(cut.items()))
    rows = table(["plan", "officer", "items", "open", "late"],
                 [[r["plan"], r["officer"], r["total"], r["open"], r["late"]] for r in flagged], numeric={2, 3, 4})
    lists = "".join(
        details(f"{r['officer']} ({r['plan']}): late items",
                item_rows(g, [n for n in work_items(g) if g.nodes[n].get("plan") == r["plan"]
                              and fig.is_late(g.nodes[n].get("status_category"))
                              and g.has_edge(r["officer_id"], n, key="OWNS")]))
        for r in flagged
    )
    none = "" if flagged else "<p>No officer meets both thresholds.</p>"
    return (f'<section id="overloaded"><h2>Overloaded owners</h2><p>{esc(sentence)}</p>{chart}'
            f"<p class=note>Thresholds: {esc(thresholds)}</p>{none}{rows}{lists}</section>")


def section_carry(g: nx.MultiDiGraph, cf: dict) -> str:
    per_plan: dict[str, Counter] = defaultdict(Counter)
    dropped: dict[str, list[str]] = defaultdict(list)
    for n, d in g.nodes(data=True):
        # each activity's outcome as the store derived it (graphmodel.definitions.outcome)
        outcome = d.get("outcome")
        if outcome is not None:
            per_plan[d["plan"]][_CARRY_PART[outcome]] += 1
            if outcome == fig.DROPPED:
                dropped[d["plan"]].append(n)
    s = cf["summary"]
    sentence = ("What carried forward from one plan year to a later one (SUCCEEDS links found by lineage), and what "
                "was dropped: activities reported unfinished (a status other than completed or cancelled, or under "
                "100%) that no later plan carries forward; a document that reports no status drops nothing. The plan "
                "years are not consecutive and the documents differ in kind (an overdue-only report, a plan, "
                "monitoring reports), so a dropped item may simply not be printed in the next document; read these "
                "as leads to check.")
    chains = cf["chains"]
    chain_rows = table(
        ["links", "plans", "finished", "titles (oldest first)"],
        [[c["links"], " → ".join(c["plans"]), "yes" if c["finished"] else "no",
          " → ".join(f"{i['code'] or ''} {i['title'] or ''}".strip() for i in c["items"])] for c in chains],
        numeric={0},
    )
    officer_rows = table(["officer", "items", "carried forward", "carried unfinished"],
                         [[r["officer"], r["items"], r["carried"], r["carried_unfinished"]] for r in cf["officers"]],
                         numeric={1, 2, 3})
    drop_lists = "".join(details(f"{p}: {len(dropped[p])} dropped activities", item_rows(g, dropped[p]))
                         for p in sorted(dropped))
    summary = (f"{s['links']} carry-forward links in {s['chains']} chains (longest: {s['longest']} links; "
               f"{s['perennial']} perennial).")
    chart = figure(chart_carry(per_plan), "Activities carried forward, dropped or finished, per plan year") if per_plan else ""
    return (f'<section id="carry"><h2>Carry-forward and dropped items</h2><p>{esc(sentence)}</p>'
            f"<p>{esc(summary)}</p>{chart}"
            + details(f"The {len(chains)} carry-forward chains", chain_rows)
            + details("Officers with items carried forward", officer_rows)
            + drop_lists + "</section>")


def build_report(g: nx.MultiDiGraph, top_k: int = 5, min_items: int = 5,
                 as_of: str | None = None) -> tuple[str, list[str]]:
    """The report page (HTML) and the ids of its sections; ``as_of`` (YYYY-MM-DD) says on its
    first lines that ``g`` is the graph as it stood on that date (``graphmodel.store.readings.as_of``)."""
    wl = run_workload(g, top_k=top_k)
    sl = {b: run_slippage(g, by=b, min_items=min_items) for b in GROUPINGS}
    cf = carry_forward(g)
    sections = [
        ("headline", section_headline(g, as_of)),
        ("workload", section_workload(g, wl, top_k)),
        ("slippage", section_slippage(g, sl, min_items)),
        ("overloaded", section_overloaded(g, wl)),
        ("carry", section_carry(g, cf)),
    ]
    nav = "".join(f'<a href="#{sid}">{esc(title)}</a>' for sid, title in [
        ("headline", "Headline figures"), ("workload", "Workload"), ("slippage", "Slippage"),
        ("overloaded", "Overloaded owners"), ("carry", "Carry-forward")])
    data = {"workload": wl, "slippage": sl, "carry_summary": cf["summary"], "figures": plan_figures(g),
            "top_k": top_k, "min_items": min_items, "as_of": as_of}
    page = asset("templates", "report.html")
    replacements = {
        "{{AS_OF}}": (f'<p class="as-of">As it stood on {esc(as_of)}: each item at its latest report on or before '
                      "that date, owned by the officers that report printed; items first reported later are left "
                      "out, and what became of each activity is counted as it was known then.</p>") if as_of else "",
        "{{CSS}}": asset("templates", "report.css"),
        "{{NAV}}": nav,
        "{{BODY}}": "".join(body for _, body in sections),
        "{{DATA}}": json_for_script(data),
    }
    for k, v in replacements.items():
        page = page.replace(k, v, 1) if k != "{{BODY}}" else page
    head, _, tail = page.partition("{{BODY}}")
    return head + replacements["{{BODY}}"] + tail, [sid for sid, _ in sections]


def write_report(g: nx.MultiDiGraph, out: Path, top_k: int = 5, min_items: int = 5,
                 as_of: str | None = None) -> ReportResult:
    """Write ``build_report``'s page to ``out``."""
    started = time.perf_counter()
    text, sections = build_report(g, top_k=top_k, min_items=min_items, as_of=as_of)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return ReportResult(path=out, sections=sections, seconds=time.perf_counter() - started)
