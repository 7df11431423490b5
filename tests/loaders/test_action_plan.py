"""The action-plan loader (Strategic Plan 2014/15, OCR'd), checked against items read by hand.

Hand counts (independent of the parser), on examples/003_c6e6c3ba485f8380.txt:
- themes: 5 single-cell rows ("A Great Place to Live\\t\\t" ...) each directly above a
  "Strategic Priority" line (lines 406, 634, 788, 854, 973);
- priorities: `grep -c '^Strategic Priority'` = 18 headings, plus "2.4: Foster enterprise and
  entrepreneurship" (line 119), listed up front with no heading in the plan = 19;
- activities: `grep -c '^Activity<TAB>Lead Member'` = 77 (one activity per header: the member row and
  the officer row make one activity);
- milestones: 311 non-blank rows under the 77 "Milestone<TAB>Lead Officer<TAB>Deadline" headers (awk),
  less 2 rows that continue the row above (881: an owner cell with no title; 1068: "evaluated",
  a wrapped title) = 309. This counts the two list headers ("... Air Quality Strategy programme:",
  "... community including:") and each listed entry as milestones;
- Jackie Odunoye: `grep -c 'Jackie Odunoye'` = 41 lines, each a different item (7 activities, 34
  milestones; no activity prints her on both of its rows);
- skipped: lines 1-405 are the narrative (263 non-blank, less line 119, priority 2.4 = 262); 154 header
  rows (77 + 77).
"""

from __future__ import annotations

import pytest

from loaders.action_plan import LOADER
from loaders.base import nonblank_lines, read_text
from tests.conftest import SAMPLES

SOURCE = SAMPLES["action-plan"]


@pytest.fixture(scope="module")
def result():
    return LOADER.parse(read_text(SOURCE), SOURCE.name)


def by_line(result, line):
    [item] = [i for i in result.items if i.line == line]
    return item


def by_title(result, title):
    [item] = [i for i in result.items if i.title == title]
    return item


def children(result, item):
    return [i for i in result.items if i.parent_key == item.key]


# ---------------------------------------------------------------- the sample, as a whole


def test_counts_per_kind(result):
    assert result.count_by_kind() == {"theme": 5, "priority": 19, "activity": 77, "milestone": 309}


def test_plan_year_from_heading(result):
    assert result.plan == "2014/15"
    assert {i.plan for i in result.items} == {"2014/15"}


def test_skipped_report(result):
    reasons = {}
    for s in result.skipped:
        reasons[s.reason] = reasons.get(s.reason, 0) + 1
    assert reasons == {"narrative": 262, "header row": 154}
    assert not any(s.reason == "unrecognised row" for s in result.skipped)
    narrative = {s.line for s in result.skipped if s.reason == "narrative"}
    assert narrative == {n for n in nonblank_lines(read_text(SOURCE)) if n <= 405} - {119}


def test_no_status_or_percent_in_a_plan(result):
    assert all(i.status is None and i.percent is None for i in result.items)


def test_activities_have_no_code_and_sit_under_priorities(result):
    for item in result.items:
        if item.kind.value == "activity":
            assert item.code is None
            assert item.parent and item.parent[0].isdigit()


def test_jackie_odunoye_owns_41_items(result):
    owned = [i for i in result.items if "Jackie Odunoye" in i.officers]
    assert len(owned) == 41
    assert sum(i.kind.value == "activity" for i in owned) == 7


def test_themes_and_priorities(result):
    themes = [i.title for i in result.items if i.kind.value == "theme"]
    assert themes == ["A Great Place to Live", "A Prosperous Community", "A Safe and Cohesive Community",
                      "A Healthy and Supportive Community", "One Tower Hamlets"]
    p = by_line(result, 407)
    assert (p.code, p.title, p.parent) == ("1.1", "Provide good quality affordable housing", "A Great Place to Live")
    assert by_line(result, 406).parent is None
    assert len([c for c in children(result, by_line(result, 406)) if c.kind.value == "priority"]) == 6


def test_priority_listed_up_front_with_no_heading(result):
    """"- 2.4: Foster enterprise and entrepreneurship" (line 119) is in the list of priorities, but
    the plan prints no "Strategic Priority 2.4" heading: its activities "Support local businesses"
    (line 771) and "Work collaboratively across London to enhance investment and opportunity" (781,
    782) follow 2.3's. The narrative lists both under "Fostering enterprise and entrepreneurship:"
    (lines 236-239), so they are 2.4's, not 2.3's."""
    p = by_line(result, 119)
    assert (p.kind.value, p.code, p.title) == ("priority", "2.4", "Foster enterprise and entrepreneurship")
    assert p.parent == "A Prosperous Community" and p.parent_key == by_line(result, 634).key
    assert p.lines == [119]
    support, london = by_line(result, 771), by_line(result, 782)
    assert support.title == "Support local businesses"
    assert support.members == ["Deputy Mayor, Cllr Oliur Rahman"] and support.officers == ["Andy Scott"]
    assert london.title == "Work collaboratively across London to enhance investment and opportunity"
    assert london.members == ["Cllr Alibor Choudhury"] and london.deadlines == ["2015-03-31"]
    assert (support.parent, london.parent) == ("2.4", "2.4")
    assert [c.line for c in children(result, p)] == [771, 782]
    assert [c.line for c in children(result, by_line(result, 746)) if c.kind.value == "activity"] == [748, 756, 763]
    moved = [x for x in result.problems if "narrative lists it under priority 2.4" in x.what]
    assert [x.line for x in moved] == [771, 782]
    # every other activity stays under the heading it is printed under: one move in all
    assert len([x for x in result.problems if "narrative lists it under" in x.what]) == 2


def test_priority_wrapped_into_second_cell(result):
    assert by_line(result, 746).title == "Manage the impact of welfare reform on local residents and maximising incomes"
    # "minimis" + "ing": a word split across the cells is mended, not spaced
    assert by_line(result, 946).title == "Keep vulnerable children, adults and families safer, minimising harm and neglect"


# ---------------------------------------------------------------- activities


def test_member_row_and_officer_row_make_one_activity(result):
    a = by_title(result, "Increase the availability of affordable family sized housing")
    assert a.line == 410 and a.lines == [409, 410]  # the garbled copy "... baysing" is line 409
    assert a.members == ["Cllr Rabina Khan"]
    assert a.officers == ["Jackie Odunoye"] and a.directorates == ["D&R"]
    assert a.owners[0].directorate == "D&R"
    assert a.deadlines == ["2015-03-31"]  # printed on both rows, kept once
    assert a.parent == "1.1"
    assert len(children(result, a)) == 6


def test_cleaner_printing_wins_even_on_the_member_row(result):
    # the officer row is the garbled one here ("nousenoid ... compositing")
    a = by_line(result, 540)
    assert a.title == "Increase household waste sent for reuse, recycling & composting"
    assert a.lines == [540, 541] and a.officers == ["Jamie Blake"] and a.members == ["Cllr Shahed Ali"]


def test_wrapped_title_continues_on_officer_row(result):
    a = by_line(result, 436)
    assert a.title == ("Deliver housing, a leisure centre and community facilities at Poplar Baths / "
                       "Dame Colett House")
    assert a.officers == ["Ann Sutcliffe"] and a.members == ["Cllr Rabina Khan"]
    assert a.deadlines == ["2015-02-21", "2015-03-31"]
    assert by_line(result, 648).title == (
        "Expand free early education places of high quality for disadvantaged two-year-olds")


def test_title_and_member_wrapped_over_three_rows(result):
    a = by_line(result, 686)
    assert a.title == ("Assist more people into further education and to university, and continue to deliver "
                       "the Mayor's Education Allowance (MEA) and Mayor's Higher Education Award (MHEA)")
    assert a.members == ["Cllr Gulam Robbani", "Cllr Alibor Choudhury"]  # "Cllr Alibor" + "Choudhury"
    assert a.officers == ["Anne Canning"] and a.lines == [686, 687, 688]
    assert a.deadlines == ["31/02/2015"]


def test_empty_title_cells(result):
    a = by_line(result, 447)  # member row "\tCllr Rabina Khan\t"
    assert a.title == "Seek to mitigate homelessness and improve housing options"
    assert a.lines == [446, 447] and a.members == ["Cllr Rabina Khan"]
    assert [(o.name, o.directorate) for o in a.owners] == [("Jackie Odunoye", "D&R"), ("Colin Cormack", "D&R")]
    b = by_line(result, 476)  # officer row "\tJackie Odunoye (D&R)\t01/12/2014"
    assert b.title == "Improve the quality of housing services"
    assert b.deadlines == ["2014-12-31", "2014-12-01"]


@pytest.mark.parametrize("line, members, officers", [
    (503, ["Cllr Alibor Choudhury", "Cllr Shahed Ali"], ["Jackie Odunoye"]),
    (585, ["Mayor Lutfur Rahman"], ["Ann Sutcliffe"]),
    (976, ["Deputy Mayor, Cllr Oliur Rahman"], ["Simon Kilbey"]),
    (742, ["Cllr Gulam Robbani", "Deputy Mayor, Cllr Oliur Rahman"], ["Shazia Hussain"]),
    (930, ["Cllr Abdul Asad"], ["Bozena Allen", "Deborah Cohen"]),
])
def test_member_and_officer_in_one_cell(result, line, members, officers):
    a = by_line(result, line)
    assert a.members == members and a.officers == officers
    assert a.lines == [line]


def test_members_separated_by_comma(result):
    assert by_line(result, 886).members == ["Mayor Lutfur Rahman", "Cllr Abdul Asad"]
    assert by_line(result, 457).members == ["Cllr Rabina Khan", "Cllr Rofique Ahmed"]
    assert by_line(result, 485).members == ["Cllr Rabina Khan", "Deputy Mayor, Cllr Oliur Rahman"]


def test_multi_person_owner_cell(result):
    a = by_line(result, 713)
    assert [(o.name, o.directorate) for o in a.owners] == [
        ("Andy Scott", "D&R"), ("Bozena Allen", "ESW"), ("Deborah Cohen", "ESW")]
    assert a.directorates == ["D&R", "ESW"]
    m = by_line(result, 1074)
    assert m.officers == ["Richard Lungley", "John Jones"] and m.directorates == ["RES"]


def test_titles_mended_from_the_narrative_list(result):
    # only "employment" survived of the title; the narrative lists the activity in full
    a = by_line(result, 726)
    assert a.title == "Provide high quality support and training to assist young people into sustainable employment"
    assert a.extra["printed_title"] == "employment"
    # the only printing is garbled ("volute ... volung ... \\vdash")
    b = by_line(result, 697)
    assert b.title == "Maintain investment in youth services and provision for young people"
    assert any(p.line == 726 for p in result.problems) and any(p.line == 697 for p in result.problems)


# ---------------------------------------------------------------- milestones


def test_milestone_fields(result):
    m = by_line(result, 412)
    assert m.kind.value == "milestone" and m.code is None
    assert m.title == "Meet with developing RPs twice, to agree the number, location, size and timing of their schemes"
    assert m.parent == "Increase the availability of affordable family sized housing"
    assert m.parent_key == by_line(result, 410).key
    assert m.officers == ["Jackie Odunoye"] and m.deadlines == ["2014-09-30"]


def test_milestones_per_activity(result):
    assert len(children(result, by_title(result, "Work in partnership to improve our public realm"))) == 10
    assert len(children(result, by_title(result, "Deliver a Multi-Faith burial ground"))) == 3
    # "Vilestone" (OCR) still opens the milestone table
    assert len(children(result, by_line(result, 984))) == 1


def test_numbered_sub_list(result):
    activity = by_title(result, "Protect and improve the local environment")
    titles = [(m.line, m.extra.get("number")) for m in children(result, activity)]
    assert titles == [(515, None), (516, None), (517, None), (518, "1"), (519, "2"), (520, "3"), (521, None),
                      (522, None)]
    assert by_line(result, 518).title == "Expand the zero emissions network in Shoreditch, working with small businesses"
    assert by_line(result, 518).officers == ["Andy Bamber"]
    assert by_line(result, 517).extra["list_header"] == "yes"
    assert len(children(result, by_line(result, 836))) == 8  # the events list: header + 5 events + 2


def test_owner_and_deadline_printed_once_for_a_list(result):
    """Lines 517-520: the header "Deliver projects towards improving air quality ...:" and three
    numbered entries; "Andy Bamber (CLC)" and "31/03/2015" are printed on entry 1 only, for the
    group: every row gets them. Lines 839-844: "... community including:" and five events, each
    with its own deadline; "Louise Russell (LPG)" printed once (on "Interfaith Week"): every row
    gets her, the deadlines stay each row's own. Line 845 ("Support the celebration of World Food
    Day ...", Shazia Hussain) is the next milestone, not an entry."""
    for line in (517, 518, 519, 520):
        m = by_line(result, line)
        assert [(o.name, o.directorate) for o in m.owners] == [("Andy Bamber", "CLC")], line
        assert m.directorates == ["CLC"] and m.deadlines == ["2015-03-31"], line
    assert by_line(result, 519).extra["owner_from_line"] == "518"
    events = {840: "2013-09-30", 841: "2013-11-30", 842: "2013-12-31", 843: "2014-02-20", 844: "2015-03-31"}
    for line, deadline in events.items():
        m = by_line(result, line)
        assert [(o.name, o.directorate) for o in m.owners] == [("Louise Russell", "LPG")], line
        assert m.deadlines == [deadline], line
    header = by_line(result, 839)
    assert header.officers == ["Louise Russell"] and header.deadlines == []
    assert by_line(result, 845).officers == ["Shazia Hussain"] and "list" not in by_line(result, 845).extra
    assert by_line(result, 838).officers == ["Shazia Hussain"]


def test_wrapped_milestone_and_owner_only_row(result):
    m = by_line(result, 1067)
    assert m.title == "Deliver the internal audit plan to ensure key strategic risks are adequately evaluated"
    assert m.lines == [1067, 1068] and m.deadlines == ["2015-03-01", "01/00/2010"]
    h = by_line(result, 880)  # header words leaked into the cells; line 881 repeats the owners
    assert h.title == "Provide support in the embedding of the commissioned Healthwatch service"
    assert h.lines == [880, 881] and h.officers == ["Louise Russell", "Deborah Cohen"]
    assert h.deadlines == ["2015-03-31"]
    nxt = by_line(result, 882)  # the row repeats the milestone above before a new one
    assert nxt.title.startswith("Use the Tower Hamlets Health and Wellbeing Board meetings")


def test_last_line_without_newline(result):
    m = by_line(result, 1075)
    assert m.title.startswith("Maintain strong and effective financial management")


# ---------------------------------------------------------------- problems


def test_invalid_and_truncated_deadlines(result):
    m = by_title(result, "Adopt South Quay Masterplan")
    assert m.deadlines == ["31/02/2015"]
    assert by_line(result, 891).deadlines == ["31/06/2014"]
    assert by_line(result, 485).deadlines == ["2015-03-31", "1"]
    assert by_line(result, 619).deadlines == ["24/02/0045", "2015-03-31"]  # year 45: kept as printed
    flagged = {p.line for p in result.problems}
    assert {462, 891, 486, 619, 687}.issubset(flagged)


# ---------------------------------------------------------------- the method, on hand-written text

SMALL = "\n".join([
    "Strategic Plan 2020/21",
    "",
    "Some introductory prose about the plan.",
    "- Build new homes across the borough",
    "",
    "Theme One\t\t",
    "Strategic Priority 1.1: Do things\t\t",
    "Activity\tLead Member, Lead Officer and Directorate\tDeadline",
    "Build <b>new</b> homes across the\tCllr Ann Bee\t31/03/2021",
    "borough\tJo Smith (PLACE)\t31/03/2021",
    "Milestone\tLead Officer\tDeadline",
    "Agree the plan\tJo Smith (PLACE)\t30/06/2020",
    "12",
    "Theme One\t\t",
    "Strategic Priority 1.1: Do things\t\t",
    "Milestone\tLead Officer\tDeadline",
    "Consult residents on the\tJo Smith, Al Green (PLACE)\t31/04/2021",
    "plan\t\t",
    "Activity\tLead Member, Lead Officer and Directorate\tDeadline",
    "Fix roads\tCllr Cy Dee Kim Lo (PLACE)\t31/12/2020 and quarterly",
    "Strategic Priority 1.2: Keep things\t\t",
    "going\t\t",
    "Activity\tLead Member, Lead Officer and Directorate\tDeadline",
    "\tMayor Di Eve, Cllr Ann Bee\t",
    "Mend fences\tJo Smith (PLACE)\t",
])


@pytest.fixture(scope="module")
def small():
    return LOADER.parse(SMALL, "small.txt")


def test_small_structure(small):
    assert small.plan == "2020/21"
    assert small.count_by_kind() == {"theme": 1, "priority": 2, "activity": 3, "milestone": 2}
    reasons = {(s.line, s.reason) for s in small.skipped}
    assert (13, "page furniture") in reasons  # page number
    assert (14, "page furniture") in reasons and (15, "page furniture") in reasons  # repeated headings
    assert {s.line for s in small.skipped if s.reason == "narrative"} == {1, 3, 4}
    assert not any(s.reason == "unrecognised row" for s in small.skipped)


def test_small_wrapped_rows_and_html(small):
    a = by_line(small, 9)
    assert a.title == "Build new homes across the borough" and a.lines == [9, 10]
    assert a.members == ["Cllr Ann Bee"] and a.officers == ["Jo Smith"] and a.directorates == ["PLACE"]
    assert a.deadlines == ["2021-03-31"] and a.parent == "1.1"
    m = by_line(small, 17)  # continued after a page break and repeated headings
    assert m.title == "Consult residents on the plan" and m.lines == [17, 18]
    assert m.parent == a.title and m.officers == ["Jo Smith", "Al Green"]
    assert m.deadlines == ["31/04/2021"] and any(p.line == 17 for p in small.problems)


def test_small_member_officer_split_without_known_names(small):
    a = by_line(small, 20)
    assert a.members == ["Cllr Cy Dee"] and a.officers == ["Kim Lo"]
    assert a.deadlines == ["2020-12-31"] and a.extra["deadline_printed"] == "31/12/2020 and quarterly"


def test_small_priority_wrapped_and_empty_member_title(small):
    p = by_line(small, 21)
    assert p.title == "Keep things going" and p.lines == [21, 22]
    a = by_line(small, 25)
    assert a.title == "Mend fences" and a.members == ["Mayor Di Eve", "Cllr Ann Bee"] and a.lines == [24, 25]


def test_plan_override(small, result):
    assert LOADER.parse(SMALL, "small.txt", plan="2099/00").plan == "2099/00"
    assert {i.plan for i in LOADER.parse(SMALL, "small.txt", plan="2099/00").items} == {"2099/00"}


def test_plan_from_deadlines_when_no_heading():
    text = SMALL.replace("Strategic Plan 2020/21", "Action plan")
    assert LOADER.parse(text, "x.txt").plan == "2020/21"


def test_no_action_plan_raises():
    from loaders.base import LoaderError

    with pytest.raises(LoaderError):
        LOADER.parse("Just some prose.\nNothing else.\n", "prose.txt")


@pytest.mark.parametrize("layout", list(SAMPLES))
def test_detection_scores(layout):
    score = LOADER.detect(read_text(SAMPLES[layout]))
    if layout == "action-plan":
        assert score >= 0.9
    else:
        assert score < 0.5
