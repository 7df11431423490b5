"""graph load, graph stats, graph export."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from cli.common import (
    AliasesOption,
    CliError,
    JsonOption,
    StoreOption,
    console,
    err_console,
    open_store,
    print_json,
    print_table,
)
from graphmodel.store.base import StoreError

# the layouts loaders/registry.py lists, in its order (not imported: startup stays light;
# tests/test_cli_answers.py checks the two agree)
LAYOUT_NAMES = ("monitoring-appendix", "overdue-report", "quarterly-report", "action-plan", "improvement-tracker")


class ExportFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class ExportWhat(StrEnum):
    items = "items"
    lineage = "lineage"
    history = "history"


def register(app: typer.Typer) -> None:
    app.command("load")(load)
    app.command("stats")(stats)
    app.command("export")(export)


def load(
    paths: Annotated[list[Path], typer.Argument(help="Documents (.txt, .pdf, .docx) or folders of them (searched "
                                                      "recursively).")],
    store: StoreOption = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Plan year for these documents, written YYYY/YY, e.g. 2012/13 (overrides the one found in the text).")] = None,
    layout: Annotated[str | None, typer.Option("--layout", help="Force a layout instead of detecting it: "
                                               f"{', '.join(LAYOUT_NAMES)}.")] = None,
    show_skipped: Annotated[bool, typer.Option("--show-skipped", help="List every skipped line with its reason.")] = False,
    wait: Annotated[float, typer.Option("--wait", metavar="SECONDS", min=0,
                                        help="If another command is writing the store, wait up to SECONDS for it "
                                             "instead of failing at once.")] = 0.0,
    no_recurse: Annotated[bool, typer.Option("--no-recurse", help="Read only the files directly in each folder, "
                                                                  "not its subfolders.")] = False,
    aliases: AliasesOption = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YYYY-MM-DD",
        help="The date of the reports given, for those that do not print it (a quarterly report with no "
             "'Quarter 3' or 'position at ...' title): each report is a reading of its plan at its date.")] = None,
    json_out: JsonOption = False,
) -> None:
    """Load documents into the store (text, PDF or Word files, or folders of them): read each one,
    detect its layout, parse it, rebuild the graph. Files in folders that are not read are listed
    with the reason.

    Each document is a report on its plan year: reports of one plan (a quarter, the end of the
    year, an overdue list) are readings of the same items, which count once."""
    from rich.progress import Progress

    from graphmodel.aliases import AliasesError
    from graphmodel.pipeline import load as run_load
    from graphmodel.pipeline import store_aliases
    from loaders.registry import LOADERS

    if as_of is not None:
        from graphmodel.reports import valid_date

        try:
            as_of = valid_date(as_of)
        except ValueError as exc:
            raise typer.BadParameter(str(exc), param_hint="'--as-of'") from None
    if layout is not None and layout not in {lo.name for lo in LOADERS}:  # a usage error: exit 2
        raise typer.BadParameter(f"unknown layout {layout!r}; known: {', '.join(lo.name for lo in LOADERS)}",
                                 param_hint="'--layout'")
    if plan is not None:
        check_plan_format(plan)
    st = open_store(store, must_exist=False)
    st.lock_timeout = wait
    try:
        decisions = store_aliases(st, aliases)
    except AliasesError as exc:
        raise CliError(f"aliases file {exc.what}: {exc.path}", exc.fix) from None
    try:
        # no progress bar unless stderr is a terminal: elsewhere it only leaves a blank line before errors
        with Progress(console=err_console, transient=True, disable=json_out or not err_console.is_terminal) as bar:
            task = bar.add_task("parsing", total=None)

            def advance(stage: str, done: int, total: int) -> None:
                bar.update(task, description=stage, completed=done, total=total)

            report = run_load(paths, st, plan=plan, layout=layout, aliases=decisions, progress=advance,
                              recurse=not no_recurse, as_of=as_of)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if json_out:
        print_json(report.model_dump(mode="json"))
    else:
        rows = []
        for d in report.documents:
            c = d.counts
            rows.append([d.source, d.layout, d.plan, d.as_of or "undated", d.kind or "", c["theme"], c["priority"],
                         c["activity"], c["milestone"], len(d.skipped), len(d.problems)])
        if rows:
            print_table(f"Loaded into {report.store}", ["document", "layout", "plan", "as of", "report", "themes",
                                                       "priorities", "activities", "milestones", "skipped",
                                                       "problems"], rows)
        for d in report.documents:
            if d.duplicate_of:
                console.print(f"{d.source}: already loaded as {d.duplicate_of} (the same report): not loaded again",
                              markup=False)
            for p in d.problems:
                console.print(f"{d.source}:{_where(p)}: {p.what}" + (f" ({p.fix})" if p.fix else ""), markup=False)
            if show_skipped:
                for s in d.skipped:
                    console.print(f"{d.source}:{_where(s)}: skipped ({s.reason}): {s.text}", markup=False)
        for n in report.not_read:
            console.print(f"Not read: {n.path}: {n.what}" + (f" (hint: {n.fix})" if n.fix else ""), markup=False)
    for e in report.errors:
        err_console.print(f"Error: {e.path}: {e.what}" + (f" (hint: {e.fix})" if e.fix else ""), markup=False)
    if report.errors:
        raise typer.Exit(1)


def check_plan_format(plan: str) -> None:
    """Refuse a --plan that is not a plan year written as the documents write it (2012/13)."""
    import re

    m = re.fullmatch(r"(\d{4})/(\d{2})", plan.strip())
    if not m or (int(m[1]) + 1) % 100 != int(m[2]):
        raise CliError(f"--plan {plan!r} is not a plan year", hint="write it as the documents do, e.g. 2012/13",
                       code=2)


def _where(entry) -> str:
    """A line of a document, with its PDF page when it has one ("558 (page 17)")."""
    return f"{entry.line} (page {entry.page})" if entry.page is not None else str(entry.line)


def stats(store: StoreOption = None, json_out: JsonOption = False) -> None:
    """Count what the store holds: nodes per label and edges per type, and items per plan."""
    from graphmodel.stats import graph_stats

    st = open_store(store)
    try:
        with st.reading():  # one snapshot: a load running meanwhile cannot mix old and new counts
            result = graph_stats(st)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if json_out:
        print_json(result)
        return
    print_table("Nodes", ["label", "count"], [[k, v] for k, v in result["nodes"].items()])
    print_table("Edges", ["type", "count"], [[k, v] for k, v in result["edges"].items()])
    print_table("Items per plan", ["plan", "source", "themes", "priorities", "activities", "milestones"],
                [[d["plan"], d["source"], d["theme"], d["priority"], d["activity"], d["milestone"]]
                 for d in result["documents"]])


def export(
    what: Annotated[ExportWhat, typer.Argument(
        help="What to export: items (what each document printed, the export contract), lineage (every SUCCEEDS "
             "edge with its score and evidence), or history (every report's reading of every item, in date order).")],
    fmt: Annotated[ExportFormat, typer.Option("--format", help="jsonl (one JSON object a line) or csv (one column "
                                                               "per field; lists joined with '; ').")] = ExportFormat.jsonl,
    out: Annotated[Path | None, typer.Option("--out", help="Write to this file instead of standard output.")] = None,
    store: StoreOption = None,
) -> None:
    """Export the stored items (or the SUCCEEDS edges, or the readings): JSON lines, or CSV."""
    from graphmodel.export import LINEAGE_CSV, export_items, export_lineage, flat, to_csv, to_jsonl
    from graphmodel.pipeline import stored_corpus
    from graphmodel.reports import HISTORY_KEYS
    from graphmodel.schema import EXPORT_KEYS
    from graphmodel.store.readings import history_rows

    try:
        if what == ExportWhat.history:
            st = open_store(store)
            with st.reading():
                rows = history_rows(st)
        else:
            corpus = stored_corpus(open_store(store))
            rows = export_items(corpus.records) if what == ExportWhat.items else export_lineage(corpus)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if fmt == ExportFormat.jsonl:
        text = to_jsonl(rows)
    elif what == ExportWhat.history:
        text = to_csv(rows, HISTORY_KEYS)
    else:  # one column per field: the lineage rows' later and earlier items spread into later_source, ...
        rows = flat(rows)
        text = to_csv(rows, rows[0].keys() if rows else (EXPORT_KEYS if what == ExportWhat.items else LINEAGE_CSV))
    if out is None:
        typer.echo(text, nl=False)
    else:
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot write {out}: {exc.strerror}", "choose another --out") from None
        err_console.print(f"Wrote {len(rows)} {what.value} rows to {out}", markup=False)
