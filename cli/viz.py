"""graph viz (an offline HTML map of one officer, directorate, board, lead member or activity)
and graph report (the governance report)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer

from cli.analyses import AsOfOption, check_date
from cli.common import CliError, JsonOption, StoreOption, err_console, open_store, print_json
from graphmodel.store.base import StoreError


def register(app: typer.Typer) -> None:
    """Add ``viz`` and ``report`` to the ``graph`` app."""
    app.command("viz")(viz)
    app.command("report")(report)


def _read_graph(store: Path | None):
    try:
        return open_store(store).read_graph()
    except StoreError as exc:
        raise CliError(str(exc)) from None


def _read_graph_as_of(store: Path | None, date: str):
    """The whole stored graph as it stood on ``date`` (``graphmodel.store.readings.as_of``), or a
    one-line ``CliError`` when no item had been reported by then."""
    from graphmodel.store.readings import graph_as_of

    try:
        g = graph_as_of(open_store(store), date)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if not any(d.get("kind") for _, d in g.nodes(data=True)):
        raise CliError(f"no item had been reported by {date}", "graph reports lists the reports and their dates")
    return g


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "map"


def viz(
    officer: Annotated[str | None, typer.Option("--officer", help="Map this officer's accountability chain.")] = None,
    directorate: Annotated[str | None, typer.Option("--directorate", help="Map a directorate: its officers and their items.")] = None,
    board: Annotated[str | None, typer.Option("--board", help="Map what a board monitors.")] = None,
    member: Annotated[str | None, typer.Option("--member", help="Map a lead member's portfolio.")] = None,
    activity: Annotated[str | None, typer.Option("--activity", help="Map an activity's lineage across plan years (its code as printed, or its title).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="The HTML file to write [default: map-<name>.html].")] = None,
    plan: Annotated[list[str] | None, typer.Option("--plan", help="Only items of this plan year (repeat for several), e.g. 2012/13.")] = None,
    depth: Annotated[int | None, typer.Option("--depth", min=0, help="How many levels above the items to draw (1: their activity, 2: + priority, 3: + theme) [default: all].")] = None,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Write an interactive map (one HTML file that works offline) of an officer's
    accountability chain, a directorate, a board, a lead member or an activity's lineage."""
    from graphmodel.neighbourhood import Ambiguous, NotFound
    from graphmodel.store.subgraph import NotReported, read_selection, read_selection_as_of
    from viz.maps import write_map

    focus = {"officer": officer, "directorate": directorate, "board": board, "member": member, "activity": activity}
    given = [k for k, v in focus.items() if v]
    if len(given) != 1:
        raise CliError("give exactly one of --officer, --directorate, --board, --member, --activity",
                       "e.g. graph viz --officer 'Andy Bamber'", code=2)
    kind = given[0]
    date = check_date(as_of) if as_of is not None else None
    st = open_store(store)
    try:  # only the neighbourhood is read from the store, not the whole graph
        if plan:
            from cli.analyses import check_plan
            from graphmodel.store.subgraph import read_plans

            held = read_plans(st)
            for p in plan:
                check_plan(held, p)
        if date is None:
            g, nh = read_selection(st, kind, focus[kind] or "", plan, depth)
        else:
            g, nh = read_selection_as_of(st, kind, focus[kind] or "", date, plan, depth)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except NotReported as exc:
        raise CliError(str(exc), "graph history shows when it was first reported") from None
    except NotFound as exc:
        raise CliError(str(exc), "graph workload lists the officers" if exc.kind == "officer" else "") from None
    except Ambiguous as exc:
        raise CliError(str(exc), "give the full name" + (", or add --plan" if exc.kind == "item" else "")) from None
    if not nh.owned and nh.kind != "activity":
        years = f" in {', '.join(plan)}" if plan else ""
        if date is not None:
            raise CliError(f"{given[0]} {focus[given[0]]!r} had no items{years} reported by {date}",
                           "try a later --as-of, or graph reports for the reports' dates")
        raise CliError(f"{given[0]} {focus[given[0]]!r} has no items{years}", "try without --plan, or another --plan")
    if out is None:
        out = Path(f"map-{_slug(focus[given[0]] or given[0])}.html")
    try:
        result = write_map(g, nh, out, as_of=date)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror}", "choose another --out") from None
    if json_out:
        print_json({"out": str(result.path), "kind": nh.kind, "focus": nh.focus, "plans": nh.plans,
                    "nodes": result.nodes, "edges": result.edges, **result.headline,
                    "seconds": round(result.seconds, 3)})
        return
    h = result.headline
    err_console.print(
        f"Wrote {result.path}: {result.nodes} nodes, {result.edges} edges "
        f"({h['items']} items, {h['open']} open, {h['late']} late) in {result.seconds:.2f} s",
        markup=False,
    )


def report(
    out: Annotated[Path, typer.Option("--out", help="The HTML file to write.")] = Path("report.html"),
    top_k: Annotated[int, typer.Option("--top-k", min=1, help="k for the top-k share of items.")] = 5,
    min_items: Annotated[int, typer.Option("--min-items", min=1, help="Leave out of the slippage ranking people with fewer items with a status.")] = 5,
    as_of: AsOfOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Write the governance report: one offline HTML page with figures per plan year,
    workload concentration, slippage, overloaded owners, and carried-forward and dropped items."""
    from viz.report import write_report

    g = _read_graph(store) if as_of is None else _read_graph_as_of(store, check_date(as_of))
    try:
        result = write_report(g, out, top_k=top_k, min_items=min_items, as_of=as_of)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror}", "choose another --out") from None
    if json_out:
        print_json({"out": str(out), "sections": result.sections, "seconds": round(result.seconds, 3)})
        return
    err_console.print(f"Wrote {out}: {len(result.sections)} sections in {result.seconds:.2f} s", markup=False)
