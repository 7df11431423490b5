"""Loader for the strategic plan monitoring appendix (e.g. Tower Hamlets 2012/13, end of year).

The layout, as extracted text with tab-separated cells::

    A Great Place to Live                                    <- theme heading (no code)
    Priority 1.1: Providing quality affordable housing       <- priority heading, code "1.1"
    Activity  Lead Officer  Deadline  Status  % Comp  Comments   <- header row
    <one activity row>
    Milestone Lead Officer  Deadline  Status  %       Comments   <- header row
    <milestone rows>...
    APPENDIX 7 - STRATEGIC PLAN MONITORING                   <- running page header

Activities have no code, so a milestone's ``parent`` is its activity's title. The theme
heading is printed again above every priority (and at page tops); only its first printing
is a Theme, later ones are skipped as repeated headings. A table carries on across a page
break without its header row, so rows keep the kind of the last header seen.

Rows may wrap: a row split across lines (a newline inside a cell) arrives as two lines
with fewer than six cells each; they are rejoined cell by cell. A lone text line right
under a complete row is the continuation of its last cell (the comments).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graphmodel.schema import ItemRecord, Kind
from loaders.base import (
    LoaderError,
    LoadResult,
    Problem,
    Skipped,
    SkipReason,
    lines_holding,
    lowered_text,
    split_lines,
)
from loaders.cells import (
    find_dates,
    normalise_space,
    parse_deadlines,
    parse_percent,
    plan_from_dates,
    plan_years_in,
    split_people,
    strip_html,
)

NAME = "monitoring-appendix"
N_COLUMNS = 6  # title, lead officer, deadline, status, % complete, comments
TITLE, OWNER, DEADLINE, STATUS, PERCENT, COMMENTS = range(N_COLUMNS)

_PRIORITY = re.compile(r"^Priority\s+(\d+(?:\.\d+)+)\s*[:.\-–]?\s*(.*)$", re.IGNORECASE)
# Running headers/footers: "APPENDIX 7 - STRATEGIC PLAN MONITORING", "Page 3 of 20", "12".
_FURNITURE = re.compile(
    r"^(?:APPENDIX\b.*|.*\bSTRATEGIC PLAN MONITORING\b.*|(?:Page\s+)?\d+(?:\s+of\s+\d+)?)$", re.IGNORECASE
)
_LIST_NUMBER = re.compile(r"^(\d{1,2})[.)]\s+(?=\S)")
# A lowered "milestone"/"milestones" cell with a tab after it: a milestone header row's first filled
# cell (the row has more cells). Starting with the word, the regex engine jumps from one to the next.
_MILESTONE_CELL = re.compile(r"milestones?[^\S\n]*\t")


def _has_milestone_first_cell(low: str) -> bool:
    """Whether a line of the lowered text ``low`` starts, but for whitespace and tabs (empty cells),
    with a "milestone(s)" cell followed by a tab: where a milestone header's first cell is."""
    for m in _MILESTONE_CELL.finditer(low):
        start = m.start()
        if not low[low.rfind("\n", 0, start) + 1 : start].strip():
            return True
    return False


# ---------------------------------------------------------------- line classes


@dataclass
class _Line:
    number: int  # 1-based
    text: str
    cells: list[str]  # raw tab-separated cells, stripped
    kind: str  # blank | furniture | priority | header | row | single

    @property
    def filled(self) -> list[str]:
        return [c for c in self.cells if c]


def _is_header(cells: list[str]) -> str | None:
    """Return "activity"/"milestone" for a table header row, else None."""
    return _header_of([c for c in cells if c])


def _header_of(filled: list[str]) -> str | None:
    """``_is_header`` of a line's filled cells."""
    # (lowering only the cells looked at: every line of a document is asked)
    if len(filled) < 3 or filled[1].lower() != "lead officer" or "deadline" not in filled[2].lower():
        return None
    first = filled[0].lower()
    if first == "activity":
        return "activity"
    if first in ("milestone", "milestones"):
        return "milestone"
    return None


def _classify(number: int, raw: str) -> _Line:
    if "\u00a0" in raw:
        cells = [c.strip().replace("\u00a0", " ") for c in raw.split("\t")]
    else:  # (the common case: no no-break space to replace)
        cells = [c.strip() for c in raw.split("\t")]
    filled = [c for c in cells if c]
    if not filled:
        kind = "blank"
    elif _header_of(filled):
        kind = "header"
    elif len(filled) == 1 and _PRIORITY.match(filled[0]):
        kind = "priority"
    elif len(filled) == 1 and _FURNITURE.match(filled[0]):
        kind = "furniture"
    elif len(filled) == 1:
        kind = "single"
    else:
        kind = "row"
    return _Line(number, raw, cells, kind)


# ---------------------------------------------------------------- rows


@dataclass
class _Row:
    """One table row, possibly gathered from several source lines."""

    cells: list[str]
    lines: list[int]
    table: str  # "activity" | "milestone"
    width: int  # how many tab-separated fields the source lines have given so far

    @property
    def complete(self) -> bool:
        if self.width >= N_COLUMNS:
            return True
        # Five fields ending in a percent: the (empty) comments column was not printed.
        return (
            self.width == N_COLUMNS - 1
            and parse_percent(self.cells[PERCENT]) is not None
            and bool(find_dates(self.cells[DEADLINE]))
        )

    def takes(self, line: _Line) -> bool:
        """Can ``line`` be the rest of this row (its fields and ours make at most one row)?"""
        return not self.complete and self.width + len(line.cells) - 1 <= N_COLUMNS

    def join_cells(self, line: _Line) -> None:
        """A newline inside a cell split the row: the line's first field continues our last."""
        cells = line.cells
        self.cells[-1] = _join(self.cells[-1], cells[0])
        self.cells.extend(cells[1:])
        self.width += len(cells) - 1
        self.lines.append(line.number)

    def join_columns(self, line: _Line) -> None:
        """The row's cells wrapped onto a line of their own: add each field to its column."""
        for i, cell in enumerate(line.cells[:N_COLUMNS]):
            if cell:
                self.cells += [""] * (i + 1 - len(self.cells))
                self.cells[i] = _join(self.cells[i], cell)
        self.lines.append(line.number)


def _join(a: str, b: str) -> str:
    return normalise_space(f"{a} {b}")


def _has_values(cells: list[str]) -> bool:
    """Does a full-width line carry a row's own values (a date, a status or a percent)?"""
    padded = cells + [""] * N_COLUMNS
    return bool(find_dates(padded[DEADLINE]) or padded[STATUS] or padded[PERCENT])


def _looks_like_heading(text: str) -> bool:
    """Short, capitalised, no closing full stop: a theme heading rather than wrapped prose."""
    return text[:1].isupper() and len(text.split()) <= 10 and not text.endswith((".", ",", ";", ":"))


def _unfinished(text: str) -> bool:
    """Does a cell's text stop mid-sentence (so a following lone line continues it)?"""
    return bool(text) and not text.rstrip().endswith((".", "!", "?", ")"))


# ---------------------------------------------------------------- the parse


@dataclass
class _State:
    source: str
    plan: str
    items: list[ItemRecord] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    themes: dict[str, ItemRecord] = field(default_factory=dict)  # by normalised title
    priorities: dict[str, ItemRecord] = field(default_factory=dict)  # by code
    theme: ItemRecord | None = None
    priority: ItemRecord | None = None
    activity: ItemRecord | None = None
    table: str | None = None  # kind of the last header row seen
    row: _Row | None = None  # the row being gathered (may still wrap)
    heading_open: bool = False  # a priority heading with nothing under it yet
    source_lines: list[_Line] = field(default_factory=list)  # every line, line n at n - 1

    def skip(self, line: _Line, reason: str) -> None:
        self.skipped.append(Skipped.trusted(line=line.number, text=line.text.strip(), reason=reason))


def _parse(lines: list[_Line], source: str, plan: str) -> _State:
    st = _State(source=source, plan=plan, source_lines=lines)
    for line in lines:
        if line.kind == "blank":
            continue  # a row may carry on after a blank line or a page break
        if line.kind == "furniture":
            st.skip(line, SkipReason.PAGE_FURNITURE)
        elif line.kind == "header":
            _flush(st)
            st.table = _is_header(line.cells)
            st.heading_open = False
            st.skip(line, SkipReason.HEADER_ROW)
        elif line.kind == "priority":
            _flush(st)
            _priority(st, line)
        elif line.kind == "single":
            _single(st, line, _next_significant(lines, line.number))
        else:
            _row_line(st, line)
    _flush(st)
    st.skipped.sort(key=lambda s: s.line)
    return st


def _next_significant(lines: list[_Line], number: int) -> _Line | None:
    """The first line after line ``number`` that is neither blank nor page furniture (found when a
    one-cell line asks: the lines between two such are looked at once in all)."""
    for j in range(number, len(lines)):  # (line n is lines[n - 1]: the next is lines[n])
        if lines[j].kind not in ("blank", "furniture"):
            return lines[j]
    return None


def _single(st: _State, line: _Line, nxt: _Line | None) -> None:
    """A line holding one text cell: a theme heading, a repeat of one, or part of a wrapped row."""
    text = normalise_space(line.filled[0])
    row = st.row
    if row is not None and row.takes(line):
        row.join_cells(line)  # the row is still short of fields: this is its next piece
    elif (nxt is not None and nxt.kind == "priority") or text.lower() in st.themes:
        _flush(st)
        _theme(st, line, text)
    elif st.heading_open and st.priority is not None:
        # A priority title wrapped onto a second line (before its first header row).
        st.priority.title = _join(st.priority.title, text)
        st.priority.lines.append(line.number)
    elif nxt is not None and _is_header(nxt.cells) == "activity" and _looks_like_heading(text):
        _flush(st)
        _theme(st, line, text)  # a theme with no "Priority" headings under it
    elif row is not None and len(line.cells) >= N_COLUMNS:
        row.join_columns(line)  # a cell wrapped onto a line padded to the table's width
    elif row is not None and _unfinished(row.cells[-1]):
        row.cells[-1] = _join(row.cells[-1], text)  # the comments ran onto another line
        row.lines.append(line.number)
    elif st.table is not None:
        _flush(st)
        _start_row(st, line)  # the first piece of a row whose other cells follow
    else:
        st.skip(line, SkipReason.DOCUMENT_TITLE if not st.items else SkipReason.NARRATIVE)


def _row_line(st: _State, line: _Line) -> None:
    """A line with several cells: a new row, or the rest of a row that wrapped."""
    row = st.row
    if row is not None and row.takes(line):
        row.join_cells(line)
    elif row is not None and len(line.cells) >= N_COLUMNS and not _has_values(line.cells):
        row.join_columns(line)
    else:
        _flush(st)
        _start_row(st, line)


def _start_row(st: _State, line: _Line) -> None:
    table = st.table or ("milestone" if st.activity is not None else "activity")
    st.row = _Row(cells=list(line.cells), lines=[line.number], table=table, width=len(line.cells))
    st.heading_open = False


def _flush(st: _State) -> None:
    """Turn the row being gathered into an activity or milestone."""
    row, st.row = st.row, None
    if row is None:
        return
    cells = list(row.cells)
    while len(cells) > N_COLUMNS and not cells[-1]:
        cells.pop()  # padding after the last column
    if len(cells) > N_COLUMNS:  # extra fields can only be more comments
        cells = cells[: N_COLUMNS - 1] + [normalise_space(" ".join(cells[N_COLUMNS - 1 :]))]
    cells += [""] * (N_COLUMNS - len(cells))
    if not cells[TITLE] or not any(cells[OWNER : PERCENT + 1]):
        # Never completed into a row (no officer, deadline, status or %): not an item.
        for n in row.lines:
            st.skipped.append(Skipped.trusted(line=n, text=st.source_lines[n - 1].text.strip(), reason=SkipReason.UNPARSED))
        return
    if row.table == "activity":
        st.activity = _item(st, row, Kind.ACTIVITY, None, cells[TITLE], parent=st.priority or st.theme, cells=cells)
    else:
        _item(st, row, Kind.MILESTONE, None, cells[TITLE], parent=st.activity or st.priority or st.theme, cells=cells)


def _theme(st: _State, line: _Line, text: str) -> None:
    existing = st.themes.get(text.lower())
    if existing is not None:
        # The theme printed again above its next priority or at a page top.
        st.skip(line, SkipReason.PAGE_FURNITURE)
        if existing is not st.theme:
            st.theme, st.priority, st.activity = existing, None, None
        return
    item = _item(st, line, Kind.THEME, None, text, parent=None)
    st.themes[text.lower()] = item
    st.theme, st.priority, st.activity, st.table = item, None, None, None
    st.heading_open = False


def _priority(st: _State, line: _Line) -> None:
    m = _PRIORITY.match(line.filled[0])
    assert m is not None
    code, title = m.group(1), normalise_space(m.group(2))
    existing = st.priorities.get(code)
    if existing is not None:
        st.skip(line, SkipReason.PAGE_FURNITURE)
        if existing is not st.priority:
            st.priority, st.activity = existing, None
        return
    item = _item(st, line, Kind.PRIORITY, code, title or code, parent=st.theme)
    st.priorities[code] = item
    st.priority, st.activity, st.table = item, None, None
    st.heading_open = True


def _item(
    st: _State,
    at: _Line | _Row,
    kind: Kind,
    code: str | None,
    title: str,
    parent: ItemRecord | None,
    cells: list[str] | None = None,
) -> ItemRecord:
    lines = list(at.lines) if isinstance(at, _Row) else [at.number]
    title, extra = _clean_title(title)
    # The cells' fields go into the constructor (one validation) rather than being set one by one.
    fields = _cell_fields(st, lines[0], cells, extra) if cells is not None else {}
    item = ItemRecord.trusted(
        source=st.source,
        line=lines[0],
        lines=lines,
        plan=st.plan,
        kind=kind,
        code=code,
        title=title or "(untitled)",
        parent=(parent.code or parent.title) if parent else None,
        parent_key=parent.key if parent else None,
        extra=extra,
        **fields,
    )
    st.items.append(item)
    return item


def _clean_title(title: str) -> tuple[str, dict[str, str]]:
    """Strip HTML, a list number "3. " (kept in extra) and a trailing "*" marker."""
    title = strip_html(title)
    extra: dict[str, str] = {}
    m = _LIST_NUMBER.match(title)
    if m:
        extra["number"] = m.group(1)
        title = title[m.end() :]
    title = title.rstrip("* ").strip()
    return title, extra


def _cell_fields(st: _State, line: int, cells: list[str], extra: dict[str, str]) -> dict:
    """A row's owners, deadlines, status, % and comments, as ItemRecord fields (``extra`` gains
    the printed percentages when there are several)."""
    owners, directorates = split_people(strip_html(cells[OWNER]))
    deadlines, invalid = parse_deadlines(cells[DEADLINE])
    for printed in invalid:
        st.problems.append(
            Problem(
                source=st.source,
                line=line,
                what=f"deadline {printed!r} is not a real date",
                fix="kept as printed; correct the date in the source document",
            )
        )
    status = strip_html(cells[STATUS])  # (normalised, as strip_html's text always is)
    percent = parse_percent(cells[PERCENT])
    if cells[PERCENT].count("%") > 1 and len(_PERCENTS.findall(cells[PERCENT])) > 1:  # (two need two "%")
        # "100% 100%": one per deadline; the first goes in percent, all are kept here.
        extra["percent_printed"] = normalise_space(cells[PERCENT])
    comments = strip_html(cells[COMMENTS])
    # (status and comments are already stripped, so the record's empty-is-None check keeps them as is)
    return {"owners": owners, "directorates": directorates, "deadlines": deadlines,
            "status": status or None, "percent": percent, "comments": comments or None}


_PERCENTS = re.compile(r"\d+\s*%")


# ---------------------------------------------------------------- plan year


def _plan_from_headings(lines: list[_Line]) -> str | None:
    """A "2012/13" printed in a heading or running header (not in a table row)."""
    for line in lines:
        if line.kind in ("furniture", "single", "priority"):
            found = plan_years_in(line.filled[0])
            if found:
                return found[0]
    return None


def _plan_from_deadlines(lines: list[_Line]) -> str | None:
    """The UK financial year (April-March) most deadlines fall in."""
    return plan_from_dates(
        printed
        for line in lines
        if line.kind == "row" and len(line.cells) > DEADLINE
        for printed in find_dates(line.cells[DEADLINE])
    )


# ---------------------------------------------------------------- the loader


class _Loader:
    name = NAME
    description = (
        "Strategic plan monitoring appendix: theme headings, 'Priority 1.1: ...' headings, "
        "Activity and Milestone tables (Lead Officer, Deadline, Status, %, Comments)"
    )

    def detect(self, text: str) -> float:
        """Score the layout's structure: paired Activity/Milestone headers with a Status column."""
        activity = milestone = priority = 0
        # With no line whose first filled cell reads "milestone(s)" (in any case) before a tab there is
        # no milestone header, and the score is 0: one regex scan of the lowered text tells.
        if not _has_milestone_first_cell(lowered_text(text)):
            return 0.0
        lines = split_lines(text)
        # A header has a "lead officer" cell, so only lines holding it (in any case) can be one;
        # the lowered text splits into the same lines (``str.lower`` never makes a newline).
        for index in lines_holding(text, "lead officer"):
            cells = [c.strip() for c in lines[index].split("\t")]
            table = _is_header(cells)
            if table and any("status" in c.lower() for c in cells[3:5]):
                if table == "activity":
                    activity += 1
                else:
                    milestone += 1
        if not activity or not milestone:
            return 0.0
        # (a header has three or more cells, so it is never a one-cell priority line)
        for raw in lines:
            cells = [c.strip() for c in raw.split("\t")]
            if len([c for c in cells if c]) == 1 and _PRIORITY.match(cells[0]):
                priority += 1
                break  # only whether there is one counts
        score = 0.7
        if priority:
            score += 0.2
        if min(activity, milestone) / max(activity, milestone) >= 0.5:
            score += 0.1
        return round(min(score, 1.0), 2)

    def parse(self, text: str, source: str, plan: str | None = None) -> LoadResult:
        lines = [_classify(i, raw) for i, raw in enumerate(split_lines(text), start=1)]
        if not any(ln.kind == "header" for ln in lines):
            raise LoaderError(
                source,
                "has no Activity/Milestone table header rows",
                "this loader reads strategic plan monitoring appendices; try another --layout",
            )
        found_plan = _plan_from_headings(lines) or _plan_from_deadlines(lines)
        plan_year = plan or found_plan or "unknown"
        st = _parse(lines, source, plan_year)
        if not plan and not found_plan:
            st.problems.append(
                Problem(source=source, line=1, what="no plan year found", fix="pass --plan, e.g. --plan 2012/13")
            )
        return LoadResult(
            source=source, layout=NAME, plan=plan_year, items=st.items, skipped=st.skipped, problems=st.problems
        )


LOADER = _Loader()
