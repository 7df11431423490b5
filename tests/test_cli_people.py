"""graph people, graph lineage and the aliases file, driven through the CLI."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from cli.app import app
from tests.conftest import EXAMPLES, SAMPLES

runner = CliRunner()


def invoke(*args, env=None):
    return runner.invoke(app, [str(a) for a in args], env=env or {"CIVICGRAPH_ALIASES": ""})


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("store")
    store = tmp / "cg.db"
    result = invoke("load", EXAMPLES, "--store", store)
    assert result.exit_code == 0, result.output
    return store


def test_people_json_lists_each_person_once(loaded):
    result = invoke("people", "--store", loaded, "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 59
    harcus = next(r for r in rows if r["name"] == "Amanda Harcus")
    assert harcus["variants"] == ["Amanda Harcus", "Amanda Marcus"] and harcus["evidence"]
    scott = next(r for r in rows if r["name"] == "Andy Scott")
    assert scott["directorates"] == ["D&R", "PLACE"] and len(scott["documents"]) == 3
    assert next(r for r in rows if r["name"].startswith("Divisional Director"))["is_post"]


def test_people_table_and_review(loaded):
    result = invoke("people", "--store", loaded)
    assert result.exit_code == 0 and "59 people" in result.stdout and "Judith St. John" in result.stdout
    result = invoke("people", "--review", "--store", loaded, "--json")
    # no two spellings left to decide; the one review item is 2017/18 line 171's lead member cut
    # short ("Cabinet Member for"), one row per full role of that report it may be
    rows = json.loads(result.stdout)
    assert result.exit_code == 0 and len(rows) == 7 and {r["kind"] for r in rows} == {"member"}
    assert {r["b"] for r in rows} == {"Cabinet Member for"}
    table = invoke("people", "--review", "--store", loaded).stdout
    assert "open merge candidates" in table and "Cabinet Member for" in table


def test_member_cut_short_settled_in_the_aliases_file(tmp_path, loaded):
    """Confirming the review item (2017/18 line 171's "Cabinet Member for") under [same] empties the
    review list; the member rows' hint says how."""
    table = invoke("people", "--review", "--store", loaded).stdout
    assert '"Cabinet Member for" = "Cabinet Member for Resources"' in " ".join(table.split())
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[same]\n"Cabinet Member for" = "Cabinet Member for Resources"\n', encoding="utf-8")
    result = invoke("people", "--review", "--store", loaded, "--aliases", aliases, "--json")
    assert result.exit_code == 0 and json.loads(result.stdout) == []


def test_lineage_chains_and_dropped(loaded):
    result = invoke("lineage", "--store", loaded, "--json")
    assert result.exit_code == 0, result.output
    chains = json.loads(result.stdout)
    assert chains and all(len(c["items"]) >= 2 for c in chains)
    assert [c["length"] for c in chains] == sorted((c["length"] for c in chains), reverse=True)
    titles = {(c["items"][0]["title"], c["items"][1]["title"]) for c in chains}
    assert ("Seek to mitigate homelessness and improve housing options",
            "Reduce homelessness and improve housing options") in titles
    result = invoke("lineage", "--dropped", "--store", loaded, "--json")
    dropped = json.loads(result.stdout)
    assert dropped and all(d["outcome"] == "dropped_unfinished" for d in dropped)
    assert any(d["title"] == "Establish a Tower Hamlets Business Forum" for d in dropped)
    assert "dropped unfinished" in invoke("lineage", "--dropped", "--store", loaded).stdout
    assert "chains across plan years" in invoke("lineage", "--store", loaded).stdout


def test_export_lineage_contract(loaded):
    result = invoke("export", "lineage", "--format", "jsonl", "--store", loaded)
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) >= 30
    for row in rows:
        assert set(row) == {"later", "earlier", "score", "evidence"}
        assert set(row["later"]) == {"source", "line", "plan", "kind", "code", "title"}
        assert row["evidence"] and 0 < row["score"] <= 1


def test_missing_store_and_bad_aliases_are_one_line_errors(tmp_path, loaded):
    bad = tmp_path / "aliases.toml"
    bad.write_text("[same\n", encoding="utf-8")
    result = invoke("people", "--store", loaded, "--aliases", bad)
    assert result.exit_code == 1 and "Error: aliases file not valid TOML" in result.output
    result = invoke("people", "--store", loaded, "--aliases", tmp_path / "none.toml")
    assert result.exit_code == 1 and "no such aliases file" in result.output


def _later_document(tmp_path, spelling):
    """A later plan year (not one of the samples) in the 2012/13 layout, naming Diana Warne anew."""
    text = SAMPLES["monitoring-appendix"].read_text(encoding="utf-8").replace("Diana Warne", spelling)
    path = tmp_path / "later_plan.txt"
    path.write_text(text, encoding="utf-8")
    return path


def _warne_nodes(store, aliases_env):
    rows = json.loads(invoke("people", "--store", store, "--json", env=aliases_env).stdout)
    return [r for r in rows if r["name"].split()[-1] == "Warne"]


def _officer_count(store, env):
    stats = json.loads(invoke("stats", "--store", store, "--json", env=env).stdout)
    return stats["nodes"]["Officer"]


def test_aliases_file_beside_the_store_keeps_one_node_and_undoing_it_splits(tmp_path):
    store = tmp_path / "cg.db"
    aliases = tmp_path / "civicgraph-aliases.toml"  # the default place: beside the store
    aliases.write_text('[same]\n"Deanne Warne" = "Diana Warne"\n', encoding="utf-8")
    env = {"CIVICGRAPH_ALIASES": ""}
    for sample in SAMPLES.values():
        shutil.copy(sample, tmp_path / sample.name)
    assert invoke("load", tmp_path / SAMPLES["monitoring-appendix"].name, tmp_path / SAMPLES["action-plan"].name,
                  "--store", store, env=env).exit_code == 0
    before = _officer_count(store, env)
    # a new spelling, two letters off, in a later document: the aliases file knows her
    later = _later_document(tmp_path, "Deanne Warne")
    result = invoke("load", later, "--plan", "2015/16", "--store", store, env=env)
    assert result.exit_code == 0, result.output
    nodes = _warne_nodes(store, env)
    assert len(nodes) == 1 and set(nodes[0]["variants"]) == {"Diana Warne", "Dianna Warne", "Deanne Warne"}
    assert "2015/16" in nodes[0]["plans"]
    assert _officer_count(store, env) == before
    # remove the alias line and reload: the merge is undone
    aliases.write_text("[same]\n", encoding="utf-8")
    assert invoke("load", later, "--plan", "2015/16", "--store", store, env=env).exit_code == 0
    assert len(_warne_nodes(store, env)) == 2
    assert _officer_count(store, env) == before + 1


def test_a_one_letter_spelling_of_a_known_person_in_a_later_document_joins_them(tmp_path):
    store = tmp_path / "cg.db"
    aliases = tmp_path / "aliases.toml"
    aliases.write_text('[same]\n"Dianna Warne" = "Diana Warne"\n', encoding="utf-8")
    env = {"CIVICGRAPH_ALIASES": str(aliases)}  # found through the environment
    assert invoke("load", SAMPLES["monitoring-appendix"], "--store", store, env=env).exit_code == 0
    later = _later_document(tmp_path, "Diana Warme")  # a new OCR slip
    assert invoke("load", later, "--plan", "2015/16", "--store", store, env=env).exit_code == 0
    nodes = _warne_nodes(store, env) + [r for r in json.loads(invoke("people", "--store", store, "--json",
                                                                       env=env).stdout) if r["name"].endswith("Warme")]
    assert len(nodes) == 1 and "Diana Warme" in nodes[0]["variants"]
