"""Loader for the improvement plan tracker (e.g. Tower Hamlets 2019/20, quarter 3).

The layout, as extracted text with tab-separated cells (the first cell is the status
column, so rows without a symbol start with a tab)::

    Action Status                                      <- legend title
        <sym>  Overdue; Neglected                      <- legend rows (symbols often lost)
    Status  Action Title  Progress                     <- summary table header (repeated per page)
    ✔  R3.9  Introduce the new Local ...  100%         <- summary rows: symbol, code, title, %
    ▶  R5    Address the barriers ...     30%          <- ... recommendations are listed too
              effectiveness                            <- a title wrapped over a page break
    Recommendation 1&2                                 <- recommendation heading
    R1: The Council now needs to ...                   <- one title line per recommendation
    R2: Be forward looking ...
    Status  Action Title  Ownership Managed By  Monitoring Group    <- block header
       R5.14  Increase the number ...  Amanda Harcus;  Children's Services   <- action row
                                       Debbie Jones; Denise Radley  Improvement Board  <- wrapped
    Progress  Q3 Update  <p>comments ...</p>          <- update row
              more comments ...                        <- wrapped comments
    30%  Risk  <risk text>                             <- % complete and risk

Mapping: a recommendation heading (with its title lines) is one Priority; "Recommendation
1&2" followed by "R1: ..." and "R2: ..." is two, R1 and R2, each with its own title line (the
summary table's one row for them, "R1 & R2 ... 78%", gives each that status and percent).
Each action block is an Activity under the recommendation its number names within the
section it sits in (R2.1 under R2).
Owners are officers (no directorates printed); the monitoring group cell lists boards
separated by ";". Status comes only from the summary table's symbol, mapped through the
legend (the legend's own symbols are usually lost, so the usual tracker icons are known
here); percent comes from the block's Risk row, else from the summary.

The summary rows are not skipped: each is merged into the item it summarises (its lines
join that item's ``lines``). A summary group row with no recommendation number, no heading
and no actions (e.g. "TIB Transformation and Improvement Board", a board, not a
recommendation) is skipped as a summary row.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from graphmodel.schema import ItemRecord, Kind, Owner
from loaders.base import (
    LoaderError,
    LoadResult,
    Problem,
    Skipped,
    SkipReason,
    lowered_lines,
    lowered_text,
    split_lines,
)
from loaders.cells import (
    financial_year,
    normalise_space,
    parse_percent,
    plan_years_in,
    split_people,
    strip_html,
)

NAME = "improvement-tracker"

# An action code at the start of a cell: "R5.14", "R10.30" (title may follow in the same cell).
_ACTION_CODE = re.compile(r"^([A-Z]{1,3}\d+(?:\.\d+)+[a-z]?)\b\s*(.*)$", re.S)
# A summary group row's code: "R3", "R1 & R2", "TIB".
_GROUP_CODE = re.compile(r"^[A-Z][A-Za-z]{0,5}\d{0,3}(?:\s*(?:&|and|,)\s*[A-Z]{0,3}\d{1,3})*$")
_REC_HEADING = re.compile(r"^Recommendations?\s+(\d+(?:\s*(?:&|and|,)\s*\d+)*)\s*[:.]?\s*(.*)$", re.I)
_REC_TITLE = re.compile(r"^([A-Z]{1,3}\d+)\s*[:.\-–]?\s+(\S.*)$")
_UPDATE_LABEL = re.compile(r"^\s*((?:Q[1-4]|Quarter\s*\d|Latest|Year[- ]End)\s+Update)\b\s*:?\s*", re.I)
_RULE = re.compile(r"^[-_=\s\t]+$")
_PAGE_NUMBER = re.compile(r"^(?:Page\s+)?\d{1,3}(?:\s+of\s+\d{1,3})?$", re.I)
_PERCENT_ONLY = re.compile(r"^\s*\d{1,3}\s*%\s*$")
# Text in angle brackets that is not an HTML tag ("<new action>"): a marker printed in a title.
_MARKER = re.compile(
    r"<(?!/?(?:p|i|b|u|em|strong|span|div|ul|ol|li|br|hr|input|font|a|sup|sub|table|tr|td|th)\b)"
    r"([A-Za-z][^<>]{0,40})>"
)

# Tracker status icons (the legend's own icons are usually lost in extraction).
_SYMBOLS = {
    "✔": "Completed", "✓": "Completed", "☑": "Completed", "✅": "Completed",
    "▶": "In Progress", "►": "In Progress", "▸": "In Progress", "⯈": "In Progress",
    "✖": "Cancelled", "✗": "Cancelled", "✘": "Cancelled", "❌": "Cancelled",
    "⚠": "Overdue", "!": "Overdue", "❗": "Overdue",
    "?": "Check Progress", "❓": "Check Progress",
}
_BOARD_WORD = re.compile(
    r"\b(?:Board|Group|Committee|Sub-committee|Panel|Forum|Partnership|Commission|Network|Monitoring)\b", re.I
)
_NAME_PARTICLES = {"st", "st.", "de", "van", "von", "le", "la", "du", "da", "di", "mc", "o'"}


# ---------------------------------------------------------------- parsed pieces


@dataclass
class _SummaryRow:
    line: int
    symbol: str
    code: str
    title: list[str]
    percent: int | None
    lines: list[int] = field(default_factory=list)

    @property
    def is_action(self) -> bool:
        return bool(_ACTION_CODE.match(self.code))


@dataclass
class _Recommendation:
    heading_line: int
    numbers: list[str]
    parts: list[tuple[str, int, list[str]]] = field(default_factory=list)  # (code, line, title pieces)
    lines: list[int] = field(default_factory=list)


@dataclass
class _Block:
    """One action's detail block (or an update row whose action row was lost: ``code`` None)."""

    rec: _Recommendation | None
    code: str | None = None
    line: int | None = None
    title: list[str] = field(default_factory=list)
    owner: list[str] = field(default_factory=list)
    board: list[str] = field(default_factory=list)
    columns: tuple[int, int, int] = (2, 3, 4)  # title, owner, board cell indexes of the action row
    comments: list[str] = field(default_factory=list)
    update_label: str | None = None
    percent: int | None = None
    risk: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    stage: str = "action"  # action -> progress -> risk


@dataclass
class _State:
    source: str
    lines: list[str] = field(default_factory=list)
    mode: str = "start"  # start | legend | summary | heading | detail
    summary: list[_SummaryRow] = field(default_factory=list)
    summary_codes: set[str] = field(default_factory=set)  # the codes of ``summary`` (a row's never changes)
    recs: list[_Recommendation] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    legend: list[list[str]] = field(default_factory=list)
    legend_symbols: dict[str, str] = field(default_factory=dict)
    # the (1-based) lines that may hold a header with no markup in it (``_spaced_header_lines``)
    header_lines: set[int] = field(default_factory=set)

    def skip(self, number: int, reason: str) -> None:
        self.skipped.append(Skipped.trusted(line=number, text=self.lines[number - 1].strip(), reason=reason))

    def problem(self, number: int, what: str, fix: str = "") -> None:
        self.problems.append(Problem(source=self.source, line=number, what=what, fix=fix))


# ---------------------------------------------------------------- cells


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.split("\t")]


@functools.lru_cache(maxsize=4096)  # a line's first cell is read as plain text several times over
def _plain(cell: str) -> str:
    return strip_html(cell)


def _first(cells: list[str]) -> tuple[int, str]:
    """Index and text of the first non-empty cell (-1 when there is none)."""
    for i, c in enumerate(cells):
        if c:
            return i, c
    return -1, ""


def _is_header(cells: list[str], compacted_lacks_it: bool = False) -> str | None:
    """'summary' or 'block' for a table header row, else None ("Statu s" is a broken "Status").

    ``compacted_lacks_it``: the caller knows the line, whitespace removed and lowered, holds no
    "actiontitle" (so that need not be made again)."""
    if (compacted_lacks_it or "actiontitle" not in "".join("".join(cells).split()).lower()) and not any(
        _plain(c).replace(" ", "").lower() == "actiontitle" for c in cells if "<" in c or "&" in c
    ):
        # A cell with no markup ("<" or "&") has as its word below its text without whitespace,
        # lowered: a substring of the line's. Without "actiontitle" there, only a cell with
        # markup could read "actiontitle", and none does.
        return None
    words = {_plain(c).replace(" ", "").lower() for c in cells if c}
    if "actiontitle" not in words:
        return None
    if words & {"ownershipmanagedby", "monitoringgroup", "managedby", "ownership", "owner"}:
        return "block"
    return "summary"


# "actiontitle" with any whitespace inside, in a lowered text. ``str.lower`` maps no character to
# whitespace or whitespace to another character, and ``\s`` matches exactly what ``str.split()``
# splits on, so this finds "actiontitle" in a lowered text exactly when it is in the text with its
# whitespace removed, lowered: without the list of every word of the text that takes.
_SPACED_ACTION_TITLE = re.compile(r"\s*".join("actiontitle"))


_TAGGED_ACTION_TITLE = re.compile(r"(?:\s|<[^>]{0,400}>)*".join("actiontitle"))


def _may_hold_header(text: str) -> bool:
    """Whether ``text``, whitespace removed and lowered, holds "actiontitle" (as a header cell without
    markup must)."""
    return _SPACED_ACTION_TITLE.search(lowered_text(text)) is not None


def _spaced_header_lines(text: str) -> set[int]:
    """The 1-based numbers of the lines a match of ``_SPACED_ACTION_TITLE`` in the lowered text
    touches: every line holding "actiontitle" once its whitespace is removed and it is lowered is
    among them (a match inside a line is found, or an earlier one that runs into the line), found
    by one scan of the text rather than by joining and lowering each line."""
    low = lowered_text(text)
    found: set[int] = set()
    line = pos = 0
    for m in _SPACED_ACTION_TITLE.finditer(low):
        line += low.count("\n", pos, m.start())
        last = line + low.count("\n", m.start(), m.end())
        found.update(range(line + 1, last + 2))
        line, pos = last, m.end()
    return found


def _title_text(pieces: list[str]) -> tuple[str, str | None]:
    """A title without HTML and without a "<new action>"-style marker (returned apart)."""
    raw = " ".join(pieces)
    markers = []
    if "<" in raw:  # (a marker starts with "<": without one, no regex scan)
        markers = [normalise_space(m) for m in _MARKER.findall(raw)]
        raw = _MARKER.sub(" ", raw)
    return _plain(raw).rstrip("*").strip(), ("; ".join(markers) or None)


# ---------------------------------------------------------------- line classification


def _parse_lines(state: _State) -> None:
    for number, line in enumerate(state.lines, start=1):
        if not line.strip():
            continue
        cells = _cells(line)
        _handle(state, number, cells)


def _handle(state: _State, number: int, cells: list[str]) -> None:
    idx, first = _first(cells)
    plain_first = _plain(first)
    filled = [c for c in cells if c]

    # A line outside ``header_lines`` holds no "actiontitle" once its whitespace is gone, so without
    # markup ("<" or "&", in the raw line exactly when in a cell) it is no header (see _is_header).
    line = state.lines[number - 1]
    if number in state.header_lines:
        header = _is_header(cells)
    elif "<" in line or "&" in line:
        header = _is_header(cells, compacted_lacks_it=True)
    else:
        header = None
    if header:
        state.mode = "summary" if header == "summary" else "detail"
        state.skip(number, SkipReason.HEADER_ROW)
        return
    if _RULE.match("\t".join(cells)):
        state.skip(number, SkipReason.PAGE_FURNITURE)  # a table's ruled line
        return
    if plain_first.lower() == "action status" and len(filled) == 1:
        state.mode = "legend"
        state.skip(number, SkipReason.LEGEND)
        return
    if state.mode == "legend" and len(filled) <= 2:  # the legend runs until the first table header
        _legend_row(state, cells)
        state.skip(number, SkipReason.LEGEND)
        return

    m = _REC_HEADING.match(plain_first) if len(filled) == 1 else None
    if m:
        numbers = re.findall(r"\d+", m.group(1))
        rec = _Recommendation(heading_line=number, numbers=numbers, lines=[number])
        state.recs.append(rec)
        state.mode = "heading"
        if m.group(2):  # "Recommendation 5: Address ..." on one line
            rec.parts.append((f"R{numbers[0]}", number, [m.group(2)]))
        return
    if state.mode == "heading":
        if not (_ACTION_CODE.match(plain_first) or plain_first.lower() == "progress"):
            _heading_line(state, number, " ".join(filled))
            return
        state.mode = "detail"  # a block whose header row was lost
    if state.mode == "summary":
        _summary_line(state, number, cells)
        return
    if state.mode == "detail":
        _detail_line(state, number, cells)
        return
    state.skip(number, SkipReason.DOCUMENT_TITLE if state.mode == "start" else SkipReason.UNPARSED)


def _legend_row(state: _State, cells: list[str]) -> None:
    filled = [c for c in cells if c]
    names = [normalise_space(n) for n in re.split(r"[;/]", _plain(filled[-1])) if n.strip()]
    state.legend.append(names)
    if len(filled) == 2 and names:  # the symbol survived: "✔  Completed"
        symbol = filled[0].strip()
        state.legend_symbols[symbol] = _pick_status(names, _SYMBOLS.get(symbol))


def _pick_status(names: list[str], preferred: str | None) -> str:
    """The status a symbol stands for within its legend entry ("Not Started; In Progress; Assigned")."""
    for name in names:
        if preferred and name.lower() == preferred.lower():
            return name
    return names[0]


def _heading_line(state: _State, number: int, text: str) -> None:
    rec = state.recs[-1]
    plain = _plain(text)
    m = _REC_TITLE.match(plain)
    if m:
        rec.parts.append((m.group(1), number, [m.group(2)]))
    elif rec.parts:
        rec.parts[-1][2].append(plain)  # a wrapped recommendation title
    else:
        rec.parts.append(("", number, [plain]))
    rec.lines.append(number)


def _summary_line(state: _State, number: int, cells: list[str]) -> None:
    """A summary row (symbol, code, title, progress), or a title wrapped onto its own line."""
    filled = [(i, c) for i, c in enumerate(cells) if c]
    symbol = ""
    if filled and len(filled[0][1]) <= 3 and not re.search(r"[A-Za-z0-9]", filled[0][1]):
        symbol = filled.pop(0)[1]
    idx, first = filled[0] if filled else (-1, "")
    code_cell = _plain(cells[idx]) if idx >= 0 else ""
    after = cells[idx + 1 :] if idx >= 0 else []
    # the raw cell first, so that a "<new action>" marker in the title survives to _title_text
    m = (_ACTION_CODE.match(cells[idx]) if idx >= 0 else None) or _ACTION_CODE.match(code_cell)
    code = ""
    if m and m.group(2):  # code and title in one cell
        code, title, progress = m.group(1), [m.group(2)], after
    elif m or (_GROUP_CODE.match(code_cell) and idx <= 2 and after and after[0]):
        code, title, progress = normalise_space(code_cell), [c for c in after[:1] if c], after[1:]
    if code and code in state.summary_codes:
        state.skip(number, SkipReason.DUPLICATE)  # the same row printed again (e.g. at a page top)
        return
    if code:
        row = _SummaryRow(line=number, symbol=symbol, code=code, title=title,
                          percent=parse_percent(" ".join(progress)), lines=[number])
        state.summary.append(row)
        state.summary_codes.add(code)
        return
    if state.summary and idx >= 1 and not symbol:
        state.summary[-1].title.append(first)  # a title wrapped (here across a page break)
        state.summary[-1].lines.append(number)
        return
    state.skip(number, SkipReason.UNPARSED)


def _detail_line(state: _State, number: int, cells: list[str]) -> None:
    idx, first = _first(cells)
    plain_first = _plain(first)
    rec = state.recs[-1] if state.recs else None
    block = state.blocks[-1] if state.blocks else None

    # match on the raw cell so that a "<new action>" marker in the title survives to _title_text
    m = _ACTION_CODE.match(first) or _ACTION_CODE.match(plain_first)
    if m and idx <= 2:
        _action_row(state, number, cells, idx, m, rec)
        return
    if _REC_TITLE.match(plain_first) and ":" in plain_first[:6] and len(cells) == 1 and (
        block is None or block.stage == "risk"
    ):
        # "R5: Address ..." with no "Recommendation 5" heading above it
        rec = _Recommendation(heading_line=number, numbers=re.findall(r"\d+", plain_first.split(":")[0]))
        state.recs.append(rec)
        state.mode = "heading"
        _heading_line(state, number, plain_first)
        return
    if plain_first.lower() == "progress":
        if block is None or block.stage != "action":
            # an update row with no action row above it (the row was lost in extraction)
            block = _Block(rec=rec)
            state.blocks.append(block)
        _progress_row(block, number, cells[idx + 1 :])
        return
    risk_at = next((i for i, c in enumerate(cells[:3]) if _plain(c).lower() == "risk"), None)
    if risk_at is not None and block is not None:
        block.percent = parse_percent(" ".join(cells[:risk_at]))
        block.risk.extend(c for c in cells[risk_at + 1 :] if c)
        block.lines.append(number)
        block.stage = "risk"
        return
    if _PAGE_NUMBER.match(" ".join(cells).strip()):
        state.skip(number, SkipReason.PAGE_FURNITURE)
        return
    if block is not None and block.stage == "risk" and block.percent is None and _PERCENT_ONLY.match(first):
        block.percent = parse_percent(first)  # "%" printed on a line of its own under "Risk"
        block.lines.append(number)
        return
    if block is not None and (idx >= 1 or block.stage != "action"):
        _continuation(block, number, cells)
        return
    state.skip(number, SkipReason.UNPARSED)


def _action_row(state: _State, number: int, cells: list[str], idx: int, m: re.Match, rec) -> None:
    code, tail = m.group(1), m.group(2).strip()
    if tail:  # "R2.4 Deliver the ..." code and title in one cell
        title_at = idx
        title = [tail]
    else:
        title_at = idx + 1
        title = [cells[title_at]] if len(cells) > title_at else []
    rest = cells[title_at + 1 :]
    block = _Block(rec=rec, code=code, line=number, title=title, lines=[number],
                   columns=(title_at, title_at + 1, title_at + 2))
    if rest and rest[0]:
        block.owner.append(rest[0])
    block.board.extend(c for c in rest[1:] if c)
    state.blocks.append(block)


def _progress_row(block: _Block, number: int, cells: list[str]) -> None:
    text = " ".join(c for c in cells if c)
    plain = _plain(text)
    label = _UPDATE_LABEL.match(plain)
    if label:
        block.update_label = normalise_space(label.group(1))
        plain = plain[label.end() :]
    if plain:
        block.comments.append(plain)
    block.lines.append(number)
    block.stage = "progress"


def _continuation(block: _Block, number: int, cells: list[str]) -> None:
    """A wrapped line: owner/board/title cells before the update row, comments or risk after."""
    block.lines.append(number)
    filled = [(i, c) for i, c in enumerate(cells) if c]
    if block.stage == "progress":
        block.comments.append(_plain(" ".join(c for _, c in filled)))
        return
    if block.stage == "risk":
        block.risk.append(" ".join(c for _, c in filled))
        return
    title_at, owner_at, board_at = block.columns
    for i, c in filled:
        if i <= title_at:
            block.title.append(c)
        elif i == owner_at:
            block.owner.append(c)
        else:
            block.board.append(c)


# ---------------------------------------------------------------- people and boards


def _split_owner_cell(
    owner: str, board: str, known: frozenset[str]
) -> tuple[list[Owner], list[str], list[str]]:
    """Owners, directorates and boards from an owner cell and a monitoring-group cell.

    When the extraction ran the two cells together ("Vicky Clark; Judith St John High
    Streets & Town Centre Working Group; Strategic Plan Monitoring": no board cell, and a
    part of the owner cell names a board) that part starts the boards, and every part
    after it is a board too. The person's name is split off its front: a name seen
    elsewhere in the document, else two words ("St John" kept together).
    """
    parts = [p.strip() for p in normalise_space(_plain(owner)).split(";") if p.strip()]
    people: list[str] = []
    boards: list[str] = []
    for part in parts:
        if boards:
            boards.append(part)
        elif board or not _BOARD_WORD.search(part):
            people.append(part)
        else:
            name, remainder = _name_prefix(part, known)
            if name:
                people.append(name)
            boards.append(remainder)
    owners, directorates = split_people("; ".join(people), known)
    boards += [normalise_space(b) for b in _plain(board).split(";") if b.strip()]
    return owners, directorates, boards


def _name_prefix(part: str, known: frozenset[str]) -> tuple[str, str]:
    for name in sorted(known, key=len, reverse=True):
        if part.startswith(name + " "):
            return name, part[len(name) :].strip()
    words = part.split()
    n = 3 if len(words) > 3 and words[1].lower() in _NAME_PARTICLES else 2
    if len(words) > n and all(w[:1].isupper() for w in words[:n]):
        return " ".join(words[:n]), " ".join(words[n:])
    return "", part


def _known_names(blocks: list[_Block]) -> set[str]:
    """Names from owner cells that sit in their own cell next to a board cell (clean rows)."""
    known: set[str] = set()
    for b in blocks:
        if b.board:
            for part in " ".join(b.owner).split(";"):
                part = normalise_space(_plain(part))
                if 2 <= len(part.split()) <= 3:
                    known.add(part)
    return known


# ---------------------------------------------------------------- plan year, status


def _plan_year(text: str) -> str | None:
    """The financial year the document speaks of most ("2019/20"; ties go to the later).

    With no "2019/20" in the text, the financial year (April-March) most of its dated
    mentions ("December 2019", "17/07/2019") fall in.
    """
    counts: Counter[str] = Counter(plan_years_in(text))
    if not counts:
        counts.update(financial_year(f"{year:04d}-{month:02d}-01") for month, year in _dated_mentions(text))
    if not counts:
        return None
    return max(counts, key=lambda y: (counts[y], y))


_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december"]
_MONTH_YEAR = re.compile(r"\b(" + "|".join(_MONTHS) + r")\s+(20\d\d)\b", re.I)
_NUMERIC_DATE = re.compile(r"\b\d{1,2}/(\d{1,2})/(20\d\d)\b")


def _dated_mentions(text: str) -> list[tuple[int, int]]:
    """(month, year) of every "Month yyyy" and "dd/mm/yyyy" in the text."""
    found = [(_MONTHS.index(m.group(1).lower()) + 1, int(m.group(2))) for m in _MONTH_YEAR.finditer(text)]
    found += [(int(m.group(1)), int(m.group(2))) for m in _NUMERIC_DATE.finditer(text) if 1 <= int(m.group(1)) <= 12]
    return found


def _status(state: _State, row: _SummaryRow | None) -> str | None:
    if row is None or not row.symbol:
        return None
    if row.symbol in state.legend_symbols:
        return state.legend_symbols[row.symbol]
    known = _SYMBOLS.get(row.symbol)
    if known is None:
        state.problem(row.line, f"unknown status symbol {row.symbol!r}", "add it to the legend map")
        return None
    for names in state.legend:  # spell it as the legend does
        for name in names:
            if name.lower() == known.lower():
                return name
    if state.legend:
        state.problem(row.line, f"status symbol {row.symbol!r} ({known}) is not in the legend")
    return known


# ---------------------------------------------------------------- building records


def _code_key(code: str) -> tuple:
    return tuple(int(n) for n in re.findall(r"\d+", code))


def _assign_orphans(state: _State, rows: dict[str, _SummaryRow]) -> None:
    """Give an update row that lost its action row to the next action, if that one has no block.

    (In the sample the header and action row of R2.3 were lost at a page break; its update
    and risk rows follow R2.2's block.) Otherwise the lines join the block before it.
    """
    with_block = {b.code for b in state.blocks if b.code}
    ordered = sorted((c for c in rows if rows[c].is_action), key=_code_key)
    kept: list[_Block] = []
    for block in state.blocks:
        if block.code:
            kept.append(block)
            continue
        prev = next((b for b in reversed(kept) if b.code), None)
        nxt = None
        if prev and prev.code in ordered:
            pos = ordered.index(prev.code)
            nxt = ordered[pos + 1] if pos + 1 < len(ordered) else None
        if nxt and nxt not in with_block and _code_key(nxt)[:1] == _code_key(prev.code)[:1]:
            block.code = nxt
            block.title = rows[nxt].title[:]
            block.line = rows[nxt].line
            with_block.add(nxt)
            state.problem(block.lines[0], f"update row with no action row: taken as {nxt}'s, the next action "
                          "in the summary table, which has no block of its own", "check the source PDF")
            kept.append(block)
        elif kept:
            target = kept[-1]
            target.lines += block.lines
            target.comments += block.comments
            target.risk += block.risk
            if target.percent is None:
                target.percent = block.percent
            state.problem(block.lines[0], "update row with no action row: joined to the block above it")
        else:
            for n in block.lines:
                state.skip(n, SkipReason.UNPARSED)
    state.blocks = kept


def _build(state: _State, plan: str) -> list[ItemRecord]:
    rows = {r.code: r for r in state.summary}
    groups = [r for r in state.summary if not r.is_action]
    _assign_orphans(state, rows)
    items: list[ItemRecord] = []
    by_number: dict[str, ItemRecord] = {}

    # Priorities: one per recommendation heading, merged with its summary row; a heading of two
    # recommendations ("Recommendation 1&2" above "R1: ..." and "R2: ...") gives one per recommendation.
    used_rows: set[int] = set()
    rec_items: dict[int, list[ItemRecord]] = {}  # id(rec) -> its priorities
    for rec in state.recs:
        row = next((g for g in groups if sorted(re.findall(r"\d+", g.code)) == sorted(rec.numbers)), None)
        if row:
            used_rows.add(row.line)
        coded = [part for part in rec.parts if part[0]]
        if len(coded) >= 2 and len({c for c, _, _ in coded}) == len(coded):
            made = []
            for k, part in enumerate(coded):
                own = next((g for g in groups if g.code == part[0] and g.line not in used_rows), None)
                if own:
                    used_rows.add(own.line)
                made.append(_part_priority(state, rec, part, own or row, k == 0, plan))
        else:
            made = [_priority(state, rec, row, plan)]
        rec_items[id(rec)] = made
        items.extend(made)
        for item in made:
            for n in re.findall(r"\d+", item.code or ""):
                by_number.setdefault(n, item)
        for n in rec.numbers:
            by_number.setdefault(n, made[0])
    # Summary group rows with no heading: a recommendation (it has a number, or actions sit under it)
    # is still a priority; anything else (a board's group row, "TIB") is only a summary row.
    action_prefixes = {c.split(".")[0] for c in rows if rows[c].is_action}
    for g in groups:
        if g.line in used_rows:
            continue
        numbers = re.findall(r"\d+", g.code)
        if numbers or g.code in action_prefixes:
            item = _summary_priority(state, g, plan)
            items.append(item)
            for n in numbers:
                by_number.setdefault(n, item)
        else:
            for n in g.lines:
                state.skip(n, SkipReason.SUMMARY)

    # frozen once: split_people caches by (cell, names), and hashing a frozenset made afresh for
    # every action costs as much as the rest of the split
    known = frozenset(_known_names(state.blocks))
    seen: set[str] = set()
    for block in state.blocks:
        if block.code in seen:
            for n in block.lines:
                state.skip(n, SkipReason.DUPLICATE)
            state.problem(block.line or block.lines[0], f"action {block.code} printed twice; the first is kept")
            continue
        seen.add(block.code)
        parent = _parent_of(block.code, block.rec, by_number, rec_items)
        items.append(_activity(state, block, rows.get(block.code), parent, known, plan))
    for row in state.summary:
        if row.is_action and row.code not in seen:
            parent = _parent_of(row.code, None, by_number, rec_items)
            items.append(_activity(state, _Block(rec=None, code=row.code, line=row.line, title=row.title[:]),
                                   row, parent, known, plan))
    items.sort(key=lambda it: it.line)
    return items


def _parent_of(code: str, rec: _Recommendation | None, by_number: dict[str, ItemRecord],
               rec_items: dict[int, list[ItemRecord]]) -> ItemRecord | None:
    """The priority an action sits under: of the recommendation section it is printed in, the one
    its number names ("R2.1" under R2 of "Recommendation 1&2"), else the section's; an action
    printed in no section goes under the recommendation its number names."""
    number = str(_code_key(code)[0])
    made = rec_items.get(id(rec), []) if rec is not None else []
    for item in made:
        if number in re.findall(r"\d+", item.code or ""):
            return item
    if made:
        return made[0]
    return by_number.get(number)


def _rec_line(rec: _Recommendation) -> int:
    return rec.parts[0][1] if rec.parts else rec.heading_line


def _join_titles(pieces: list[str]) -> str:
    out = ""
    for p in pieces:
        p = p.strip()
        if not p:
            continue
        if out and not out.endswith((".", "!", "?", ":", ";")):
            out += "."
        out = f"{out} {p}" if out else p
    return out


def _priority(state: _State, rec: _Recommendation, row: _SummaryRow | None, plan: str) -> ItemRecord:
    codes = [c for c, _, _ in rec.parts if c]
    code = row.code if row else (" & ".join(codes) if codes else "R" + " & R".join(rec.numbers))
    titles = [_title_text(pieces)[0] for _, _, pieces in rec.parts]
    title = _join_titles(titles) or (_title_text(row.title)[0] if row else f"Recommendation {code}")
    extra = {"heading": normalise_space(state.lines[rec.heading_line - 1])}
    if len(titles) > 1:
        for c, t in zip(codes, titles, strict=False):
            extra[f"title_{c}"] = t
    lines = list(rec.lines) + (row.lines if row else [])
    return ItemRecord.trusted(
        source=state.source, line=_rec_line(rec), lines=sorted(set(lines)), plan=plan, kind=Kind.PRIORITY,
        code=code, title=title, status=_status(state, row), percent=row.percent if row else None, extra=extra,
    )


def _part_priority(state: _State, rec: _Recommendation, part: tuple[str, int, list[str]],
                   row: _SummaryRow | None, first: bool, plan: str) -> ItemRecord:
    """One recommendation of a heading that names several ("R2: Be forward looking ..." under
    "Recommendation 1&2"): its own code, title and title lines. The heading line goes to the first;
    a summary row printed for the whole group ("R1 & R2 ... 78%") gives each its status and percent,
    and its lines go to the first."""
    code, line, pieces = part
    starts = sorted(n for _, n, _ in rec.parts)
    after = [n for n in starts if n > line]
    end = after[0] if after else None
    lines = [n for n in rec.lines if n >= line and (end is None or n < end)]
    extra: dict[str, str] = {"heading": normalise_space(state.lines[rec.heading_line - 1])}
    if first:  # the heading, and any line between it and the first recommendation's title
        lines += [n for n in rec.lines if n < line] + [rec.heading_line]
    if row is not None:
        if row.code != code:
            extra["summary_code"] = row.code  # the status and percent were printed for the group
        if first or row.code == code:
            lines += row.lines
    return ItemRecord.trusted(
        source=state.source, line=line, lines=sorted(set(lines)), plan=plan, kind=Kind.PRIORITY,
        code=code, title=_title_text(pieces)[0] or f"Recommendation {code}", status=_status(state, row),
        percent=row.percent if row else None, extra=extra,
    )


def _summary_priority(state: _State, row: _SummaryRow, plan: str) -> ItemRecord:
    title, _ = _title_text(row.title)
    return ItemRecord.trusted(
        source=state.source, line=row.line, lines=list(row.lines), plan=plan, kind=Kind.PRIORITY,
        code=row.code, title=title or row.code, status=_status(state, row), percent=row.percent,
    )


def _activity(state: _State, block: _Block, row: _SummaryRow | None, parent: ItemRecord | None,
              known: frozenset[str], plan: str) -> ItemRecord:
    title, marker = _title_text(block.title or (row.title if row else []))
    owners, directorates, boards = _split_owner_cell(" ".join(block.owner), " ".join(block.board), known)
    percent = block.percent
    if row and row.percent is not None:
        if percent is None:
            percent = row.percent
        elif percent != row.percent:
            state.problem(block.line or row.line, f"{block.code}: {percent}% in its block but {row.percent}% in "
                          "the summary table; the block's figure is kept")
    extra: dict[str, str] = {}
    if marker:
        extra["marker"] = marker
    if block.update_label:
        extra["update"] = block.update_label
    risk = normalise_space(_plain(" ".join(block.risk)))
    if risk:
        extra["risk"] = risk
    if row and row.symbol:
        extra["symbol"] = row.symbol
    comments = normalise_space(" ".join(block.comments)) or None
    lines = sorted(set(block.lines + (row.lines if row else [])))
    return ItemRecord.trusted(
        source=state.source, line=block.line or lines[0], lines=lines, plan=plan, kind=Kind.ACTIVITY,
        code=block.code, title=title or block.code, owners=owners, directorates=directorates, boards=boards,
        status=_status(state, row), percent=percent, parent=parent.code if parent else None,
        parent_key=parent.key if parent else None, comments=comments, extra=extra,
    )


# ---------------------------------------------------------------- the loader


class _Loader:
    name = NAME
    description = (
        "Improvement plan tracker: a summary table of actions (R1..R11.33) with status symbols and %, "
        "then per recommendation a block per action with owners, monitoring group, update and risk"
    )

    def ceiling(self, text: str) -> float:
        """An upper bound of ``detect(text)``, cheap: 1.0 when a block header may be there, else
        0.7 (a text with no block header scores at most 0.65 however many other parts it has)."""
        if _may_hold_header(text):
            return 1.0
        # Without "actiontitle" in the whole text, only a line with markup can hold a header (see
        # ``detect``): look at those lines alone.
        if "<" in text or "&" in text:
            for line, low in zip(split_lines(text), lowered_lines(text), strict=True):
                if "&" in line:  # an entity may spell any letter: read the cells
                    if _is_header(_cells(line)) == "block":
                        return 1.0
                # With tags alone, a cell reading "actiontitle" once its tags are gone holds those
                # letters with only whitespace and tags between them.
                elif "<" in line and _TAGGED_ACTION_TITLE.search(low):
                    return 1.0
        return 0.7

    def detect(self, text: str) -> float:
        score = 0.0
        block_headers = summary_headers = progress = risk = recs = codes = 0
        # A header needs a cell reading "actiontitle" once spaces are gone; with no "<" or "&" in a
        # line (no tag, no entity) that is a substring of the whole text with its whitespace removed,
        # so a text without it has no header line free of markup.
        may_header = _may_hold_header(text)
        lines = split_lines(text)
        # ``str.lower`` never makes or removes a newline: the lowered text has the same lines.
        lowered = lowered_lines(text)
        for line, low in zip(lines, lowered, strict=True):
            if not line.strip():
                continue
            cells = _cells(line)
            # With no markup in a line, a header needs "actiontitle" in the whole text.
            header = _is_header(cells) if may_header or "<" in line or "&" in line else None
            _, first = _first(cells)
            if "<" in first or "&" in first:  # markup: the plain text differs from the raw cell
                plain = _plain(first)
                progress += plain.lower() == "progress"
                recs += bool(_REC_HEADING.match(plain))
                codes += bool(_ACTION_CODE.match(plain))
            else:
                # No markup: the plain text is the cell with its whitespace collapsed (same first
                # character), and a word with no space in it equals it exactly when it equals the cell.
                progress += first.lower() == "progress"
                head = first[:1]
                if head == "R" or head == "r":  # the only characters "^Recommendation" (re.I) starts on
                    recs += bool(_REC_HEADING.match(" ".join(first.split())))
                if "A" <= head <= "Z":  # an action code starts with an ASCII capital
                    codes += bool(_ACTION_CODE.match(" ".join(first.split())))
            if "risk" in low or any("<" in c or "&" in c for c in cells[:3]):
                # (a cell with no markup reads "risk" only if the line holds it, in any case)
                risk += any(_plain(c).lower() == "risk" for c in cells[:3])
            block_headers += header == "block"
            summary_headers += header == "summary"
            if block_headers and summary_headers and progress >= 2 and risk >= 2 and recs and codes >= 2:
                break  # every part of the score is earned: more lines cannot change it
        score += 0.35 if block_headers else 0.0
        score += 0.1 if summary_headers else 0.0
        score += 0.2 if progress >= 2 else 0.0
        score += 0.15 if risk >= 2 else 0.0
        score += 0.1 if recs else 0.0
        score += 0.1 if codes >= 2 else 0.0
        return min(score, 1.0)

    def parse(self, text: str, source: str, plan: str | None = None) -> LoadResult:
        lines = split_lines(text)
        if not any(line.strip() for line in lines):
            raise LoaderError(source, "is empty", "pass a document with text in it")
        state = _State(source=source, lines=lines, header_lines=_spaced_header_lines(text))
        _parse_lines(state)
        if not state.blocks and not state.summary:
            raise LoaderError(source, "has no actions in the improvement-tracker layout",
                              "check the layout (use --layout to force another)")
        year = plan or _plan_year(text)
        if year is None:
            year = "unknown"
            state.problem(1, "no plan year found in the text", "pass --plan")
        items = _build(state, year)
        state.skipped.sort(key=lambda s: s.line)
        return LoadResult(source=source, layout=NAME, plan=year, items=items, skipped=state.skipped,
                          problems=state.problems)


LOADER = _Loader()
