"""One plan, many reports: the 2017/18 quarterly report (examples/002, the position at the end of
quarter 2) and a third-quarter copy of it (tests/data/002_q3_2017.txt) are two readings of one
plan. The copy, made by hand from the sample, differs in exactly these ways (see the diff):

- its first line is "Strategic Plan 2017/18 Quarter 3 Monitoring Report" (dated 31 December 2017);
- "Develop a Growth Strategy in collaboration with ..." (Andy Scott and three others) went from
  On Target 50%, due 31/12/17, to Delayed 60%, due 31/03/18 (a moved deadline, and slipped);
- "160 businesses assisted ..." (Andy Scott) went from On Target 50% to Completed 100%;
- "Deliver phase 1 of the 'Action for New Enterprise Programme' to support new start ups ..." is
  reworded ("... the Action for New Enterprise Programme to support new start-ups ...");
- "Increase awareness of potential increase in cost of business rates ..." (Roger Jones, Delayed)
  is not printed; in its place is a new deliverable, "Launch the Start Up Ready programme for 30
  new entrepreneurs" (Andy Scott, On Target 20%, due 31/03/18).

Andy Scott is named on 27 lines of the sample (27 items in 2017/18, as the issue counts them).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from graphmodel.reports import HISTORY_KEYS, detect_report, moved_and_behind, quarter_end, same_item_score
from loaders.base import LoadResult, Skipped
from tests.conftest import SAMPLES

runner = CliRunner()
Q2 = SAMPLES["quarterly-report"]
Q3 = Path(__file__).parent / "data" / "002_q3_2017.txt"
GROWTH = "Develop a Growth Strategy in collaboration with local partners, businesses and residents"
RATES = "Increase awareness of potential increase in cost of business rates"
NEW = "Launch the Start Up Ready programme for 30 new entrepreneurs"


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args])


def as_json(*args):
    result = invoke(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def officer_row(rows: list[dict], name: str) -> dict:
    (row,) = [r for r in rows if r.get("officer") == name]
    return row


@pytest.fixture(scope="module")
def q2_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("q2") / "graph.db"
    assert invoke("load", Q2, "--as-of", "2017-09-30", "--store", store).exit_code == 0
    return store


@pytest.fixture(scope="module")
def both(tmp_path_factory, q2_store):
    """A store with the Q2 report, then the Q3 report loaded into it."""
    store = tmp_path_factory.mktemp("both") / "graph.db"
    shutil.copy(q2_store, store)
    result = invoke("load", Q3, "--store", store, "--json")
    assert result.exit_code == 0, result.output
    return store


# ------------------------------------------------------------------ dates and kinds


def _titled(*lines: str, layout: str = "quarterly-report", plan: str = "2017/18") -> LoadResult:
    from graphmodel.schema import ItemRecord, Kind

    item = ItemRecord(source="x.txt", line=len(lines) + 1, plan=plan, kind=Kind.ACTIVITY, title="Do it",
                      status="On Target")
    skipped = [Skipped(line=i, text=t, reason="document title") for i, t in enumerate(lines, start=1)]
    return LoadResult(source="x.txt", layout=layout, plan=plan, items=[item], skipped=skipped)


@pytest.mark.parametrize(("title", "as_of", "kind"), [
    ("Strategic Plan 2017/18 Quarter 3 Monitoring Report", "2017-12-31", "quarterly"),
    ("Strategic Plan Q3 Update", "2017-12-31", "quarterly"),
    ("Strategic Plan Monitoring - Q1", "2017-06-30", "quarterly"),
    ("Third Quarter performance report", "2017-12-31", "quarterly"),
    ("Strategic Plan 2017/18 End of Year Monitoring", "2018-03-31", "end-of-year"),
    ("Strategic Plan progress: position at 31 December 2017", "2017-12-31", "quarterly"),
    ("Mid-year review of the Strategic Plan", "2017-09-30", "quarterly"),
    ("Strategic Plan 2017/18 Overdue Activities, Quarter 2", "2017-09-30", "overdue"),
    ("Strategic Plan 2017/18", None, "quarterly"),
    # a position written other ways: '@', dots, a month without its day (its last day, in the plan year)
    ("Strategic Plan progress @ 31 December 2017", "2017-12-31", "quarterly"),
    ("Strategic Plan: position at 31.12.2017", "2017-12-31", "quarterly"),
    ("Strategic Plan position as at end of December 2017", "2017-12-31", "quarterly"),
    ("Strategic Plan progress to the end of September 2017", "2017-09-30", "quarterly"),
    ("Performance monitoring: June 2017", "2017-06-30", "quarterly"),
    ("Strategic Plan 2017/18 - December 2017 update", "2017-12-31", "quarterly"),
    ("Strategic Plan monitoring, period October to December 2017", "2017-12-31", "quarterly"),
    ("Strategic Plan 2017/18 End of Year Monitoring: position at March 2018", "2018-03-31", "end-of-year"),
    # a month outside the plan year is not its position (the plan approved before it began)
    ("Strategic Plan 2017/18, approved at Council February 2017", None, "quarterly"),
    ("Strategic Plan 2017/18 report to March 2017 Cabinet", None, "quarterly"),
])
def test_report_date_and_kind_come_from_the_title(title, as_of, kind):
    found = detect_report(_titled(title))
    assert (found.as_of, found.kind) == (as_of, kind)


def test_comments_saying_quarter_2_do_not_date_the_report(sample_results):
    """The 2017/18 sample's comments say 'by the end of quarter 2', but no title line does."""
    found = detect_report(sample_results["quarterly-report"])
    assert (found.as_of, found.kind) == (None, "quarterly")


def test_sample_reports_dates_and_kinds(sample_results):
    # 001: "Appendix 3b Strategic Plan 2007/08 End of Year Monitoring" / "Overdue Activities ..."
    assert detect_report(sample_results["overdue-report"]).as_of == "2008-03-31"
    assert detect_report(sample_results["overdue-report"]).kind == "overdue"
    assert detect_report(sample_results["improvement-tracker"]).kind == "tracker"
    assert detect_report(sample_results["monitoring-appendix"]).kind == "quarterly"


def test_quarter_ends_of_a_plan_year():
    assert [quarter_end("2017/18", q) for q in (1, 2, 3, 4)] == ["2017-06-30", "2017-09-30", "2017-12-31",
                                                                "2018-03-31"]


def test_one_definition_of_the_same_title():
    assert same_item_score("Deliver the Growth Strategy", "Deliver the growth strategy *") == 1.0
    assert same_item_score(
        "Deliver phase 1 of the 'Action for New Enterprise Programme' to support new start ups and growing businesses",
        "Deliver phase 1 of the Action for New Enterprise Programme to support new start-ups and growing businesses",
    ) >= 0.9
    assert same_item_score("Deliver phase 3 of the programme", "Deliver phase 4 of the programme") == 0.0


def test_moved_and_fell_behind_between_readings():
    assert moved_and_behind([("2017-12-31", "on_target"), ("2018-03-31", "late")]) == (True, True)
    assert moved_and_behind([("2017-12-31", "on_target"), (None, "on_target"), ("2017-12-31", "completed")]) == (
        False, False)
    assert moved_and_behind([("2017-12-31", "late"), ("2017-12-31", "late")]) == (False, False)
    assert moved_and_behind([("2017-12-31", "on_target"), ("2017-12-31", "unknown"), ("2017-12-31", "late")]) == (
        False, True)


# ------------------------------------------------------------------ a history built by hand


def test_load_reports_each_documents_date_and_kind(both, tmp_path):
    report = as_json("load", Q3, "--store", tmp_path / "g.db")
    (doc,) = report["documents"]
    assert (doc["as_of"], doc["kind"], doc["plan"]) == ("2017-12-31", "quarterly", "2017/18")


def test_one_node_per_activity_and_deliverable(q2_store, both):
    q2, q3 = as_json("stats", "--store", q2_store), as_json("stats", "--store", both)
    assert (q2["nodes"]["Activity"], q2["nodes"]["Milestone"]) == (50, 233)
    # the same 50 activities; 233 deliverables and the one new in Q3
    assert (q3["nodes"]["Activity"], q3["nodes"]["Milestone"], q3["nodes"]["Plan"]) == (50, 234, 1)
    assert (q3["nodes"]["Report"], q3["edges"]["READS"]) == (2, 295 + 295)
    # graph export items keeps its contract: what each document printed
    items = invoke("export", "items", "--store", both).stdout.splitlines()
    assert len(items) == 295 + 295


def test_item_ids_stay_when_a_later_report_is_added(q2_store, both):
    def ids(store):
        rows = as_json("cypher", "MATCH (i:Milestone) RETURN i.id AS id", "--store", store)
        return {r["id"] for r in rows}

    before, after = ids(q2_store), ids(both)
    assert before <= after and len(after - before) == 1
    (new,) = after - before
    assert new.startswith("item:002_q3_2017.txt:")


def test_workload_counts_each_item_once_at_its_latest_status(q2_store, both):
    q2 = officer_row(as_json("workload", "--store", q2_store)["rows"], "Andy Scott")
    q3 = officer_row(as_json("workload", "--store", both)["rows"], "Andy Scott")
    assert q2["total"] == 27  # not 54: one report
    assert q3["total"] == 28  # not 55: the new deliverable only
    assert q3["late"] == q2["late"] + 1  # the growth strategy deliverable is now delayed
    assert q3["open"] == q2["open"]  # one more open (the new one), one fewer (160 businesses completed)
    # Roger Jones's business-rates deliverable is missing from Q3: it stays, at its Q2 status (Delayed)
    rj2 = officer_row(as_json("workload", "--store", q2_store)["rows"], "Roger Jones")
    rj3 = officer_row(as_json("workload", "--store", both)["rows"], "Roger Jones")
    assert (rj3["total"], rj3["late"]) == (rj2["total"], rj2["late"])
    # the named query reads the same counts
    named = [r for r in as_json("query", "workload", "--store", both) if r["officer"] == "Andy Scott"]
    assert [r["total"] for r in named] == [28]


def test_workload_as_of_shows_the_state_then(q2_store, both):
    then = officer_row(as_json("workload", "--as-of", "2017-09-30", "--store", both)["rows"], "Andy Scott")
    q2 = officer_row(as_json("workload", "--store", q2_store)["rows"], "Andy Scott")
    assert {k: then[k] for k in ("total", "open", "late")} == {k: q2[k] for k in ("total", "open", "late")}
    before = as_json("workload", "--as-of", "2017-06-30", "--store", both)
    assert before["rows"] == []  # nothing had been reported yet


def test_as_of_before_any_report_says_so_in_one_line(q2_store):
    lines = {
        "workload": "No items with an officer match these filters on 2016-01-01 (no report of them by then).",
        "slippage": "No items with a reported status match these filters on 2016-01-01 (no report of them by then).",
        "carry": "SUCCEEDS links between items: 0; chains: 0; longest: 0 links; perennial (3+ plan years): 0\n"
                 "No carry-forward on 2016-01-01: no item linked to one in an earlier plan year had been reported "
                 "by then.",
        "figures": "No items of any plan year had been reported by 2016-01-01.",
    }
    for command, line in lines.items():
        result = invoke(command, "--as-of", "2016-01-01", "--store", q2_store)
        assert result.exit_code == 0 and result.stdout == line + "\n", (command, result.stdout)


def test_slippage_counts_the_moved_deadline_as_rebaselined(q2_store, both):
    q2 = officer_row(as_json("slippage", "--by", "officer", "--store", q2_store)["officer"]["rows"], "Andy Scott")
    q3 = officer_row(as_json("slippage", "--by", "officer", "--store", both)["officer"]["rows"], "Andy Scott")
    assert (q2["n"], q2["rebaselined"]) == (27, 0)
    # the growth strategy deliverable: deadline 31/12/17 -> 31/03/18 and On Target -> Delayed
    assert (q3["n"], q3["late"], q3["rebaselined"]) == (28, q2["late"] + 1, 1)
    assert q3["slipped"] == q2["slipped"] + 1  # one item, late and moved, counts once
    named = [r for r in as_json("query", "slippage_officers", "--store", both) if r["officer"] == "Andy Scott"]
    assert [(r["n"], r["rebaselined"], r["slipped"]) for r in named] == [(28, 1, q3["slipped"])]
    then = officer_row(as_json("slippage", "--by", "officer", "--as-of", "2017-10-01", "--store", both)
                       ["officer"]["rows"], "Andy Scott")
    assert {k: then[k] for k in ("n", "late", "rebaselined", "slipped")} == {
        k: q2[k] for k in ("n", "late", "rebaselined", "slipped")}


def test_history_lists_both_readings_in_date_order(both):
    rows = as_json("history", GROWTH, "--store", both)
    assert [(r["as_of"], r["status"], r["percent"], r["deadlines"], r["source"], r["line"]) for r in rows] == [
        ("2017-09-30", "On Target", 50, ["2017-12-31"], Q2.name, 10),
        ("2017-12-31", "Delayed", 60, ["2018-03-31"], Q3.name, 12),
    ]
    # the reworded deliverable is one item with both readings, titled as last printed
    rows = as_json("history", "Action for New Enterprise", "--store", both)
    assert [(r["source"], r["line"]) for r in rows] == [(Q2.name, 18), (Q3.name, 20)]
    assert rows[-1]["title"].startswith("Deliver phase 1 of the Action for New Enterprise Programme")
    # the missing one has one reading; the new one too, from Q3
    assert [(r["source"], r["status"]) for r in as_json("history", RATES, "--store", both)] == [(Q2.name, "Delayed")]
    assert [(r["as_of"], r["line"]) for r in as_json("history", NEW, "--store", both)] == [("2017-12-31", 21)]
    # an activity by its code
    rows = as_json("history", "1.1.1", "--store", both)
    assert [r["line"] for r in rows] == [6, 8]  # line 6 of the sample, two lines lower in the copy


def test_who_gives_the_readings_over_time(both):
    """graph who carries the same readings as graph history: the growth-strategy deliverable's
    Q2 and Q3 readings, its status the latest (Q3: Delayed 60%, due 31/03/18)."""
    out = as_json("who", GROWTH, "--store", both)
    (year,) = out["years"]
    assert [(r["as_of"], r["status"], r["percent"], r["deadlines"], r["source"]) for r in year["readings"]] == [
        ("2017-09-30", "On Target", 50, ["2017-12-31"], f"{Q2.name}:10"),
        ("2017-12-31", "Delayed", 60, ["2018-03-31"], f"{Q3.name}:12"),
    ]
    assert (year["status"]["status"], year["status"]["percent"]) == ("Delayed", 60)
    text = invoke("who", GROWTH, "--store", both).output
    assert "2017-09-30 quarterly: On Target, 50% (due 2017-12-31)" in text
    assert "2017-12-31 quarterly: Delayed, 60% (due 2018-03-31)" in text


def test_export_history_has_every_reading_in_date_order(both, tmp_path):
    lines = invoke("export", "history", "--store", both).stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 590
    assert all(tuple(r) == HISTORY_KEYS for r in rows)
    growth = [r for r in rows if r["title"] == GROWTH]
    assert [(r["as_of"], r["status"], r["deadlines"]) for r in growth] == [
        ("2017-09-30", "On Target", ["2017-12-31"]), ("2017-12-31", "Delayed", ["2018-03-31"])]
    out = tmp_path / "history.csv"
    assert invoke("export", "history", "--format", "csv", "--out", out, "--store", both).exit_code == 0
    text = out.read_text().splitlines()
    assert text[0] == ",".join(HISTORY_KEYS) and len(text) == 591


def test_reports_lists_each_report_with_its_counts(both):
    from graphmodel.store.ladybug import LadybugStore
    from graphmodel.store.readings import reports

    rows = as_json("reports", "--store", both)
    assert rows == reports(LadybugStore(both))
    assert [(r["source"], r["as_of"], r["kind"], r["items"], r["new"], r["not_reported"]) for r in rows] == [
        (Q2.name, "2017-09-30", "quarterly", 295, 295, 0),
        (Q3.name, "2017-12-31", "quarterly", 295, 1, 1),
    ]


def test_json_of_history_equals_the_library(both):
    from graphmodel.store.ladybug import LadybugStore
    from graphmodel.store.readings import item_history

    rows = as_json("history", GROWTH, "--store", both)
    store = LadybugStore(both)
    (item,) = [r["id"] for r in store.query("MATCH (i:Milestone) WHERE i.title = $t RETURN i.id AS id", {"t": GROWTH})]
    assert rows == item_history(store, item)


def test_items_missing_from_a_later_report_are_marked(both):
    from graphmodel.store.ladybug import LadybugStore

    rows = LadybugStore(both).query(
        "MATCH (i:Milestone) WHERE i.title STARTS WITH $t RETURN i.status AS status, i.unreported_since AS since, "
        "i.n_readings AS n, i.baseline AS baseline", {"t": RATES})
    assert rows == [{"status": "Delayed", "since": "2017-12-31", "n": 1, "baseline": "2017-06-30"}]
    rows = LadybugStore(both).query(
        "MATCH (i:Milestone) WHERE i.title = $t RETURN i.deadline AS deadline, i.baseline AS baseline, "
        "i.moved AS moved, i.fell_behind AS behind, i.rebaselined AS rebaselined", {"t": GROWTH})
    assert rows == [{"deadline": "2018-03-31", "baseline": "2017-12-31", "moved": True, "behind": True,
                     "rebaselined": True}]


def test_loading_the_later_report_first_gives_the_same_counts(tmp_path, both):
    store = tmp_path / "g.db"
    assert invoke("load", Q3, "--store", store).exit_code == 0
    assert invoke("load", Q2, "--as-of", "2017-09-30", "--store", store).exit_code == 0
    a, b = as_json("stats", "--store", store), as_json("stats", "--store", both)
    assert (a["nodes"], a["edges"]) == (b["nodes"], b["edges"])


# ------------------------------------------------------------------ the five samples alone


def test_each_sample_is_the_only_report_of_its_plan(tmp_path):
    store = tmp_path / "g.db"
    assert invoke("load", Q2.parent, "--store", store).exit_code == 0
    rows = as_json("reports", "--store", store)
    assert len(rows) == 5 and len({r["plan"] for r in rows}) == 5
    assert all(r["new"] == r["items"] and r["not_reported"] == 0 for r in rows)
    stats = as_json("stats", "--store", store)
    items = sum(stats["nodes"][k] for k in ("Theme", "Priority", "Activity", "Milestone"))
    assert stats["edges"]["READS"] == items


# ------------------------------------------------------------------ bad input


def _stats(store):
    return as_json("stats", "--store", store)


def test_two_undated_reports_of_one_plan_stop_the_load(tmp_path, q2_store):
    undated = tmp_path / "002_q3_undated.txt"
    undated.write_text("\n".join(Q3.read_text().split("\n")[2:]))  # the copy without its title line
    store = tmp_path / "g.db"
    result = invoke("load", Q2, undated, "--store", store)
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("Error: ") and Q2.name in line and undated.name in line and "--as-of" in line
    assert not store.exists()
    # a store holding the undated Q2 report: unchanged
    shutil.copy(q2_store, store)
    plain = tmp_path / "plain.db"
    assert invoke("load", Q2, "--store", plain).exit_code == 0
    before = _stats(plain)
    result = invoke("load", undated, "--store", plain)
    assert result.exit_code == 1 and "--as-of" in result.stderr
    assert _stats(plain) == before
    # dated, the pair loads
    assert invoke("load", undated, "--as-of", "2017-12-31", "--store", plain).exit_code == 0


def test_the_same_text_under_another_name_is_already_loaded(tmp_path, q2_store):
    copy = tmp_path / "copy-of-002.txt"
    copy.write_text(Q2.read_text().replace("\n", "\r\n"))
    store = tmp_path / "g.db"
    shutil.copy(q2_store, store)
    before = _stats(store)
    result = invoke("load", copy, "--store", store)
    assert result.exit_code == 0
    assert f"{copy.name}: already loaded as {Q2.name} (the same report)" in result.stdout
    assert _stats(store) == before
    andy = officer_row(as_json("workload", "--store", store)["rows"], "Andy Scott")
    assert andy["total"] == 27


def test_plan_year_disagreeing_with_plan_option_is_reported(tmp_path):
    store = tmp_path / "g.db"
    report = as_json("load", Q3, "--plan", "2018/19", "--store", store)
    (doc,) = report["documents"]
    whats = [p["what"] for p in doc["problems"]]
    assert any("names plan year 2017/18, loaded as 2018/19" in w for w in whats)
    # loaded as asked: "Quarter 3" is then the third quarter of 2018/19
    assert (doc["plan"], doc["as_of"]) == ("2018/19", "2018-12-31")


def test_as_of_outside_the_plan_year_is_a_warning(tmp_path):
    store = tmp_path / "g.db"
    result = invoke("load", Q2, "--as-of", "2019-01-01", "--store", store)
    assert result.exit_code == 0
    assert "report date 2019-01-01 is outside plan year 2017/18" in result.stdout
    assert as_json("reports", "--store", store)[0]["as_of"] == "2019-01-01"


def test_bad_as_of_is_a_usage_error(tmp_path):
    result = invoke("load", Q2, "--as-of", "30/09/2017", "--store", tmp_path / "g.db")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    result = invoke("workload", "--as-of", "2017-13-01", "--store", tmp_path / "g.db")
    assert result.exit_code == 2


def test_a_later_report_with_half_its_rows_garbled(tmp_path, q2_store):
    """Every other deliverable row of the Q3 copy loses its tabs (as a bad text extraction does):
    nothing is lost (each line is an item or a skipped line), the load says the report printed
    under half the plan's items, and those are kept, as not reported since 31 December 2017."""
    lines = Q3.read_text().split("\n")
    garbled_lines = []
    rows = 0
    for i, line in enumerate(lines):
        if line.count("\t") >= 4 and not line.startswith(("Activity", "\t")) and line[:1].isalpha():
            rows += 1
            if rows % 2:
                lines[i] = line.replace("\t", " ")
                garbled_lines.append(i + 1)
    garbled = tmp_path / "002_q3_garbled.txt"
    garbled.write_text("\n".join(lines))
    store = tmp_path / "g.db"
    shutil.copy(q2_store, store)
    before = _stats(store)
    report = as_json("load", garbled, "--store", store)
    (doc,) = report["documents"]
    from loaders.base import nonblank_lines
    from loaders.registry import load_path

    result = load_path(garbled)
    covered = {n for r in result.items for n in r.lines} | {s.line for s in result.skipped}
    assert set(nonblank_lines(garbled.read_text())) <= covered
    after = _stats(store)
    assert after["nodes"]["Activity"] == before["nodes"]["Activity"]
    assert after["nodes"]["Milestone"] >= before["nodes"]["Milestone"]
    assert after["nodes"]["Report"] == 2


def test_an_undated_report_beside_a_dated_one_is_read_first_with_a_warning(tmp_path):
    store = tmp_path / "g.db"
    assert invoke("load", Q2, "--store", store).exit_code == 0  # undated, as the sample is
    result = invoke("load", Q3, "--store", store)
    assert result.exit_code == 0
    assert f"{Q2.name} has no date: read as the plan's first report, before 2017-12-31" in result.stdout
    rows = as_json("history", GROWTH, "--store", store)
    assert [(r["as_of"], r["status"]) for r in rows] == [(None, "On Target"), ("2017-12-31", "Delayed")]


def test_as_of_json_equals_the_library(both):
    from cli.analyses import load_tables
    from graphmodel.analysis.carry import carry_forward
    from graphmodel.analysis.workload import workload

    assert as_json("workload", "--as-of", "2017-10-31", "--store", both) == workload(
        load_tables(both, "workload", "2017-10-31"))
    assert as_json("carry", "--as-of", "2017-10-31", "--store", both) == carry_forward(
        load_tables(both, "carry", "2017-10-31"))


def test_reports_of_one_plan(both):
    assert [r["source"] for r in as_json("reports", "--plan", "2017/18", "--store", both)] == [Q2.name, Q3.name]
    result = invoke("reports", "--plan", "2012/13", "--store", both)
    assert result.exit_code == 1 and "no plan year 2012/13" in result.stderr


@pytest.mark.parametrize("date", ["2017-06-30", "2017-09-30", "2017-11-15", "2017-12-31", "2018-06-01"])
def test_as_of_reads_only_the_items_it_changes(both, date):
    """Reading only the items reported both by and after the date gives the state that reading
    every item's readings gives."""
    from cli.analyses import load_tables
    from graphmodel.store.ladybug import LadybugStore
    from graphmodel.store.readings import as_of, readings_by_item

    store = LadybugStore(both)
    full = load_tables(both, "slippage")
    for col in ("first_as_of", "as_of"):  # what load_tables reads with a date
        rows = store.query(f"MATCH (i:Milestone) RETURN i.id AS id, i.{col} AS v") + store.query(
            f"MATCH (i:Activity) RETURN i.id AS id, i.{col} AS v")
        for r in rows:
            full.nodes[r["id"]][col] = r["v"]
    as_of(full, readings_by_item(store), date)
    part = load_tables(both, "slippage", date)
    assert sorted(part.nodes) == sorted(full.nodes)
    for n in part.nodes:
        if part.nodes[n].get("kind") in ("activity", "milestone"):
            for col in ("status", "status_category", "comments", "moved", "fell_behind"):
                assert part.nodes[n].get(col) == full.nodes[n].get(col), (n, col)


def test_one_report_as_a_pdf_and_a_word_file_is_loaded_once(tmp_path):
    """The 2017/18 report printed to PDF and saved as Word (tests/data/documents): their texts
    differ (a PDF breaks "2017-20" over two lines), what they say does not."""
    documents = Path(__file__).parent / "data" / "documents"
    store = tmp_path / "g.db"
    report = as_json("load", documents / f"{Q2.stem}.docx", documents / f"{Q2.stem}.pdf", "--store", store)
    assert [(d["source"], d["duplicate_of"]) for d in report["documents"]] == [
        (f"{Q2.stem}.docx", None), (f"{Q2.stem}.pdf", f"{Q2.stem}.docx")]
    assert officer_row(as_json("workload", "--store", store)["rows"], "Andy Scott")["total"] == 27
