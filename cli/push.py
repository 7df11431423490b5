"""graph push: write the stored graph to a Neo4j server."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from cli.common import (
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


def register(app: typer.Typer) -> None:
    app.command("push")(push)


def push(
    uri: Annotated[str, typer.Option("--uri", help="The Neo4j server, e.g. bolt://localhost:7687.")],
    user: Annotated[str, typer.Option("--user", help="Neo4j user.")] = "neo4j",
    password_env: Annotated[str, typer.Option(
        "--password-env", help="Environment variable holding the Neo4j password.")] = "NEO4J_PASSWORD",
    database: Annotated[str | None, typer.Option(
        "--database", help="Neo4j database [default: the server's default].")] = None,
    batch_size: Annotated[int, typer.Option(
        "--batch-size", min=1, max=100_000, help="Rows sent per UNWIND ... MERGE statement.")] = 500,
    store: StoreOption = None,
    json_out: JsonOption = False,
) -> None:
    """Write the stored graph to Neo4j: constraints first, then batched UNWIND ... MERGE.

    Idempotent: pushing the same graph again changes nothing, a push that stopped half way
    is finished by running it again, and nodes the local graph no longer has (items of
    documents no longer loaded) are removed from the server. Only nodes civicgraph pushed
    (label CivicGraph) are ever removed.
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from graphmodel.store.neo4j import Neo4jStore

    password = os.environ.get(password_env)
    if password is None:
        raise CliError(f"${password_env} is not set (it should hold the Neo4j password)",
                       hint=f"export {password_env}=... or pass --password-env VAR")
    try:
        graph = open_store(store).read_graph()
    except StoreError as exc:
        raise CliError(str(exc)) from None
    if graph.number_of_nodes() == 0:
        raise CliError("the store holds no graph to push", hint="run: graph load examples/")

    columns = (TextColumn("{task.description:<22}"), BarColumn(), MofNCompleteColumn(),
               TextColumn("batches"), TimeElapsedColumn())
    try:
        with Neo4jStore(uri=uri, user=user, password=password, database=database) as neo:
            neo.connect()
            agent = neo.server_agent()
            with Progress(*columns, console=err_console, disable=json_out, transient=True) as progress:
                task = progress.add_task("constraints", total=None)

                def advance(done: int, total: int, what: str) -> None:
                    progress.update(task, completed=done, total=total, description=what)

                result = neo.push(graph, batch_size=batch_size, progress=advance)
    except StoreError as exc:
        raise CliError(str(exc)) from None

    if json_out:
        print_json({"uri": result.uri, "server": agent, "database": database, "nodes": result.nodes,
                    "edges": result.edges, "node_total": result.node_total, "edge_total": result.edge_total,
                    "removed_nodes": result.removed_nodes, "removed_edges": result.removed_edges,
                    "batches": result.batches, "schema": result.schema, "seconds": round(result.seconds, 3)})
        return
    rows = [["node", k, v] for k, v in result.nodes.items()] + [["edge", k, v] for k, v in result.edges.items()]
    print_table(f"Pushed to {uri} ({agent})", ["kind", "label or type", "count"], rows)
    schema = "uniqueness constraints" if result.schema == "constraints" else "indexes (no constraints on this server)"
    console.print(
        f"Pushed {result.node_total} nodes and {result.edge_total} edges in {result.batches} batches "
        f"({result.seconds:.1f} s); removed {result.removed_nodes} stale nodes and {result.removed_edges} "
        f"stale edges; ids guarded by {schema}.",
        markup=False,
    )
