"""graph viz / graph report through the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from cli.app import app

runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_viz_officer_writes_a_map_with_the_chain_counts(sample_store, sample_graph, tmp_path):
    from graphmodel import neighbourhood as nb

    out = tmp_path / "bamber.html"
    result = invoke("viz", "--officer", "Andy Bamber", "--plan", "2012/13", "--out", out, "--store", sample_store,
                    "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    expected = nb.select(sample_graph, officer="Andy Bamber", plans=["2012/13"]).counts(sample_graph)
    assert (report["nodes"], report["edges"]) == (expected["nodes"], expected["edges"])
    assert report["items"] == 43
    assert out.exists() and "Andy Bamber" in out.read_text()


@pytest.mark.parametrize(("officer", "plan"), [("Andy Bamber", "2012/13"), ("Jackie Odunoye", "2014/15"),
                                               ("Sharon Godman", "2017/18"), ("Sharon Godman", None)])
def test_viz_map_counts_equal_graph_chain(sample_store, tmp_path, officer, plan):
    """The map drawn for an officer has the node and edge counts `graph chain` reports."""
    plan_args = ["--plan", plan] if plan else []
    viz = invoke("viz", "--officer", officer, *plan_args, "--out", tmp_path / "m.html", "--store", sample_store,
                 "--json")
    chain = invoke("chain", "--officer", officer, *plan_args, "--store", sample_store, "--json")
    assert viz.exit_code == 0 and chain.exit_code == 0, viz.output + chain.output
    drawn, chained = json.loads(viz.stdout), json.loads(chain.stdout)
    assert (drawn["nodes"], drawn["edges"]) == (chained["map"]["nodes"], chained["map"]["edges"])
    assert drawn["items"] == len(chained["items"])


def test_viz_unknown_name_suggests_the_closest(sample_store, tmp_path):
    result = invoke("viz", "--officer", "Jacky Odunoy", "--store", sample_store, "--out", tmp_path / "x.html")
    assert result.exit_code == 1
    assert "did you mean Jackie Odunoye?" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.html").exists()


def test_viz_needs_exactly_one_focus(sample_store):
    result = invoke("viz", "--store", sample_store)
    assert result.exit_code == 2 and "exactly one of" in result.output


def test_viz_every_kind(sample_store, tmp_path):
    for args in (["--directorate", "D&R"], ["--member", "Executive Mayor"], ["--activity", "1.1.1", "--plan", "2017/18"]):
        out = tmp_path / "m.html"
        result = invoke("viz", *args, "--out", out, "--store", sample_store, "--json")
        assert result.exit_code == 0, (args, result.output)
        assert json.loads(result.stdout)["nodes"] > 1


def test_viz_without_a_store(tmp_path):
    result = invoke("viz", "--officer", "x", "--store", tmp_path / "none.db")
    assert result.exit_code == 1 and "graph load" in result.output
