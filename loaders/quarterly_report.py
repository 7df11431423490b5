"""Loader for the quarterly strategic plan monitoring report (e.g. Tower Hamlets 2017/18, quarter 2).

The layout, as extracted text with tab-separated cells::

    Priority Outcome 1: Creating opportunity ...              <- theme, code "1" ("Priority three: ..." -> "3")
    1.1 A dynamic local economy ...                           <- priority, code "1.1" (also printed "1.3.")
    Activity  Lead Member  Deadline  Status  % Comp  Comments <- header: activity rows follow
    1.1.1  1. Develop and deliver ...  <members>  31/03/18  On Target  75%  <comments>
    Our key deliverables  Lead Officer  Deadline  ...         <- header: deliverable (milestone) rows follow
    <deliverable title>  Owen Whalley (PLACE)  31/07/17  Completed  100%  <comments>

The PDF extraction is loose: a row may be shifted one cell right by a leading tab, the
activity code may share a cell with its title ("1.1.5 5. Implement ..."), headers and
rows of one table need not have the same number of cells, and a page break may split a
row so that its comments carry on in a line with only the last cell filled. So a row is
read by content, not by the header's columns: the code and title come first, and the
``% Comp`` cell (or, when it is empty, the deadline cell) anchors the columns around it.

Activities (coded rows) carry lead members (cabinet portfolios, split on "," "/" ";" and
on "&" between two roles); deliverables are Milestones carrying lead officers with their
directorate ("A / B (RES) (GOV)": one each, paired by the directorate each is printed with
elsewhere in the report when that differs from the printed order). A lead-member role cut
short by the PDF ("Cabinet Member for Strategic") is kept as printed and reported as a
Problem saying whether one role of the report completes it. Themes may have activities
directly under them, with two-part codes ("3.1"), when the theme has no priorities.
"""

from __future__ import annotations

import functools
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from graphmodel.schema import ItemRecord, Kind, Owner
from loaders.base import (
    LoaderError,
    LoadResult,
    Problem,
    Skipped,
    SkipReason,
    lines_holding,
    lowered_lines,
    split_lines,
)
from loaders.cells import (
    find_dates,
    normalise_space,
    parse_deadlines,
    parse_percent,
    plan_from_dates,
    plan_years_in,
    split_cells,
    split_people,
    split_roles,
    strip_html,
)
from loaders.roles import ends_mid_phrase

NAME = "quarterly-report"

_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
}
# "Priority Outcome 1: ...", "Priority three: ...", "Outcome 2 - ...", "Theme 1: ..."
_THEME = re.compile(
    r"^(?P<label>Priority\s+Outcome|Strategic\s+Priority|Priority|Outcome|Theme)\s+"
    r"(?P<num>\d{1,2}(?![.\d])|" + "|".join(_NUMBER_WORDS) + r")\b\s*[:.\-–]?\s*(?P<title>\S.*)$",
    re.IGNORECASE,
)
# "1.1 A dynamic local economy", "1.3. Children get ..."
_PRIORITY = re.compile(r"^(?P<code>\d{1,2}\.\d{1,2})\.?\s+(?P<title>[A-Z‘'\"(].*)$")
# An activity code as a whole cell ("1.1.1", "3.2", "1.3.") or at the start of the title cell.
_CODE_CELL = re.compile(r"^(?P<code>\d{1,2}(?:\.\d{1,2}){1,3}[a-z]?)\.?$")
_CODE_PREFIX = re.compile(r"^(?P<code>\d{1,2}(?:\.\d{1,2}){1,3}[a-z]?)\.?\s+(?P<rest>\S.*)$")
_LIST_NUMBER = re.compile(r"^(?P<num>\d{1,2})[.)]\s+(?P<rest>\S.*)$")
_PERCENT_CELL = re.compile(r"^\d{1,3}\s*%$")
_BARE_PERCENT = re.compile(r"^\d{1,3}$")
_HEADER_CELL = re.compile(
    r"^(?:activity|activities|(?:our\s+)?key\s+deliverables?|deliverables?|milestones?|"
    r"lead\s+members?|lead\s+officers?|deadline|status|%\s*comp(?:lete|leted)?\.?|comments?)$",
    re.IGNORECASE,
)
_RULE = re.compile(r"^[-_=–—\s]+$")  # a table rule printed as dashes
_PAGE_NUMBER = re.compile(r"^(?:page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.IGNORECASE)
# Words a role can start with, so "A & Statutory Deputy Mayor ..." is two members.
_ROLE_START = r"(?:Cabinet|Statutory|Deputy|Executive|Mayor|Cllr|Councillor|Lead\s+Member)\b"

# ---------------------------------------------------------------- rows


@dataclass
class _Row:
    """One activity or deliverable row, as cell texts gathered from one or more lines."""

    line: int
    kind: Kind
    parts: dict[str, list[str]]  # field -> texts (a wrapped cell gives several)
    columns: dict[int, str]  # raw cell index -> field, to place continuation lines
    lines: list[int] = field(default_factory=list)
    number: str | None = None
    # each field's text, made once (it is asked for several times once all lines are read);
    # dropped whenever a continuation line changes the parts
    _texts: dict[str, str] = field(default_factory=dict)

    def text(self, name: str) -> str:
        """The field's text, its parts joined, whitespace normalised (``normalise_space``)."""
        texts = self._texts
        found = texts.get(name)
        if found is None:
            parts = self.parts.get(name)
            if not parts:
                found = ""
            else:
                found = " ".join((parts[0] if len(parts) == 1 else " ".join(parts)).split())
            texts[name] = found
        return found

    def add_continuation(self, line: int, cells: list[str]) -> None:
        """Add a line carrying on this row's cells (a row split by a page break)."""
        for idx, cell in enumerate(cells):
            if cell:
                name = self._field_at(idx)
                # Cells do not always line up with the row above (a code printed in its own
                # cell shifts the row): text that cannot be a status or a % is comments.
                if (name == "percent" and not _PERCENT_CELL.match(cell)) or (name == "status" and _long(cell)):
                    name = "comments"
                self.parts.setdefault(name, []).append(cell)
        self.lines.append(line)
        self._texts.clear()

    def _field_at(self, idx: int) -> str:
        below = [i for i in self.columns if i <= idx]
        if not below:
            return "title"
        name = self.columns[max(below)]
        return "title" if name == "code" else name


def _split_code(cell: str) -> tuple[str | None, str]:
    """Return (code, rest) when a title cell starts with an activity code."""
    m = _CODE_PREFIX.match(cell)
    if not m:
        return None, cell
    code, rest = m.group("code"), m.group("rest")
    # "2.5 million homes" is not a code: demand a three-part code or a list number after it.
    if code.count(".") >= 2 or _LIST_NUMBER.match(rest):
        return code, rest
    return None, cell


def _read_row(cells: list[str]) -> tuple[dict[str, list[str]], dict[int, str]] | None:
    """Map a data row's cells to fields, or return None when the line is not a data row.

    A data row has a title followed (not necessarily at once) by a ``% Comp`` cell or a
    deadline cell; everything between the title and the deadline is the owner cell.
    """
    if cells[0]:  # (most rows: the title in the first cell)
        start = 0
    else:
        start = next((i for i, c in enumerate(cells) if c), None)
        if start is None:
            return None
    columns: dict[int, str] = {}
    parts: dict[str, list[str]] = {}
    first = cells[start]
    m = _CODE_CELL.match(first)
    if m and start + 1 < len(cells) and cells[start + 1]:
        parts["code"] = [m.group("code")]
        columns[start] = "code"
        title_idx = start + 1
        parts["title"] = [cells[title_idx]]
    else:
        code, rest = _split_code(first)
        if code:
            parts["code"] = [code]
        title_idx = start
        parts["title"] = [rest]
    columns[title_idx] = "title"
    after = range(title_idx + 1, len(cells))
    # (a % cell ends in "%": the regex runs on those alone)
    pct = next((i for i in after if cells[i][-1:] == "%" and _PERCENT_CELL.match(cells[i])), None)
    if pct is not None and pct - 2 > title_idx and (cells[pct - 1] or cells[pct - 2]):
        deadline = pct - 2
    else:
        deadline = next((i for i in after if find_dates(cells[i]) and not _long(cells[i])), None)
        # A date alone is not enough (a wrapped comment may hold one): a status must follow it.
        if deadline is None or deadline + 1 >= len(cells) or not cells[deadline + 1] or _long(cells[deadline + 1]):
            return None
    owner_cells = range(title_idx + 1, deadline)
    layout = {deadline: "deadline", deadline + 1: "status", deadline + 2: "percent"}
    for i in owner_cells:
        columns[i] = "owner"
        if cells[i]:
            parts.setdefault("owner", []).append(cells[i])
    for i, name in layout.items():
        columns[i] = name
        if i < len(cells) and cells[i]:
            parts[name] = [cells[i]]
    columns[deadline + 3] = "comments"
    comments = [c for c in cells[deadline + 3 :] if c]
    if comments:
        parts["comments"] = comments
    return parts, columns


def _long(cell: str) -> bool:
    """A deadline cell is short ("31/03/18", "1st 31/7/17 2nd 31/12/17"); comments are not."""
    return len(cell) > 40


# ---------------------------------------------------------------- line classes


def _is_header(filled: list[str]) -> bool:
    for cell in filled:
        # (most cells cannot start a header word: the first character rules them out before the regex)
        if cell[:1] not in _HEADER_FIRST or not _HEADER_CELL.match(cell):
            return False
    return True


# Every character a _HEADER_CELL match can start with ("ſ" and the Kelvin sign "K" match "s" and "k"
# when ignoring case); found by trying every code point.
_HEADER_FIRST = frozenset("%ACDKLMOSacdklmos\u017f\u212a")


def _header_mode(filled: list[str]) -> str | None:
    """Which rows a header introduces: "member" (activities) or "officer" (deliverables)."""
    low = " ".join(filled).lower()
    if "lead member" in low:
        return "member"
    if "lead officer" in low or "deliverable" in low:
        return "officer"
    return None


def _heading_text(cells: list[str]) -> str | None:
    filled = [c for c in cells if c]
    return filled[0] if len(filled) == 1 else None


# ---------------------------------------------------------------- the parser


@dataclass
class _State:
    source: str
    items: list[ItemRecord] = field(default_factory=list)
    rows: list[_Row] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    theme: ItemRecord | None = None
    priority: ItemRecord | None = None
    activity_row: _Row | None = None
    last_row: _Row | None = None
    last_heading: ItemRecord | None = None  # a heading the previous non-blank line printed
    mode: str | None = None  # "member" | "officer": what the last header introduced
    seen_rows: set[str] = field(default_factory=set)
    seen_text: bool = False  # a heading or table has started

    def skip(self, line: int, text: str, reason: str) -> None:
        self.skipped.append(Skipped.trusted(line=line, text=text, reason=reason))


class _Loader:
    name = NAME
    description = (
        "Quarterly strategic plan monitoring report: 'Priority Outcome N' themes, 'N.N' priorities, "
        "coded activities with Lead Member, then 'Our key deliverables' with Lead Officer (e.g. 2017/18 Q2)"
    )

    def detect(self, text: str) -> float:
        """Score the layout's structure: Lead Member headers with Status and % Comp columns,
        deliverable headers with Lead Officer, and coded activity rows."""
        member = officer = coded = 0
        lines = split_lines(text)
        # Only a line holding "lead member" or "lead officer" (in any case, a no-break space read as
        # a space, as _cells does) can count as a header; with no member header the score is 0.
        # ``str.lower`` never makes or removes a newline, so the lowered text has the same lines.
        if "\u00a0" in text:
            lowered = [low.replace("\u00a0", " ") for low in lowered_lines(text)]
            candidates = [i for i, low in enumerate(lowered) if "lead member" in low or "lead officer" in low]
        else:
            candidates = sorted(set(lines_holding(text, "lead member")) | set(lines_holding(text, "lead officer")))
        for index in candidates:
            raw = lines[index]
            filled = [c for c in split_cells(raw) if c]
            if len(filled) < 4 or not _is_header(filled):
                continue
            low = [c.lower() for c in filled]  # (lowered only for a header)
            if "status" in low:
                if "lead member" in low:
                    member += 1
                elif "lead officer" in low and any("deliverable" in c for c in low):
                    officer += 1
        if not member:
            return 0.0
        enough = min(member, 3)  # only whether coded rows reach this many counts
        for raw in lines:
            if coded >= enough:
                break
            filled = [c for c in split_cells(raw) if c]
            if not filled:
                continue
            if len(filled) >= 4 and _is_header(filled) and "status" in [c.lower() for c in filled]:
                continue  # a header row, never a coded row
            if len(filled) >= 5 and (_CODE_CELL.match(filled[0]) or _split_code(filled[0])[0]):
                coded += 1
        score = 0.55
        score += 0.2 if officer else 0.0
        score += 0.1 if member >= 3 else 0.0
        score += 0.1 if coded >= min(member, 3) else 0.0
        return min(score, 1.0)

    def parse(self, text: str, source: str, plan: str | None = None) -> LoadResult:
        lines = split_lines(text)
        if not any(line.strip() for line in lines):
            raise LoaderError(source, "is empty", "pass a document with text in it")
        state = _State(source=source)
        cells_of = [split_cells(raw) for raw in lines]  # each line's cells, split once
        filled_of = [[c for c in cells if c] for cells in cells_of]  # and its filled ones
        repeated = _repeated_lines(filled_of)
        for number, (raw, cells, filled) in enumerate(zip(lines, cells_of, filled_of, strict=True), start=1):
            # (a line with more than whitespace has a filled cell: cells are its tab fields, stripped)
            if filled:
                self._line(state, number, raw, cells, filled, repeated)
        if not state.rows and not state.items:
            raise LoaderError(source, "has no quarterly-report headings or rows", "check the layout (--layout)")
        plan_year = plan or _plan_from_headings(lines, state) or _plan_from_deadlines(state.rows) or "unknown"
        if plan_year == "unknown":
            state.problems.append(Problem(source=source, line=1, what="no plan year found",
                                          fix="pass --plan"))
        known_members = frozenset(m for row in state.rows if row.kind is Kind.ACTIVITY
                                  for m in _split_members(row.text("owner")))
        known_officers = _known_officers(state.rows)
        for item in state.items:
            item.plan = plan_year
        records = [_record(state, row, known_members, known_officers, plan_year) for row in state.rows]
        _settle_paired_directorates(
            [(rec, row.text("owner")) for rec, row in zip(records, state.rows, strict=True) if rec.owners])
        items = state.items + records
        items.sort(key=lambda it: it.line)
        _link_parents(items)
        return LoadResult(source=source, layout=NAME, plan=plan_year, items=items,
                          skipped=sorted(state.skipped, key=lambda s: s.line),
                          problems=sorted(state.problems, key=lambda p: p.line))

    # ------------------------------------------------------------ one line

    def _line(
        self, st: _State, number: int, raw: str, cells: list[str], filled: list[str], repeated: set[str]
    ) -> None:
        heading = filled[0] if len(filled) == 1 else None  # (_heading_text)

        if _RULE.match(filled[0]) and all(map(_RULE.match, filled)):
            st.skip(number, raw.strip(), SkipReason.PAGE_FURNITURE)  # table rule
            return
        if heading and _PAGE_NUMBER.match(heading):
            st.skip(number, raw.strip(), SkipReason.PAGE_FURNITURE)  # page number
            return
        if _is_header(filled):
            mode = _header_mode(filled)
            if mode:
                st.mode = mode
            st.last_heading = None
            st.skip(number, raw.strip(), SkipReason.HEADER_ROW)
            return
        if heading and (m := _THEME.match(heading)):
            self._theme(st, number, m)
            return
        if heading and (m := _PRIORITY.match(heading)):
            self._priority(st, number, m)
            return
        read = _read_row(cells)
        if read:
            self._row(st, number, raw, *read)
            return
        # Not a heading, header or row: a repeated running header, text before the first
        # table, the tail of a wrapped heading, or a row's cells carried past a page break.
        if not st.seen_text:
            reason = SkipReason.DOCUMENT_TITLE if _looks_like_title(heading) else SkipReason.NARRATIVE
            st.skip(number, raw.strip(), reason)
        elif heading and normalise_space(heading) in repeated:
            st.skip(number, raw.strip(), SkipReason.PAGE_FURNITURE)  # running header
        elif heading and heading.startswith("*"):
            st.skip(number, raw.strip(), SkipReason.LEGEND)
        elif st.last_heading is not None and heading and len(heading) < 150:
            st.last_heading.title = normalise_space(st.last_heading.title + " " + heading)
            st.last_heading.lines.append(number)
        elif st.last_row is not None:
            st.last_row.add_continuation(number, cells)
        else:
            st.skip(number, raw.strip(), SkipReason.NARRATIVE)

    def _theme(self, st: _State, number: int, m: re.Match) -> None:
        st.seen_text = True
        num = m.group("num").lower()
        code = _NUMBER_WORDS.get(num, num)
        title = _clean_title(m.group("title"))
        if st.theme and st.theme.code == code and st.theme.title == title:
            st.skip(number, m.group(0), SkipReason.PAGE_FURNITURE)  # repeated heading
            return
        theme = ItemRecord.trusted(source=st.source, line=number, lines=[number], plan="", kind=Kind.THEME,
                           code=code, title=title, extra={"label": normalise_space(m.group("label"))})
        if num != code:
            theme.extra["number_printed"] = m.group("num")
        st.items.append(theme)
        st.theme, st.priority, st.activity_row, st.last_row = theme, None, None, None
        st.last_heading = theme

    def _priority(self, st: _State, number: int, m: re.Match) -> None:
        st.seen_text = True
        code, title = m.group("code"), _clean_title(m.group("title"))
        if st.priority and st.priority.code == code and st.priority.title == title:
            st.skip(number, m.group(0), SkipReason.PAGE_FURNITURE)  # repeated heading
            return
        parent = st.theme
        if parent and not code.startswith(parent.code + "."):
            st.problems.append(Problem(source=st.source, line=number,
                                       what=f"priority {code} printed under theme {parent.code}"))
        prio = ItemRecord.trusted(source=st.source, line=number, lines=[number], plan="", kind=Kind.PRIORITY,
                          code=code, title=title, parent=_ref(parent),
                          parent_key=parent.key if parent else None)
        st.items.append(prio)
        st.priority, st.activity_row, st.last_row = prio, None, None
        st.last_heading = prio

    def _row(self, st: _State, number: int, raw: str, parts: dict, columns: dict) -> None:
        st.seen_text = True
        st.last_heading = None
        signature = normalise_space(raw)
        if signature in st.seen_rows:
            st.skip(number, raw.strip(), SkipReason.DUPLICATE)
            return
        st.seen_rows.add(signature)
        title = normalise_space(parts["title"][0])  # (a new row's title is one cell)
        number_match = _LIST_NUMBER.match(title)
        if "code" in parts or (number_match and st.mode == "member") or (
            st.mode == "member" and st.activity_row is None
        ):
            kind = Kind.ACTIVITY
        else:
            kind = Kind.MILESTONE
        row = _Row(line=number, kind=kind, parts=parts, columns=columns, lines=[number])
        if number_match:  # "1. Develop ...": a list number, not part of the title
            row.number = number_match.group("num")
            parts["title"] = [number_match.group("rest")]
            row._texts.clear()
        st.rows.append(row)
        st.last_row = row
        if kind is Kind.ACTIVITY:
            st.activity_row = row


# ---------------------------------------------------------------- records


def _known_officers(rows: list[_Row]) -> frozenset[str]:
    """The officers the document names on its own, one to three words each: the names of its
    owner cells, split on their separators. An owner cell that lost its comma ("Patrick De Souza
    Ian Gibson (ESW)", where the next row prints "Patrick De Souza, Ian Gibson (ESW)") is split
    on these."""
    return frozenset(o.name for row in rows if row.kind is not Kind.ACTIVITY
                     for o in split_people(row.text("owner"))[0] if len(o.name.split()) <= 3)


def _record(st: _State, row: _Row, known_members: frozenset[str], known_officers: frozenset[str],
            plan: str) -> ItemRecord:
    """Turn a gathered row into an ItemRecord (parents resolved from the row order)."""
    code = row.text("code") or None
    # _clean_title(strip_html(...)), knowing the text is normalised already: with no "<" or "&"
    # strip_html would give it back unchanged, and its output is normalised as well.
    title = row.text("title")
    if "<" in title or "&" in title:
        title = strip_html(title)
    if title.endswith("*"):
        # (_STAR_MARKER.sub("", title).strip(): the stars and the spaces before them go)
        title = title.rstrip("*").strip()
    deadline_cell = row.text("deadline")
    deadlines, invalid = parse_deadlines(deadline_cell)
    for bad in invalid:
        st.problems.append(Problem(source=st.source, line=row.line,
                                   what=f"deadline {bad} is not a real date (kept as printed)",
                                   fix="check the date in the source document"))
    comments = strip_html(" ".join(row.parts.get("comments", []))) or None
    percent_cell = row.text("percent")
    percent = _percent(percent_cell)
    extra: dict[str, str] = {}
    if percent_cell and percent is None:
        extra["percent_printed"] = percent_cell
    if row.number:
        extra["number"] = row.number
    owner = row.text("owner")
    # Every field goes into the constructor (one validation) rather than being set one by one.
    people: dict = {}
    if row.kind is Kind.ACTIVITY:
        members = _split_members(owner)
        people["members"] = members
        truncated = _truncated(members, known_members)
        if truncated:
            extra["truncated_members"] = "; ".join(truncated)
            for role in truncated:
                full = sorted({m.lower(): m for m in sorted(known_members, reverse=True)
                               if m.lower().startswith(role.lower() + " ") and not _cut_short(m, known_members)}.values())
                fix = (f"identity resolution maps it to {full[0]!r}, the one role in the document that starts "
                       "with it" if len(full) == 1 else
                       f"{len(full) or 'no'} roles in the document start with it: no Member of its own; "
                       "`graph people --review` lists it (confirm the role in the aliases file)")
                st.problems.append(Problem(source=st.source, line=row.line,
                                           what=f"lead member role cut short: {role!r} (kept as printed)", fix=fix))
    else:
        people["owners"], people["directorates"] = split_people(owner, known_officers)
    return ItemRecord.trusted(source=st.source, line=row.line, lines=sorted(set(row.lines)), plan=plan,
                      kind=row.kind, code=code, title=title or (code or "?"),
                      deadlines=deadlines, status=row.text("status") or None,
                      percent=percent, comments=comments, extra=extra, **people)


# Two directorates printed together after a run of names: "Sharon Godman / Neville Murton (RES) (GOV)".
_PAIRED_DIRECTORATES = re.compile(r"\)\s*\(")


def _settle_paired_directorates(owned: list[tuple[ItemRecord, str]]) -> None:
    """Names printed as a run with as many directorates after it get one each, in order (see
    ``split_people``), unless the document prints each of those people beside one of those
    directorates elsewhere, one to one: then that is each one's. ("Sharon Godman / Neville Murton
    (RES) (GOV)": Sharon Godman is printed "(GOV)" 18 times and Neville Murton "(RES)" 3 times in
    the same report, so the order is not the pairing.) ``owned``: (record, its owner cell)."""
    paired = [rec for rec, cell in owned if _PAIRED_DIRECTORATES.search(cell)]
    if not paired:
        return
    beside: dict[str, Counter[str]] = defaultdict(Counter)  # name -> directorates printed for it alone
    for rec, cell in owned:
        if not _PAIRED_DIRECTORATES.search(cell):
            for o in rec.owners:
                if o.directorate:
                    beside[o.name][o.directorate] += 1
    for rec in paired:
        printed = {o.directorate for o in rec.owners if o.directorate}
        usual = {}
        for o in rec.owners:
            if o.directorate and beside[o.name]:
                best = beside[o.name].most_common(1)[0][0]
                if best in printed:
                    usual[o.name] = best
        if len(usual) >= 2 and len(set(usual.values())) == len(usual) and any(
                usual.get(o.name, o.directorate) != o.directorate for o in rec.owners):
            rec.owners = [Owner.trusted(o.name, usual.get(o.name, o.directorate)) for o in rec.owners]
            rec.extra["directorates_paired"] = "by the directorate each is printed with elsewhere in the document"


def _link_parents(items: list[ItemRecord]) -> None:
    """Set each item's parent from the order items are printed in."""
    theme = priority = activity = None
    for item in items:
        if item.kind is Kind.THEME:
            theme, priority, activity = item, None, None
            continue
        if item.kind is Kind.PRIORITY:
            priority, activity = item, None
            continue
        if item.kind is Kind.ACTIVITY:
            parent = priority or theme
            activity = item
        else:
            parent = activity or priority or theme
        if item.parent_key is None and parent is not None:
            # (into the record's fields directly: what assignment does, with no validation on
            # assignment, without pydantic's __setattr__; every field of a trusted record is set)
            fields = item.__dict__
            fields["parent"], fields["parent_key"] = _ref(parent), parent.key


@functools.lru_cache(maxsize=4096)  # a pure function of one short cell; the same figures recur
def _percent(cell: str) -> int | None:
    """ "75%", "75 %" or a bare "75" in the % Comp column."""
    if _BARE_PERCENT.match(cell):
        value = int(cell)
        return value if value <= 100 else None
    return parse_percent(cell)


def _ref(item: ItemRecord | None) -> str | None:
    if item is None:
        return None
    return item.code or item.title


def _clean_title(title: str) -> str:
    """Normalise spaces and drop a trailing "*" marker."""
    title = normalise_space(title)
    if not title.endswith("*"):  # (normalised: no trailing space or newline for the marker to hide behind)
        return title
    return _STAR_MARKER.sub("", title).strip()


_STAR_MARKER = re.compile(r"\s*\*+$")


def _split_members(cell: str) -> list[str]:
    """Split a lead-member cell; "&" separates two roles only when a role follows it."""
    return list(_members_of(cell))


@functools.lru_cache(maxsize=8192)  # a pure function of one cell; the same portfolios recur row after row
def _members_of(cell: str) -> tuple[str, ...]:
    members: list[str] = []
    for part in split_roles(cell):
        members.extend(p.strip() for p in _AMPERSAND_ROLE.split(part) if p.strip())
    return tuple(members)


_AMPERSAND_ROLE = re.compile(r"\s+&\s+(?=" + _ROLE_START + ")")


def _truncated(members: list[str], known: frozenset[str]) -> list[str]:
    """Roles the PDF cut short: ending in "for"/"and"/..., or a prefix of a longer role in the document."""
    return [role for role in members if _cut_short(role, known)]


@functools.lru_cache(maxsize=8192)  # the same roles recur row after row, with the same document's roles
def _cut_short(role: str, known: frozenset[str]) -> bool:
    return ends_mid_phrase(role) or any(other.startswith(role + " ") for other in known)


# ---------------------------------------------------------------- plan year, furniture


def _repeated_lines(filled_of: list[list[str]]) -> set[str]:
    """Single-cell lines printed more than once: running headers and footers (``filled_of``: each
    line's filled cells)."""
    counts = Counter()
    for filled in filled_of:
        if len(filled) != 1:
            continue
        heading = filled[0]
        if not _THEME.match(heading) and not _PRIORITY.match(heading) and not _is_header([heading]):
            counts[normalise_space(heading)] += 1
    return {text for text, n in counts.items() if n >= 2}


def _looks_like_title(text: str | None) -> bool:
    return bool(text) and len(text) < 160 and not text.endswith(".")


def _plan_from_headings(lines: list[str], st: _State) -> str | None:
    """A plan year printed in the document's title or headings ("Strategic Plan 2017/18")."""
    heading_lines = {s.line for s in st.skipped if s.reason in (SkipReason.DOCUMENT_TITLE,)}
    heading_lines |= {it.line for it in st.items}
    heading_lines |= {s.line for s in st.skipped if s.reason.startswith(SkipReason.PAGE_FURNITURE)}
    for number in sorted(heading_lines):
        found = plan_years_in(lines[number - 1])
        if found:
            return found[0]
    return None


def _plan_from_deadlines(rows: list[_Row]) -> str | None:
    """The UK financial year (April-March) most activity deadlines fall in (milestones' when
    no activity has a deadline)."""
    for kind in (Kind.ACTIVITY, Kind.MILESTONE):
        found = plan_from_dates(p for row in rows if row.kind is kind for p in find_dates(row.text("deadline")))
        if found:
            return found
    return None


LOADER = _Loader()
