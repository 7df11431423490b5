"""graph workload, graph slippage, graph chain, graph carry, graph structure: the accountability
analyses (graphmodel.analysis) on the stored graph, as rich tables or --json."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from cli.common import CliError, JsonOption, PlanOption, StoreOption, console, open_store, print_json
from graphmodel.store.base import StoreError

if TYPE_CHECKING:  # networkx loads only when a command runs, so `graph --help` starts fast
    import networkx as nx

DirectorateOption = Annotated[
    str | None,
    typer.Option("--directorate", help="Only items with this directorate printed beside their officer, e.g. PLACE "
                                      "(any case; slippage --by directorate: printed on the item)."),
]
AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", metavar="YYYY-MM-DD",
    help="The state as it stood on this date: each item at its latest report on or before it, owned by the "
         "officers that report printed (items first reported later left out).")]
TopOption = Annotated[int, typer.Option("--top", help="Rows per table (0: all); --json always has every row.")]


class SlippageBy(StrEnum):
    all = "all"
    officer = "officer"
    directorate = "directorate"
    member = "member"


def register(app: typer.Typer) -> None:
    app.command("workload")(workload)
    app.command("slippage")(slippage)
    app.command("chain")(chain)
    app.command("carry")(carry)
    app.command("structure")(structure)
    app.command("figures")(figures)


# ----------------------------------------------------------------------------- shared


# What each analysis reads (graphmodel.analysis): item columns, the people it names, the edge
# types. Every item label is read (with kind, plan and directorates), so the plan years
# check_graph_plan offers are those of the whole graph. tests/test_cli_analyses.py
# checks each command's --json against the analysis run on the whole graph.
_ITEM_COLUMNS = ("kind", "plan", "directorates")
NEEDS: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "workload": (("status_category",), ("Officer",), ("OWNS", "PART_OF")),
    "slippage": (("status_category", "comments", "moved", "fell_behind"), ("Officer", "Member"), ("OWNS", "PART_OF")),
    "carry": (("title", "code", "status", "status_category"), ("Officer",), ("OWNS", "SUCCEEDS")),
    "structure": (("title",), ("Officer", "Member", "Board"), ("OWNS", "MONITORS", "PART_OF")),
    "figures": (("status", "status_category", "percent", "outcome"), ("Officer", "Member"),
                ("OWNS", "PART_OF", "SUCCEEDS")),
}


def load_tables(store: Path | None, analysis: str, as_of: str | None = None) -> nx.MultiDiGraph:
    """The part of the stored graph ``analysis`` reads (``NEEDS``), or a one-line ``CliError``;
    with ``as_of`` (YYYY-MM-DD), as it stood on that date (``graphmodel.store.readings.as_of``)."""
    from graphmodel.schema import EdgeType, NodeLabel
    from graphmodel.store.readings import as_of as state_on
    from graphmodel.store.readings import readings_by_item
    from graphmodel.store.subgraph import read_tables

    item_cols, people, rels = NEEDS[analysis]
    items = (NodeLabel.THEME, NodeLabel.PRIORITY, NodeLabel.ACTIVITY, NodeLabel.MILESTONE)
    date = check_date(as_of) if as_of is not None else None
    dated = ("first_as_of", "as_of", "status", "status_category", "percent", "deadlines", "deadline", "comments",
             "moved", "fell_behind") if date else ()  # what an earlier reading replaces
    nodes = {label: (*_ITEM_COLUMNS, *item_cols, *dated) for label in items}
    nodes.update({NodeLabel(label): ("name",) for label in people})
    st = open_store(store)
    try:
        with st.reading():
            g = read_tables(st, nodes, [EdgeType(r) for r in rels])
            if date is not None:
                state_on(g, readings_by_item(st, date), date)
        return g
    except StoreError as exc:
        raise CliError(str(exc)) from None


def check_date(text: str) -> str:
    """``text`` as a date YYYY-MM-DD, or a usage error."""
    from graphmodel.reports import valid_date

    try:
        return valid_date(text)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="'--as-of'") from None


def check_graph_plan(g: nx.MultiDiGraph, plan: str | None) -> None:
    """Refuse a plan year the graph does not hold (``check_plan`` of its plan years)."""
    from graphmodel.analysis._common import plans

    check_plan(plans(g), plan)


def check_directorate(names: list[str], directorate: str) -> str:
    """``directorate`` as spelled among ``names`` (any case), or a one-line ``CliError`` with the closest."""
    from rapidfuzz import process, utils

    for n in names:
        if n.casefold() == directorate.casefold():
            return n
    close = [m[0] for m in process.extract(directorate, names, processor=utils.default_process, limit=3, score_cutoff=50)]
    hint = f"did you mean {', '.join(close)}?" if close else f"directorates: {', '.join(names)}"
    raise CliError(f"no directorate {directorate!r} on any item", hint=hint)


def read_carry(store: Path | None, plan: str | None, directorate: str | None, as_of: str | None = None,
               min_links: int = 1, top: int | None = None) -> dict:
    """``graph carry``'s result (``graphmodel.analysis.carry.carry_forward``, its first ``top``
    chains listed): the items on SUCCEEDS edges, what they succeed and who owns them
    (``graphmodel.store.succession.carry_from_store``; with ``as_of``, as they stood then), each
    officer's count of items from the tally (filtered by ``plan`` and ``directorate``), and the
    directorate as stored; a one-line ``CliError`` as ``load_tally`` gives."""
    from collections import Counter

    from graphmodel.store.succession import carry_from_store

    date = check_date(as_of) if as_of is not None else None
    st = open_store(store)
    try:
        with st.reading():  # one open of the store: the tally, then the items
            rows, directorate = _read_tally(st, plan, directorate, date, ("officer",), ("owner_id", "n_total"),
                                            as_columns=True)
            totals: Counter[str] = Counter()
            for officer, n in zip(rows["officer"]["owner_id"], rows["officer"]["n_total"], strict=True):
                totals[officer] += n
            result = carry_from_store(st, date, plan, directorate, min_links, dict(totals), top)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if result is None:  # SUCCEEDS edges that are not lines (not lineage's): the graph itself
        from graphmodel.analysis.carry import carry_forward

        result = carry_forward(load_tables(store, "carry", as_of), plan=plan, directorate=directorate,
                               min_links=min_links, top=top)
    return result


_FILTER_COLUMNS = ("owner_label", "plan", "directorate")


def load_tally(store: Path | None, plan: str | None, directorate: str | None, as_of: str | None = None,
               groupings: tuple[str, ...] = ("officer",), columns: tuple[str, ...] | None = None,
               ) -> tuple[dict[str, list[dict]], str | None]:
    """The store's per-plan tally rows each of ``groupings`` (officer, member, directorate)
    counts (``graphmodel.store.tallies.read_tally``, their ``columns``; with ``as_of``, as they
    stood on that date), and the directorate as stored; a one-line ``CliError`` for a plan year or directorate
    no item has (whatever the date), or a store that cannot answer."""
    date = check_date(as_of) if as_of is not None else None
    st = open_store(store)
    try:
        with st.reading():
            return _read_tally(st, plan, directorate, date, groupings, columns)
    except StoreError as exc:
        raise CliError(str(exc)) from None


def _read_tally(st, plan: str | None, directorate: str | None, date: str | None, groupings: tuple[str, ...],
                columns: tuple[str, ...] | None, as_columns: bool = False) -> tuple[dict[str, Any], str | None]:
    """``load_tally`` on the store ``st``, open for reading (with ``as_columns``, each grouping's
    rows as columns)."""
    from graphmodel.analysis.tallied import tally_filters
    from graphmodel.store.tallies import read_tally

    if plan or directorate:
        plans, directorates = tally_filters(read_tally(st, owner_label="", columns=_FILTER_COLUMNS))
        check_plan(plans, plan)
        directorate = check_directorate(directorates, directorate) if directorate else None
    # the rows each grouping reads: an officer's by the directorate printed beside them
    # ('' = whatever it is), a lead member's whatever it is, an item's by each printed
    slices = {"officer": ("Officer", directorate or ""), "member": ("Member", ""), "directorate": ("", None)}
    rows = {b: read_tally(st, date, owner_label=slices[b][0], directorate=slices[b][1], plan=plan,
                          columns=columns, as_columns=as_columns) for b in groupings}
    return rows, directorate


def store_plans(store: Path | None) -> list[str]:
    """The plan years the store holds, or a one-line ``CliError``."""
    from graphmodel.store.subgraph import read_plans

    st = open_store(store)
    try:
        with st.reading():
            return read_plans(st)
    except StoreError as exc:
        raise CliError(str(exc)) from None


def check_plan(known_plans: list[str], plan: str | None) -> None:
    """Refuse a plan year that is not among ``known_plans`` (with the closest, else all of them)."""
    from cypher import did_you_mean

    if plan and plan not in known_plans:
        raise CliError(f"no plan year {plan} in the store", hint=did_you_mean(plan, known_plans, "plans"))


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _short(text: str | None, width: int = 70) -> str:
    text = text or ""
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _table(title: str, columns: list[str], rows: list[list[Any]], caption: str | None = None) -> None:
    table = Table(title=title, caption=caption, caption_justify="left")
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(_fmt(v) for v in row))
    console.print(table)


def _cut(rows: list, top: int) -> tuple[list, str | None]:
    if top and len(rows) > top:
        return rows[:top], f"… and {len(rows) - top} more (--top 0 shows all)"
    return rows, None


# ----------------------------------------------------------------------------- workload


def workload(
    plan: PlanOption = None,
    directorate: DirectorateOption = None,
    top: TopOption = 10,
    top_k: Annotated[int, typer.Option("--top-k", help="k for the top-k share.")] = 5,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Items per officer per plan year (all, open, overdue/delayed, sole-owned, share) and how
    concentrated they are: Gini, Herfindahl, effective number of owners, top-k share."""
    from graphmodel.analysis.tallied import WORKLOAD_COLUMNS, workload_from_tally

    # counted at write time (graphmodel.store.tallies): the same answer as
    # graphmodel.analysis.workload.workload on the graph (tests/test_tallied.py), in milliseconds
    rows, directorate = load_tally(store, plan, directorate, as_of, columns=WORKLOAD_COLUMNS)
    result = workload_from_tally(rows["officer"], plan=plan, directorate=directorate, top_k=top_k)
    if json_out:
        print_json(result)
        return
    if not result["rows"]:
        console.print("No items with an officer match these filters"
                      + (f" on {as_of} (no report of them by then)." if as_of else "."), markup=False)
        return
    for p in dict.fromkeys(r["plan"] for r in result["rows"]):
        rows = [r for r in result["rows"] if r["plan"] == p]
        shown, caption = _cut(rows, top)
        _table(
            f"Workload {p}" + (f" ({directorate})" if directorate else "")
            + ": items owned per officer (an item with two owners counts for both)",
            ["#", "officer", "items", "open", "overdue/delayed", "sole-owned activities", "share"],
            [[i, r["officer"], r["total"], r["open"], r["late"], r["sole_owned"], f"{r['share']:.1%}"]
             for i, r in enumerate(shown, start=1)],
            caption,
        )
    _table(
        "Concentration of items across officers",
        ["plan", "officers", "assignments", "Gini", "Herfindahl", "effective owners (1/HHI)", f"top-{top_k} share"],
        [[c["plan"], c["holders"], c["assignments"], c["gini"], c["herfindahl"], f"{c['effective_owners']:.1f}",
          f"{c['top_k_share']:.1%}"] for c in result["concentration"]],
    )


# ----------------------------------------------------------------------------- slippage


def slippage(
    by: Annotated[SlippageBy, typer.Option("--by", help="Group by officer, directorate, member, or all three.")] = SlippageBy.all,
    min_items: Annotated[int, typer.Option("--min-items", help="Leave out groups with fewer items with a reported status.")] = 5,
    plan: PlanOption = None,
    directorate: DirectorateOption = None,
    top: TopOption = 15,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Whose items slip: overdue or delayed, or with a moved deadline, out of the items with a
    reported status, ranked by the lower bound of the 95% Wilson interval (shows n and the interval)."""
    from graphmodel.analysis.slippage import GROUPINGS
    from graphmodel.analysis.slippage import slippage as run
    from graphmodel.analysis.tallied import SLIPPAGE_COLUMNS, answers_slippage, slippage_from_tally

    if min_items < 1:
        raise CliError("--min-items must be at least 1")
    groupings = GROUPINGS if by == SlippageBy.all else (by.value,)
    rows, directorate = load_tally(store, plan, directorate, as_of, groupings, SLIPPAGE_COLUMNS)
    if all(answers_slippage(b, directorate) for b in groupings):
        # counted at write time: the same answer as the graph's (tests/test_tallied.py), in milliseconds
        results = {b: slippage_from_tally(rows[b], by=b, plan=plan, directorate=directorate, min_items=min_items)
                   for b in groupings}
    else:  # lead members' and directorates' rows are not split by directorate: ask the graph
        g = load_tables(store, "slippage", as_of)
        results = {b: run(g, by=b, plan=plan, directorate=directorate, min_items=min_items) for b in groupings}
    if json_out:
        print_json(results)
        return
    if as_of and not any(r["rows"] or r["left_out"] for r in results.values()):
        console.print(f"No items with a reported status match these filters on {as_of} (no report of them by then).",
                      markup=False)
        return
    labels = {"officer": "officer", "directorate": "directorate", "member": "lead member"}
    for b, result in results.items():
        shown, more = _cut(result["rows"], top)
        caption = (
            "Ranked by the LOWER bound of the 95% Wilson interval of slipped/n "
            "(slipped = overdue or delayed, a deadline moved per the comments or between reports, or on target "
            "then late between reports; n = items with a reported status). "
            f"{result['left_out']} {labels[b]}(s) with fewer than {min_items} items left out."
            + (f" {more}" if more else "")
        )
        filters = ", ".join(x for x in (plan, directorate) if x)
        _table(
            f"Slippage by {labels[b]}" + (f" ({filters})" if filters else ""),
            ["#", labels[b], "n", "late", "rebaselined", "slipped", "rate", "95% interval"],
            [[i, r[b], r["n"], r["late"], r["rebaselined"], r["slipped"], r["rate"],
              f"[{r['lower']:.3f}, {r['upper']:.3f}]"] for i, r in enumerate(shown, start=1)],
            caption,
        )


# ----------------------------------------------------------------------------- chain


def chain(
    officer: Annotated[str, typer.Option("--officer", help="The officer's name (any case; a unique part of it works).")],
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """The accountability chain of an officer: their items, the activity, priority and theme above
    each, the lead members and boards over those, and their directorates."""
    result = chain_result(officer, plan, store, as_of)
    if json_out:
        print_json(result)
        return
    items = result["items"]
    console.print(
        f"{result['officer']} - directorates: {', '.join(result['directorates']) or 'none printed'} - "
        f"{len(items)} items" + (f" in {plan}" if plan else "") + (f" on {as_of}" if as_of else "")
        + f" - map: {result['map']['nodes']} nodes, {result['map']['edges']} edges",
        markup=False,
    )
    if as_of and not items:
        console.print(f"No items of theirs had been reported by {as_of}.", markup=False)
    if not items:
        return
    _table(
        f"Accountability chain of {result['officer']}",
        ["plan", "kind", "code", "item", "status", "as", "activity", "priority", "lead members", "boards"],
        [[r["plan"], r["kind"], r["code"], _short(r["item"], 60), r["status"], r["directorate"], _short(r["activity"], 40),
          _short(" ".join(x for x in (r["priority_code"], r["priority"]) if x), 40),
          "; ".join(r["members"]), "; ".join(r["boards"])] for r in items],
    )


def chain_result(officer: str, plan: str | None, store: Path | None, as_of: str | None = None) -> dict:
    """``accountability_chain`` of the officer ``officer`` names, read from the store (only the
    officer's chain, what graph viz --officer draws; with ``as_of``, as it stood on that date:
    the items they owned then, in their state then); a one-line ``CliError`` when the name or
    plan year matches nothing."""
    from graphmodel.analysis.structure import accountability_chain
    from graphmodel.neighbourhood import Ambiguous, NotFound, find_officer
    from graphmodel.schema import NodeLabel
    from graphmodel.store.subgraph import read_label, read_neighbourhood, read_officer_chain_as_of, read_plans

    date = check_date(as_of) if as_of is not None else None
    plans = [plan] if plan else None
    st = open_store(store)
    try:
        with st.reading():
            if plan:  # the store's plan years: four scans, ~20 ms at large
                check_plan(read_plans(st), plan)
            officer_id = find_officer(read_label(st, NodeLabel.OFFICER), officer)
            if date is None:
                g, _ = read_neighbourhood(st, "officer", officer_id, NodeLabel.OFFICER.value, plans)
            else:
                g, _ = read_officer_chain_as_of(st, officer_id, date, plans)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except NotFound as exc:
        raise CliError(str(exc), "graph workload lists the officers") from None
    except Ambiguous as exc:
        raise CliError(str(exc), "give more of the name") from None
    return accountability_chain(g, officer_id, plan=plan)


# ----------------------------------------------------------------------------- carry


def carry(
    plan: PlanOption = None,
    directorate: DirectorateOption = None,
    min_links: Annotated[int, typer.Option("--min-links", help="Only chains with at least this many links.")] = 1,
    top: TopOption = 20,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Carry-forward across plan years: SUCCEEDS chains and their lengths, perennial activities,
    and per officer how many of their items were carried forward unfinished."""
    from graphmodel.analysis.carry import PERENNIAL_PLANS

    # --json has every chain; the tables describe only the chains they show
    result = read_carry(store, plan, directorate, as_of, min_links, None if json_out or not top else top)
    if json_out:
        print_json(result)
        return
    s = result["summary"]
    console.print(
        f"SUCCEEDS links between items: {s['links']}; chains: {s['chains']}; longest: {s['longest']} links; "
        f"perennial ({PERENNIAL_PLANS}+ plan years): {s['perennial']}",
        markup=False,
    )
    if s["links"] == 0:
        console.print(f"No carry-forward on {as_of}: no item linked to one in an earlier plan year had been reported "
                      "by then." if as_of else
                      "No carry-forward yet: no item in the store is linked to one in an earlier plan year "
                      "(lineage adds SUCCEEDS links when it finds them).", markup=False)
        return
    shown = result["chains"]
    more = f"… and {s['chains'] - len(shown)} more (--top 0 shows all)" if s["chains"] > len(shown) else None
    _table(
        "Carry-forward chains (oldest item first)",
        ["links", "plans", "first item", "first status", "latest item", "latest status", "owners"],
        [[c["links"], " > ".join(c["plans"]), _short(c["items"][0]["title"], 50), c["items"][0]["status"],
          _short(c["items"][-1]["title"], 50), c["items"][-1]["status"],
          "; ".join(dict.fromkeys(o for it in c["items"] for o in it["owners"]))] for c in shown],
        more,
    )
    if result["officers"]:
        _table(
            "Items carried forward unfinished, per officer",
            ["officer", "items", "carried forward", "carried unfinished"],
            [[r["officer"], r["items"], r["carried"], r["carried_unfinished"]] for r in result["officers"]],
        )


# ----------------------------------------------------------------------------- structure


def structure(
    plan: PlanOption = None,
    top: TopOption = 15,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """The people and boards through whom most accountability runs: betweenness centrality on the
    officer-item-board graph (OWNS, MONITORS and PART_OF edges)."""
    from graphmodel.analysis.structure import betweenness

    if as_of is None:
        g = load_tables(store, "structure")
        check_graph_plan(g, plan)
    else:  # a plan year the store holds, reported by then or not
        check_plan(store_plans(store), plan)
        g = load_tables(store, "structure", as_of)
    result = betweenness(g, plan=plan, top=None if json_out or not top else top)  # --json: every row
    if json_out:
        print_json(result)
        return
    if as_of and not result["rows"]:
        console.print(f"No items of {plan or 'any plan year'} had been reported by {as_of}.", markup=False)
        return
    _table(
        "Betweenness on the officer-item-board graph" + (f" ({plan})" if plan else "")
        + (f" on {as_of}" if as_of else ""),
        ["#", "name", "kind", "betweenness", "items owned or monitored"],
        [[r["rank"], r["name"], r["label"], f"{r['betweenness']:.4f}", r["items"]] for r in result["rows"]],
        f"{result['nodes']} nodes, {result['edges']} edges; normalised betweenness (0..1)"
        + ("." if result["exact"] else
           f", an ESTIMATE from {result['sources']} sampled source nodes (fixed seed; exact takes too long on "
           "a graph this size)."),
    )


# ----------------------------------------------------------------------------- figures


def load_figures(store: Path | None, plan: str | None, as_of: str | None = None) -> list[dict]:
    """``graph figures``'s rows (``graphmodel.analysis.figures.plan_figures``): as things stand,
    the named query ``plan_figures`` (the counts derived at load time; ~0.1 s at ~250k items
    against ~5 s for the graph); with ``as_of``, as they stood on that date, from the table
    ``graphmodel.store.figures_as_of`` keeps. A plan year the store does not hold is a one-line
    ``CliError``."""
    from cypher import run_query
    from graphmodel.store.figures_as_of import figures_from_store

    st = open_store(store)
    try:
        with st.reading():
            # a plan year of the store, whether or not reported by the date
            _read_tally(st, plan, None, None, (), None)
            if as_of is None:
                return run_query(st, "plan_figures", {"plan": plan or ""})
            return figures_from_store(st, check_date(as_of), plan)
    except StoreError as exc:
        raise CliError(str(exc)) from None


def figures(
    plan: PlanOption = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """The headline figures per plan year, each as graphmodel/definitions.py defines it: items,
    open, late, completed (and completed by percent: 100% with no status), unowned, sole-owned
    activities, carried forward, carried unfinished, dropped activities."""
    rows = load_figures(store, plan, as_of)
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print(f"No items of {plan or 'any plan year'} had been reported by {as_of}.", markup=False)
        return
    _table(
        "Figures per plan year (activities and milestones; graphmodel/definitions.py defines each)",
        ["plan", "items", "open", "late", "completed", "by percent", "unowned", "sole-owned activities",
         "carried forward", "carried unfinished", "dropped activities"],
        [[r["plan"], r["items"], r["open"], r["late"], r["completed"], r["completed_by_percent"], r["unowned"],
          r["sole_owned"], r["carried_forward"], r["carried_unfinished"], r["dropped"]] for r in rows],
    )
