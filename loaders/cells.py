"""Cell-level helpers every layout shares: dates, percentages, people cells, HTML.

Each function takes the text of one cell and returns plain values; none knows about
lines or layouts.
"""

from __future__ import annotations

import datetime as _dt
import functools
import html
import re
from collections import Counter
from collections.abc import Iterable

from graphmodel.schema import Owner
from loaders.roles import is_post

# ---------------------------------------------------------------- dates

_DATE = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})\b")


@functools.lru_cache(maxsize=8192)  # a pure function of one short string; deadlines recur
def parse_date(text: str) -> tuple[str, bool]:
    """Return ``(value, valid)`` for one printed date ``dd/mm/yyyy`` or ``dd/mm/yy``.

    ``value`` is ``YYYY-MM-DD`` when the date exists; otherwise the text exactly as
    printed (``31/04/17`` is kept, never moved to another day) and ``valid`` is False.
    Two-digit years are 20yy.
    """
    m = _DATE.fullmatch(text.strip())
    if not m:
        return text.strip(), False
    day, month, year = int(m.group(1)), int(m.group(2)), m.group(3)
    full_year = int(year) + 2000 if len(year) == 2 else int(year)
    if not 1990 <= full_year <= 2100:  # OCR damage ("24/02/0045"), not a plan deadline
        return text.strip(), False
    try:
        return _dt.date(full_year, month, day).isoformat(), True
    except ValueError:
        return text.strip(), False


def find_dates(text: str) -> list[str]:
    """Return every ``dd/mm/yy(yy)`` substring of ``text``, in order, as printed."""
    return _DATE_WHOLE.findall(text)


# _DATE without its groups, so that ``findall`` gives the whole matches (as printed)
_DATE_WHOLE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:\d{4}|\d{2})\b")


def parse_deadlines(cell: str) -> tuple[list[str], list[str]]:
    """Return ``(deadlines, invalid)`` for a deadline cell that may hold several dates.

    ``deadlines`` holds ``YYYY-MM-DD`` for real dates and the printed text for the rest
    (a cell with no date at all, e.g. "Ongoing", gives that text); ``invalid`` lists the
    printed dates that do not exist, for the loader to report as problems.
    """
    values, invalid = _deadlines(cell)
    return list(values), list(invalid)


@functools.lru_cache(maxsize=8192)  # a pure function of one short cell; deadlines recur row after row
def _deadlines(cell: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    cell = cell.strip()
    if not cell:
        return (), ()
    printed = find_dates(cell)
    if not printed:
        return (cell,), ()
    values, invalid = [], []
    for p in printed:
        value, ok = parse_date(p)
        values.append(value)
        if not ok:
            invalid.append(p)
    return tuple(values), tuple(invalid)


# ---------------------------------------------------------------- cells


def split_cells(line: str) -> list[str]:
    """The tab-separated cells of a line, each stripped, no-break spaces made plain spaces."""
    if "\u00a0" not in line:  # (the common case: nothing to replace)
        return [c.strip() for c in line.split("\t")]
    return [c.replace("\u00a0", " ").strip() for c in line.split("\t")]


# ---------------------------------------------------------------- percent, html

_PERCENT = re.compile(r"(\d{1,3})\s*%")


@functools.lru_cache(maxsize=4096)  # a pure function of one short cell; "100%", "75%" recur row after row
def parse_percent(cell: str) -> int | None:
    """Return the integer percentage in a cell ("75%", "value=\"40%\"", " 100%"), or None."""
    m = _PERCENT.search(cell or "")
    return int(m.group(1)) if m else None


_TAG = re.compile(r"<[^>]{0,400}>")


def strip_html(text: str) -> str:
    """Remove HTML tags and entities and collapse whitespace."""
    if "<" in text:  # no "<", no tag: skip the regex scan
        text = _TAG.sub(" ", text)
    if "&" in text:  # no "&", no entity
        text = html.unescape(text)
    return " ".join(text.split())


def normalise_space(text: str) -> str:
    # str.split() splits on exactly the characters regex \s matches (str.isspace), so this is
    # re.sub(r"\s+", " ", text).strip(), without the regex.
    return " ".join(text.split())


# ---------------------------------------------------------------- people

# A directorate as printed after a name: "(D&R)", "(CE's)", "(Public Health)", "(Place)".
_DIRECTORATE = re.compile(r"\(\s*([A-Za-z&'’ ]{1,30}?)\s*\)")
# Separators between people. " and " / " & " only between names, never inside a role.
_SEPARATORS = re.compile(r"\s*(?:/|;|,|\band\b|&)\s*")
_NAME_PARTICLES = {"st", "st.", "de", "van", "von", "le", "la", "du", "da", "di", "o'", "mc"}


def split_people(cell: str, known_names: set[str] | frozenset[str] = frozenset()) -> tuple[list[Owner], list[str]]:
    """Split an owner cell into people, each with the directorate printed for them.

    Handles "A and B (D&R)", "A & B", "A, B, C (PLACE)", "A (CS) / B (HAC)",
    "A (CS) B (PLACE)", "A; B", and names printed with no separator ("Nancy Meehan
    Christine McInnes (CS)"), which are split on ``known_names`` when given, else into
    two-word names. A directorate applies to every name since the previous one; as many
    directorates printed together as there are names before them go one each, in order
    ("Sharon Godman / Neville Murton (RES) (GOV)").
    Returns ``(owners, directorates)``: directorates as printed, in order, once each.
    """
    if known_names:  # (a frozenset of the names is the cache's key: the set itself may change)
        frozen = known_names if isinstance(known_names, frozenset) else frozenset(known_names)
        pairs, directorates = _people_known_cached(cell, frozen)
    else:  # the same owner cell recurs row after row: split it once
        pairs, directorates = _people_cached(cell)
    return [Owner.trusted(name, directorate) for name, directorate in pairs], list(directorates)


def _people(
    cell: str, known_names: set[str] | frozenset[str]
) -> tuple[tuple[tuple[str, str | None], ...], tuple[str, ...]]:
    """``split_people`` as (name, directorate) pairs and directorates, both tuples."""
    cell = normalise_space(cell)  # (a no-break space is whitespace to str.split: it becomes a space)
    owners: list[tuple[str, str | None]] = []
    directorates: list[str] = []
    # Each run of names with the directorates printed after it: "A / B (RES) (GOV)" is one run of
    # two names with two directorates.
    runs: list[tuple[list[str], list[str]]] = []
    pos = 0
    for m in _DIRECTORATE.finditer(cell):
        directorate = normalise_space(m.group(1))
        if directorate not in directorates:
            directorates.append(directorate)
        between = cell[pos : m.start()]
        if runs and not between.strip():
            runs[-1][1].append(directorate)  # another directorate straight after the last one
        else:
            runs.append((_split_names(between, known_names), [directorate]))
        pos = m.end()
    for names, printed in runs:
        if len(printed) == len(names) > 1:
            owners.extend(zip(names, printed, strict=True))  # one each, in order
        else:
            # one directorate after a group of names is each one's ("A, B (D&R)"); of several
            # printed for a number of names they do not match, the first
            owners.extend((name, printed[0]) for name in names)
    for name in _split_names(cell[pos:], known_names):
        owners.append((name, None))
    # one person printed twice in a cell is one owner (the first printing)
    unique: list[tuple[str, str | None]] = []
    seen: set[str] = set()
    for owner in owners:
        if owner[0] not in seen:
            seen.add(owner[0])
            unique.append(owner)
    return tuple(unique), tuple(directorates)


@functools.lru_cache(maxsize=4096)
def _people_known_cached(
    cell: str, known_names: frozenset[str]
) -> tuple[tuple[tuple[str, str | None], ...], tuple[str, ...]]:
    return _people(cell, known_names)


@functools.lru_cache(maxsize=16384)
def _people_cached(cell: str) -> tuple[tuple[tuple[str, str | None], ...], tuple[str, ...]]:
    return _people(cell, frozenset())


def _split_names(text: str, known_names: set[str] | frozenset[str]) -> list[str]:
    names: list[str] = []
    for part in _SEPARATORS.split(text):
        part = part.strip(" .:-")
        if not part:
            continue
        names.extend(_split_run(part, known_names))
    return names


def _split_run(run: str, known_names: set[str] | frozenset[str]) -> list[str]:
    """Split a run of words that may hold several names with no separator."""
    words = run.split()
    if len(words) <= 3 or run in known_names or is_post(run):
        return [run]
    if known_names:
        out, i = [], 0
        while i < len(words):
            for j in range(len(words), i, -1):
                candidate = " ".join(words[i:j])
                if candidate in known_names:
                    out.append(candidate)
                    i = j
                    break
            else:
                break
        else:
            return out
    # Unknown people: two capitalised words a name, particles ("St John") kept together.
    if len(words) % 2 == 0 and not any(w.lower() in _NAME_PARTICLES for w in words):
        return [" ".join(words[k : k + 2]) for k in range(0, len(words), 2)]
    return [run]


def split_roles(cell: str) -> list[str]:
    """Split a lead-member cell into members as printed.

    Roles contain "and" ("Cabinet Member for Work and Economic Growth"), so only ",",
    "/" and ";" separate; "Deputy Mayor, Cllr Oliur Rahman" stays one member.
    """
    cell = normalise_space(cell)
    parts = [p.strip() for p in _ROLE_SEPARATORS.split(cell) if p.strip()]
    return parts


_ROLE_SEPARATORS = re.compile(r"\s*[/;]\s*|\s*,(?!\s*Cllr\b)\s*")


# ---------------------------------------------------------------- plan years

# (the lookahead changes nothing the pattern matches: it lets the regex engine skip to a "1" or "2"
# before trying the rest, which scans a whole document about a fifth faster)
_PLAN_YEAR = re.compile(r"(?=[12])\b((?:19|20)\d\d)\s*[/\-–]\s*(\d{2}|\d{4})\b")


def plan_years_in(text: str) -> list[str]:
    """Every plan year written in ``text`` ("2012/13", "2012-13", "2012/2013"), as ``YYYY/YY``.

    Only consecutive years count: "2012/13" is a plan year, "2012/15" is not.
    """
    found = []
    for m in _PLAN_YEAR.finditer(text):
        start, end = int(m.group(1)), int(m.group(2)[-2:])
        if end == (start + 1) % 100:
            found.append(f"{start}/{end:02d}")
    return found


@functools.lru_cache(maxsize=4096)  # a pure function of one date; a document's deadlines recur
def financial_year(iso_date: str) -> str:
    """The UK financial year (April to March) a ``YYYY-MM-DD`` date falls in: 2013-03-31 -> 2012/13."""
    year, month = int(iso_date[:4]), int(iso_date[5:7])
    start = year if month >= 4 else year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def plan_from_dates(printed: Iterable[str]) -> str | None:
    """The financial year most of the printed dates (``dd/mm/yy(yy)``) fall in; ties go to the
    later year. Dates that do not exist are ignored; None when there is no real date."""
    years: Counter[str] = Counter()
    for text in printed:
        value, ok = parse_date(text)
        if ok:
            years[financial_year(value)] += 1
    if not years:
        return None
    return max(years, key=lambda y: (years[y], y))
