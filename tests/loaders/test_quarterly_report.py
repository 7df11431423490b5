"""The quarterly-report loader, on the 2017/18 quarter 2 sample and on hand-written documents.

Counts were made independently of the parser, with grep on the sample:
- themes: ``grep -cE '^Priority (Outcome [0-9]+|[a-z]+):'`` -> 3
- priorities: ``grep -cP '^[0-9]+\\.[0-9]+\\.?\\s[A-Z][^\\t]*\\t*$'`` -> 9
- activities: ``grep -cP '^\\t?\\d+\\.\\d+(\\.\\d+)?[\\t ]+\\d+\\. '`` -> 50
- data rows: ``grep -cP '\\t(On Target|Completed|Delayed|Overdue)\\t'`` -> 283, so 233 milestones
- rows late: ``grep -cP '\\t(Delayed|Overdue)\\t'`` -> 42 (40 Delayed, 2 Overdue)
"""

from __future__ import annotations

from collections import Counter

import pytest

from graphmodel.schema import Kind
from loaders.base import nonblank_lines, read_text
from loaders.quarterly_report import LOADER
from tests.conftest import SAMPLES

SAMPLE = SAMPLES["quarterly-report"]


@pytest.fixture(scope="module")
def result():
    return LOADER.parse(read_text(SAMPLE), SAMPLE.name)


@pytest.fixture(scope="module")
def by_line(result):
    return {item.line: item for item in result.items}


def _one(result, **fields):
    found = [it for it in result.items if all(getattr(it, k) == v for k, v in fields.items())]
    assert len(found) == 1, f"{len(found)} items match {fields}"
    return found[0]


# ---------------------------------------------------------------- the sample, whole


def test_counts_per_kind(result):
    assert result.count_by_kind() == {"theme": 3, "priority": 9, "activity": 50, "milestone": 233}
    assert result.layout == "quarterly-report"
    assert result.plan == "2017/18"
    assert all(item.plan == "2017/18" for item in result.items)


def test_statuses_exact(result):
    statuses = Counter(it.status for it in result.items if it.kind in (Kind.ACTIVITY, Kind.MILESTONE))
    assert statuses == {"On Target": 188, "Completed": 53, "Delayed": 40, "Overdue": 2}
    assert all(it.status is None for it in result.items if it.kind in (Kind.THEME, Kind.PRIORITY))


def test_skipped_report(result):
    reasons = Counter(s.reason for s in result.skipped)
    # 50 "Lead Member" headers, 50 "Lead Officer" headers, two lone "Our key deliverables"
    # lines and a lone "Activity" (line 11); one table rule printed as dashes (line 121).
    assert reasons == {"header row": 103, "page furniture": 1}
    assert [s.line for s in result.skipped if s.reason != "header row"] == [121]
    assert {s.line for s in result.skipped if s.text in ("Activity", "Our key deliverables")} == {7, 11, 14}


def test_nothing_lost(result):
    text = read_text(SAMPLE)
    in_items = {n for item in result.items for n in item.lines}
    skipped = {s.line for s in result.skipped}
    assert sorted(set(nonblank_lines(text)) - in_items - skipped) == []
    assert in_items & skipped == set()
    assert len({it.key for it in result.items}) == len(result.items)


def test_every_item_has_a_parent_in_the_document(result):
    keys = {it.key: it for it in result.items}
    for item in result.items:
        if item.kind is Kind.THEME:
            assert item.parent is None and item.parent_key is None
        else:
            parent = keys[item.parent_key]
            assert item.parent == parent.code
            if item.kind is Kind.MILESTONE:
                assert parent.kind is Kind.ACTIVITY


def test_problems(result):
    whats = [(p.line, p.what) for p in result.problems]
    assert (414, "deadline 31/04/17 is not a real date (kept as printed)") in whats
    assert (283, "deadline 31/09/17 is not a real date (kept as printed)") in whats
    truncated = sorted(p.line for p in result.problems if "cut short" in p.what)
    assert truncated == [35, 171, 318]


# ---------------------------------------------------------------- named items


def test_themes_and_priorities(result, by_line):
    theme = by_line[3]
    assert (theme.kind, theme.code) == (Kind.THEME, "1")
    assert theme.title == "Creating opportunity by supporting aspiration and tackling poverty"
    three = by_line[383]
    assert (three.kind, three.code, three.extra["number_printed"]) == (Kind.THEME, "3", "three")
    assert three.title == "Working smarter together as one team with our partners and community"
    prio = by_line[65]  # printed "1.3. Children get ..."
    assert (prio.kind, prio.code, prio.parent) == (Kind.PRIORITY, "1.3", "1")
    assert prio.title == "Children get the best start in life and young people realise their potential"
    assert [p.code for p in result.items if p.kind is Kind.PRIORITY] == [
        "1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3", "2.4"]


def test_activity_row(by_line):
    act = by_line[6]
    assert (act.kind, act.code, act.extra["number"]) == (Kind.ACTIVITY, "1.1.1", "1")
    assert act.title.startswith("Develop and deliver the Growth Strategy to create the right environment")
    assert act.members == ["Cabinet Member for Work and Economic Growth", "Cabinet Member for Strategic Development"]
    assert act.owners == [] and act.directorates == []
    assert (act.deadlines, act.status, act.percent, act.parent) == (["2018-03-31"], "On Target", 75, "1.1")
    assert act.comments.startswith("New Divisional Director (DD) appointment made")


def test_activity_code_and_title_in_one_cell_and_truncated_member(by_line):
    act = by_line[35]  # "1.1.5 5. Implement a High Street and Town Centres Strategy"
    assert (act.code, act.title, act.extra["number"]) == ("1.1.5", "Implement a High Street and Town Centres Strategy", "5")
    assert act.members == ["Cabinet Member for Work and Economic Growth", "Cabinet Member for Strategic"]
    assert act.extra["truncated_members"] == "Cabinet Member for Strategic"


def test_members_joined_by_ampersand(by_line):
    act = by_line[318]
    assert act.code == "2.3.2"
    assert act.members == [
        "Deputy Mayor and Cabinet Member for Community Safety",
        "Statutory Deputy Mayor and Cabinet Member for Housing Management and Performance",
        "Cabinet Member for Health and Adult",
    ]


def test_trailing_star_dropped(by_line):
    assert by_line[115].title == "Create a healthier place"  # "1. Create a healthier place*"
    assert by_line[351].title == "Co-produce services with local residents"  # "... residents *"
    assert by_line[429].title == "Revise employment policies & practice"


def test_activities_under_a_theme_without_priorities(result):
    acts = [it for it in result.items if it.kind is Kind.ACTIVITY and it.parent == "3"]
    assert [a.code for a in acts] == ["3.1", "3.2", "3.3", "3.4", "3.5", "3.6"]
    assert acts[3].status == "Delayed" and acts[3].title == "Deliver the One HR Plan"


def test_milestone_with_four_officers(by_line):
    ms = by_line[10]
    assert ms.kind is Kind.MILESTONE and ms.code is None
    assert ms.title == "Develop a Growth Strategy in collaboration with local partners, businesses and residents"
    assert ms.officers == ["Andy Scott", "Mark Baigent", "Ann Sutcliffe", "Owen Whalley"]
    assert ms.directorates == ["PLACE"]
    assert (ms.deadlines, ms.status, ms.percent, ms.parent) == (["2017-12-31"], "On Target", 50, "1.1.1")


@pytest.mark.parametrize(
    ("line", "officers", "directorates"),
    [
        (52, ["Christine McInnes", "Andy Scott"], ["CS", "PLACE"]),  # "A (CS) / B (PLACE)"
        (56, ["Nancy Meehan", "Andy Scott"], ["CS", "PLACE"]),  # "A (CS) B (PLACE)"
        (71, ["Nancy Meehan", "Christine McInnes"], ["CS"]),  # "A B (CS)"
        (323, ["Denise Radley", "Roy Ormsby"], ["HAC", "PLACE"]),  # "A (HAC) & B (PLACE)"
        (400, ["Heather Daley"], ["RES"]),  # "Heather Daley (RES) (RES)"
        (209, [], []),  # no lead officer printed
    ],
)
def test_owner_cells(by_line, line, officers, directorates):
    assert by_line[line].officers == officers
    assert by_line[line].directorates == directorates


def test_two_directorates_after_two_names_one_each(result, by_line):
    """Line 392 prints "Sharon Godman / Neville Murton (RES) (GOV)". The same report prints
    "Sharon Godman (GOV)" on 18 other rows and "Neville Murton (RES)" on 3 (grep), never the other
    way round: so Sharon Godman is GOV and Neville Murton RES here, not both RES (the first)."""
    item = by_line[392]
    assert [(o.name, o.directorate) for o in item.owners] == [("Sharon Godman", "GOV"), ("Neville Murton", "RES")]
    assert item.directorates == ["RES", "GOV"]  # as printed, in order, once each
    assert "directorates_paired" in item.extra
    beside = Counter((o.name, o.directorate) for it in result.items if it.line != 392 for o in it.owners
                     if o.name in ("Sharon Godman", "Neville Murton"))
    assert beside == {("Sharon Godman", "GOV"): 18, ("Neville Murton", "RES"): 3}
    # a run with one directorate after it is not re-paired ("Denise Radley/ Mark Baigent (PLACE)")
    assert [(o.name, o.directorate) for o in by_line[322].owners] == [("Denise Radley", "PLACE"),
                                                                     ("Mark Baigent", "PLACE")]


def test_member_cut_short_problem_says_where_it_resolves(result):
    """Line 35's "Cabinet Member for Strategic" has one full role in the report; line 171's
    "Cabinet Member for" has several (Culture, Environment, Resources, ...): review, no Member."""
    fix = {p.line: p.fix for p in result.problems if "cut short" in p.what}
    assert fix[35].startswith("identity resolution maps it to 'Cabinet Member for Strategic Development'")
    assert fix[318].startswith("identity resolution maps it to 'Cabinet Member for Health and Adult Services'")
    assert fix[171].startswith("7 roles in the document start with it: no Member of its own")
    assert "graph people --review" in fix[171]


def test_shifted_rows_and_empty_percent(by_line):
    ms = by_line[24]  # row shifted right by a leading tab, comments in <p>
    assert ms.title.startswith("Deliver high priority public realm projects")
    assert ms.officers == ["Owen Whalley"] and ms.percent == 60
    assert "<" not in ms.comments and ms.comments.startswith("New hoardings have been designed")
    empty = by_line[431]  # "% Comp" cell empty
    assert (empty.status, empty.percent, empty.deadlines) == ("Delayed", None, ["2017-06-01"])


def test_two_deadlines_and_invalid_date(by_line):
    assert by_line[219].deadlines == ["2017-07-31", "2017-12-31"]  # "1st 31/7/17 2nd 31/12/17"
    assert by_line[414].deadlines == ["31/04/17"]
    assert by_line[414].status == "Completed"
    assert by_line[283].deadlines == ["31/09/17"]


def test_comment_carried_over_a_page_break(by_line):
    ms = by_line[403]
    assert ms.lines == [403, 404]
    assert ms.comments.startswith("Following the Ofsted inspection")
    assert 'Ofsted 1st monitoring visit feedback: "A complete review of the MASH' in ms.comments
    assert ms.officers == ["Sharon Godman", "Debbie Jones"] and ms.percent == 50


def test_milestones_per_activity(result):
    per = Counter(it.parent for it in result.items if it.kind is Kind.MILESTONE)
    assert per["1.1.2"] == 4
    assert per["3.3"] == 12
    assert per["2.2.1"] == 13
    assert per["1.3.2"] == 1


def test_officer_item_counts(result):
    counts = Counter(o for it in result.items for o in it.officers)
    assert counts["Andy Scott"] == 27
    assert counts["Sharon Godman"] == 19
    late = Counter(o for it in result.items if it.status in ("Delayed", "Overdue") for o in it.officers)
    assert late.most_common(2) == [("Sharon Godman", 7), ("Andy Scott", 6)]
    overdue = [it for it in result.items if it.status == "Overdue"]
    assert [(it.line, it.officers) for it in overdue] == [(62, ["Shazia Hussain"]), (144, ["David Jones"])]


def test_no_html_left(result):
    for item in result.items:
        assert "<" not in item.title
        assert item.comments is None or "<p>" not in item.comments


# ---------------------------------------------------------------- hand-written documents

DOC = "\n".join([
    "Strategic Plan 2018/19 Quarter 3 Monitoring",  # 1
    "",  # 2
    "Priority Outcome 1: A place where people live well",  # 3
    "1.1 Homes for all",  # 4
    "Activity\tLead Member\tDeadline\tStatus\t% Comp\tComments",  # 5
    "1.1.1\t1. Build more homes that people\tCabinet Member for Housing\t31/03/19\tDelayed\t40%\t<p>Slow</p>",  # 6
    "can afford *\t\t\t\t\tbecause of land.",  # 7  wrapped title and comments
    "Our key deliverables\tLead Officer\tDeadline\tStatus\t% Comp\tComments",  # 8
    "\tDeliver 100 homes\tJane Doe (PLACE) / John Roe (HAC)\t31/04/18\tOverdue\t20%\tBehind",  # 9
    "Page 4 of 9",  # 10
    "Strategic Plan 2018/19 Quarter 3 Monitoring",  # 11 running header
    "Priority Outcome 1: A place where people live well",  # 12 repeated at the page top
    "1.1 Homes for all",  # 13 repeated at the page top
    "Our key deliverables\tLead Officer\tDeadline\tStatus\t% Comp\tComments",  # 14 repeated header
    "\tOpen a hostel\tAmy Poe, Bo Lee (CS)\t30/09/18\tCompleted\t100%\tDone",  # 15
    "\t\t\t\t\t\tand opened by the Mayor.",  # 16 comments carried past the page break
    "Priority three: Working together",  # 17
    "Activity\tLead Member\tDeadline\tStatus\t% Comp\tComments",  # 18
    "3.1 1. Work smarter\tExecutive Mayor & Statutory Deputy Mayor\t31/03/19\tOn Target\t50\t",  # 19
    "Page 5 of 9",  # 20
])


@pytest.fixture(scope="module")
def small():
    return LOADER.parse(DOC, "small.txt")


def test_small_document_items(small):
    assert small.plan == "2018/19"  # from the title line
    assert small.count_by_kind() == {"theme": 2, "priority": 1, "activity": 2, "milestone": 2}
    items = {it.line: it for it in small.items}
    act = items[6]
    assert (act.code, act.title, act.lines) == ("1.1.1", "Build more homes that people can afford", [6, 7])
    assert act.comments == "Slow because of land."
    ms = items[9]
    assert (ms.officers, ms.directorates, ms.deadlines, ms.parent) == (
        ["Jane Doe", "John Roe"], ["PLACE", "HAC"], ["31/04/18"], "1.1.1")
    hostel = items[15]
    assert hostel.parent == "1.1.1"  # still under the activity after the repeated headings
    assert hostel.lines == [15, 16] and hostel.comments == "Done and opened by the Mayor."
    smarter = items[19]
    assert (smarter.code, smarter.parent, smarter.percent) == ("3.1", "3", 50)
    assert smarter.members == ["Executive Mayor", "Statutory Deputy Mayor"]
    assert [p.line for p in small.problems] == [9]


def test_small_document_skipped(small):
    reasons = {s.line: s.reason for s in small.skipped}
    assert reasons == {
        1: "document title",
        5: "header row",
        8: "header row",
        10: "page furniture",
        11: "page furniture",
        12: "page furniture",
        13: "page furniture",
        14: "header row",
        18: "header row",
        20: "page furniture",
    }
    in_items = {n for it in small.items for n in it.lines}
    assert set(nonblank_lines(DOC)) == in_items | set(reasons)


def test_plan_from_deadlines_and_override():
    body = "\n".join(DOC.split("\n")[2:])  # no title line: plan from the activity deadlines
    assert LOADER.parse(body, "b.txt").plan == "2018/19"
    forced = LOADER.parse(DOC, "small.txt", plan="2019/20")
    assert forced.plan == "2019/20" and {it.plan for it in forced.items} == {"2019/20"}


def test_odd_row_does_not_raise():
    doc = DOC + "\n\tA row with no date or status at all\tSomeone (CS)\n"
    result = LOADER.parse(doc, "odd.txt")
    # Without a deadline, status or % it cannot be told from a wrapped row: its text goes to the
    # previous row (never dropped), and the document still loads.
    assert result.count_by_kind()["milestone"] == 2


def test_numbered_deliverable_loses_its_list_number():
    doc = DOC + "\nOur key deliverables\tLead Officer\tDeadline\tStatus\t% Comp\tComments"
    doc += "\n\t2. Review the plan\tAmy Poe (CS)\t31/12/18\tOn Target\t10%\tStarted\n"
    item = LOADER.parse(doc, "n.txt").items[-1]
    assert (item.kind, item.title, item.extra["number"], item.parent) == (Kind.MILESTONE, "Review the plan", "2", "3.1")


def test_unparseable_document_raises():
    from loaders.base import LoaderError

    with pytest.raises(LoaderError):
        LOADER.parse("just some prose\nand more prose\n", "prose.txt")


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize("layout", list(SAMPLES))
def test_detection_scores(layout):
    score = LOADER.detect(read_text(SAMPLES[layout]))
    if layout == "quarterly-report":
        assert score >= 0.9
    else:
        assert score < 0.5


def test_detection_on_hand_written_document():
    assert LOADER.detect(DOC) >= 0.5
    assert LOADER.detect("Activity\tLead Officer\tDeadline\tStatus\t% Comp\tComments\n") == 0.0


def test_an_owner_cell_without_its_comma_is_split_on_names_the_document_prints():
    """A generated corpus prints "Patrick De Souza Ian Gibson (ESW)" where the row above has
    "Patrick De Souza, Ian Gibson (ESW)": three words and a particle read as one name before."""
    doc = "\n".join([
        "Strategic Plan 2013/14 Quarter 2 Monitoring",
        "Priority Outcome 1: Children",
        "1.1 Looked after children",
        "Activity\tLead Member\tDeadline\tStatus\t% Comp\tComments",
        "1.1.4\t4. Reduce placement moves\tCabinet Member for Children\t31/12/13\tOn Target\t75%\t",
        "\tOur key deliverables\tLead Officer\tDeadline\tStatus\t% Comp\tComments",
        "\tTrain 310 staff\tPatrick De Souza, Ian Gibson (ESW)\t31/03/14\tOverdue\t30%\t",
        "\tStart on site in Highfield\tPatrick De Souza Ian Gibson (ESW)\t28/02/14\tDelayed\t55%\t",
        "\tStart on site in Mile End\tMary Ann St Clair Tom Lee (ESW)\t28/02/14\tDelayed\t55%\t",
    ])
    items = {it.line: it for it in LOADER.parse(doc, "q.txt").items}
    assert items[7].officers == ["Patrick De Souza", "Ian Gibson"]
    assert (items[8].officers, items[8].directorates) == (["Patrick De Souza", "Ian Gibson"], ["ESW"])
    # names the document never prints apart stay as printed: no guessing where one ends
    assert items[9].officers == ["Mary Ann St Clair Tom Lee"]
