"""The ``graph`` command: a thin typer layer over civicgraph's library functions."""

from __future__ import annotations

import sys

try:  # Ctrl-C while the imports load (the first second of every command): no traceback
    import typer

    from cli import analyses, people, push, queries, reports, site, viz, who
    from cli import load as load_commands
    from cli.common import err_console
except KeyboardInterrupt:
    sys.exit(130)

app = typer.Typer(
    name="graph",
    help="civicgraph: a council's plans and performance reports as a graph of accountability.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # errors as one plain 'Error: ...' line, not a panel
)
load_commands.register(app)  # load, stats, export
people.register(app)  # people, lineage
queries.register(app)  # queries, query, cypher
analyses.register(app)  # workload, slippage, chain, carry
reports.register(app)  # reports, history
push.register(app)  # push (Neo4j)
viz.register(app)  # viz, report
who.register(app)  # who
site.register(app)  # site


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback when something fails."),
) -> None:
    """civicgraph: a council's plans and performance reports as a graph of accountability."""


def main() -> None:
    """Entry point. Known failures print one ``Error:`` line (exit 1, usage errors 2);
    anything unexpected too, unless --debug asks for the traceback."""
    try:
        app()
    except KeyboardInterrupt:  # the store is replaced in one step, so an interrupted command changed nothing
        err_console.print("Interrupted.", markup=False)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the one place unexpected errors become a message
        if "--debug" in sys.argv:
            raise
        err_console.print(f"Error: {type(exc).__name__}: {exc} (hint: rerun with --debug to see where)", markup=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
