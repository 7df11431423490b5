"""graph reports, graph history: the reports loaded for each plan, and one item's readings."""

from __future__ import annotations

from typing import Annotated

import typer

from cli.common import (
    CliError,
    JsonOption,
    PlanOption,
    StoreOption,
    console,
    open_store,
    print_json,
    print_table,
)
from graphmodel.store.base import StoreError


def register(app: typer.Typer) -> None:
    app.command("reports")(reports)
    app.command("history")(history)


def reports(plan: PlanOption = None, store: StoreOption = None, json_out: JsonOption = False) -> None:
    """The loaded reports of each plan in date order: date, kind (plan, quarterly, end-of-year,
    overdue, tracker), the items each printed, those it printed first and those it left out."""
    from graphmodel.store.readings import reports as read_reports

    st = open_store(store)
    try:
        with st.reading():
            rows = read_reports(st)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if plan:
        known = sorted({r["plan"] for r in rows})
        if plan not in known:
            raise CliError(f"no plan year {plan} in the store", hint=f"plans: {', '.join(known) or 'none'}")
        rows = [r for r in rows if r["plan"] == plan]
    if json_out:
        print_json(rows)
        return
    print_table("Reports per plan (each a reading of its plan's items)",
                ["plan", "as of", "kind", "document", "items", "activities", "milestones", "first printed here",
                 "left out"],
                [[r["plan"], r["as_of"] or "undated", r["kind"], r["source"], r["items"], r["activities"],
                  r["milestones"], r["new"], r["not_reported"]] for r in rows])


def history(
    item: Annotated[str, typer.Argument(help="The item: its code as printed (e.g. 1.1.1) or words of its title.")],
    plan: PlanOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """One item's readings in date order: each report's status, % complete, deadlines, owners
    and comments, with the file and line it was printed on."""
    from graphmodel.neighbourhood import Ambiguous, NotFound
    from graphmodel.store.readings import item_history
    from graphmodel.store.subgraph import find_in_store, read_plans

    st = open_store(store)
    try:
        with st.reading():
            if plan and plan not in read_plans(st):
                raise CliError(f"no plan year {plan} in the store", hint=f"plans: {', '.join(read_plans(st))}")
            node, label = find_in_store(st, "activity", item, [plan] if plan else None)
            rows = item_history(st, node, label)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except (NotFound, Ambiguous) as exc:
        raise CliError(str(exc)) from None
    if json_out:
        print_json(rows)
        return
    if rows:
        first = rows[-1]
        console.print(f"{first['plan']} {first['kind']} {first['code'] or ''} {first['title']}".replace("  ", " "),
                      markup=False)
    print_table("Readings in date order",
                ["as of", "report", "status", "%", "deadlines", "owners", "source:line", "comments"],
                [[r["as_of"] or "undated", r["report_kind"], r["status"], r["percent"], "; ".join(r["deadlines"]),
                  "; ".join(o["officer"] + (f" ({o['directorate']})" if o["directorate"] else "") for o in r["owners"]),
                  f"{r['source']}:{r['line']}", _short(r["comments"])] for r in rows])


def _short(text: str | None, width: int = 80) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
