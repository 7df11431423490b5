"""graph people, graph lineage: who is who across documents, and what carried forward."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cli.common import AliasesOption, CliError, JsonOption, StoreOption, open_store, print_json, print_table


def register(app: typer.Typer) -> None:
    """Add this module's commands to the ``graph`` app."""
    app.command("people")(people)
    app.command("lineage")(lineage)


def _corpus(store: Path | None, aliases: Path | None):
    from graphmodel.aliases import AliasesError
    from graphmodel.pipeline import store_aliases, stored_corpus
    from graphmodel.store.base import StoreError

    try:
        st = open_store(store)
        return stored_corpus(st, store_aliases(st, aliases))
    except AliasesError as exc:
        raise CliError(f"aliases file {exc.what}: {exc.path}", exc.fix) from None
    except StoreError as exc:
        raise CliError(str(exc)) from None


def people(
    review: Annotated[bool, typer.Option("--review", help="List the open merge candidates instead (two spellings "
                                         "that may be one person; a lead-member role cut short and the roles it "
                                         "may be).")] = False,
    store: StoreOption = None,
    aliases: AliasesOption = None,
    json_out: JsonOption = False,
) -> None:
    """Each person once, with their name variants, documents, directorates and the evidence
    for each merge. Record decisions in the aliases file: [same] "Printed" = "Canonical",
    [different] "A" = ["B"], [rename] "Any name" = "Shown name"."""
    from graphmodel.identity import people_report

    rows = people_report(_corpus(store, aliases).resolution, review=review)
    if json_out:
        print_json(rows)
    elif review:
        print_table(f"{len(rows)} open merge candidates", ["kind", "name", "other name", "score", "evidence"],
                    [[c["kind"], c["a"], c["b"], f"{c['score']:.2f}", "; ".join(c["evidence"])] for c in rows])
        if any(c["kind"] == "person" for c in rows):
            print('Confirm in the aliases file under [same]: "other name" = "name"; reject under '
                  '[different]: "name" = ["other name"].')
        if any(c["kind"] == "member" for c in rows):
            print('A lead-member role cut short: confirm the full role it is in the aliases file under [same]: '
                  '"other name" = "name" (e.g. "Cabinet Member for" = "Cabinet Member for Resources").')
    else:
        print_table(f"{len(rows)} people", ["name", "variants", "documents", "plans", "directorates", "items",
                                            "merge evidence"],
                    [[r["name"] + (" (post)" if r["is_post"] else ""), "; ".join(r["variants"]),
                      len(r["documents"]), ", ".join(r["plans"]), ", ".join(r["directorates"]), r["items"],
                      "; ".join(r["evidence"])] for r in rows])


def lineage(
    dropped: Annotated[bool, typer.Option("--dropped", help="List activities that vanished unfinished.")] = False,
    store: StoreOption = None,
    aliases: AliasesOption = None,
    json_out: JsonOption = False,
) -> None:
    """Activities carried forward across plan years (SUCCEEDS chains, longest first), or with
    --dropped the ones no later loaded plan carries forward although left unfinished."""
    from graphmodel.lineage import lineage_report

    corpus = _corpus(store, aliases)
    rows = lineage_report(corpus.items, corpus.successions, dropped=dropped)  # plan items: each once
    if json_out:
        print_json(rows)
    elif dropped:
        print_table(f"{len(rows)} activities dropped unfinished", ["plan", "code", "title", "status", "%",
                                                                   "officers", "not in", "source"],
                    [[o["plan"], o["code"], o["title"], o["status"], o["percent"], ", ".join(o["officers"]),
                      o["later_plan"], f"{o['source']}:{o['line']}"] for o in rows])
    else:
        table = []
        for n, chain in enumerate(rows, start=1):
            for item in chain["items"]:
                table.append([n, item["plan"], item["code"], item["title"],
                              "" if item["score"] is None else f"{item['score']:.2f}", "; ".join(item["evidence"])])
        print_table(f"{len(rows)} chains across plan years", ["chain", "plan", "code", "title", "score",
                                                              "evidence (link to the next row)"], table)
