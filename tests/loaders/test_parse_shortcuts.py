"""The shortcuts the loaders take to parse faster must decide exactly what the long way does.

Each test compares a shortcut with the plain test it stands for, on the sample documents (every
line) and on texts built to sit at its edges.
"""

from __future__ import annotations

import re
import sys
from difflib import SequenceMatcher

import pytest

from loaders import action_plan, improvement_tracker, monitoring_appendix, overdue_report, quarterly_report
from loaders.base import lines_holding, lowered_text, read_text, split_lines
from loaders.cells import split_cells
from tests.conftest import SAMPLES

EDGE_TEXTS = [
    "",
    "1.2.3a Do it\n12.3.45bc\tx\nx1.2.3ab \n.1.2.3a \n1..2.3a \n\u0661.2.3a \n1.2.3a",  # activity codes
    "Action Title\tOwner\nACTION\tTITLE\naction\ntitle\nAc tion Ti tle\r\nActionTitle actiontitle\n",
    "Activity\tLead Member\tDeadline\t\nMilestone\tLead Officer\tDEADLINE  \nx\tDeadline\ty\nDeadlİne\n",
    "Activity\tLead Officer\tdeadline\r\n\tlead officer\t\tDeadline\t\t\n",
    "Activity\tLead Officer\tDeadline\tStatus\n \t MILESTONES \tLead Officer\tDeadline\tStatus\t%\n",
    "Milestone\tLead Officer\tDeadline\tStatus\r\nMilestone\u00a0\tLead Officer\tDeadline\n",
    "Status\t<b>Action</b> <i>Title</i>\tOwnership Managed By\tMonitoring Group\n"  # tracker headers with markup
    "Status\tAction&#32;Title\tOwner\tMonitoring Group\nStatus\t&#65;ction Title\tCode\n",
]


def _texts() -> list[str]:
    return [read_text(path) for path in SAMPLES.values()] + EDGE_TEXTS


@pytest.mark.parametrize("text", _texts())
def test_overdue_activity_code_search(text):
    for start in range(0, len(text), max(1, len(text) // 50)):  # every tail, so each code is found first
        tail = text[start:]
        assert overdue_report._has_activity_code(tail) == bool(overdue_report._ACTIVITY_ANYWHERE.search(tail))


def test_overdue_activity_code_search_at_the_edges():
    for text, found in [("1.2.3a ", True), ("x1.2.3ab\t", True), (".2.3a ", False), (".1.2.3a ", True), ("1.2.3a", False),
                        ("ab.1.2.3a 9.1.2b\n", True), ("\u0661.2.3a ", True), ("1.2.3A ", False)]:
        assert overdue_report._has_activity_code(text) is found, text
        assert bool(overdue_report._ACTIVITY_ANYWHERE.search(text)) is found, text


@pytest.mark.parametrize("text", _texts())
def test_tracker_header_lines_hold_every_header_line(text):
    """Every line holding "actiontitle" once whitespace is gone (what _is_header looks for) is found."""
    def compacted(line: str) -> str:
        return "".join("".join(c.strip() for c in line.split("\t")).split()).lower()

    wanted = {n for n, line in enumerate(split_lines(text), start=1) if "actiontitle" in compacted(line)}
    assert wanted <= improvement_tracker._spaced_header_lines(text)


@pytest.mark.parametrize("text", _texts())
def test_tracker_header_test_as_the_parser_gates_it(text):
    """The parser asks _is_header only of lines that may be headers, and of markup lines in short."""
    header_lines = improvement_tracker._spaced_header_lines(text)
    for number, line in enumerate(split_lines(text), start=1):
        cells = improvement_tracker._cells(line)
        expected = improvement_tracker._is_header(cells)
        if number not in header_lines:
            short = improvement_tracker._is_header(cells, compacted_lacks_it=True)
            assert short == expected if ("<" in line or "&" in line) else expected is None, line


def test_tracker_header_lines_on_a_header_sample():
    text = EDGE_TEXTS[2]
    assert improvement_tracker._spaced_header_lines(text) >= {1, 2, 5, 6}


def test_quarterly_header_first_characters():
    """Every character that can start a match of _HEADER_CELL (its words' first letters, ignoring case)."""
    first = re.compile(r"[%acdklmos]", re.IGNORECASE)
    can_start = {chr(cp) for cp in range(sys.maxunicode + 1) if first.match(chr(cp))}
    assert can_start <= quarterly_report._HEADER_FIRST
    # and the words really do start that way under the real pattern
    for ch in ("\u017f", "\u212a"):
        assert quarterly_report._HEADER_CELL.match(ch + ("tatus" if ch == "\u017f" else "ey deliverables"))


@pytest.mark.parametrize("text", _texts())
def test_quarterly_is_header_as_the_plain_test(text):
    for line in split_lines(text):
        filled = [c for c in split_cells(line) if c]
        expected = all(quarterly_report._HEADER_CELL.match(c) for c in filled)
        assert quarterly_report._is_header(filled) == expected, line


def test_quarterly_star_marker():
    for title in ["Do it*", "Do it **", "Do it* *", "Do it ***", "*", "Do * it *"]:
        assert title.rstrip("*").strip() == quarterly_report._STAR_MARKER.sub("", title).strip()


def _plain_activity_header(line: str) -> bool:
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    return (len(cells) >= 2 and cells[0].lower()[1:] == "ctivity" and any("lead" in c.lower() for c in cells[1:])
            and cells[-1].lower() == "deadline" and not any(action_plan._STATUS_COLUMNS.search(c) for c in cells))


def _plain_milestone_header(line: str) -> bool:
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    return (len(cells) >= 2 and cells[0].lower()[1:] == "ilestone"
            and any("lead officer" in c.lower() for c in cells[1:])
            and cells[-1].lower() == "deadline" and not any(action_plan._STATUS_COLUMNS.search(c) for c in cells))


@pytest.mark.parametrize("text", _texts())
def test_action_plan_header_shortcuts(text):
    lines = split_lines(text)
    may_head = set(lines_holding(text, "deadline"))
    for i, line in enumerate(lines):
        activity, milestone = _plain_activity_header(line), _plain_milestone_header(line)
        assert action_plan._is_activity_header(line) == activity, line
        assert action_plan._is_milestone_header(line) == milestone, line
        if activity or milestone:
            assert i in may_head, line  # the parser tests only these lines
        if activity:  # detect looks for one such line before any other
            assert action_plan._DEADLINE_AT_END.search(lowered_text(text)), line


@pytest.mark.parametrize("text", _texts())
def test_monitoring_detect_needs_a_milestone_first_cell(text):
    """detect scores 0 unless the regex finds a line where a milestone header's first cell is."""
    found = monitoring_appendix._has_milestone_first_cell(lowered_text(text))
    by_regex = re.search(r"^[^\S\n]*milestones?[^\S\n]*\t", lowered_text(text), re.MULTILINE) is not None
    assert found == by_regex
    for line in split_lines(text):
        if monitoring_appendix._is_header([c.strip() for c in line.split("\t")]) == "milestone":
            assert found, line
    if not found:
        assert monitoring_appendix.LOADER.detect(text) == 0.0


def test_action_plan_headers_at_the_edges():
    assert action_plan._is_activity_header("Activity\tLead Member\tDeadline\t \t")
    assert action_plan._is_milestone_header("Milestone\tLead Officer\tDEADLINE  \r")
    assert not action_plan._is_activity_header("Activity\tLead Member\tDeadlİne")


def test_action_plan_closest_as_the_full_ranking():
    """``closest`` leaves out bullets that cannot matter; it must answer as ranking them all does."""
    bullets = ["Deliver the housing strategy action plan", "Deliver the housing strategy", "Review the parking policy",
               "Develop the housing strategy action plan", "Improve recycling rates across the borough",
               "Deliver the hosuing stratgey action plan"]
    narrative = action_plan._Narrative(bullets=[(i + 1, b, "") for i, b in enumerate(bullets)])
    titles = bullets + ["Dleiver the hosuing strategy acton plan", "Improve recyclng rates acros the borugh",
                        "Reveiw the parkng policy", "Something else entirely", "", "x"]
    for title in titles:
        scored = sorted(((SequenceMatcher(None, title.lower(), t.lower()).ratio(), n, t)
                         for n, t, _ in narrative.bullets), reverse=True)
        if not scored or scored[0][0] < 0.75 or (len(scored) > 1 and scored[1][0] > scored[0][0] - 0.1):
            expected = None
        else:
            expected = (scored[0][1], scored[0][2])
        assert narrative.closest(title) == expected, title


@pytest.mark.parametrize("text", _texts() + ["\u00a0\t\u2003\n\x1c\t\x1f\n \t\r\n\t\u00a0x\t\n"])
def test_a_line_with_text_has_a_filled_cell(text):
    """The quarterly parser reads a line when it has a filled cell, where it asked for text."""
    for line in split_lines(text):
        assert bool(line.strip()) == any(split_cells(line)), repr(line)


def test_header_words_stripped_from_the_start_only():
    for cell in ["Lead Officer Louise Russell (CE)", "Deadline: 31/03/2015", "  lead  member  Cllr A",
                 "Lead Officer Lead Officer X", "Ann Lead Officer", "Deadline", "Deadline  31/03/15 Deadline x"]:
        assert action_plan._strip_header_words(cell) == action_plan._HEADER_WORDS.sub("", cell).strip(), cell


@pytest.mark.parametrize("text", _texts() + ["2012/13 1999-00 x2013/14 2014 / 15 2015–2016 (2017/18) 2019/2"])
def test_plan_years_pattern(text):
    from loaders import cells

    plain = re.compile(r"\b((?:19|20)\d\d)\s*[/\-–]\s*(\d{2}|\d{4})\b")
    assert cells._PLAN_YEAR.findall(text) == plain.findall(text)
