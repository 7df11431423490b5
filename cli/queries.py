"""graph queries, graph query NAME, graph cypher "MATCH ...": the named and ad-hoc Cypher queries."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
from rich.table import Table

from cli.common import CliError, JsonOption, StoreOption, console, open_store, print_json
from graphmodel.store.base import ReadOnlyQuery, StoreError

ParamOption = Annotated[
    list[str] | None,
    typer.Option("--param", "-p", help="A query parameter as key=value (repeat for several); officer, member, "
                                       "board and directorate names match as in graph chain (any case, a unique part)."),
]


def _query_names() -> list[str]:
    """The named queries' names (read from the shipped .cypher files, a few milliseconds)."""
    from cypher import list_queries

    return [q.name for q in list_queries()]


def register(app: typer.Typer) -> None:
    app.command("queries")(queries)
    app.command("query")(query)
    app.command("cypher")(cypher)


def queries(json_out: JsonOption = False) -> None:
    """List the named Cypher queries: what each answers and the parameters it takes."""
    from cypher import list_queries

    found = list_queries()
    if json_out:
        print_json([
            {"name": q.name, "answers": q.answers, "file": q.file,
             "params": [{"name": p.name, "type": p.type, "required": p.required, "default": p.default,
                         "help": p.help} for p in q.params]}
            for q in found
        ])
        return
    table = Table(title="Named queries (run one with: graph query NAME --param key=value)")
    table.add_column("name", no_wrap=True)
    table.add_column("parameters")
    table.add_column("answers", overflow="fold")
    for q in found:
        params = ", ".join(f"{p.name}={'<required>' if p.required else repr(p.default)}" for p in q.params)
        table.add_row(q.name, params or "-", q.answers)
    console.print(table)


def query(
    name: Annotated[str, typer.Argument(help=f"The query's name: {', '.join(_query_names())} (graph queries says "
                                              "what each answers).")],
    param: ParamOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
    uri: Annotated[str | None, typer.Option("--uri", help="Run on a Neo4j server instead, e.g. bolt://localhost:7687.")] = None,
    user: Annotated[str, typer.Option("--user", help="Neo4j user (with --uri).")] = "neo4j",
    password_env: Annotated[str, typer.Option("--password-env", help="Environment variable holding the Neo4j password (with --uri).")] = "NEO4J_PASSWORD",
    database: Annotated[str | None, typer.Option("--database", help="Neo4j database (with --uri) [default: the server's].")] = None,
) -> None:
    """Run a named query on the store (or on a Neo4j server with --uri) and print its rows."""
    from cypher import QueryError, run_query

    target = _neo4j(uri, user, password_env, database) if uri else open_store(store)
    try:
        rows = run_query(target, name, param or [])
    except QueryError as exc:
        raise CliError(str(exc), hint="see graph queries") from None
    except StoreError as exc:
        raise CliError(str(exc)) from None
    finally:
        close = getattr(target, "close", None)
        if uri and callable(close):
            close()
    _print_rows(rows, json_out, title=f"{name}: {len(rows)} rows")


def cypher(
    text: Annotated[str, typer.Argument(help='A read-only Cypher query, e.g. "MATCH (o:Officer) RETURN o.name".')],
    param: ParamOption = None,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Run an ad-hoc read-only Cypher query on the store; a query that would write is refused."""
    from cypher import missing_params, plain_value, portable_hint, return_columns, write_clause

    clause = write_clause(text)
    if clause:
        raise CliError(f"graph cypher only reads: the query would change the store ({clause} is a write)",
                       hint="the store changes only through graph load")
    params = {}
    for pair in param or []:
        key, sep, value = pair.partition("=")
        if not sep:
            raise CliError(f"parameter {pair!r} is not key=value")
        params[key.strip()] = _guess(value)
    missing = missing_params(text, params)
    if missing:
        raise CliError(f"the query uses ${missing[0]} but no value was given for it",
                       hint=" ".join(f"--param {m}=..." for m in missing))
    st = open_store(store)
    try:
        rows = st.query(text, params)
    except ReadOnlyQuery:
        raise CliError("graph cypher only reads: the query would change the store",
                       hint="the store changes only through graph load") from None
    except StoreError as exc:
        raise CliError(str(exc), hint=portable_hint(text) or "") from None
    names = return_columns(text)
    rows = [{k: plain_value(v) for k, v in row.items()} for row in rows]
    if names and rows and len(names) == len(rows[0]) and len(set(names)) == len(names):
        rows = [dict(zip(names, row.values(), strict=True)) for row in rows]
    _print_rows(rows, json_out, title=f"{len(rows)} rows")


def _guess(value: str) -> Any:
    """An ad-hoc parameter's value: a whole number, a number, true/false, else the text."""
    for cast in (int, float):
        try:
            return cast(value)
        except ValueError:
            pass
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _neo4j(uri: str, user: str, password_env: str, database: str | None):
    try:
        from graphmodel.store.neo4j import Neo4jStore
    except ImportError:
        raise CliError("the Neo4j backend is not available in this installation",
                       hint="drop --uri to query the embedded store") from None
    password = os.environ.get(password_env)
    if password is None:
        raise CliError(f"${password_env} is not set", hint=f"export {password_env}=... or pass --password-env VAR")
    try:
        return Neo4jStore(uri=uri, user=user, password=password, database=database)
    except StoreError as exc:
        raise CliError(str(exc)) from None


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    if isinstance(value, list):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def _print_rows(rows: list[dict], json_out: bool, title: str) -> None:
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print("No rows.", markup=False)
        return
    table = Table(title=title)
    for col in rows[0]:
        table.add_column(col, overflow="fold", max_width=60)
    for row in rows:
        table.add_row(*(_cell(v) for v in row.values()))
    console.print(table)

