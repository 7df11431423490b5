"""One plan, many reports: each loaded document is a *report* (a reading) of a plan year.

A council publishes its plan once and reports on it every quarter. ``detect_report`` finds a
report's date (``as_of``) and kind from its title lines; ``plan_items`` groups the reports of
one plan (a plan year of one publisher), matches each report's records to the plan's items
(``match_report``: printed code, else title and parent, milestones within their activity)
and returns ONE record per plan item, carrying its latest reading's fields, with the list of
its readings (``History``). Identity, lineage, the graph and every count then work on plan
items, so an item printed in four quarterly reports counts once.

An item keeps the key (file and line) of the first report that printed it, so its id stays
the same when a later report is loaded. A plan year with a single report passes through
unchanged: its records are its plan items.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from graphmodel.schema import ItemRecord, Kind, StatusCategory, unvalidated
from graphmodel.store.base import StoreError

# report kinds, in the order two reports of one date are read (a plan before its monitoring)
PLAN, QUARTERLY, END_OF_YEAR, OVERDUE, TRACKER = "plan", "quarterly", "end-of-year", "overdue", "tracker"
REPORT_KINDS = (PLAN, QUARTERLY, END_OF_YEAR, OVERDUE, TRACKER)
_KIND_ORDER = {k: i for i, k in enumerate(REPORT_KINDS)}
_KIND_SEQUENCE = (Kind.THEME, Kind.PRIORITY, Kind.ACTIVITY, Kind.MILESTONE)
SAME_TITLE = 0.6  # lineage's title similarity at or above which two titles under one parent are one item
_MAX_GROUP = 400  # similarity is scored within one parent's unmatched items, never more than this many


# ---------------------------------------------------------------------------- dates and kinds

_MONTHS = {m: n for n, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for m in names}
_QUARTER_WORDS = {"1": 1, "2": 2, "3": 3, "4": 4, "one": 1, "two": 2, "three": 3, "four": 4,
                  "first": 1, "second": 2, "third": 3, "fourth": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
_POSITION = re.compile(
    r"(?:\b(?:position|progress|status|performance|update|monitoring)?\s*(?:as\s+at|as\s+of|at|to|ending|ended)|@)\s*"
    r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})\b")
_POSITION_NUMERIC = re.compile(r"(?:\b(?:as\s+at|as\s+of|position\s+at)|@)\s*(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})\b")
# a month without a day: "position at end of December 2017", "progress to December 2017",
# "monitoring: December 2017", "December 2017 update" (the month's last day, when in the plan year)
_MONTH_POSITION = re.compile(
    r"(?:\b(?:as\s+at|as\s+of|at|to|ending|ended|position|progress|monitoring|update|report)\s*:?\s+"
    r"(?:the\s+)?(?:end\s+of\s+)?|@\s*)([a-z]+)\.?,?\s+(\d{4})\b"
    r"|\b([a-z]+)\.?\s+(\d{4})\s+(?:update|position|progress|monitoring|performance)\b")
_QUARTER = re.compile(
    r"\b(?:quarter|qtr)\s*(1|2|3|4|one|two|three|four|iv|iii|ii|i)\b|\bq\s?([1-4])\b"
    r"|\b(first|second|third|fourth)\s+quarter\b")
_END_OF_YEAR = re.compile(r"\b(?:end\s+of\s+(?:the\s+)?year|year[\s-]+end|end-of-year|annual\s+(?:monitoring|report|"
                          r"review|outturn)|outturn)\b")
_MID_YEAR = re.compile(r"\b(?:mid|half)[\s-]+year\b")
_OVERDUE = re.compile(r"\boverdue\s+(?:activities|actions|items|milestones|deliverables|report|list)\b")
_HEAD_LINES = 40  # title lines are looked for among this many skipped lines at the top and as furniture
_TITLE_REASONS = ("document title", "page furniture")


@dataclass(frozen=True)
class ReportDate:
    """What ``detect_report`` found: the report's date (``YYYY-MM-DD`` or None), its kind,
    and the text it read the date from ('' when none)."""

    as_of: str | None
    kind: str
    evidence: str = ""


def plan_year_start(plan: str) -> int | None:
    """The first calendar year of a plan year ("2017/18" -> 2017); None when it has none."""
    m = re.match(r"\s*((?:19|20)\d\d)", plan or "")
    return int(m.group(1)) if m else None


def quarter_end(plan: str, quarter: int) -> str | None:
    """The last day of ``quarter`` (1..4) of a plan year running April to March: Q1 30 June,
    Q2 30 September, Q3 31 December, Q4 31 March of the next year; None without a plan year."""
    start = plan_year_start(plan)
    if start is None:
        return None
    return {1: f"{start}-06-30", 2: f"{start}-09-30", 3: f"{start}-12-31", 4: f"{start + 1}-03-31"}[quarter]


def in_plan_year(plan: str, as_of: str) -> bool:
    """True when ``as_of`` (YYYY-MM-DD) falls within the plan year (1 April to 31 March);
    True when the plan has no year to compare with."""
    start = plan_year_start(plan)
    return start is None or f"{start}-04-01" <= as_of <= f"{start + 1}-03-31"


def title_lines(result) -> list[str]:
    """The lines a report's date and kind are read from (lowered): the skipped lines above its
    first item, and skipped document titles and page furniture (running headers) anywhere;
    at most ``_HEAD_LINES`` of each. Comments are never read ("by the end of quarter 2" in a
    comment says nothing about the report's date)."""
    first = min((r.line for r in result.items), default=1 << 30)
    head = [s.text for s in result.skipped if s.line < first][:_HEAD_LINES]
    furniture = [s.text for s in result.skipped if s.line >= first and s.reason.startswith(_TITLE_REASONS)]
    return [t.lower() for t in head + furniture[:_HEAD_LINES]]


_PLAN_YEAR = re.compile(r"\b((?:19|20)\d\d)\s*[/-]\s*(\d\d(?:\d\d)?)\b")


def titled_plan(result) -> str | None:
    """The plan year ("2017/18") the report's title lines name, None when they name none or
    several."""
    found = set()
    for text in title_lines(result):
        for m in _PLAN_YEAR.finditer(text):
            start, end = int(m.group(1)), int(m.group(2)[-2:])
            if (start + 1) % 100 == end:
                found.add(f"{start}/{end:02d}")
    return found.pop() if len(found) == 1 else None


def detect_report(result) -> ReportDate:
    """The date and kind of the report ``result`` (a ``LoadResult``) from its title lines:
    "position at 31 December 2017" (that date), "Quarter 3" / "Q3 Update" (the quarter's last
    day in the plan year), "End of Year Monitoring" (31 March), "mid-year" (30 September).
    Kind: ``overdue`` (an overdue-only list), ``tracker``, ``plan`` (no item has a status),
    ``end-of-year`` or ``quarterly``."""
    lines = title_lines(result)
    as_of, evidence, end_of_year = None, "", False
    for text in lines:
        found = _date_in(text, result.plan)
        if found and as_of is None:
            as_of, evidence = found, text
        if _END_OF_YEAR.search(text):
            end_of_year = True
    if as_of is None:
        for text in lines:
            m = _QUARTER.search(text)
            if m:
                word = next(g for g in m.groups() if g)
                as_of, evidence = quarter_end(result.plan, _QUARTER_WORDS[word]), text
                break
            if _END_OF_YEAR.search(text):
                as_of, evidence = quarter_end(result.plan, 4), text
                break
            if _MID_YEAR.search(text):
                as_of, evidence = quarter_end(result.plan, 2), text
                break
    return ReportDate(as_of=as_of, kind=_kind(result, lines, end_of_year or (as_of or "").endswith("-03-31")),
                      evidence=evidence if as_of else "")


def _date_in(text: str, plan: str) -> str | None:
    """An explicit date the title line gives ("position at 31 December 2017", "as at 31/12/17")."""
    m = _POSITION.search(text)
    if m and m.group(2) in _MONTHS:
        return _iso(int(m.group(3)), _MONTHS[m.group(2)], int(m.group(1)))
    m = _POSITION_NUMERIC.search(text)
    if m:
        year = int(m.group(3))
        return _iso(year + 2000 if year < 100 else year, int(m.group(2)), int(m.group(1)))
    for m in _MONTH_POSITION.finditer(text):
        month, year = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        if month in _MONTHS:
            last = _month_end(int(year), _MONTHS[month])
            if plan and in_plan_year(plan, last):  # a month alone is a position only within its plan year
                return last
    return None


def _month_end(year: int, month: int) -> str:
    """The last day of ``month`` in ``year``, YYYY-MM-DD."""
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def _kind(result, lines: list[str], end_of_year: bool) -> str:
    if result.layout == "improvement-tracker":
        return TRACKER
    if result.layout == "overdue-report" or any(_OVERDUE.search(t) for t in lines):
        return OVERDUE
    if not any(r.status for r in result.items):
        return PLAN
    return END_OF_YEAR if end_of_year else QUARTERLY


def valid_date(text: str) -> str:
    """``text`` if it is a real date written YYYY-MM-DD; raises ``ValueError`` otherwise."""
    try:
        if re.fullmatch(r"\d{4}-\d\d-\d\d", text or ""):
            return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    raise ValueError(f"{text!r} is not a date written YYYY-MM-DD")


# ---------------------------------------------------------------------------- readings


@dataclass(frozen=True, slots=True)
class Report:
    """One loaded document as a reading of a plan: ``source`` (file name), ``plan``, ``as_of``,
    ``kind``, ``layout``, and the plan (``group``: plan year and publisher) it reads."""

    source: str
    plan: str
    as_of: str | None
    kind: str
    layout: str
    group: str
    items: int = 0
    activities: int = 0
    milestones: int = 0
    new: int = 0  # plan items it printed first
    left_out: int = 0  # plan items printed before, not by it (counted on the first report that left them out)

    @property
    def order(self) -> tuple:
        """Readings' order within a plan: by date (undated first), kind, file name."""
        return (self.as_of or "", _KIND_ORDER.get(self.kind, 9), self.source)


@dataclass(slots=True)
class Reading:
    """One report's reading of one plan item: the printed record and the report."""

    report: Report
    record: ItemRecord


HISTORY_KEYS = ("plan", "kind", "code", "title", "source", "line", "as_of", "status", "percent", "deadlines",
                "comments")


@dataclass(slots=True)
class History:
    """A plan item's readings in report order, and the date of the first later report of its
    plan that did not print it (``unreported_since``; overdue-only lists do not count, as they
    print only what is late)."""

    readings: list[Reading] = field(default_factory=list)
    unreported_since: str | None = None

    def facts(self) -> dict:
        """The item's history columns (see ``history_facts``)."""
        return history_facts(self.readings, self.unreported_since)


def history_facts(readings: list[Reading], unreported_since: str | None = None) -> dict:
    """What an item's ``readings`` (in report order) tell: ``baseline`` (the first reading's
    deadline), ``n_readings``, ``first_as_of`` and ``as_of`` (the first and latest readings'
    report dates), ``unreported_since``, and ``moved`` and ``fell_behind`` (``moved_and_behind``)."""
    first = readings[0].record if readings else None
    moved, fell_behind = moved_and_behind(
        (r.record.deadlines[-1] if r.record.deadlines else None, r.record.status_category.value) for r in readings)
    return {"baseline": first.deadlines[-1] if first is not None and first.deadlines else None,
            "n_readings": len(readings),
            "first_as_of": readings[0].report.as_of if readings else None,
            "as_of": readings[-1].report.as_of if readings else None,
            "unreported_since": unreported_since, "moved": moved, "fell_behind": fell_behind}


_ON_TARGET, _LATE, _UNKNOWN = StatusCategory.ON_TARGET.value, StatusCategory.LATE.value, StatusCategory.UNKNOWN.value


def moved_and_behind(steps: Iterable[tuple[str | None, str | None]]) -> tuple[bool, bool]:
    """(moved, fell_behind) of an item's readings in report order, given as (deadline, status
    category value) pairs: *moved* when a deadline differs from the one the item had in an
    earlier reading (a reading that prints none changes nothing); *fell behind* when a reading
    is late and the one before it with a status was on target."""
    moved = behind = False
    prev_deadline = prev_cat = None
    for deadline, cat in steps:
        if deadline is not None:
            if prev_deadline is not None and deadline != prev_deadline:
                moved = True
            prev_deadline = deadline
        if cat and cat != _UNKNOWN:
            if prev_cat == _ON_TARGET and cat == _LATE:
                behind = True
            prev_cat = cat
    return moved, behind


ITEM_HISTORY_COLUMNS = {"baseline": "STRING", "n_readings": "INT64", "first_as_of": "STRING", "as_of": "STRING",
                        "unreported_since": "STRING", "moved": "BOOLEAN", "fell_behind": "BOOLEAN"}


# ---------------------------------------------------------------------------- matching


_NOT_WORD = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=1 << 18)
def _norm_title(title: str) -> str:
    """A title with case, punctuation and spacing aside (each title is printed in every report
    of its plan: worked out once)."""
    return " ".join(_NOT_WORD.sub(" ", title.lower()).split())


def _norm_code(code: str | None) -> str | None:
    if not code:
        return None
    return code.strip().lower().rstrip(".") or None


def same_item_score(a: str, b: str) -> float:
    """How alike two titles of one kind under one parent are as the same item (0..1): one
    definition shared with lineage (its ``title_similarity``), 0 when a number, month or name
    was put in another's place ("phase 3" / "phase 4")."""
    from graphmodel.lineage import _put_in_place, title_similarity

    if _norm_title(a) == _norm_title(b):
        return 1.0
    if _put_in_place(a, b):
        return 0.0
    return title_similarity(a, b)


@dataclass
class _PlanState:
    """The items of one plan as its reports are read in order."""

    items: dict[str, list[Reading]] = field(default_factory=dict)  # plan key -> readings
    kind_of: dict[str, Kind] = field(default_factory=dict)
    parent_of: dict[str, str | None] = field(default_factory=dict)  # plan key -> parent plan key
    title_of: dict[str, str] = field(default_factory=dict)
    by_code: dict[tuple[Kind, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    by_parent: dict[tuple[Kind, str | None], list[str]] = field(default_factory=lambda: defaultdict(list))
    by_title: dict[tuple[Kind, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    unreported: dict[str, str | None] = field(default_factory=dict)

    def add(self, key: str, rec: ItemRecord, parent: str | None) -> None:
        self.items[key] = []
        self.kind_of[key] = rec.kind
        self.parent_of[key] = parent
        self.title_of[key] = rec.title
        code = _norm_code(rec.code)
        if code:
            self.by_code[(rec.kind, code)].append(key)
        self.by_parent[(rec.kind, parent)].append(key)
        self.by_title[(rec.kind, _norm_title(rec.title))].append(key)


def match_report(state: _PlanState, records: list[ItemRecord]) -> dict[str, str]:
    """Match one report's ``records`` to the plan's items so far: record key -> plan key
    (new items get their own key and join ``state``). Outermost kinds first, so a record's
    parent is matched before it. Each plan item takes at most one record of a report.

    The same item is: the same printed code (of the same kind); else the same title (case,
    punctuation and spacing aside) under the same parent, or anywhere in the plan when only
    one item has it; else, under the same parent, a title at least ``SAME_TITLE`` alike
    (lineage's similarity), best pairs first."""
    mapped: dict[str, str] = {}
    taken: set[str] = set()
    by_kind: dict[Kind, list[ItemRecord]] = defaultdict(list)
    for rec in records:
        by_kind[rec.kind].append(rec)
    for kind in _KIND_SEQUENCE:
        recs = by_kind.get(kind, [])
        rest = []
        for rec in recs:
            parent = mapped.get(rec.parent_key) if rec.parent_key else None
            key = _exact(state, rec, parent, taken)
            if key is None:
                rest.append((rec, parent))
            else:
                mapped[rec.key] = key
                taken.add(key)
        groups: dict[str | None, list[ItemRecord]] = defaultdict(list)
        for rec, parent in rest:
            groups[parent].append(rec)
        for parent, group in groups.items():
            free = [k for k in state.by_parent.get((kind, parent), ()) if k not in taken]
            pairs = []
            if free and len(free) * len(group) <= _MAX_GROUP * 4 and len(free) <= _MAX_GROUP:
                for i, rec in enumerate(group):
                    for key in free:
                        score = same_item_score(rec.title, state.title_of[key])
                        if score >= SAME_TITLE:
                            pairs.append((-score, i, key))
            pairs.sort()
            done: set[int] = set()
            for _, i, key in pairs:
                if i in done or key in taken:
                    continue
                done.add(i)
                taken.add(key)
                mapped[group[i].key] = key
            for i, rec in enumerate(group):
                if i not in done:  # a new item of the plan
                    state.add(rec.key, rec, parent)
                    mapped[rec.key] = rec.key
                    taken.add(rec.key)
    return mapped


def _exact(state: _PlanState, rec: ItemRecord, parent: str | None, taken: set[str]) -> str | None:
    """The plan item ``rec`` is by code or by exact title (see ``match_report``), or None."""
    code = _norm_code(rec.code)
    if code:
        keys = [k for k in state.by_code.get((rec.kind, code), ()) if k not in taken]
        if keys:
            same_parent = [k for k in keys if state.parent_of[k] == parent]
            return (same_parent or keys)[0]
    keys = [k for k in state.by_title.get((rec.kind, _norm_title(rec.title)), ()) if k not in taken]
    same_parent = [k for k in keys if state.parent_of[k] == parent]
    if same_parent:
        return same_parent[0]
    if len(state.by_title.get((rec.kind, _norm_title(rec.title)), ())) == 1 and keys:
        return keys[0]
    return None


# ---------------------------------------------------------------------------- plans


@dataclass
class PlanItems:
    """The corpus as plan items: ``records`` (one per plan item, its latest reading's fields
    under its first reading's key), ``history`` (plan key -> History) and ``reports``."""

    records: list[ItemRecord]
    history: dict[str, History]
    reports: list[Report]
    # (source, what): a later report that printed under half of its plan's items so far
    warnings: list[tuple[str, str]] = field(default_factory=list)


def report_groups(results: list, publisher: dict[str, int]) -> dict[str, list]:
    """The load results grouped into plans: plan year and publisher (``lineage.publishers``);
    a document without publisher evidence joins its plan year's only publisher, if it has one.
    Returns group name -> results."""
    by_plan: dict[str, list] = defaultdict(list)
    for r in results:
        by_plan[r.plan].append(r)
    groups: dict[str, list] = {}
    for plan, rs in by_plan.items():
        pubs = sorted({publisher[r.source] for r in rs if r.source in publisher})
        for r in rs:
            pub = publisher.get(r.source, pubs[0] if len(pubs) == 1 else None)
            name = f"{plan}|{pub}" if pub is not None else f"{plan}|{r.source}"
            groups.setdefault(name, []).append(r)
    return groups


class UndatedReports(StoreError):
    """Two reports of one plan have no date: which comes first cannot be told. A
    ``StoreError``, so every command says it in one line."""

    def __init__(self, plan: str, sources: list[str]) -> None:
        self.plan = plan
        self.sources = sources
        super().__init__(f"{' and '.join(sources)} are both undated reports of plan {plan} "
                         f"(hint: give each its date with graph load FILE --as-of YYYY-MM-DD)")


def plan_items(results: list, publisher: dict[str, int]) -> PlanItems:
    """Match every report's records to its plan's items (``match_report``) and return the
    ``PlanItems``. Raises ``UndatedReports`` when a plan has two reports without a date."""
    records: list[ItemRecord] = []
    history: dict[str, History] = {}
    reports: list[Report] = []
    warnings: list[tuple[str, str]] = []
    for group, rs in report_groups(results, publisher).items():
        reps = []
        for r in rs:
            counts = r.count_by_kind()
            reps.append((Report(source=r.source, plan=r.plan, as_of=r.as_of, kind=r.report_kind or QUARTERLY,
                                layout=r.layout, group=group, items=len(r.items), activities=counts["activity"],
                                milestones=counts["milestone"]), r))
        undated = [rep.source for rep, _ in reps if rep.as_of is None]
        # which of two undated reports comes first cannot be told; but an undated plan document
        # (no statuses) is the plan itself, read before any monitoring of it
        plans_undated = [rep.source for rep, _ in reps if rep.as_of is None and rep.kind == PLAN]
        for sources in (plans_undated, [s for s in undated if s not in plans_undated]):
            if len(sources) > 1:
                raise UndatedReports(rs[0].plan, sorted(sources)[:2])
        if undated and len(reps) > 1 and all(rep.kind != PLAN for rep, _ in reps if rep.source in undated):
            first = min(rep.as_of for rep, _ in reps if rep.as_of)
            warnings.append((undated[0], f"has no date: read as the plan's first report, before {first} "
                                         f"(give its date with graph load FILE --as-of YYYY-MM-DD)"))
        reps.sort(key=lambda p: p[0].order)
        if len(reps) == 1:  # the usual case: the report's records are the plan's items
            rep, r = reps[0]
            rep = replace(rep, new=rep.items)
            reports.append(rep)
            for rec in r.items:
                records.append(rec)
                history[rec.key] = History([Reading(rep, rec)])
            continue
        reports.extend(_merge(reps, records, history, warnings))
    return PlanItems(records=records, history=history, reports=reports, warnings=warnings)


def _merge(reps: list[tuple[Report, object]], records: list[ItemRecord], history: dict[str, History],
           warnings: list[tuple[str, str]]) -> list[Report]:
    """Read one plan's reports in order into plan records and histories (appended); a report
    other than an overdue list that prints under half of the items known so far adds a warning.
    Returns the reports with their ``new`` and ``left_out`` counts."""
    state = _PlanState()
    first_rec: dict[str, ItemRecord] = {}
    counted: list[Report] = []
    for rep, r in reps:
        before = len(state.items)
        mapped = match_report(state, r.items)
        found = sum(1 for key in set(mapped.values()) if key in first_rec)
        if before and rep.kind != OVERDUE and found < before / 2:
            warnings.append((rep.source, f"prints {found} of the {before} items of plan {rep.plan} that earlier "
                                         f"reports printed: the others are kept, as not reported since "
                                         f"{rep.as_of or 'this report'}"))
        new = sum(1 for key in set(mapped.values()) if key not in first_rec)
        left_out = 0
        rep = replace(rep, new=new)  # every reading of this report points at the counted report
        seen = set()
        for rec in r.items:
            key = mapped[rec.key]
            state.items[key].append(Reading(rep, rec))
            first_rec.setdefault(key, rec)
            seen.add(key)
            state.unreported.pop(key, None)
        if rep.kind != OVERDUE:  # an overdue-only list leaves out what is not late: no news of it
            for key in state.items:
                if key not in seen and key not in state.unreported:
                    state.unreported[key] = rep.as_of
                    left_out += 1
        counted.append(rep)
        if left_out:
            counted[-1] = replace(rep, left_out=left_out)
    for key, readings in state.items.items():
        first, latest = first_rec[key], readings[-1].record
        parent = state.parent_of[key]
        if first is latest and latest.parent_key == parent:
            rec = latest
        else:  # the latest reading's fields under the first reading's key, lines and parent
            # (its values as they are, validated when the loader made them; model_copy costs ~10x)
            rec = unvalidated(ItemRecord, {**latest.__dict__, "source": first.source, "line": first.line,
                                           "lines": list(first.lines), "parent_key": parent},
                              set(latest.model_fields_set))
        records.append(rec)
        history[key] = History(readings, state.unreported.get(key))
    return counted


# ---------------------------------------------------------------------------- as of a date


def reading_on(readings: list[dict], date: str) -> dict | None:
    """The latest of ``readings`` (rows with ``as_of``, in report order) on or before ``date``;
    undated readings count as before any date. None when the item had not been reported yet."""
    best = None
    for r in readings:
        if r.get("as_of") is None or r["as_of"] <= date:
            best = r
    return best
