"""The improvement-tracker loader, on the 2019/20 Q3 sample and on small hand-written documents.

Counts checked against the document by grep, independently of the parser:
- priorities: `grep -cP '^R\\d+[: ]'` = 11 (R1..R11): "Recommendation
  1&2" is followed by "R1: ..." and "R2: ..." on lines 74 and 76, "Recommendation 9 & 10" by R9 and R10
  (lines 244, 246), so `grep -c '^Recommendation'` = 9 headings hold 11 recommendations;
- activities: `grep -oP '\\bR\\d+\\.\\d+\\b' | sort -u | wc -l` = 33 (R2.1 .. R11.33);
- header rows: `grep -c 'Action Title'` = 36 (4 summary-table, 32 block headers);
- legend: "Action Status" and its 5 status lines = 6; ruled lines `grep -cP '^-+\\t'` = 3;
- status symbols: `grep -c ✔` = 7 (Completed), `grep -c ▶` = 6 (In Progress);
- `grep -c 'Sharon Godman'` = 7 owner cells; `grep -c 'Transformation Board'` = 4 board cells.
"""

from __future__ import annotations

from collections import Counter

import pytest

from loaders import improvement_tracker
from loaders.base import LoaderError, nonblank_lines, read_text
from tests.conftest import SAMPLES

LOADER = improvement_tracker.LOADER
SAMPLE = SAMPLES["improvement-tracker"]


@pytest.fixture(scope="module")
def result():
    return LOADER.parse(read_text(SAMPLE), SAMPLE.name)


@pytest.fixture(scope="module")
def items(result):
    return {item.code: item for item in result.items}


# ---------------------------------------------------------------- the sample


def test_counts_per_kind(result):
    assert result.layout == "improvement-tracker"
    assert result.plan == "2019/20"
    assert result.count_by_kind() == {"theme": 0, "priority": 11, "activity": 33, "milestone": 0}
    codes = [i.code for i in result.items if i.kind.value == "activity"]
    assert len(set(codes)) == 33


def test_skipped_report(result):
    reasons = Counter(s.reason for s in result.skipped)
    assert reasons == {"header row": 36, "legend": 6, "page furniture": 3, "summary table": 1}
    # the one summary row that is no recommendation: a board's group row with no actions
    (summary,) = [s for s in result.skipped if s.reason == "summary table"]
    assert summary.text.startswith("TIB\tTransformation and Improvement Board")
    assert "unrecognised row" not in reasons


def test_every_line_accounted_for(result):
    in_items = [n for item in result.items for n in item.lines]
    assert len(in_items) == len(set(in_items)), "a line is in two items"
    assert sorted(set(in_items) | {s.line for s in result.skipped}) == nonblank_lines(read_text(SAMPLE))


def test_heading_of_two_recommendations_gives_two_priorities(items):
    """"Recommendation 1&2" (line 72) is followed by "R1: The Council now needs ..." (74) and "R2: Be
    forward looking ..." (76): two priorities. The summary table prints them as one row, "R1 & R2"
    at 78% (line 20): that figure is the group's, so each gets it; R2.1 .. R2.7 sit under R2."""
    r1, r2 = items["R1"], items["R2"]
    assert (r1.kind.value, r2.kind.value) == ("priority", "priority")
    assert r1.title == ("The Council now needs to grasp opportunities and drive the pace of change to achieve the "
                        "potential of the place")
    assert r2.title == "Be forward looking and learn the lessons of the past but not be fettered by them"
    assert (r1.line, r2.line) == (74, 76)
    assert r1.lines == [20, 72, 74] and r2.lines == [76]  # summary row and heading go to the first
    assert (r1.percent, r2.percent, r1.status, r2.status) == (78, 78, None, None)
    assert r2.extra["summary_code"] == "R1 & R2"
    for code in ("R2.1", "R2.2", "R2.3", "R2.4", "R2.5", "R2.6", "R2.7"):
        assert items[code].parent == "R2" and items[code].parent_key == r2.key, code
    assert "R1 & R2" not in items and "R9 & R10" not in items
    r9, r10 = items["R9"], items["R10"]
    assert r9.title == "Further break down silos and embed cross organisational working"
    assert r10.title == ("Continue to promote, cascade and embed the behavioural and cultural change by engaging the "
                         "whole organisation")
    assert (r9.line, r10.line) == (244, 246) and r9.lines == [68, 242, 244]
    for n in range(25, 31):
        assert items[f"R10.{n}"].parent == "R10" and items[f"R10.{n}"].parent_key == r10.key
    assert not [i for i in items.values() if i.parent == "R9"]  # no action is numbered R9.x
    assert not [i for i in items.values() if i.parent == "R1"]


def test_priority_status_from_summary(items):
    assert (items["R4"].status, items["R4"].percent) == ("Completed", 100)
    assert (items["R5"].status, items["R5"].percent) == ("In Progress", 30)
    assert (items["R6"].status, items["R6"].percent) == ("In Progress", 72)
    assert (items["R3"].status, items["R3"].percent) == (None, None)
    assert items["R3"].title.startswith("Be confident and bold about the Council's ability")  # "R3 Be ..." no colon


def test_wrapped_owner_and_board_cells(items):
    action = items["R5.14"]
    assert action.title == "Increase the number of permanent staff"
    assert action.officers == ["Amanda Harcus", "Debbie Jones", "Denise Radley"]
    assert action.directorates == []
    assert action.boards == ["Children's Services Improvement Board"]
    assert (action.status, action.percent, action.parent) == ("In Progress", 30, "R5")
    assert action.lines == [51, 161, 163, 164, 165]
    assert action.comments.startswith("In Children's Social Care we have reduced our vacancy gap")
    assert "<" not in action.comments  # HTML stripped


def test_owner_cell_run_into_board_cell(items):
    action = items["R2.7"]
    assert action.officers == ["Vicky Clark", "Judith St John"]
    assert action.boards == ["High Streets & Town Centre Working Group", "Strategic Plan Monitoring"]
    assert action.percent == 75


def test_several_owners_and_boards(items):
    assert items["R8.24"].officers == ["Sharon Godman", "Asmat Hussain"]
    assert items["R7.20"].boards == [
        "Asset Management Working Group", "Crime & Anti-social Behaviour Board", "Regeneration Board",
        "Transformation Board",
    ]
    assert items["R2.2"].boards == [] and items["R2.2"].officers == ["Andreas Christophorou"]


def test_summary_title_wrapped_over_page_break(items):
    action = items["R6.18"]
    assert action.title == "Develop and deliver a programme of service reviews which focus on improving operational effectiveness"
    assert 59 in action.lines and 56 in action.lines


def test_code_and_title_in_one_cell_and_markers(items):
    assert items["R2.4"].title == "Deliver the Smarter Together Transformation Programme"
    assert items["R2.4"].extra["risk"] == "Changed due date from 30th April 2022 in order to set a trigger."
    assert items["R2.4"].deadlines == []
    action = items["R10.30"]
    assert action.title == ("Encourage behavioural change, recognise staff achievements and engage staff through "
                            "innovative internal communication")
    assert action.extra["marker"] == "new action"
    assert items["R3.8"].title.startswith("Refreshed Internal Audit. Approach to be more strategic")


def test_update_row_whose_action_row_was_lost(result, items):
    # the header and action rows of R2.3 are missing; its update follows R2.2's
    action = items["R2.3"]
    assert action.title == "Deliver the Communications Plan for the new Town Hall"
    assert action.lines == [35, 87, 88]
    assert action.comments.startswith("To further support the communications of the Smarter Together narrative")
    assert not items["R2.2"].comments.count("lightboxes")
    assert any(p.line == 87 and "R2.3" in p.what for p in result.problems)


def test_statuses_and_percent(result, items):
    statuses = Counter(i.status for i in result.items)
    assert statuses == {"Completed": 7, "In Progress": 6, None: 31}  # 11 priorities + 33 actions
    assert items["R11.33"].percent == 30  # <input value="30%"/> on the last line
    assert items["R2.2"].percent is None
    assert items["R10.28"].percent == 50
    assert items["R3.9"].extra["symbol"] == "✔"
    assert len(result.problems) == 1  # only the lost R2.3 row: no % disagreements, no bad symbols


def test_officer_and_board_counts(result):
    officers = Counter(o for i in result.items for o in i.officers)
    assert officers["Sharon Godman"] == 7
    assert officers["Neville Murton"] == 3
    assert officers["Amanda Marcus"] == 2  # printed so (typo for Harcus), kept as printed
    boards = Counter(b for i in result.items for b in i.boards)
    assert boards["Transformation Board"] == 4
    assert boards["CLT"] == 4


def test_activity_comments_keep_update_text(items):
    assert items["R11.31"].comments == "No further update"
    assert items["R6.16"].comments.startswith("The Transformation & Improvement Board was set up")
    assert items["R2.6"].comments.startswith("Regeneration Delivery Plan:")
    assert items["R2.6"].extra["update"] == "Q3 Update"


def test_plan_override(result):
    other = LOADER.parse(read_text(SAMPLE), SAMPLE.name, plan="2020/21")
    assert other.plan == "2020/21" and {i.plan for i in other.items} == {"2020/21"}


def test_detection_scores():
    scores = {layout: LOADER.detect(read_text(path)) for layout, path in SAMPLES.items()}
    assert scores["improvement-tracker"] >= 0.9
    assert all(score < 0.5 for layout, score in scores.items() if layout != "improvement-tracker")


# ---------------------------------------------------------------- hand-written documents

HEAD = "Status\tAction Title\tOwnership Managed By\tMonitoring Group"
SUMMARY_HEAD = "Status\t\tAction Title\tProgress"


def _doc(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_small_document_with_wrapped_rows_and_page_break():
    text = _doc(
        "Action Status\t",
        "\t\tCompleted",
        "",
        SUMMARY_HEAD,
        "✔\tR1\tDo better things\t 100%",
        "✔\tR1.1\tFix the roof of the\t 100%",
        "",
        SUMMARY_HEAD,  # page break: header repeated, then the title goes on
        "\t\tlibrary\t",
        "\tR1.2\tMend the fence\t",
        "",
        "Recommendation 1",
        "R1: Do better things",
        HEAD,
        "\tR1.1\tFix the roof of the library\tJo Bloggs;\tLibraries",
        "\t\t\tAl Smith\tBoard",
        "Progress\tQ3 Update\t<p>Roof fixed.</p>",
        "\t\tScaffold down.",
        "100%\tRisk\t",
        "",
        HEAD,  # page break inside the section: block header repeated
        "\tR1.2\tMend the fence\tAl Smith\t",
        "Progress\tQ3 Update No further update",
        "20%\tRisk\tWeather",
    )
    res = LOADER.parse(text, "t.txt")
    by = {i.code: i for i in res.items}
    assert res.count_by_kind()["priority"] == 1 and res.count_by_kind()["activity"] == 2
    roof = by["R1.1"]
    assert roof.title == "Fix the roof of the library"
    assert roof.officers == ["Jo Bloggs", "Al Smith"] and roof.boards == ["Libraries Board"]
    assert roof.comments == "Roof fixed. Scaffold down."
    assert (roof.status, roof.percent, roof.parent) == ("Completed", 100, "R1")
    fence = by["R1.2"]
    assert (fence.status, fence.percent, fence.extra["risk"]) == (None, 20, "Weather")
    assert by["R1"].status == "Completed" and by["R1"].percent == 100
    reasons = Counter(s.reason for s in res.skipped)
    assert reasons == {"legend": 2, "header row": 4}
    assert res.plan == "unknown" and res.problems  # no year in the text: reported


def test_percent_disagreement_is_a_problem():
    text = _doc(
        SUMMARY_HEAD,
        "▶\tR2.1\tDo it\t 40%",
        "Recommendation 2",
        "R2: Things 2019/20",
        HEAD,
        "\tR2.1\tDo it\tJo Bloggs\tCLT",
        "Progress\tQ3 Update\tgoing",
        "50%\tRisk",
    )
    res = LOADER.parse(text, "t.txt")
    (item,) = [i for i in res.items if i.code == "R2.1"]
    assert item.percent == 50 and item.status == "In Progress"
    assert any("40%" in p.what and "50%" in p.what for p in res.problems)
    assert res.plan == "2019/20"


def test_legend_with_symbols_maps_them():
    text = _doc(
        "Action Status",
        "✖\tCancelled",
        "▶\tNot Started; In Progress; Assigned",
        SUMMARY_HEAD,
        "✖\tR3.1\tOld idea\t",
        "▶\tR3.2\tNew idea\t 10%",
    )
    res = LOADER.parse(text, "t.txt")
    by = {i.code: i for i in res.items}
    assert by["R3.1"].status == "Cancelled"
    assert by["R3.2"].status == "In Progress" and by["R3.2"].percent == 10
    assert by["R3.1"].parent is None  # no recommendation printed for it


def test_combined_heading_without_summary():
    text = _doc(
        "Recommendation 9 & 10",
        "R9: Break down silos",
        "R10: Change culture",
        HEAD,
        "\tR10.1 <i>Run a board</i>\tAnn Lee; Bob Ray\tCLT; Culture Board",
        "Progress\t<p>Q3 Update</p> <p>Met twice.</p>",
        "\t\tRisk\t\t",
    )
    res = LOADER.parse(text, "t.txt")
    by = {i.code: i for i in res.items}
    assert (by["R9"].title, by["R10"].title) == ("Break down silos", "Change culture")
    assert by["R9"].lines == [1, 2] and by["R10"].lines == [3]
    act = by["R10.1"]
    assert act.title == "Run a board" and act.officers == ["Ann Lee", "Bob Ray"]
    assert act.boards == ["CLT", "Culture Board"] and act.comments == "Met twice."
    assert act.parent == "R10" and act.percent is None


def test_not_this_layout_raises():
    with pytest.raises(LoaderError):
        LOADER.parse("just some prose\nwith no tables\n", "x.txt")
    assert LOADER.detect("just some prose\nwith no tables\n") < 0.5


def test_plan_year_from_dated_mentions_when_no_year_is_printed():
    text = _doc(
        "Recommendation 4",
        "R4: Govern well",
        HEAD,
        "\tR4.1\tReview the constitution\tAnn Lee\tCLT",
        "Progress\tQ3 Update\tAgreed at Council in July 2019; goes live in December 2019.",
        "12",  # a page number
        "\t\tTraining follows in January 2020.",
        "100%\tRisk",
    )
    res = LOADER.parse(text, "t.txt")
    assert res.plan == "2019/20"
    (act,) = [i for i in res.items if i.code == "R4.1"]
    assert act.comments.endswith("Training follows in January 2020.")
    assert [(s.line, s.reason) for s in res.skipped] == [(3, "header row"), (6, "page furniture")]
