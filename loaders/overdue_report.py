"""Loader for the "overdue activities" strategic-plan report (e.g. Strategic Plan 2007/08).

The layout, one table cell per tab::

    1. LIVING SAFELY                                          <- Theme, code "1"
    01.01.01 To reduce crime and the fear of crime            <- Priority (coded objective)
    Key Activity                                              <- label row
    01.01.01d Provide support to offenders ...                <- Activity, parent 01.01.01
    Progress Milestone <TAB> Deadline <TAB> Comments          <- header row
    3. Effective multi-agency support ... <TAB> 31/03/2008 <TAB> comments   <- Milestone

Rows wrap: a line that starts no new row continues the row above it, cell by cell (first
cell -> title, second -> deadline, the rest -> comments), even across blank lines. A
heading printed again at a page top (same code) is furniture, not a new item. The report
lists only late items, so every activity and milestone takes the status the document's
title names ("Overdue" by default); themes and priorities have none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphmodel.schema import ItemRecord, Kind, item_key
from loaders.base import LoaderError, LoadResult, Problem, Skipped, SkipReason, split_lines
from loaders.cells import (
    find_dates,
    normalise_space,
    parse_deadlines,
    plan_from_dates,
    plan_years_in,
    strip_html,
)

LAYOUT = "overdue-report"

# Codes as printed: "01.01.01" objective, "01.01.01d" activity.
_PRIORITY = re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2})\s+(\S.*)$")
_ACTIVITY = re.compile(r"^(\d{1,2}\.\d{1,2}\.\d{1,2}[a-z]{1,2})\s+(\S.*)$")
# A list number: "3. Effective ..." (milestone) or "1. LIVING SAFELY" (theme).
# What any line's first cell matching _ACTIVITY holds somewhere: the code and the space after it
# (a no-break space is a space there; a tab would end the cell before the title).
_ACTIVITY_ANYWHERE = re.compile(r"\d\.\d{1,2}\.\d{1,2}[a-z]{1,2}\s")
# _ACTIVITY_ANYWHERE without its first digit: starting with a literal ".", the regex engine jumps
# from one "." to the next instead of trying the pattern at every digit of the text.
_ACTIVITY_AFTER_DIGIT = re.compile(r"\.\d{1,2}\.\d{1,2}[a-z]{1,2}\s")
_DIGIT = re.compile(r"\d")


def _has_activity_code(text: str) -> bool:
    """``_ACTIVITY_ANYWHERE.search(text)`` is not None: every place the rest of the pattern matches
    is tried in turn (a ``search`` from one past the last), with a digit wanted before it."""
    pos = 0
    while (m := _ACTIVITY_AFTER_DIGIT.search(text, pos)) is not None:
        at = m.start()
        if at > 0 and _DIGIT.match(text, at - 1):
            return True
        pos = at + 1
    return False

_NUMBERED = re.compile(r"^(\d{1,2})\.\s+(\S.*)$")
_KEY_ACTIVITY = re.compile(r"^key\s+activit(?:y|ies)$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^(?:page\s*)?\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?$", re.IGNORECASE)
_RULE = re.compile(r"^[-_=\s]+$")  # a drawn table rule: "-----  --  ---"
# Words in the document title that say which status every listed item has.
_TITLE_STATUS = (("overdue", "Overdue"), ("delayed", "Delayed"), ("completed", "Completed"))
DEFAULT_STATUS = "Overdue"


# ---------------------------------------------------------------- rows


def _cells(line: str) -> list[str]:
    """The cells of a line, stripped, without trailing empty cells."""
    cells = [c.strip() for c in line.replace("\u00a0", " ").split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return cells


def _is_header_row(cells: list[str]) -> bool:
    """ "Progress Milestone | Deadline | Comments" (or a close variant)."""
    if len(cells) < 2:
        return False
    return "milestone" in cells[0].lower() and any("deadline" in c.lower() for c in cells[1:])


def _is_furniture(text: str, title_lines: set[str]) -> bool:
    """Page numbers, drawn rules, and the document title printed again at a page top."""
    return bool(_PAGE_NUMBER.match(text) or _RULE.match(text) or text in title_lines)


def _is_theme(cells: list[str], next_cells: list[str] | None) -> bool:
    """A numbered line is a theme, not a milestone, when it is a bare heading: no deadline or
    comment cells, and either printed in capitals or directly followed by a coded objective."""
    if len(cells) != 1:
        return False
    m = _NUMBERED.match(cells[0])
    if not m:
        return False
    title = m.group(2)
    if any(c.isalpha() for c in title) and title == title.upper():
        return True
    return bool(next_cells) and bool(_PRIORITY.match(next_cells[0]))


# ---------------------------------------------------------------- items being built


@dataclass
class _Item:
    kind: Kind
    line: int
    code: str | None
    title_parts: list[str]
    parent: _Item | None = None
    number: str | None = None
    lines: list[int] = field(default_factory=list)
    deadline_parts: list[str] = field(default_factory=list)
    comment_parts: list[str] = field(default_factory=list)

    def add_cells(self, cells: list[str], line_no: int) -> None:
        """Take one row (the item's own or a wrapped continuation) into the item's fields."""
        self.lines.append(line_no)
        if not cells:
            return
        if cells[0]:
            self.title_parts.append(cells[0])
        rest = cells[1:]
        if self.kind is not Kind.MILESTONE:
            # Headings have no deadline/comment columns; keep any stray text in the title
            # rather than drop it.
            self.title_parts.extend(c for c in rest if c)
            return
        if len(rest) == 1 and rest[0] and not _is_deadline_cell(rest[0]):
            rest = ["", rest[0]]  # a two-cell row: title | comments
        if rest and rest[0]:
            self.deadline_parts.append(rest[0])
        comment = " ".join(c for c in rest[1:] if c)
        if comment:
            self.comment_parts.append(comment)

    @property
    def title(self) -> str:
        title = strip_html(" ".join(self.title_parts))
        return re.sub(r"\s*\*+$", "", title)

    def label(self) -> str:
        """What a child records as its parent: the code, or the title when there is none."""
        return self.code if self.code else self.title


def _is_deadline_cell(text: str) -> bool:
    return bool(find_dates(text)) and len(text) <= 40


@dataclass
class _Sink:
    """Swallows the wrapped lines of a row that is being skipped (a repeated heading)."""

    reason: str


# ---------------------------------------------------------------- the parser


class _Parser:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.rows = [_cells(line) for line in split_lines(text)]
        self.items: list[_Item] = []
        self.skipped: list[Skipped] = []
        self.title_lines: set[str] = set()
        self.theme: _Item | None = None
        self.priority: _Item | None = None
        self.activity: _Item | None = None
        self.open: _Item | _Sink | None = None  # the row wrapped lines continue
        self.in_body = False

    def skip(self, line_no: int, reason: str) -> None:
        text = " | ".join(c for c in self.rows[line_no - 1] if c)
        self.skipped.append(Skipped.trusted(line=line_no, text=text, reason=reason))

    def next_cells(self, index: int) -> list[str] | None:
        for cells in self.rows[index + 1 :]:
            if cells:
                return cells
        return None

    def starts_body(self, cells: list[str], index: int) -> bool:
        self.in_body = bool(
            _ACTIVITY.match(cells[0]) or _PRIORITY.match(cells[0]) or _is_header_row(cells)
            or _is_theme(cells, self.next_cells(index))
            or (len(cells) == 1 and _KEY_ACTIVITY.match(cells[0]))
        )
        return self.in_body

    def run(self) -> None:
        for index, cells in enumerate(self.rows):
            if cells:
                self.row(index + 1, cells, index)

    def row(self, line_no: int, cells: list[str], index: int) -> None:
        first = cells[0]
        joined = normalise_space(" ".join(cells))
        if not self.in_body and not self.starts_body(cells, index):
            # Everything above the first heading or table is the document's title block.
            self.title_lines.add(joined)
            self.skip(line_no, SkipReason.DOCUMENT_TITLE)
            return
        if _is_furniture(joined, self.title_lines):
            self.skip(line_no, SkipReason.PAGE_FURNITURE)
            return
        if _is_header_row(cells) or (len(cells) == 1 and _KEY_ACTIVITY.match(first)):
            self.open = None  # a label or header row ends any wrapped row above it
            self.skip(line_no, SkipReason.HEADER_ROW)
            return
        if m := _ACTIVITY.match(first):
            self.start_activity(line_no, cells, m.group(1), m.group(2))
        elif m := _PRIORITY.match(first):
            self.start_priority(line_no, cells, m.group(1), m.group(2))
        elif _is_theme(cells, self.next_cells(index)):
            self.start_theme(line_no, cells)
        elif m := _NUMBERED.match(first):
            self.start_milestone(line_no, cells, m.group(1), m.group(2))
        else:
            self.continuation(line_no, cells)

    # -- each kind of row

    def start_theme(self, line_no: int, cells: list[str]) -> None:
        m = _NUMBERED.match(cells[0])
        number, title = m.group(1), m.group(2)
        for theme in self.items:
            if theme.kind is Kind.THEME and theme.code == number and theme.title == strip_html(title):
                self.theme = theme
                self.open = _Sink(SkipReason.PAGE_FURNITURE)
                self.skip(line_no, SkipReason.PAGE_FURNITURE)
                return
        self.theme = self.new(Kind.THEME, line_no, number, [title, *cells[1:]], None)
        self.priority = self.activity = None

    def start_priority(self, line_no: int, cells: list[str], code: str, title: str) -> None:
        original = self.find(Kind.PRIORITY, code)
        if original is not None:
            # The objective printed again at a page top: keep adding to the original, and
            # keep the open activity when it belongs to it (its milestones may continue).
            if self.priority is not original:
                self.activity = None
            self.priority, self.theme = original, original.parent
            self.open = _Sink(SkipReason.PAGE_FURNITURE)
            self.skip(line_no, SkipReason.PAGE_FURNITURE)
            return
        self.priority = self.new(Kind.PRIORITY, line_no, code, [title, *cells[1:]], self.theme)
        self.activity = None

    def start_activity(self, line_no: int, cells: list[str], code: str, title: str) -> None:
        original = self.find(Kind.ACTIVITY, code)
        if original is not None:
            self.activity = original
            self.priority = original.parent
            self.open = _Sink(SkipReason.PAGE_FURNITURE)
            self.skip(line_no, SkipReason.PAGE_FURNITURE)
            return
        parent = self.priority or self.theme
        self.activity = self.new(Kind.ACTIVITY, line_no, code, [title, *cells[1:]], parent)

    def start_milestone(self, line_no: int, cells: list[str], number: str, title: str) -> None:
        parent = self.activity or self.priority or self.theme
        item = _Item(Kind.MILESTONE, line_no, None, [], parent, number=number)
        item.add_cells([title, *cells[1:]], line_no)
        if self.is_duplicate(item):
            self.open = _Sink(SkipReason.DUPLICATE)
            self.skip(line_no, SkipReason.DUPLICATE)
            return
        self.items.append(item)
        self.open = item

    def continuation(self, line_no: int, cells: list[str]) -> None:
        if isinstance(self.open, _Item):
            self.open.add_cells(cells, line_no)
        elif isinstance(self.open, _Sink):
            self.skip(line_no, self.open.reason)
        else:
            self.skip(line_no, SkipReason.UNPARSED)

    # -- helpers

    def new(self, kind: Kind, line_no: int, code: str, cells: list[str], parent: _Item | None) -> _Item:
        item = _Item(kind, line_no, code, [], parent)
        item.add_cells(cells, line_no)
        self.items.append(item)
        self.open = item
        return item

    def find(self, kind: Kind, code: str) -> _Item | None:
        return next((i for i in self.items if i.kind is kind and i.code == code), None)

    def is_duplicate(self, item: _Item) -> bool:
        """The same milestone printed twice under one activity (e.g. repeated across a page)."""
        return any(
            other.kind is Kind.MILESTONE
            and other.parent is item.parent
            and other.number == item.number
            and other.title.startswith(item.title)  # the copy's own wrapped lines are still to come
            and other.deadline_parts == item.deadline_parts
            for other in self.items
        )


# ---------------------------------------------------------------- plan and status


def _plan_from_title(title_lines: list[str]) -> str | None:
    """ "Strategic Plan 2007/08 End of Year Monitoring" -> "2007/08"."""
    for text in title_lines:
        found = plan_years_in(text)
        if found:
            return found[0]
    return None


def _plan_from_deadlines(items: list[_Item]) -> str | None:
    """The UK financial year (April-March) most deadlines fall in."""
    return plan_from_dates(printed for item in items for printed in find_dates(" ".join(item.deadline_parts)))


def _status_from_title(title_lines: list[str]) -> str:
    text = " ".join(title_lines).lower()
    for word, status in _TITLE_STATUS:
        if word in text:
            return status
    return DEFAULT_STATUS


# ---------------------------------------------------------------- records


def _record(item: _Item, source: str, plan: str, status: str, problems: list[Problem]) -> ItemRecord:
    deadlines: list[str] = []
    for cell in item.deadline_parts:
        values, invalid = parse_deadlines(cell)
        deadlines.extend(values)
        for printed in invalid:
            problems.append(Problem(
                source=source, line=item.line,
                what=f"deadline {printed} is not a real date",
                fix="kept as printed; check the date in the source document",
            ))
    comments = strip_html(" ".join(item.comment_parts)) or None
    has_status = item.kind in (Kind.ACTIVITY, Kind.MILESTONE)
    return ItemRecord.trusted(
        source=source,
        line=item.line,
        lines=sorted(set(item.lines)),
        plan=plan,
        kind=item.kind,
        code=item.code,
        title=item.title,
        deadlines=deadlines,
        status=status if has_status else None,
        parent=item.parent.label() if item.parent else None,
        parent_key=item_key(source, item.parent.line) if item.parent else None,
        comments=comments,
        extra={"number": item.number} if item.number else {},
    )


# ---------------------------------------------------------------- the loader


def _count(pattern: re.Pattern[str], rows: list[list[str]]) -> int:
    return sum(1 for cells in rows if cells and pattern.match(cells[0]))


class _Loader:
    name = LAYOUT
    description = (
        "Strategic Plan overdue-activities report: numbered themes, coded objectives "
        "(01.01.01), 'Key Activity' rows with coded activities (01.01.01d), and numbered "
        "'Progress Milestone | Deadline | Comments' rows; no owners"
    )

    def detect(self, text: str) -> float:
        """Score the layout's structure: milestone header rows, coded activities and
        objectives, and "Key Activity" label rows."""
        if not _has_activity_code(text):
            return 0.0  # (no coded activity anywhere in the text, so none at the start of a line)
        lines = split_lines(text)
        # Coded activities first: with none the score is 0 whatever else the text holds. A line's
        # first cell is its first tab field, stripped (empty when the line has no cells at all).
        if not any(_ACTIVITY.match(line.split("\t", 1)[0].replace("\u00a0", " ").strip()) for line in lines):
            return 0.0
        rows = [_cells(line) for line in lines]
        headers = sum(1 for cells in rows if _is_header_row(cells))
        activities = _count(_ACTIVITY, rows)
        priorities = _count(_PRIORITY, rows)
        labels = sum(1 for cells in rows if len(cells) == 1 and _KEY_ACTIVITY.match(cells[0]))
        if not activities or not (headers or labels):
            return 0.1 if activities and priorities else 0.0
        # Coded activities plus a milestone header or "Key Activity" label is this layout;
        # more of each makes it surer.
        score = 0.55
        score += 0.2 * min(1.0, headers / 3)
        score += 0.1 * min(1.0, labels / 3)
        score += 0.1 * min(1.0, priorities / 3)
        score += 0.05 * min(1.0, activities / 3)
        return round(score, 3)

    def parse(self, text: str, source: str, plan: str | None = None) -> LoadResult:
        parser = _Parser(text, source)
        parser.run()
        if not parser.items:
            raise LoaderError(
                source, "has no themes, objectives or activities in the overdue-report layout",
                "check the layout (use --layout to force another one)",
            )
        title_lines = [s.text for s in parser.skipped if s.reason == SkipReason.DOCUMENT_TITLE]
        found = _plan_from_title(title_lines) or _plan_from_deadlines(parser.items)
        plan = plan or found or "unknown"
        status = _status_from_title(title_lines)
        problems: list[Problem] = []
        if not (found or plan != "unknown"):
            problems.append(Problem(source=source, line=1, what="no plan year found",
                                    fix="pass --plan (e.g. --plan 2007/08)"))
        records = [_record(item, source, plan, status, problems) for item in parser.items]
        return LoadResult(
            source=source, layout=LAYOUT, plan=plan, items=records,
            skipped=sorted(parser.skipped, key=lambda s: s.line), problems=problems,
        )


LOADER = _Loader()
