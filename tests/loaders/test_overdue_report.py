"""The overdue-report loader (Strategic Plan 2007/08 end-of-year monitoring, overdue items only).

Expected values below were checked by reading examples/001_438444c0e1c0bfc6.txt line by line.
Counts were made with grep, independently of the parser:
  themes      grep -cP '^\\d+\\. [A-Z ,&]+$'                 -> 5
  priorities  grep -cP '^\\d\\d\\.\\d\\d\\.\\d\\d '          -> 51, minus 05.01.16 printed again (line 364) = 50
  activities  grep -cP '^\\d\\d\\.\\d\\d\\.\\d\\d[a-z] '     -> 86
  milestones  grep -cP '^\\d+\\. .*\\t'                      -> 117
  header rows grep -cP '^(Key Activity|Progress Milestone\\t)' -> 86 + 86
"""

from __future__ import annotations

from collections import Counter

import pytest

from graphmodel.schema import Kind
from loaders.base import LoaderError, nonblank_lines, read_text
from loaders.overdue_report import LOADER
from tests.conftest import SAMPLES

SAMPLE = SAMPLES["overdue-report"]
SRC = SAMPLE.name


@pytest.fixture(scope="module")
def result():
    return LOADER.parse(read_text(SAMPLE), SRC)


def item_at(result, line):
    return next(i for i in result.items if i.line == line)


def by_code(result, code):
    return next(i for i in result.items if i.code == code)


# ---------------------------------------------------------------- the sample


def test_counts_per_kind(result):
    assert result.count_by_kind() == {"theme": 5, "priority": 50, "activity": 86, "milestone": 117}
    assert result.layout == "overdue-report"
    assert result.plan == "2007/08"


def test_themes_as_printed(result):
    themes = [(i.code, i.title) for i in result.items if i.kind is Kind.THEME]
    assert themes == [
        ("1", "LIVING SAFELY"),
        ("2", "LIVING WELL"),
        ("3", "CREATING AND SHARING PROSPERITY"),
        ("4", "LEARNING, ACHIEVEMENT AND LEISURE"),
        ("5", "EXCELLENT PUBLIC SERVICES"),
    ]
    assert all(i.status is None and i.parent is None for i in result.items if i.kind is Kind.THEME)


def test_priority_activity_and_milestone_chain(result):
    priority = by_code(result, "01.01.01")
    assert priority.kind is Kind.PRIORITY
    assert priority.title == "To reduce crime and the fear of crime"
    assert priority.parent == "1" and priority.parent_key == f"{SRC}:7"
    assert priority.status is None

    activity = by_code(result, "01.01.01d")
    assert activity.kind is Kind.ACTIVITY
    assert activity.title == "Provide support to offenders to reduce reoffending"
    assert activity.parent == "01.01.01" and activity.parent_key == priority.key
    assert activity.status == "Overdue"
    assert activity.deadlines == [] and activity.comments is None

    milestone = item_at(result, 13)
    assert milestone.kind is Kind.MILESTONE
    assert milestone.code is None and milestone.extra == {"number": "3"}
    assert milestone.title == "Effective multi-agency support provided to 100 offenders by end March 2008"
    assert milestone.deadlines == ["2008-03-31"]
    assert milestone.status == "Overdue"
    assert milestone.parent == "01.01.01d" and milestone.parent_key == activity.key
    assert milestone.comments.startswith("Due to delays with the commissioning of the Looking Out service")
    assert milestone.comments.endswith("target will be significantly exceeded.")


def test_every_activity_and_milestone_is_overdue(result):
    statuses = Counter(i.status for i in result.items)
    assert statuses == {"Overdue": 86 + 117, None: 5 + 50}


def test_no_owners_in_this_document(result):
    assert all(not i.owners and not i.directorates and not i.members and not i.boards for i in result.items)
    assert all(i.percent is None for i in result.items)


def test_wrapped_milestone_title_across_blank_line(result):
    m = item_at(result, 57)
    assert m.title == "Construction of Bethnal Green (27N) zone complete by March 2008"
    assert m.lines == [57, 59]
    assert m.extra["number"] == "5"
    assert m.deadlines == ["2008-03-31"]
    assert m.comments == "Same target as above - work will complete by August 2008."


def test_wrapped_activity_title(result):
    a = by_code(result, "02.03.03a")
    assert a.title == (
        "Integrate services for older people and people with long term conditions to improve "
        "value for money and customer experience"
    )
    assert a.lines == [126, 128]


def test_wrapped_title_and_comments(result):
    m = item_at(result, 153)
    assert m.lines == [153, 155]
    assert m.title.endswith("for children who are leaving their birth parents permanently, in 10 family conferences- to April 2007")
    assert m.comments.endswith("they seem to be taking longer to arrange than normal FGCs.")
    m = item_at(result, 327)
    assert m.title == (
        "Conclude consultation with partners and develop new children's workforce strategy- "
        "recommendations to Corporate Equalities Steering Group and CMT April 2007"
    )
    assert "(Children and Young People's Strategic Partnership Group) in January. Since then" in m.comments
    assert item_at(result, 465).title == "12 month follow up shows that 40% of participants have achieved promotion"
    assert item_at(result, 465).comments.endswith("yet to take place, but will be undertaken before the end of the summer term.")


def test_carried_over_comment_kept_in_full(result):
    m = item_at(result, 18)
    assert m.parent == "01.01.02e"
    assert m.comments == (
        "Monitoring framework for revised protocol on children and DV carried over to 2008/09 plan as "
        "all-London procedures for Safeguarding Children Abused Through Domestic Violence was not "
        "published until March 2008."
    )


def test_rows_without_tabs(result):
    # lines 84-86 print the objective, the label and the activity with no cells at all
    assert by_code(result, "02.01.01").title == "To provide decent homes and decent neighbourhoods"
    assert by_code(result, "02.01.01d").parent == "02.01.01"
    assert item_at(result, 89).parent == "02.01.01d"


def test_milestones_per_activity(result):
    per_activity = Counter(i.parent for i in result.items if i.kind is Kind.MILESTONE)
    assert per_activity["01.01.10g"] == 4  # numbers 1, 3, 4, 5 (5 wrapped)
    assert per_activity["05.01.13e"] == 3
    assert per_activity["05.03.01d"] == 3
    assert per_activity["01.01.01d"] == 1
    assert sum(per_activity.values()) == 117


def test_milestones_without_deadline(result):
    undated = [i.line for i in result.items if i.kind is Kind.MILESTONE and not i.deadlines]
    assert undated == [424, 425, 426]


def test_invalid_date_kept_and_reported(result):
    m = item_at(result, 322)
    assert m.deadlines == ["31/04/2007"]
    assert [(p.line, "31/04/2007" in p.what) for p in result.problems] == [(322, True)]


def test_repeated_objective_is_not_a_new_item(result):
    assert [i.line for i in result.items if i.code == "05.01.16"] == [355]
    c = by_code(result, "05.01.16c")
    assert c.parent == "05.01.16" and c.parent_key == f"{SRC}:355"
    assert by_code(result, "05.01.16d").parent_key == f"{SRC}:355"


def test_skipped_report(result):
    reasons = Counter(s.reason for s in result.skipped)
    assert reasons == {"header row": 172, "document title": 2, "page furniture": 2}
    furniture = [s.line for s in result.skipped if s.reason == "page furniture"]
    assert furniture == [364, 468]  # the repeated 05.01.16 heading; the closing rule "-----"
    titles = [s.text for s in result.skipped if s.reason == "document title"]
    assert titles == [
        "Appendix 3b Strategic Plan 2007/08 End of Year Monitoring",
        "Overdue Activities from the Strategic Plan",
    ]


def test_every_line_accounted_for_once(result):
    text = read_text(SAMPLE)
    in_items = [n for i in result.items for n in i.lines]
    skipped = [s.line for s in result.skipped]
    assert sorted(in_items + skipped) == nonblank_lines(text)


def test_plan_override(result):
    again = LOADER.parse(read_text(SAMPLE), SRC, plan="2008/09")
    assert again.plan == "2008/09"
    assert {i.plan for i in again.items} == {"2008/09"}


# ---------------------------------------------------------------- detection


@pytest.mark.parametrize("layout", list(SAMPLES))
def test_detection(layout):
    score = LOADER.detect(read_text(SAMPLES[layout]))
    if layout == "overdue-report":
        assert score >= 0.9
    else:
        assert score < 0.5


def test_detection_does_not_need_this_sample_wording():
    text = (
        "Overdue milestones 2010/11\n"
        "2. A Prosperous Borough\n"
        "02.03.01 Objective text\t\t\n"
        "02.03.01a Activity text\t\t\n"
        "Milestone\tDeadline\tComments\n"
        "1. Milestone\t31/03/2011\tLate\n"
    )
    assert LOADER.detect(text) >= 0.5
    assert LOADER.detect("1. Something\n2. Something else\n") < 0.5


# ---------------------------------------------------------------- small hand-written documents

DOC = "\n".join([
    "Strategic Plan 2009/10 Monitoring",
    "Overdue Activities",
    "",
    "1. A SAFE PLACE",
    "",
    "01.02.03 To keep streets clean and",
    "safe for everyone\t\t",
    "Key Activity\t\t",
    "01.02.03a Sweep the streets\t\t",
    "Progress Milestone\tDeadline\tComments",
    "1. First sweep done by\t31/03/2010\tDelayed by <b>snow</b> &amp; ice",
    "",
    "June 2009\t\tand by staff shortages.",
    "Page 2",
    "Strategic Plan 2009/10 Monitoring",
    "01.02.03 To keep streets clean and\t\t",
    "safe for everyone\t\t",
    "Progress Milestone\tDeadline\tComments",
    "2. Second sweep*\t31/04/2010\t",
    "1. First sweep done by\t31/03/2010\tDelayed by <b>snow</b> &amp; ice",
    "Key Activity\t\t",
    "01.02.03a Sweep the streets\t\t",
    "3. Third sweep\t\tNo date yet",
    "2. Cleaner Air",
    "02.01.01 Reduce emissions\t\t",
])


@pytest.fixture(scope="module")
def small():
    return LOADER.parse(DOC, "doc.txt")


def test_small_items(small):
    kinds = [(i.kind.value, i.code, i.title) for i in small.items]
    assert kinds == [
        ("theme", "1", "A SAFE PLACE"),
        ("priority", "01.02.03", "To keep streets clean and safe for everyone"),
        ("activity", "01.02.03a", "Sweep the streets"),
        ("milestone", None, "First sweep done by June 2009"),
        ("milestone", None, "Second sweep"),
        ("milestone", None, "Third sweep"),
        ("theme", "2", "Cleaner Air"),  # mixed case: a theme because an objective follows
        ("priority", "02.01.01", "Reduce emissions"),
    ]
    assert small.plan == "2009/10"


def test_small_wrapped_row_and_html(small):
    first = small.items[3]
    assert first.lines == [11, 13]
    assert first.comments == "Delayed by snow & ice and by staff shortages."
    assert first.deadlines == ["2010-03-31"]
    assert first.extra == {"number": "1"}


def test_small_page_break_keeps_items_under_originals(small):
    second, third = small.items[4], small.items[5]
    assert second.parent == "01.02.03a" and second.parent_key == "doc.txt:9"
    assert third.parent_key == "doc.txt:9"
    assert third.deadlines == [] and third.comments == "No date yet"
    assert second.deadlines == ["31/04/2010"]
    assert [p.line for p in small.problems] == [19]


def test_small_skipped(small):
    skipped = {s.line: s.reason for s in small.skipped}
    assert skipped == {
        1: "document title", 2: "document title",
        8: "header row", 10: "header row",
        14: "page furniture", 15: "page furniture", 16: "page furniture", 17: "page furniture",
        18: "header row",
        20: "duplicate row",
        21: "header row", 22: "page furniture",
    }
    in_items = {n for i in small.items for n in i.lines}
    assert in_items | set(skipped) == set(nonblank_lines(DOC))
    assert not in_items & set(skipped)


def test_plan_from_deadlines_when_no_heading():
    doc = "1. THEME\n01.01.01 Obj\n01.01.01a Act\nProgress Milestone\tDeadline\tComments\n1. M\t30/06/2011\t\n"
    res = LOADER.parse(doc, "x.txt")
    assert res.plan == "2011/12"
    assert LOADER.parse(doc, "x.txt", plan="2010/11").plan == "2010/11"


def test_odd_row_does_not_raise_and_is_reported():
    doc = "1. THEME\n01.01.01 Obj\nKey Activity\nstray text with no row above it\n"
    res = LOADER.parse(doc, "x.txt")
    assert [(s.line, s.reason) for s in res.skipped if s.reason == "unrecognised row"] == [(4, "unrecognised row")]


def test_document_with_no_items_raises():
    with pytest.raises(LoaderError):
        LOADER.parse("just some prose\nand more prose\n", "x.txt")
