"""graph site: the whole graph as a folder of static, offline HTML pages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import CliError, JsonOption, StoreOption, err_console, open_store, print_json
from graphmodel.store.base import StoreError


def register(app: typer.Typer) -> None:
    """Add ``site`` to the ``graph`` app."""
    app.command("site")(site)


def site(
    out: Annotated[Path, typer.Option("--out", help="The folder to write the site into (created if missing).")],
    force: Annotated[bool, typer.Option("--force", help="Write into a non-empty folder that holds no site.")] = False,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Write a static site (open index.html from disk, no server, no network): an index with the
    headline, workload, slippage and carry-forward figures; a page per officer, directorate, board,
    lead member, plan year and activity with their maps; search; item, lineage and GraphML downloads."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graphmodel.pipeline import stored_corpus
    from viz.site.build import SiteFolderError, check_folder, write_site

    try:
        check_folder(out, force)  # refuse a wrong folder before reading anything (and create nothing yet)
    except SiteFolderError as exc:
        raise CliError(str(exc), "give an empty or new folder, or --force to write into it anyway") from None
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror}", "choose another --out") from None
    try:
        st = open_store(store)
        with st.reading():
            g = st.read_graph()
            corpus = stored_corpus(st)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    with Progress(TextColumn("Writing pages"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, transient=True, disable=json_out) as bar:
        task = bar.add_task("pages", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = write_site(g, out, corpus=corpus, force=True, progress=progress)
        except OSError as exc:
            raise CliError(f"cannot write {out}: {exc.strerror}", "choose another --out") from None
    if json_out:
        print_json(result.to_dict())
        return
    pages = ", ".join(f"{n} {k}" for k, n in sorted(result.pages.items()))
    err_console.print(
        f"Wrote {sum(result.pages.values())} pages to {out} ({pages}); biggest {result.biggest[0]} "
        f"({result.biggest[1] / 1024:.0f} KiB); {result.bytes / 1024 / 1024:.1f} MiB in {result.seconds:.1f} s. "
        f"Open {out / 'index.html'}",
        markup=False,
    )
