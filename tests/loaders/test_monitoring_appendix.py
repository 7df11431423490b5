"""The monitoring-appendix loader (2012/13 strategic plan monitoring, end of year).

Expected numbers were counted from the sample independently of the parser:
- activities: 68 = ``grep -cP '^Activity\\tLead Officer'`` (each header is followed by one row);
- milestones: 303 six-cell rows with a Lead Officer (``awk -F'\\t' 'NF==6 && $2!="" &&
  $2!="Lead Officer"'``, up to the last line 593, which has no final newline) minus the 68
  activity rows = 235;
- priorities: 19 distinct ``^Priority N.N`` headings (each printed once);
- themes: 5 distinct theme headings, printed 19 times (once above each priority);
- skipped: 30 "APPENDIX 7 - STRATEGIC PLAN MONITORING" lines + 14 repeated theme headings
  (page furniture), 136 header rows (68 Activity + 68 Milestone);
- Andy Bamber: ``grep -c 'Andy Bamber'`` = 43 lines, each an owner cell (39 "Andy Bamber (CLC)"
  + 4 "Andy Bamber and Robin Beattie (CLC)").
No line in the sample has fewer than six cells except headings and page furniture, so no row wraps
there; wrapping is tested on hand-written strings below.
"""

from __future__ import annotations

from collections import Counter

import pytest

from loaders import monitoring_appendix
from loaders.base import LoaderError, nonblank_lines, read_text
from tests.conftest import SAMPLES

LOADER = monitoring_appendix.LOADER
PATH = SAMPLES["monitoring-appendix"]
SOURCE = PATH.name


@pytest.fixture(scope="module")
def result():
    return LOADER.parse(read_text(PATH), SOURCE)


def _one(result, title, kind=None):
    found = [i for i in result.items if i.title == title and (kind is None or i.kind.value == kind)]
    assert len(found) == 1, f"{title!r}: {len(found)} items"
    return found[0]


def _children(result, item):
    return [i for i in result.items if i.parent_key == item.key]


# ---------------------------------------------------------------- the sample


def test_counts_per_kind(result):
    assert result.layout == "monitoring-appendix"
    assert result.plan == "2012/13"
    assert result.count_by_kind() == {"theme": 5, "priority": 19, "activity": 68, "milestone": 235}


def test_skipped_report(result):
    reasons = Counter(s.reason for s in result.skipped)
    assert reasons == {"header row": 136, "page furniture": 44}
    furniture = Counter(s.text for s in result.skipped if s.reason == "page furniture")
    assert furniture["APPENDIX 7 - STRATEGIC PLAN MONITORING"] == 30
    assert furniture["A Healthy and Supportive Community"] == 3  # 4 printings, 1 theme
    assert furniture["A Great Place to Live"] == 5  # 6 printings, 1 theme
    assert furniture["One Tower Hamlets"] == 1
    assert result.problems == []  # no invalid dates in this document


def test_nothing_lost_and_no_row_wraps(result):
    in_items = [n for i in result.items for n in i.lines]
    skipped = [s.line for s in result.skipped]
    assert sorted(in_items + skipped) == nonblank_lines(read_text(PATH))
    assert all(i.lines == [i.line] for i in result.items)


def test_themes_in_document_order(result):
    themes = [i.title for i in result.items if i.kind.value == "theme"]
    assert themes == [
        "One Tower Hamlets",
        "A Great Place to Live",
        "A Prosperous Community",
        "A Safe and Cohesive Community",
        "A Healthy and Supportive Community",
    ]
    assert all(i.code is None and i.parent is None for i in result.items if i.kind.value == "theme")


def test_document_starts_with_priority_5_1(result):
    first_theme, first_priority = result.items[0], result.items[1]
    assert (first_theme.line, first_theme.title) == (3, "One Tower Hamlets")
    assert first_priority.code == "5.1"
    assert first_priority.title == "Reduce inequalities"
    assert first_priority.parent == "One Tower Hamlets"
    assert first_priority.parent_key == first_theme.key
    codes = [i.code for i in result.items if i.kind.value == "priority"]
    assert codes[:3] == ["5.1", "5.2", "1.1"] and len(set(codes)) == 19


def test_priority_under_repeated_theme_keeps_original_theme(result):
    p44 = next(i for i in result.items if i.code == "4.4")
    assert p44.title == "Keep vulnerable children, adults and families safer, minimising harm and neglect"
    healthy = _one(result, "A Healthy and Supportive Community", "theme")
    assert p44.parent_key == healthy.key and healthy.line == 486
    assert [c.code for c in _children(result, healthy)] == ["4.1", "4.2", "4.3", "4.4"]


def test_activity_fields(result):
    a = _one(result, "Convene a Fairness Commission", "activity")
    assert a.line == 12
    assert a.officers == ["Louise Russell"] and a.directorates == ["CE's"]
    assert a.deadlines == ["2012-10-31"]
    assert (a.status, a.percent) == ("Overdue", 75)
    assert a.parent == "5.1"
    assert a.comments.startswith("Following the launch of the Commission")
    assert a.code is None
    assert [m.title for m in _children(result, a)] == [
        "Fairness Commission launched",
        "Fairness Commission report completed",
    ]


def test_milestone_fields_and_parent_is_activity_title(result):
    m = _one(result, "Start on site of OJEU procured Decent Homes works", "milestone")
    assert m.line == 126
    assert m.owners[0].name == "Jackie Odunoye" and m.owners[0].directorate == "D&R"
    assert m.deadlines == ["2013-03-28"]
    assert (m.status, m.percent) == ("Overdue", 70)
    assert m.parent == "Reduce the number of council homes that fall below a decent standard"
    assert m.comments is None or m.comments.startswith("AlCatel")


def test_milestones_after_page_break_without_header(result):
    # Lines 161, 312, 505, 517 carry on a milestone table after a page break.
    cases = {
        "Work in partnership to improve our public realm": 4,
        "Work with Work Programme providers to maximise employment": 4,
        "Act to reduce health inequalities": 3,
        "Support young people to live healthy lives": 6,
        "Protect our environment": 5,
        # the last activity's one milestone is on the last line, after a page break and a header
        "Identify and meet the needs of families using our Family Wellbeing Model approach": 1,
    }
    for title, n in cases.items():
        assert len(_children(result, _one(result, title, "activity"))) == n, title
    late = _one(result, "Develop neighbourhood agreements to include an agreed set of service standards")
    assert late.kind.value == "milestone" and late.line == 161


def test_two_deadlines_and_two_percents_in_one_row(result):
    m = next(i for i in result.items if i.line == 40)
    assert m.title.startswith("Implement Smarter Working Policy, including: • Training")
    assert m.deadlines == ["2012-04-30", "2012-12-31"]
    assert m.percent == 100 and m.extra["percent_printed"] == "100% 100%"


def test_status_as_printed(result):
    statuses = Counter(i.status for i in result.items if i.kind.value in ("activity", "milestone"))
    assert statuses == {"Completed": 251, "Overdue": 50, "On Target": 1, "Complete": 1}


@pytest.mark.parametrize(
    ("cell_line", "owners"),
    [
        (96, [("Owen Whalley", "D&R"), ("Jackie Odunoye", "D&R")]),
        (296, [("Kate Bingham", "ESW"), ("Ann Sutcliffe", "D&R")]),
        (491, [("Deborah Cohen", "ESW"), ("Louise Russell", "CE's")]),
        (112, [("Jackie Odunoye", "D&R"), ("Colin Cormack", "D&R")]),
        (277, [("Alan Finch", "Resources"), ("Diana Warne", "ESW")]),
    ],
)
def test_multi_person_owner_cells(result, cell_line, owners):
    item = next(i for i in result.items if i.line == cell_line)
    assert [(o.name, o.directorate) for o in item.owners] == owners
    assert item.directorates == list(dict.fromkeys(d for _, d in owners))


def test_officer_item_counts(result):
    counts = Counter(name for i in result.items for name in i.officers)
    assert counts["Andy Bamber"] == 43
    assert counts["Robin Beattie"] == 4
    assert counts["Kate Bingham"] == 6  # 4 alone + 2 "Kate Bingham (ESW) Ann Sutcliffe (D&R)"
    assert counts["Steve Liddicott"] == 2


def test_plan_override():
    r = LOADER.parse(read_text(PATH), SOURCE, plan="2099/00")
    assert r.plan == "2099/00" and {i.plan for i in r.items} == {"2099/00"}


def test_detection_scores():
    scores = {layout: LOADER.detect(read_text(path)) for layout, path in SAMPLES.items()}
    assert scores["monitoring-appendix"] >= 0.9
    assert all(s < 0.5 for layout, s in scores.items() if layout != "monitoring-appendix"), scores


# ---------------------------------------------------------------- hand-written documents

T = "\t".join
ACT = T(["Activity", "Lead Officer", "Deadline", "Status", "% Comp", "Comments"])
MS = T(["Milestone", "Lead Officer", "Deadline", "Status", "%", "Comments"])


def _parse(*lines: str, plan=None):
    return LOADER.parse("\n".join(lines), "t.txt", plan=plan)


def test_small_document_hierarchy_and_plan_from_deadlines():
    r = _parse(
        T(["A Great Place to Live", "", "", "", "", ""]),
        T(["Priority 1.1: Housing", "", "", "", "", ""]),
        ACT,
        T(["Build homes", "Ann Other (D&R)", "31/03/2015", "Completed", "100%", ""]),
        MS,
        T(["Plan homes", "Ann Other (D&R)", "30/06/2014", "Completed", "100%", "Done."]),
    )
    assert r.plan == "2014/15"
    theme, prio, act, ms = r.items
    assert (prio.code, prio.parent, act.parent, ms.parent) == ("1.1", "A Great Place to Live", "1.1", "Build homes")
    assert ms.parent_key == act.key and act.parent_key == prio.key and prio.parent_key == theme.key
    assert ms.comments == "Done." and act.comments is None


def test_plan_from_heading_wins_over_deadlines():
    r = _parse("Strategic Plan 2013/14 end of year", "", "Theme", "Priority 1.1: P", ACT,
               T(["A", "B C (X)", "31/03/2015", "Completed", "100%", ""]))
    assert r.plan == "2013/14"
    assert [(s.line, s.reason) for s in r.skipped] == [(1, "document title"), (5, "header row")]


def test_row_wrapped_inside_a_cell_is_rejoined():
    # A newline inside the owner cell splits the row into two short lines.
    r = _parse(
        "Theme", "Priority 2.1: P", ACT,
        T(["Commence new", "Ann Other and"]),
        T(["Bob Smith (D&R)", "31/04/2013", "Overdue", "50%", "<b>late</b> &amp; slow"]),
        plan="2012/13",
    )
    act = r.items[-1]
    assert act.title == "Commence new" and act.lines == [4, 5]
    assert act.officers == ["Ann Other", "Bob Smith"] and act.directorates == ["D&R"]
    assert act.deadlines == ["31/04/2013"]  # does not exist: kept as printed ...
    assert [(p.line, "31/04/2013" in p.what) for p in r.problems] == [(4, True)]  # ... and reported
    assert act.comments == "late & slow"  # HTML stripped


def test_title_wrapped_onto_its_own_line_then_rest_of_row():
    r = _parse(
        "Theme", "Priority 2.1: P", ACT,
        T(["A", "B C (X)", "31/03/2013", "Completed", "100%", "Fine."]),
        MS,
        "Deliver the first",
        T(["phase of works", "B C (X)", "31/03/2013", "Completed", "100%", ""]),
    )
    ms = r.items[-1]
    assert ms.kind.value == "milestone" and ms.title == "Deliver the first phase of works"
    assert ms.lines == [6, 7] and ms.line == 6


def test_comments_wrapped_and_title_wrapped_padded_to_width():
    r = _parse(
        "Theme", "Priority 2.1: P", ACT,
        T(["Do things", "B C (X)", "31/03/2013", "Overdue", "40%", "Work continues and"]),
        "will finish in May.",
        MS,
        T(["Second milestone with a long", "B C (X)", "30/09/2012", "On Target", "40%", ""]),
        T(["wrapped title", "", "", "", "", ""]),
    )
    act, ms = r.items[-2:]
    assert act.comments == "Work continues and will finish in May." and act.lines == [4, 5]
    assert ms.title == "Second milestone with a long wrapped title" and ms.lines == [7, 8]


def test_page_break_repeated_headings_and_header():
    r = _parse(
        T(["A Great Place to Live", "", "", "", "", ""]),
        T(["Priority 1.1: Housing", "", "", "", "", ""]),
        ACT,
        T(["Build homes", "Ann (D&R)", "31/03/2013", "Completed", "100%", ""]),
        MS,
        T(["First", "Ann (D&R)", "30/06/2012", "Completed", "100%", ""]),
        "",
        "APPENDIX 7 - STRATEGIC PLAN MONITORING",
        "",
        T(["Second, no header after the break", "Ann (D&R)", "30/09/2012", "Completed", "100%", ""]),
        "A Great Place to Live",
        "Priority 1.1: Housing",
        MS,
        T(["Third", "Ann (D&R)", "31/12/2012", "Completed", "100%", ""]),
    )
    assert r.count_by_kind() == {"theme": 1, "priority": 1, "activity": 1, "milestone": 3}
    act = next(i for i in r.items if i.kind.value == "activity")
    assert [m.parent for m in r.items if m.kind.value == "milestone"] == ["Build homes"] * 3
    assert all(m.parent_key == act.key for m in r.items if m.kind.value == "milestone")
    assert [(s.line, s.reason) for s in r.skipped] == [
        (3, "header row"), (5, "header row"), (8, "page furniture"),
        (11, "page furniture"), (12, "page furniture"), (13, "header row"),
    ]


def test_wrapped_priority_title_list_number_and_star():
    r = _parse(
        "Theme",
        "Priority 3.2: Keep vulnerable children, adults and",
        "families safer",
        ACT,
        T(["3. Reduce crime*", "Cat Jones (CLC)", "31/03/2014", "Delayed", "10%", ""]),
    )
    prio, act = r.items[1:]
    assert prio.title == "Keep vulnerable children, adults and families safer" and prio.lines == [2, 3]
    assert act.title == "Reduce crime" and act.extra["number"] == "3"
    assert act.status == "Delayed" and act.percent == 10


def test_theme_without_priorities_and_row_without_comments_column():
    r = _parse(
        "A Safe Community",
        ACT,
        T(["Reduce crime", "Cat Jones (CLC)", "31/03/2014", "On Target", "10%"]),
        MS,
        T(["Recruit staff", "Cat Jones (CLC)", "30/06/2013", "Completed", "100%"]),
        T(["Train staff", "Cat Jones (CLC)", "30/09/2013", "Completed", "100%"]),
    )
    assert r.count_by_kind() == {"theme": 1, "priority": 0, "activity": 1, "milestone": 2}
    theme, act, m1, m2 = r.items
    assert act.parent == "A Safe Community" and act.parent_key == theme.key
    assert (m1.title, m2.title) == ("Recruit staff", "Train staff")


def test_plan_argument_overrides_and_unknown_plan_is_a_problem():
    r = _parse("Theme", "Priority 1.1: P", ACT, T(["A", "B C (X)", "Ongoing", "On Target", "", ""]))
    assert r.plan == "unknown" and any("plan" in p.what for p in r.problems)
    assert r.items[-1].deadlines == ["Ongoing"]
    r = _parse("Theme", "Priority 1.1: P", ACT, T(["A", "B C (X)", "Ongoing", "", "", ""]), plan="2012/13")
    assert r.plan == "2012/13" and r.problems == []


def test_not_this_layout_raises():
    with pytest.raises(LoaderError):
        LOADER.parse("Just some prose\nwith no tables at all\n", "t.txt")
    assert LOADER.detect("Just some prose\n") == 0.0


def test_each_owner_has_the_directorate_printed_beside_them(result):
    """Issue 14 item 4, the parsing side: "Louise Russell (CE's) and Jackie Odunoye (D&R)" (line 366
    and its milestones 368, 369) credits Jackie Odunoye to D&R, never to CE's; "Alan Finch (Resources)
    and Diana Warne (ESW)" (277) likewise; "John Rutherford and Deborah Cohen (ESW)" (533) gives both ESW."""
    def owners(line):
        (item,) = [i for i in result.items if i.line == line]
        return [(o.name, o.directorate) for o in item.owners]

    for line in (366, 368, 369):
        assert owners(line) == [("Louise Russell", "CE's"), ("Jackie Odunoye", "D&R")]
    assert owners(277) == [("Alan Finch", "Resources"), ("Diana Warne", "ESW")]
    assert owners(533) == [("John Rutherford", "ESW"), ("Deborah Cohen", "ESW")]
    # no owner anywhere in the report is credited to a directorate printed for someone else in the cell
    jackie = {o.directorate for i in result.items for o in i.owners if o.name == "Jackie Odunoye"}
    assert jackie == {"D&R"}
