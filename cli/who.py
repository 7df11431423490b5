"""graph who: who is accountable for a piece of work, in every plan year it appears in."""

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
    """Add ``who`` to the ``graph`` app."""
    app.command("who")(who)


def who(
    query: Annotated[str | None, typer.Argument(help="The item's code as printed (e.g. R4.10) or words of its "
                                                     "title, in any plan year.")] = None,
    officer: Annotated[str | None, typer.Option("--officer", help="Instead: an officer's accountability chain "
                                                                 "(the same as graph chain --officer).")] = None,
    plan: PlanOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Who is accountable for a piece of work: for each plan year it appears in, the item, its
    owners with the directorate printed beside each, lead members, boards, priority, theme and
    plan, its status, the same work in the other plan years, and the source line of each fact."""
    if (query is None) == (officer is None):
        raise CliError("give an item's code or title words, or --officer NAME",
                       "e.g. graph who 'Convene a Fairness Commission', or graph who --officer 'Andy Bamber'", code=2)
    if officer is not None:
        from cli.analyses import chain

        chain(officer=officer, plan=plan, store=store, json_out=json_out)
        return
    result = _answer(query or "", plan, store)
    if json_out:
        print_json(result)
    else:
        _print(result)
    if result["chains"] != 1:
        raise CliError(f"{query!r} matches {len(result['matches'])} items in {result['chains']} pieces of work",
                       hint="give the code as printed, more of the title, or --plan")


def _answer(query: str, plan: str | None, store) -> dict:
    from cli.analyses import check_plan
    from graphmodel.neighbourhood import NotFound
    from graphmodel.store.subgraph import read_plans
    from graphmodel.who import who as run

    st = open_store(store)
    try:
        with st.reading():
            check_plan(read_plans(st), plan)
            return run(st, query, [plan] if plan else None)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    except NotFound as exc:
        raise CliError(str(exc), "give the code as printed, or words of the title") from None


_OUTCOME_TEXT = {
    "carried_forward": "carried forward into a later plan year",
    "completed": "completed, not carried forward",
    "cancelled": "cancelled",
    "dropped_unfinished": "dropped unfinished: no later loaded plan carries it forward",
    "carried_over": "a comment says it was carried over to a plan year that is not loaded",
    "no_status": "no status reported; not carried forward",
}


def _names(people: list[dict], directorate: bool = False) -> str:
    """Names joined by '; ', each owner's directorate beside them ("-" for nobody)."""
    return "; ".join(p["name"] + (f" ({p['directorate']})" if directorate and p.get("directorate") else "")
                     for p in people) or "-"


def _overseers(label: str, people: list[dict]) -> list[list[str]]:
    """One row per lead member or board: the name, the item it is printed on, and where."""
    if not people:
        return [[label, "-", ""]]
    return [[label, f"{p['name']} (on the {p['on']})", p["source"]] for p in people]


def _print(result: dict) -> None:
    if result["chains"] != 1:
        print_table(f"{len(result['matches'])} items match {result['query']!r}",
                    ["plan", "kind", "code", "title", "source"],
                    [[m["plan"], m["kind"], m["code"] or "", m["title"], f"{m['source']}:{m['line']}"]
                     for m in result["matches"]])
        return
    years = result["years"]
    latest = result["latest"]
    status = latest["status"] or ("completed by percent" if latest["completed_by_percent"] else "no status")
    console.print(f"{years[-1]['item']['title']}", markup=False, soft_wrap=True)
    console.print(f"In {len(years)} plan year(s): {', '.join(y['plan'] for y in years)}; latest status "
                  f"({latest['plan']}): {status}", markup=False, soft_wrap=True)
    for y in years:
        it, st = y["item"], y["status"]
        status = st["status"] or ("completed by percent" if st["completed_by_percent"] else "no status")
        if st["percent"] is not None:
            status += f", {st['percent']}%"
        rows = [
            ["item", " ".join(x for x in (it["kind"], it["code"]) if x) + f": {it['title']}", f"{it['source']}:{it['line']}"],
            ["status", status + (f" (due {', '.join(st['deadlines'])})" if st["deadlines"] else ""), st["source"]],
            # each report's reading, oldest first, when more than one report of the plan printed it
            *([["reading", f"{r['as_of'] or 'undated'} {r['report_kind'] or ''}: {r['status'] or 'no status'}"
                + (f", {r['percent']}%" if r["percent"] is not None else "")
                + (f" (due {', '.join(r['deadlines'])})" if r["deadlines"] else ""), r["source"]]
               for r in y["readings"]] if len(y["readings"]) > 1 else []),
            ["owners", _names(y["owners"], directorate=True), y["owners"][0]["source"] if y["owners"] else ""],
            *_overseers("lead member", y["lead_members"]),
            *_overseers("board", y["boards"]),
        ]
        for kind in ("activity", "priority", "theme"):
            if y[kind]:
                rows.append([kind, " ".join(x for x in (y[kind]["code"], y[kind]["title"]) if x), y[kind]["source"]])
        rows.append(["plan", y["plan"], ""])
        if y["outcome"]:
            rows.append(["outcome", _OUTCOME_TEXT.get(y["outcome"], y["outcome"]), ""])
        for m in y["milestones"]:
            rows.append(["milestone", f"{m['title']} - {m['status'] or 'no status'}"
                         + (f", {m['percent']}%" if m["percent"] is not None else "")
                         + f" - {_names(m['owners'], directorate=True)}", f"{m['source']}:{m['line']}"])
        for label, links in (("carried from", y["succeeds"]), ("carried into", y["succeeded_by"])):
            for s in links:
                rows.append([label, f"{s['plan']} {s['code'] or ''} {s['title']} (score {s['score']:.2f})".replace("  ", " "),
                             f"{s['source']}:{s['line']}"])
        print_table(f"{y['plan']}", ["what", "value", "source"], rows)
