"""Options and output shared by every command (defined once)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

try:  # typer >= 0.29 vendors click
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover
    from click import ClickException
from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from graphmodel.store.ladybug import LadybugStore

DEFAULT_STORE = "civicgraph.db"  # = graphmodel.store.ladybug.DEFAULT_STORE (not imported: startup stays light)

console = Console(highlight=False, soft_wrap=False, width=200 if not sys.stdout.isatty() else None)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

StoreOption = Annotated[
    Path | None,
    typer.Option("--store", help="The embedded store file [default: $CIVICGRAPH_STORE, else ./civicgraph.db]."),
]
AliasesOption = Annotated[
    Path | None,
    typer.Option("--aliases", help="The aliases file (TOML: [same], [different], [rename]) "
                 "[default: $CIVICGRAPH_ALIASES, else civicgraph-aliases.toml beside the store]."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
PlanOption = Annotated[str | None, typer.Option("--plan", help="Only this plan year, e.g. 2012/13 (one the store holds).")]


def store_path(store: Path | None) -> Path:
    """--store, else $CIVICGRAPH_STORE, else ./civicgraph.db."""
    if store is not None:
        return store
    return Path(os.environ.get("CIVICGRAPH_STORE") or DEFAULT_STORE)


def open_store(store: Path | None, must_exist: bool = True) -> LadybugStore:
    """The store at ``store_path(store)``. Unless ``must_exist`` is False (graph load makes one),
    a path with no store is a one-line ``CliError``: a mistyped --store must not read as empty."""
    from graphmodel.store.ladybug import LadybugStore

    path = store_path(store)
    if must_exist and not path.is_file():
        where = "--store" if store is not None else ("$CIVICGRAPH_STORE" if os.environ.get("CIVICGRAPH_STORE")
                                                      else "--store")
        if path.is_dir():
            raise CliError(f"{path} is a folder, not a store", hint=f"check {where}")
        raise CliError(f"no graph at {path} yet", hint=f"check {where}, or run: graph load examples/")
    return LadybugStore(path)


class CliError(ClickException):
    """A known failure: printed as one ``Error: ...`` line on stderr, exit status ``code``."""

    def __init__(self, message: str, hint: str = "", code: int = 1) -> None:
        super().__init__(message)
        self.hint = hint
        self.exit_code = code

    def format_message(self) -> str:
        return self.message + (f" (hint: {self.hint})" if self.hint else "")

    def show(self, file: Any = None) -> None:
        cause = self.__cause__ or self.__context__
        if cause is not None and "--debug" in sys.argv:  # --debug: where the underlying failure came from
            import traceback

            traceback.print_exception(cause, file=sys.stderr)
        err_console.print(f"Error: {self.format_message()}", markup=False)


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")


def print_table(title: str | None, columns: list[str], rows: list[list[Any]]) -> None:
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    console.print(table)
