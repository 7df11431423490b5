"""graph load / stats / export, driven through the CLI as a user types them."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.conftest import SAMPLES

runner = CliRunner()
OVERDUE = SAMPLES["overdue-report"]


def invoke(*args: str):
    return runner.invoke(app, [str(a) for a in args])


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def store(tmp_path):
    return tmp_path / "graph.db"


def test_load_reports_layout_plan_counts_and_skipped(store):
    result = invoke("load", OVERDUE, "--store", store, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    (doc,) = report["documents"]
    assert doc["layout"] == "overdue-report"
    assert doc["plan"] == "2007/08"
    assert doc["counts"] == {"theme": 5, "priority": 50, "activity": 86, "milestone": 117}
    assert len(doc["skipped"]) == 176
    assert report["errors"] == []


def test_load_table_and_show_skipped(store):
    result = invoke("load", OVERDUE, "--store", store, "--show-skipped")
    assert result.exit_code == 0, result.output
    assert "overdue-report" in result.stdout and "2007/08" in result.stdout
    assert "001_438444c0e1c0bfc6.txt:3: skipped (document title): Appendix 3b Strategic Plan 2007/08" in result.stdout
    # the impossible date is reported, not moved
    assert "31/04/2007" in result.stdout


def test_loading_twice_changes_nothing(store, tmp_path):
    assert invoke("load", OVERDUE, "--store", store).exit_code == 0
    first = invoke("export", "items", "--store", store).stdout
    stats1 = invoke("stats", "--store", store, "--json").stdout
    result = invoke("load", OVERDUE, "--store", store, "--json")
    assert json.loads(result.stdout)["documents"][0]["replaced"] is True
    assert invoke("export", "items", "--store", store).stdout == first
    assert invoke("stats", "--store", store, "--json").stdout == stats1


def test_stats_counts_nodes_and_edges(store):
    invoke("load", OVERDUE, "--store", store)
    stats = json.loads(invoke("stats", "--store", store, "--json").stdout)
    assert stats["nodes"]["Activity"] == 86
    assert stats["nodes"]["Milestone"] == 117
    assert stats["nodes"]["Plan"] == 1
    # every item is PART_OF its parent (or, for themes, the plan)
    assert stats["edges"]["PART_OF"] == 5 + 50 + 86 + 117
    assert stats["nodes"]["Officer"] == 0  # the 2007/08 overdue report names no owners


def test_export_jsonl_contract(store, tmp_path):
    invoke("load", OVERDUE, "--store", store)
    out = tmp_path / "items.jsonl"
    result = invoke("export", "items", "--format", "jsonl", "--out", out, "--store", store)
    assert result.exit_code == 0
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 258
    assert all(list(r) == ["source", "line", "page", "plan", "kind", "code", "title", "officers", "directorates",
                           "members", "boards", "deadlines", "status", "percent", "parent", "comments"]
               for r in rows)
    assert all(r["page"] is None for r in rows)  # a text file has no pages
    bethnal = next(r for r in rows if r["line"] == 57)
    assert bethnal["title"] == "Construction of Bethnal Green (27N) zone complete by March 2008"
    assert bethnal["deadlines"] == ["2008-03-31"] and bethnal["status"] == "Overdue"
    assert bethnal["parent"] == "01.01.10g" and bethnal["kind"] == "milestone"


def test_export_csv(store):
    invoke("load", OVERDUE, "--store", store)
    result = invoke("export", "items", "--format", "csv", "--store", store)
    lines = result.stdout.splitlines()
    assert lines[0] == "source,line,page,plan,kind,code,title,officers,directorates,members,boards,deadlines,status,percent,parent,comments"
    assert len(lines) == 259


def test_commands_without_a_store_say_what_to_do(store):
    result = invoke("stats", "--store", store)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: no graph at {store} yet (run: graph load examples/)"


BAD_FILES = {
    "empty.txt": (b"", "is empty"),
    "blank.txt": (b"  \n\t\n \n", "is empty"),
    "binary.txt": (bytes(range(256)) * 4, "is a binary file"),
    "report.pdf": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "is a PDF"),
    "utf16.txt": ("Strategic Plan 2012/13".encode("utf-16"), "is UTF-16 text"),
    "latin1.txt": ("Priorit\xe9 1.1: \xa3 housing\tJ\xfcrgen\n".encode("latin-1"), "is not UTF-8"),
    "shopping.txt": (b"eggs\nmilk\nbread\n", "is in no known layout"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_bad_input_is_one_line_error_and_store_unchanged(name, store, tmp_path):
    assert invoke("load", OVERDUE, "--store", store).exit_code == 0
    before = digest(store)
    data, what = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    result = invoke("load", bad, "--store", store)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"Error: {bad}: {what}")
    assert "Traceback" not in result.output
    assert digest(store) == before


def test_folder_with_one_bad_file_loads_the_good_ones(store, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(OVERDUE, folder / OVERDUE.name)
    (folder / "broken.txt").write_bytes(b"\x00\x01binary")
    result = invoke("load", folder, "--store", store, "--json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [d["source"] for d in report["documents"]] == [OVERDUE.name]
    assert [e["source"] for e in report["errors"]] == ["broken.txt"]
    assert result.stderr.strip() == f"Error: {folder / 'broken.txt'}: is a binary file, not text (hint: pass the text extracted from the document)"
    stats = json.loads(invoke("stats", "--store", store, "--json").stdout)
    assert stats["nodes"]["Activity"] == 86


def test_missing_path(store, tmp_path):
    result = invoke("load", tmp_path / "nope.txt", "--store", store)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'nope.txt'}: no such file or folder (hint: check the path)"
    assert not store.exists()


def test_plan_override(store):
    result = invoke("load", OVERDUE, "--store", store, "--plan", "2008/09", "--json")
    assert json.loads(result.stdout)["documents"][0]["plan"] == "2008/09"


def test_every_command_has_help_text():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():
        assert (command.help or "").strip(), f"graph {name} has no help text"
        assert invoke(name, "--help").exit_code == 0


def test_load_applies_an_aliases_file(store, tmp_path):
    """--aliases on load: a [different] decision keeps two spellings apart that would merge."""
    quarterly, tracker = SAMPLES["quarterly-report"], SAMPLES["improvement-tracker"]
    result = invoke("load", quarterly, tracker, "--store", store)
    assert result.exit_code == 0, result.output
    people = json.loads(invoke("people", "--store", store, "--json").stdout)
    names = {p["name"] for p in people}
    assert "Amanda Harcus" in names and "Amanda Marcus" not in names  # merged automatically (one-letter OCR slip)

    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[different]\n"Amanda Harcus" = ["Amanda Marcus"]\n')
    result = invoke("load", tracker, "--store", store, "--aliases", aliases, "--json")
    assert result.exit_code == 0, result.output
    people = json.loads(invoke("people", "--store", store, "--aliases", aliases, "--json").stdout)
    names = {p["name"] for p in people}
    assert {"Amanda Harcus", "Amanda Marcus"} <= names


def test_load_with_a_broken_aliases_file_is_one_line_and_changes_nothing(store, tmp_path):
    assert invoke("load", OVERDUE, "--store", store).exit_code == 0
    before = digest(store)
    bad = tmp_path / "aliases.toml"
    bad.write_text("[same\n")
    result = invoke("load", OVERDUE, "--store", store, "--aliases", bad)
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("Error: aliases file not valid TOML")
    assert digest(store) == before


def test_load_totals_and_stored_graph_match_the_documents(store):
    """The report's totals (counted from the tables written) agree with the documents' own
    counts and with the graph read back from the store, which is the graph build_graph makes."""
    from graphmodel.pipeline import graph_totals, stored_corpus
    from graphmodel.store.ladybug import LadybugStore

    result = invoke("load", *SAMPLES.values(), "--store", store, "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    for kind in ("theme", "priority", "activity", "milestone"):
        assert report["totals"][kind.capitalize()] == sum(d["counts"][kind] for d in report["documents"])
    st = LadybugStore(store)
    stored = st.read_graph()
    assert report["totals"] == graph_totals(stored)
    built = stored_corpus(st).graph
    assert dict(built.nodes(data=True)) == dict(stored.nodes(data=True))
    assert sorted((u, v, k, sorted(d.items())) for u, v, k, d in built.edges(keys=True, data=True)) == sorted(
        (u, v, k, sorted(d.items())) for u, v, k, d in stored.edges(keys=True, data=True))


def test_a_store_with_uncompressed_documents_still_loads(store):
    """Stores written before the documents were compressed held them as JSON strings: a load
    into one keeps its documents."""
    import ladybug

    from graphmodel.store.ladybug import LadybugStore, schema_statements

    other = SAMPLES["monitoring-appendix"]
    assert invoke("load", other, "--store", store).exit_code == 0
    (doc,) = LadybugStore(store).read_document_json()
    store.unlink()
    db = ladybug.Database(str(store))
    conn = ladybug.Connection(db)
    for stmt in schema_statements():
        conn.execute(stmt.replace("result BLOB", "result STRING"))
    conn.execute("CREATE (:Document {id: $id, layout: 'x', plan: 'y', result: $r})",
                 {"id": json.loads(doc)["source"], "r": doc})
    conn.close()
    db.close()
    result = invoke("load", OVERDUE, "--store", store, "--json")
    assert result.exit_code == 0, result.output
    sources = {json.loads(line)["source"] for line in invoke("export", "items", "--store", store).stdout.splitlines()}
    assert sources == {json.loads(doc)["source"], OVERDUE.name}
