"""graph who: who is accountable for a piece of work, in every plan year it appears in, on the
samples (checked against the documents: 000 lines 3-15 and 003 lines 973-994 for the Fairness
Commission; 004 line 137 for R4.10)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from cli.app import app
from graphmodel.store.ladybug import LadybugStore
from graphmodel.who import answer_graph, who
from tests.sample_store import sample_graph, sample_store_path

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, [*args, "--store", str(sample_store_path())])


def table_rows(text: str) -> list[list[str]]:
    return [[c.strip() for c in line.strip().strip("│").split("│")] for line in text.splitlines()
            if line.startswith("│")]


def test_fairness_commission_json_is_the_library_result_and_names_who():
    result = invoke("who", "Convene a Fairness Commission", "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out == who(LadybugStore(sample_store_path()), "Convene a Fairness Commission")
    assert out["chains"] == 1
    assert [y["plan"] for y in out["years"]] == ["2012/13", "2014/15"]
    y12, y14 = out["years"]
    # 000 line 12: "Convene a Fairness Commission  Louise Russell (CE's)  31/10/2012  Overdue  75%"
    assert y12["item"]["title"] == "Convene a Fairness Commission"
    assert y12["owners"] == [{"name": "Louise Russell", "directorate": "CE's", "source": "000_ce323507d3fb21cd.txt:12"}]
    assert (y12["status"]["status"], y12["status"]["percent"], y12["status"]["late"]) == ("Overdue", 75, True)
    assert y12["status"]["deadlines"] == ["2012-10-31"]
    assert y12["priority"] == {"code": "5.1", "title": "Reduce inequalities", "source": "000_ce323507d3fb21cd.txt:4"}
    assert y12["theme"]["title"] == "One Tower Hamlets" and y12["lead_members"] == []
    assert [(m["title"], m["status"]) for m in y12["milestones"]] == [
        ("Fairness Commission launched", "Completed"), ("Fairness Commission report completed", "Overdue")]
    # 003 lines 990-991: the 2014/15 plan carries it forward, Mayor Lutfur Rahman the lead member
    assert y14["item"]["source"] == "003_c6e6c3ba485f8380.txt" and y14["item"]["line"] == 990
    assert y14["owners"] == [{"name": "Louise Russell", "directorate": "LPG", "source": "003_c6e6c3ba485f8380.txt:990"}]
    assert y14["lead_members"] == [{"name": "Mayor Lutfur Rahman", "on": "activity",
                                    "source": "003_c6e6c3ba485f8380.txt:990"}]
    assert y14["priority"]["code"] == "5.1" and y14["status"]["status"] is None
    assert [s["id"] for s in y14["succeeds"]] == [y12["item"]["id"]]
    assert [s["id"] for s in y12["succeeded_by"]] == [y14["item"]["id"]]
    # each plan year has one report of it (the samples): one reading each, the status printed there
    assert [[(r["status"], r["source"]) for r in y["readings"]] for y in out["years"]] == [
        [("Overdue", "000_ce323507d3fb21cd.txt:" + str(y12["item"]["line"]))],
        [(None, "003_c6e6c3ba485f8380.txt:990")]]
    assert out["latest"]["plan"] == "2014/15" and out["latest"]["status"] is None
    # 2014/15 has a later plan year (2017/18) that carries nothing of it, but the plan reports no status: not dropped
    assert (y12["outcome"], y14["outcome"]) == ("carried_forward", "no_status")


def test_what_became_of_it():
    # 001 line 18: "carried over to 2008/09 plan", a plan year not loaded
    out = json.loads(invoke("who", "01.01.02e", "--json").stdout)
    assert [y["outcome"] for y in out["years"]] == ["carried_over"]
    assert "a comment says it was carried over to a plan year that is not loaded" in invoke("who", "01.01.02e").stdout


def test_title_words_in_any_order():
    out = json.loads(invoke("who", "fairness commission convene", "--json").stdout)
    assert [y["plan"] for y in out["years"]] == ["2012/13", "2014/15"]


def test_reading_from_the_store_equals_the_whole_graph():
    store = LadybugStore(sample_store_path())
    for query in ("Convene a Fairness Commission", "Fairness", "R4.10", "R5.14", "01.01.02e", "commission fairness",
                  "review"):
        assert who(store, query) == answer_graph(sample_graph(), query), query


def test_table_names_owner_directorate_boards_and_sources():
    result = invoke("who", "R4.10")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "Complete a review of the Councils constitution to strengthen governance arrangements, improve accessibility "
        "and ensure it is user friendly.", "In 1 plan year(s): 2019/20; latest status (2019/20): Completed"]
    rows = {r[0]: r for r in table_rows(result.stdout) if r[0]}
    assert rows["status"][1:] == ["Completed, 100%", "004_c06fa87f8ecacf20.txt:137"]
    assert rows["owners"][1:] == ["Asmat Hussain", "004_c06fa87f8ecacf20.txt:137"]
    boards = [r[1] for r in table_rows(result.stdout) if r[0] == "board"]
    assert boards == ["CLT (on the activity R4.10)", "General Purpose Committee (on the activity R4.10)"]


def test_completed_by_percent_is_shown_as_such():
    # 004 line 273: R10.29, 100% and no status symbol
    out = json.loads(invoke("who", "R10.29", "--json").stdout)
    st = out["years"][0]["status"]
    assert (st["status"], st["category"], st["completed_by_percent"], st["open"]) == (None, "completed", True, False)
    assert "completed by percent, 100%" in invoke("who", "R10.29").stdout


def test_several_pieces_of_work_are_listed_with_how_to_narrow():
    result = invoke("who", "review")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: 'review' matches 14 items in 14 pieces of work "
                                     "(hint: give the code as printed, more of the title, or --plan)")
    assert "R4.10" in result.stdout and "004_c06fa87f8ecacf20.txt:137" in result.stdout
    out = json.loads(invoke("who", "review", "--json").stdout)
    assert out["chains"] == 14 and out["years"] == [] and len(out["matches"]) == 14
    narrowed = json.loads(invoke("who", "review", "--plan", "2007/08", "--json").stdout)
    assert len(narrowed["matches"]) == 6


def test_no_match_and_bad_usage_are_one_line():
    result = invoke("who", "xyzzy")
    assert result.exit_code == 1
    assert result.stderr.strip() == ("Error: no activity matches 'xyzzy' "
                                     "(hint: give the code as printed, or words of the title)")
    result = invoke("who")
    assert result.exit_code == 2 and result.stderr.startswith("Error: give an item's code or title words")
    result = invoke("who", "R4.10", "--plan", "2019")
    assert result.stderr.strip() == "Error: no plan year 2019 in the store (hint: did you mean 2019/20?)"


def test_who_officer_is_graph_chain():
    a = invoke("who", "--officer", "amanda harcus", "--plan", "2019/20", "--json")
    b = invoke("chain", "--officer", "Amanda Harcus", "--plan", "2019/20", "--json")
    assert a.exit_code == 0 and a.stdout == b.stdout
    assert len(json.loads(a.stdout)["items"]) == 5


def test_the_activity_map_accepts_one_chain_across_years(tmp_path):
    """'Fairness' matches the 2012/13 and the 2014/15 activities: one piece of work, one map."""
    result = invoke("viz", "--activity", "Fairness", "--out", str(tmp_path / "m.html"), "--json")
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["focus"] == ["item:000_ce323507d3fb21cd.txt:12", "item:003_c6e6c3ba485f8380.txt:990"]
    result = invoke("viz", "--activity", "review", "--out", str(tmp_path / "m2.html"))
    assert result.exit_code == 1 and "matches 14 items" in result.stderr
