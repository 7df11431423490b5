"""Loader for the strategic plan action plan layout (e.g. Strategic Plan 2014/15, OCR'd from a scan).

The document is a narrative introduction (prose and bullet lists, skipped as narrative) and then
the action plan: theme headings ("A Great Place to Live"), "Strategic Priority 1.1: ..." headings,
and per activity a block::

    Activity <tab> Lead Member, Lead Officer and Directorate <tab> Deadline
    <title, often an OCR-garbled copy> <tab> Cllr Rabina Khan <tab> 31/03/2015     (lead-member row)
    <clean title> <tab> Jackie Odunoye (D&R) <tab> 31/03/2015                      (lead-officer row)
    Milestone <tab> Lead Officer <tab> Deadline
    <milestone> <tab> <officer (directorate)> <tab> <deadline>
    ...

The two rows of an activity make ONE activity. The rows vary: either title cell may be empty,
a title may wrap so that the next row's title cell is its continuation, and the member and the
officer may share one cell ("Cllr Abdul Asad Shazia Hussain (CLC)"). The method relies only on
the table headers and heading patterns, plus the document's own vocabulary (an OCR-garbled word
occurs once; a real word recurs) to pick the clean copy of a title.

The narrative's lists help twice more: a priority listed up front ("- 2.4: Foster enterprise and
entrepreneurship") that has no heading in the plan gets the activities the narrative lists under
it, which the plan prints under the heading before; and a milestone ending in ":" opens a list
(numbered rows, or short entries) whose owner or deadline, printed once, is every row's.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from graphmodel.schema import ItemRecord, Kind, Owner
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
    plan_from_dates,
    plan_years_in,
    split_people,
    strip_html,
)

NAME = "action-plan"

# ---------------------------------------------------------------- line patterns

_PRIORITY = re.compile(r"^\s*Strategic\s+Priority\s+(\d+(?:\.\d+)*)\s*[:.\-–]?\s*(.*)$", re.I)
# "Activity | Lead Member, Lead Officer and Directorate | Deadline" (no Status/Comments columns:
# those belong to the monitoring layouts).
_STATUS_COLUMNS = re.compile(r"\b(status|comp|comments|progress)\b", re.I)
_MEMBER_START = re.compile(r"^(?:Deputy\s+Mayor\b|Mayor\b|Cllr\b|Councillor\b|Cabinet\s+Member\b|Lead\s+Member\b)")
# Where a member's name starts inside a cell: the last marker before the name.
_MEMBER_MARKER = re.compile(r"\b(?:Cllr|Councillor|Mayor)\b\.?")
_BARE_ROLE = re.compile(r"^(?:Deputy\s+Mayor|Cabinet\s+Member(?:\s+for\s+.*)?|Lead\s+Member(?:\s+for\s+.*)?)$", re.I)
_PAGE_FURNITURE = re.compile(r"^\s*(?:Page\s+\d+(?:\s+of\s+\d+)?|\d{1,3}|-\s*\d{1,3}\s*-)\s*$", re.I)
_LIST_NUMBER = re.compile(r"^\s*(\d{1,2})[.)]\s+(.*)$")
_BULLET = re.compile(r"^\s*(?:[-•*\u2022\u25cf]|\d{1,2}\.\d{1,2}:)\s*(.+)$")
_ISO = re.compile(r"^(\d{4})-\d\d-\d\d$")
# A priority in the list printed up front: "- 2.4: Foster enterprise ...", "4.4: Keep vulnerable ...".
_LISTED_PRIORITY = re.compile(r"^(?:[-•*\u2022\u25cf]\s*)?(\d{1,2}\.\d{1,2}):\s*(\S.*)$")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_HEADER_WORDS = re.compile(r"^\s*(?:Lead\s+Officer|Lead\s+Member|Deadline)\s*:?\s+", re.I)


def _cells(line: str) -> list[str]:
    """A row's cells: title, person, deadline (extra cells are folded into the deadline)."""
    parts = [c.strip() for c in line.split("\t")]
    while len(parts) < 3:
        parts.append("")
    if len(parts) > 3:
        parts = parts[:2] + [" ".join(p for p in parts[2:] if p)]
    return parts


def _ends_in_deadline(line: str) -> bool:
    """Whether the last filled cell of ``line`` may read "deadline" (in any case), as both header
    rows' must: that cell ends the line once trailing whitespace is gone, and lowered to the eight
    letters of "deadline" it is eight characters long (a character that lowers to more than one,
    "İ", gives a combining mark, which "deadline" has not)."""
    return line.rstrip()[-8:].lower() == "deadline"


def _is_activity_header(line: str) -> bool:
    if not _ends_in_deadline(line):  # (most lines: no need to split the line into cells)
        return False
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    # OCR may misread the first letter, so compare the rest of the word.
    return (
        len(cells) >= 2
        and cells[0].lower()[1:] == "ctivity"
        and any("lead" in c.lower() for c in cells[1:])
        and cells[-1].lower() == "deadline"
        and not any(_STATUS_COLUMNS.search(c) for c in cells)
    )


def _is_milestone_header(line: str) -> bool:
    if not _ends_in_deadline(line):
        return False
    cells = [c.strip() for c in line.split("\t") if c.strip()]
    # OCR misreads the M ("Vilestone"), so compare the rest of the word.
    return (
        len(cells) >= 2
        and cells[0].lower()[1:] == "ilestone"
        and any("lead officer" in c.lower() for c in cells[1:])
        and cells[-1].lower() == "deadline"
        and not any(_STATUS_COLUMNS.search(c) for c in cells)
    )


def _is_single_cell(line: str) -> bool:
    cells = _cells(line)
    return bool(cells[0]) and not cells[1] and not cells[2]


# ---------------------------------------------------------------- detection


# A lowered line ending (but for whitespace) in "deadline", as a header's must (see _ends_in_deadline).
_DEADLINE_AT_END = re.compile(r"deadline[^\S\n]*$", re.MULTILINE)


def detect(text: str) -> float:
    # With no line ending in "deadline" there is no activity header, and the score is 0: one regex
    # scan of the lowered text rather than a look at every line holding the word.
    if _DEADLINE_AT_END.search(lowered_text(text)) is None:
        return 0.0
    lines = split_lines(text)
    # Both headers end in a "deadline" cell, so only lines holding "deadline" (in any case) can be
    # headers. ``str.lower`` maps character by character and never makes or removes a newline, so
    # the lowered text splits into the same lines.
    candidates = [lines[index] for index in lines_holding(text, "deadline")]
    activity = sum(_is_activity_header(x) for x in candidates)
    if activity == 0:
        return 0.0
    milestone = sum(_is_milestone_header(x) for x in candidates)
    priority = sum(bool(_PRIORITY.match(x)) for x in lines)
    score = 0.5 + 0.1 * min(activity, 3)
    if milestone:
        score += 0.1
    if priority:
        score += 0.1
    return min(score, 1.0)


# ---------------------------------------------------------------- document vocabulary


class _Vocabulary:
    """Word counts over the whole document: OCR garbage occurs once, real words recur."""

    def __init__(self, lines: list[str]) -> None:
        joined = "\n".join(lines)
        if joined.isascii():
            # ASCII only: lowering first finds the same words (lowered), in one regex pass.
            self.counts = Counter(_WORD.findall(joined.lower()))
        else:
            self.counts = Counter(w.lower() for line in lines for w in _WORD.findall(line))

    def unknown_words(self, text: str) -> list[str]:
        """Words of ``text`` that occur nowhere else in the document (once in all)."""
        return [w for w in _WORD.findall(text) if len(w) > 2 and self.counts[w.lower()] <= 1]

    def score(self, text: str) -> float:
        words = [w for w in _WORD.findall(text) if len(w) > 2]
        if not words:
            return 0.0
        return 1 - len(self.unknown_words(text)) / len(words)

    def join(self, left: str, right: str) -> str:
        """Join a wrapped title: keep a hyphenated break, mend a word split across cells."""
        if not left:
            return right
        if not right:
            return left
        if left.endswith("-") and right[0].islower():
            return left + right
        lw = _WORD.findall(left)
        rw = _WORD.findall(right)
        if lw and rw and left[-1].isalpha() and right[0].islower():
            joined = (lw[-1] + rw[0]).lower()
            # "minimis" + "ing": the halves occur nowhere else, the whole word does.
            if self.counts[lw[-1].lower()] <= 1 and self.counts[joined] >= 1:
                return left + right
        return f"{left} {right}"


# ---------------------------------------------------------------- people


def _strip_header_words(cell: str) -> str:
    """'Lead Officer Louise Russell (CE)' / 'Deadline 31/03/2015': header text leaked into a cell."""
    # (the pattern is anchored at the start: a match there, not a sub trying every position)
    m = _HEADER_WORDS.match(cell)
    return (cell[m.end():] if m else cell).strip()


def _split_members(text: str) -> list[str]:
    """Split a lead-member cell into members as printed.

    Unlike cells.split_roles, a comma also separates "Mayor Lutfur Rahman, Cllr Abdul Asad";
    it is kept only after a bare role ("Deputy Mayor, Cllr Oliur Rahman" is one member).
    """
    parts = [p.strip() for p in _MEMBER_SEPARATORS.split(normalise_space(text)) if p.strip()]
    members: list[str] = []
    pending = ""
    for part in parts:
        if pending:
            part = f"{pending}, {part}"
            pending = ""
        if _BARE_ROLE.match(part):
            pending = part
            continue
        members.append(part)
    if pending:
        members.append(pending)
    return members


_MEMBER_SEPARATORS = re.compile(r"\s*[/;,]\s*")
_LOOSE_DATE = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[A-Za-z]")
_LATEX_JUNK = re.compile(r"\\[A-Za-z]+")


@functools.lru_cache(maxsize=4096)  # officer names recur across a council's documents; more than re's cache holds
def _whole_name(name: str) -> re.Pattern[str]:
    """``name`` as a regex matching it as whole words."""
    return re.compile(r"(?<![\w])" + re.escape(name) + r"(?![\w])")


@dataclass
class _People:
    members: list[str] = field(default_factory=list)
    officer_cells: list[str] = field(default_factory=list)


def _split_member_officer(
    cell: str, known_officers: frozenset[str], known_members: frozenset[str]
) -> tuple[str, str]:
    """Split "Cllr A B / Cllr C D Jackie Odunoye (D&R)" into the member text and the officer text.

    The officer starts where a name known as an officer elsewhere in the document starts; failing
    that, after a member known elsewhere, else two name words after the last Cllr/Mayor marker.
    """
    markers = list(_MEMBER_MARKER.finditer(cell))
    last = markers[-1].end() if markers else 0
    best = None
    tail = cell[last:]
    for name in known_officers:
        if name not in tail:  # the regex can only match where the name is a substring
            continue
        m = _whole_name(name).search(tail)
        if m and (best is None or m.start() < best):
            best = m.start()
    if best is not None:
        cut = last + best
        return cell[:cut].strip(" ,/"), cell[cut:].strip()
    for member in sorted(known_members, key=lambda x: (-len(x), x)):
        idx = cell.rfind(member)
        if idx >= 0 and idx + len(member) >= last:
            cut = idx + len(member)
            return cell[:cut].strip(" ,/"), cell[cut:].strip(" ,/")
    words = cell[last:].split()
    cut_words = words[:2]
    rest = " ".join(words[2:])
    return (cell[:last] + " " + " ".join(cut_words)).strip(), rest.strip(" ,/")


def _row_people(
    cell: str, people: _People, known_officers: frozenset[str], known_members: frozenset[str]
) -> None:
    """Add one row's person cell to the members / officer cells of its block."""
    cell = _strip_header_words(normalise_space(cell))
    if not cell:
        return
    if _MEMBER_START.match(cell):
        member_text, officer_text = _split_member_officer(cell, known_officers, known_members)
        people.members.extend(_split_members(member_text))
        if officer_text:
            people.officer_cells.append(officer_text)
        return
    if people.members and "(" not in cell and not people.officer_cells:
        # A member's name wrapped onto the next row: "Cllr Alibor" + "Choudhury".
        candidate = f"{people.members[-1]} {cell}"
        if candidate in known_members or (len(cell.split()) == 1 and len(people.members[-1].split()) <= 2):
            people.members[-1] = candidate
            return
    people.officer_cells.append(cell)


def _owners(officer_cells: list[str], known_officers: frozenset[str]) -> tuple[list[Owner], list[str]]:
    owners: list[Owner] = []
    directorates: list[str] = []
    for cell in officer_cells:
        found, dirs = split_people(cell, known_officers)
        for owner in found:
            if all(owner.name != o.name for o in owners):
                owners.append(owner)
            else:  # the same person printed again: keep a directorate if only one printing had it
                for o in owners:
                    if o.name == owner.name and o.directorate is None:
                        o.directorate = owner.directorate
        for d in dirs:
            if d not in directorates:
                directorates.append(d)
    return owners, directorates


# ---------------------------------------------------------------- deadlines


def _deadlines(cells: list[tuple[int, str]], source: str, problems: list[Problem]) -> tuple[list[str], str]:
    """Deadlines from several cells, once each; unreal dates kept as printed and reported."""
    values: list[str] = []
    notes: list[str] = []
    for line, cell in cells:
        cell = _strip_header_words(cell)
        if not cell:
            continue
        found, invalid = parse_deadlines(cell)
        for bad in invalid:
            problems.append(Problem(source=source, line=line, what=f"deadline {bad!r} is not a real date",
                                    fix="kept as printed; check the source document"))
        checked = []
        for value in found:
            m = _ISO.match(value)
            if m and not 1990 <= int(m.group(1)) <= 2100:
                # "24/02/0045": a date only in the calendar's sense; an OCR misreading.
                printed = next((p for p in _LOOSE_DATE.findall(cell)
                                if p.endswith(m.group(1))), value)
                problems.append(Problem(source=source, line=line, what=f"deadline {printed!r} has an implausible year",
                                        fix="kept as printed; check the source document"))
                value = printed
            elif not m and value not in invalid and _DIGIT.search(value):
                # A truncated or damaged date ("1"); words such as "Ongoing" are kept silently.
                problems.append(Problem(source=source, line=line, what=f"deadline {value!r} is not a date",
                                        fix="kept as printed (truncated or OCR-damaged cell)"))
            checked.append(value)
        for value in checked:
            if value not in values:
                values.append(value)
        rest = _LOOSE_DATE.sub("", cell)
        if rest != cell and _LETTER.search(rest):
            notes.append(cell)  # "31/03/2015 and quarterly": the words are kept here
    return values, "; ".join(notes)


# ---------------------------------------------------------------- the parse


@dataclass
class _Row:
    line: int
    title: str
    person: str
    deadline: str


@dataclass
class _Narrative:
    """Bullets of the narrative introduction, used to mend a title the scan lost or garbled."""

    bullets: list[tuple[int, str, str]] = field(default_factory=list)  # line, text, heading above
    # the list of priorities printed up front ("- 2.4: Foster enterprise and entrepreneurship"):
    # code -> (line, title)
    priorities: dict[str, tuple[int, str]] = field(default_factory=dict)
    heading_codes: dict[str, str | None] = field(default_factory=dict)  # heading -> listed code (cache)

    @classmethod
    def from_lines(cls, lines: list[str], end: int) -> _Narrative:
        out = cls()
        heading = ""
        for i in range(end):
            text = lines[i].strip()
            if not text:
                continue
            listed = _LISTED_PRIORITY.match(text)
            if listed and "\t" not in text:
                out.priorities.setdefault(listed.group(1), (i + 1, normalise_space(listed.group(2)).rstrip(";.")))
            m = _BULLET.match(text)
            if m and not text.startswith("*"):
                bullet = re.sub(r"^\d{1,2}\.\d{1,2}:\s*", "", normalise_space(m.group(1)))  # "1.1: Provide ..."
                out.bullets.append((i + 1, bullet.rstrip(";."), heading))
            else:
                heading = text
        return out

    def completing(self, fragment: str, priority_title: str) -> tuple[int, str] | None:
        """The one bullet that ends with ``fragment`` (a title whose start was lost)."""
        frag = fragment.lower()
        hits = [(n, t, h) for n, t, h in self.bullets
                if t.lower().endswith(" " + frag) and len(t) > len(fragment)]
        if len(hits) > 1 and priority_title:
            key = priority_title.lower()[:25]
            hits = [x for x in hits if x[2].lower().startswith(key)] or hits
        return (hits[0][0], hits[0][1]) if len(hits) == 1 else None

    def listed_priority(self, title: str) -> str | None:
        """The code of the listed priority the narrative puts activity ``title`` under: the one bullet
        reading ``title`` (case aside, else the one clearly the same text), whose heading ("Fostering
        enterprise and entrepreneurship:") is clearly one listed priority's title ("2.4: Foster
        enterprise and entrepreneurship"). None when any step is not clear."""
        low = title.lower()
        hits = [h for _, t, h in self.bullets if t.lower() == low]
        if not hits:
            found = self.closest(title)
            hits = [h for n, _, h in self.bullets if found and n == found[0]]
        if len(set(hits)) != 1 or not self.priorities:
            return None
        return self.heading_priority(hits[0])

    def heading_priority(self, heading: str) -> str | None:
        """The code of the one listed priority whose title is clearly ``heading`` ("Fostering
        enterprise and entrepreneurship:" -> "2.4"), else None."""
        if heading not in self.heading_codes:  # (a few headings, each asked for many times)
            low = heading.rstrip(":").strip().lower()
            scored = sorted(((SequenceMatcher(None, low, t.lower()).ratio(), code)
                             for code, (_, t) in self.priorities.items()), reverse=True)
            clear = scored[0][0] >= 0.75 and (len(scored) == 1 or scored[1][0] <= scored[0][0] - 0.1)
            self.heading_codes[heading] = scored[0][1] if clear else None
        return self.heading_codes[heading]

    def closest(self, title: str) -> tuple[int, str] | None:
        """The one bullet that is clearly the same text as an OCR-garbled ``title``."""
        # A bullet whose ratio is below 0.6 can neither be the answer (0.75 or more) nor come within
        # 0.1 of one: the cheap upper bounds of the ratio (real_quick_ratio, quick_ratio) leave it out.
        low = title.lower()
        scored = []
        for n, t, _ in self.bullets:
            matcher = SequenceMatcher(None, low, t.lower())
            if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:
                scored.append((matcher.ratio(), n, t))
        scored.sort(reverse=True)
        if not scored or scored[0][0] < 0.75:
            return None
        if len(scored) > 1 and scored[1][0] > scored[0][0] - 0.1:
            return None
        return scored[0][1], scored[0][2]


def _clean_title(text: str) -> tuple[str, str | None]:
    """Title without HTML, LaTeX-like OCR junk ("\\vdash"), list number or trailing '*'."""
    text = strip_html(text)
    if "\\" in text:  # (no backslash, no LaTeX-like junk to remove)
        text = _LATEX_JUNK.sub(" ", text)
    text = normalise_space(text)
    number = None
    m = _LIST_NUMBER.match(text)
    if m:
        number, text = m.group(1), m.group(2)
    text = text.rstrip("*").strip()
    return text, number


def _is_copy(accumulated: str, title: str) -> bool:
    """Is ``title`` another printing of ``accumulated`` (an OCR copy) rather than its continuation?"""
    n = min(len(accumulated), len(title))
    if n == 0:
        return False
    matcher = SequenceMatcher(None, accumulated[:n].lower(), title[:n].lower())
    # The ratio that can still make a copy; quick_ratio() is a cheap upper bound of ratio().
    need = 0.6 if n >= 15 and not title[0].islower() else 0.8
    if matcher.quick_ratio() < need:
        return False
    ratio = matcher.ratio()
    if ratio >= 0.8:
        return True
    return ratio >= 0.6 and n >= 15 and not title[0].islower()


class _Parser:
    def __init__(self, text: str, source: str, plan: str | None) -> None:
        self.source = source
        self.lines = split_lines(text)
        # Both header rows end in a "deadline" cell, so only these lines (0-based: those whose lowered
        # text holds "deadline", as in ``detect``) can be one; the others skip the header tests.
        self.may_head = set(lines_holding(text, "deadline"))
        self.plan_override = plan
        self.items: list[ItemRecord] = []
        self.skipped: list[Skipped] = []
        self.problems: list[Problem] = []
        self.vocab = _Vocabulary(self.lines)
        self.theme: ItemRecord | None = None
        self.priority: ItemRecord | None = None
        self.activity: ItemRecord | None = None
        self.milestone: ItemRecord | None = None
        self.list_header: ItemRecord | None = None
        self.group: list[ItemRecord] = []  # a list header and its entries so far (see close_group)
        self.block: list[_Row] | None = None
        self.mode: str | None = None
        self.plan = ""

    # -- helpers

    def skip(self, n: int, reason: str) -> None:
        self.skipped.append(Skipped.trusted(line=n, text=self.lines[n - 1], reason=reason))

    def record(self, kind: Kind, line: int, lines: list[int], title: str, parent: ItemRecord | None,
               **fields) -> ItemRecord:
        item = ItemRecord.trusted(
            source=self.source, line=line, lines=sorted(set(lines)), plan=self.plan, kind=kind, title=title,
            parent=(parent.code or parent.title) if parent else None,
            parent_key=parent.key if parent else None, **fields,
        )
        self.items.append(item)
        return item

    def _next_nonblank(self, i: int) -> str:
        lines = self.lines
        for j in range(i + 1, len(lines)):  # (not a slice: that copies the rest of the document each call)
            if lines[j].strip():
                return lines[j]
        return ""

    # -- structure

    def start_of_plan(self) -> int:
        """Index of the first action-plan line; everything before it is the narrative."""
        for i, line in enumerate(self.lines):
            if _PRIORITY.match(line) or (i in self.may_head and _is_activity_header(line)):
                # A theme heading printed directly above (no blank line between) belongs to the plan.
                above = self.lines[i - 1] if i > 0 else ""
                if _PRIORITY.match(line) and above.strip() and _is_single_cell(above) and not _PRIORITY.match(above):
                    return i - 1
                return i
        raise LoaderError(self.source, "has no action plan (no 'Activity / Lead Member / Deadline' table)",
                          "use another --layout")

    def plan_year(self, start: int) -> str:
        if self.plan_override:
            return self.plan_override
        for line in self.lines[: max(start, 40)][:200]:
            if "plan" in line.lower():
                found = plan_years_in(line)  # "2014/15", not "2011-2020"
                if found:
                    return found[0]
        # Else the UK financial year (April-March) most deadlines fall in.
        return plan_from_dates(p for line in self.lines[start:] for p in find_dates(_cells(line)[2])) or "unknown"

    def parse(self) -> LoadResult:
        start = self.start_of_plan()
        self.plan = self.plan_year(start)
        self.narrative = _Narrative.from_lines(self.lines, start)
        for i in range(start):
            if self.lines[i].strip():
                self.skip(i + 1, SkipReason.NARRATIVE)
        # the priorities with a heading in the plan ("Strategic Priority 2.3: ..."), against which the
        # list printed up front is checked
        self.headed = ({m.group(1) for line in self.lines[start:] if (m := _PRIORITY.match(line))}
                       if self.narrative.priorities else set())
        self.listed_only: dict[str, ItemRecord] = {}  # code -> priority made from the list up front
        self.before_unheaded = self.headings_before_unheaded()
        self.known_officers, self.known_members = self.known_people(start)
        self.running = self.running_headers(start)
        for i in range(start, len(self.lines)):
            self.line(i)
        self.flush_activity()
        return LoadResult(source=self.source, layout=NAME, plan=self.plan, items=self.items,
                          skipped=sorted(self.skipped, key=lambda s: s.line), problems=self.problems)

    def known_people(self, start: int) -> tuple[frozenset[str], frozenset[str]]:
        """Officer names from cells holding only officers; member names from cells holding only members
        (frozen: split_people caches by cell and names, and would freeze and hash a set every call)."""
        officers: set[str] = set()
        members: set[str] = set()
        for i in range(start, len(self.lines)):
            line = self.lines[i]
            cell = _strip_header_words(normalise_space(_cells(line)[1]))
            if not cell or (i in self.may_head and (_is_activity_header(line) or _is_milestone_header(line))):
                continue
            if _MEMBER_START.match(cell):
                if "(" not in cell:
                    members.update(m for m in _split_members(cell) if len(m.split()) >= 3)
                continue
            for owner in split_people(cell)[0]:
                if 2 <= len(owner.name.split()) <= 3:
                    officers.add(owner.name)
        return frozenset(officers), frozenset(members)

    def running_headers(self, start: int) -> set[str]:
        """Single-cell lines printed three or more times in the plan: running page headers/footers."""
        counts = Counter(normalise_space(x).lower() for x in self.lines[start:] if x.strip() and _is_single_cell(x))
        return {text for text, c in counts.items() if c >= 3}

    def line(self, i: int) -> None:
        n = i + 1
        raw = self.lines[i]
        if not raw.strip():
            return
        if "\t" not in raw and _PAGE_FURNITURE.match(raw):  # a lone page number, not a row's cell
            self.skip(n, SkipReason.PAGE_FURNITURE)
            return
        head = i in self.may_head
        if head and _is_activity_header(raw):
            self.flush_activity()
            self.block = []
            self.mode = "activity"
            self.skip(n, SkipReason.HEADER_ROW)
            return
        if head and _is_milestone_header(raw):
            self.flush_activity()
            self.mode = "milestone"
            self.milestone = None
            self.skip(n, SkipReason.HEADER_ROW)
            return
        m = _PRIORITY.match(raw)
        if m:
            self.priority_heading(n, m.group(1), raw)
            return
        if _is_single_cell(raw) and _PRIORITY.match(self._next_nonblank(i)) and not raw.strip().endswith(":"):
            self.theme_heading(n, raw)
            return
        if _is_single_cell(raw) and normalise_space(raw).lower() in self.running:
            self.skip(n, SkipReason.PAGE_FURNITURE)
            return
        row = _Row(n, *_cells(raw))
        if self.mode == "activity" and self.block is not None:
            self.block.append(row)
        elif self.mode == "milestone":
            self.milestone_row(row)
        elif self.mode == "priority" and self.priority is not None and _is_single_cell(raw):
            # The priority's title wrapped onto a line of its own.
            self.priority.title = self.vocab.join(self.priority.title, normalise_space(row.title))
            self.priority.lines.append(n)
        elif self.mode == "priority" and self.priority is not None:
            # Activity rows printed without their header (a page break ate it).
            self.block = [row]
            self.mode = "activity"
        else:
            self.skip(n, SkipReason.UNPARSED)

    def theme_heading(self, n: int, raw: str) -> None:
        title = normalise_space(_cells(raw)[0])
        if self.theme is not None and title.lower() == self.theme.title.lower():
            self.skip(n, SkipReason.PAGE_FURNITURE)  # the same theme repeated at a page top
            return
        self.flush_activity()
        self.theme = self.record(Kind.THEME, n, [n], title, None)
        self.priority = self.activity = self.milestone = None
        self.mode = None

    def priority_heading(self, n: int, code: str, raw: str) -> None:
        if self.priority is not None and code == self.priority.code:
            self.skip(n, SkipReason.PAGE_FURNITURE)  # the same priority repeated at a page top
            return
        self.flush_activity()
        cells = _cells(raw)
        first = _PRIORITY.match(cells[0])
        title = normalise_space(first.group(2) if first else cells[0])
        for extra in cells[1:]:
            if extra:  # the heading wrapped into the next cell ("... and\tmaximising incomes")
                title = self.vocab.join(title, normalise_space(extra))
        self.priority = self.record(Kind.PRIORITY, n, [n], title.rstrip(":").strip(), self.theme, code=code)
        self.activity = self.milestone = None
        self.mode = "priority"

    # -- activities

    def flush_activity(self) -> None:
        """Turn the rows collected under an Activity header into one activity."""
        self.close_group()
        block, self.block = self.block, None
        if not block:
            return
        people = _People()
        groups: list[list[_Row]] = []  # each group: one printing of the title (wrapped rows joined)
        for row in block:
            _row_people(row.person, people, self.known_officers, self.known_members)
            title = normalise_space(row.title)
            if not title:
                continue
            if groups and not _is_copy(self.group_text(groups[-1]), title):
                groups[-1].append(row)
            else:
                groups.append([row])
        lines = [r.line for r in block]
        if not groups:
            for n in lines:
                self.skip(n, SkipReason.UNPARSED)
            self.problems.append(Problem(source=self.source, line=lines[0], what="activity rows with no title",
                                         fix="check the source document"))
            return
        # The cleanest printing wins (fewest words found nowhere else); ties go to the later
        # printing, the lead-officer row.
        best = max(range(len(groups)), key=lambda g: (self.vocab.score(self.group_text(groups[g])), g))
        title, number = _clean_title(self.group_text(groups[best]))
        extra: dict[str, str] = {}
        if number:
            extra["number"] = number
        title = self.mend_title(title, groups[best][0].line, extra)
        owners, directorates = _owners(people.officer_cells, self.known_officers)
        deadlines, note = _deadlines([(r.line, r.deadline) for r in block], self.source, self.problems)
        if note:
            extra["deadline_printed"] = note
        if len(groups) > 1:
            extra["other_printings"] = " | ".join(self.group_text(g) for k, g in enumerate(groups) if k != best)
        self.activity = self.record(
            Kind.ACTIVITY, groups[best][0].line, lines, title, self.priority_for(title, groups[best][0].line),
            owners=owners,
            directorates=directorates, members=people.members, deadlines=deadlines, extra=extra,
        )
        self.milestone = None

    def headings_before_unheaded(self) -> set[str]:
        """The headed priorities whose section an unheaded listed priority's activities would run on
        into: for each listed priority with no heading ("2.4"), the nearest headed one listed before
        it in the same theme ("2.3")."""
        def key(code: str) -> tuple[int, ...]:
            return tuple(int(x) for x in code.split("."))

        out = set()
        for code in set(self.narrative.priorities) - self.headed:
            before = [c for c in self.headed if c.split(".")[0] == code.split(".")[0] and key(c) < key(code)]
            if before:
                out.add(max(before, key=key))
        return out

    def priority_for(self, title: str, line: int) -> ItemRecord | None:
        """The priority an activity belongs to: the one whose heading it is printed under, unless the
        narrative lists it under a priority of the list printed up front that has no heading in the
        plan (2014/15: "2.4: Foster enterprise and entrepreneurship", line 119, lists "Support local
        businesses", but the plan prints that activity under 2.3's heading): then that priority, made
        from its line in the list (once) under the current theme, and the move reported."""
        here = self.priority
        if here is None or here.code not in self.before_unheaded:
            # (the usual case: every listed priority has its heading, or this heading is not the one
            # an unheaded priority's activities would follow)
            return here
        code = self.narrative.listed_priority(title)
        if code is None or code in self.headed or (here is not None and here.code == code):
            return here
        if here is not None and here.code and here.code.split(".")[0] != code.split(".")[0]:
            return here  # the list puts it in another theme: trust the plan's heading
        made = self.listed_only.get(code)
        if made is None:
            listed_line, listed_title = self.narrative.priorities[code]
            self.skipped = [s for s in self.skipped if s.line != listed_line]
            made = self.record(Kind.PRIORITY, listed_line, [listed_line], listed_title, self.theme, code=code,
                               extra={"listed_only": "in the list of priorities up front; no heading in the plan"})
            self.listed_only[code] = made
        self.problems.append(Problem(
            source=self.source, line=line,
            what=(f"activity {title!r} is printed under priority {here.code if here else None}'s heading, but the "
                  f"narrative lists it under priority {code} ({made.title!r}, line {made.line}), which has no "
                  f"heading in the plan: put under {code}"),
            fix="check the source document"))
        return made

    def group_text(self, rows: list[_Row]) -> str:
        text = ""
        for row in rows:
            text = self.vocab.join(text, normalise_space(row.title))
        return text

    def mend_title(self, title: str, line: int, extra: dict[str, str]) -> str:
        """Mend a title the scan truncated or garbled, from the narrative's list of the same activities."""
        priority_title = self.priority.title if self.priority else ""
        if title[:1].islower():
            found = self.narrative.completing(title, priority_title)
            if found:
                extra["printed_title"] = title
                self.problems.append(Problem(
                    source=self.source, line=line,
                    what=f"activity title {title!r} lost its start; completed from the narrative list (line {found[0]})",
                    fix="check the source document"))
                return found[1]
        if len(self.vocab.unknown_words(title)) >= 2:
            found = self.narrative.closest(title)
            if found and self.vocab.score(found[1]) > self.vocab.score(title):
                extra["printed_title"] = title
                self.problems.append(Problem(
                    source=self.source, line=line,
                    what=f"activity title {title!r} is OCR-garbled; corrected from the narrative list (line {found[0]})",
                    fix="check the source document"))
                return found[1]
        return title

    # -- milestones

    def milestone_row(self, row: _Row) -> None:
        title = normalise_space(row.title)
        person = _strip_header_words(normalise_space(row.person))
        last = self.milestone
        if not title:
            if last is None:
                self.skip(row.line, SkipReason.UNPARSED)
                return
            self.add_to_milestone(last, row, person)  # cells of the row above, wrapped
            return
        if last is not None and title[0].islower() and not person and "list_header" not in last.extra:
            last.title = self.vocab.join(last.title, title)  # a wrapped milestone title
            self.add_to_milestone(last, row, person)
            return
        if last is not None:
            prev = last.title.lower()
            if title.lower().startswith(prev + " ") and title[len(prev) + 1:][:1].isupper():
                # OCR printed the previous milestone again in front of this one.
                extra_note = title[: len(prev)]
                title = title[len(prev) + 1:].strip()
                self.problems.append(Problem(
                    source=self.source, line=row.line,
                    what=f"row repeats the milestone above ({extra_note!r}) before a new one",
                    fix="the repeat was dropped; check the source document"))
        clean, number = _clean_title(title)
        extra: dict[str, str] = {}
        in_group = self.list_header is not None and self.joins_group(clean, number)
        if not in_group:
            self.close_group()
        if number:
            extra["number"] = number
        if in_group:
            extra["list"] = self.list_header.title
        is_header = clean.endswith(":") and not person and not row.deadline
        if is_header:
            extra["list_header"] = "yes"
        people = _People()
        _row_people(person, people, self.known_officers, self.known_members)
        owners, directorates = _owners(people.officer_cells, self.known_officers)
        deadlines, note = _deadlines([(row.line, row.deadline)], self.source, self.problems)
        if note:
            extra["deadline_printed"] = note
        parent = self.activity
        self.milestone = self.record(
            Kind.MILESTONE, row.line, [row.line], clean, parent, owners=owners, directorates=directorates,
            members=people.members, deadlines=deadlines, extra=extra,
        )
        if parent is None:
            self.problems.append(Problem(source=self.source, line=row.line, what="milestone with no activity above it",
                                         fix="check the source document"))
        if is_header:
            self.close_group()
            self.list_header = self.milestone
            self.group = [self.milestone]
        elif in_group:
            self.group.append(self.milestone)

    def joins_group(self, title: str, number: str | None) -> bool:
        """Whether a milestone row is an entry of the list its header opened ("... including:"): a
        numbered row ("2. Deliver and evaluate ..."), or, in a list with no numbers, a short entry
        ("Interfaith Week": six words at most, no full stop) rather than the next milestone."""
        numbered = any("number" in m.extra for m in self.group[1:])
        if number:
            return numbered or len(self.group) == 1
        return not numbered and len(title.split()) <= 6 and not title.endswith((".", ":"))

    def close_group(self) -> None:
        """A list header and its entries are one group: an owner or a deadline printed once for the
        group (on one row, the others' cells empty) is every row's. 2014/15 lines 517-520: "Andy Bamber
        (CLC)" and 31/03/2015 printed on entry 1 only; lines 839-844: "Louise Russell (LPG)" on
        "Interfaith Week" only, each entry with its own deadline (which stays its own)."""
        group, self.group, self.list_header = self.group, [], None
        if len(group) < 2:
            return
        owned = [m for m in group if m.owners]
        if len(owned) == 1:
            source = owned[0]
            for m in group:
                if m is not source:
                    m.owners = [Owner.trusted(o.name, o.directorate) for o in source.owners]
                    m.directorates = list(source.directorates)
                    m.extra["owner_from_line"] = str(source.line)
        dated = [m for m in group if m.deadlines]
        if len(dated) == 1:
            source = dated[0]
            for m in group:
                if m is not source:
                    m.deadlines = list(source.deadlines)
                    m.extra["deadline_from_line"] = str(source.line)

    def add_to_milestone(self, item: ItemRecord, row: _Row, person: str) -> None:
        item.lines.append(row.line)
        people = _People()
        _row_people(person, people, self.known_officers, self.known_members)
        owners, directorates = _owners(people.officer_cells, self.known_officers)
        for owner in owners:
            if all(owner.name != o.name for o in item.owners):
                item.owners.append(owner)
        for d in directorates:
            if d not in item.directorates:
                item.directorates.append(d)
        for m in people.members:
            if m not in item.members:
                item.members.append(m)
        deadlines, _ = _deadlines([(row.line, row.deadline)], self.source, self.problems)
        for d in deadlines:
            if d not in item.deadlines:
                item.deadlines.append(d)


# ---------------------------------------------------------------- the loader


class _Loader:
    name = NAME
    description = (
        "Strategic plan action plan (e.g. 2014/15, OCR'd): narrative, then 'Strategic Priority N.N' sections "
        "whose activities each have a lead-member row and a lead-officer row, then Milestone rows"
    )

    def detect(self, text: str) -> float:
        return detect(text)

    def parse(self, text: str, source: str, plan: str | None = None) -> LoadResult:
        return _Parser(text, source, plan).parse()


LOADER = _Loader()
