"""Per-officer counts the stores hold beside the graph, computed once at write time.

The named queries ``workload``, ``carried_unfinished``, ``overdue_by_directorate`` and the three
``slippage_*`` count items per officer, lead member or directorate, and plan year. On the
~250k-item benchmark corpus, counting them in Cypher means joining every officer to ~270k
owned items and grouping the rows by string keys: Ladybug took 200-250 ms for that on an open
database, whatever the query's shape (the join and filter alone ~20 ms, the grouping by plan
and officer ~55 ms, each conditional count ~15 ms more). The answers are the same on every call
until the next load, so each store keeps them as a ``Tally`` table of a few tens of thousands
of rows, and those queries read it.

A ``Tally`` row counts the activities and milestones (by their ``kind``) of one slice:

- ``owner_label`` and ``owner_id``: 'Officer' and the officer who OWNS them; 'Member' and a lead
  member who owns them or what they are directly PART_OF (the items' ``lead_member_ids``); or
  '' and '' on the rows that count every item, whoever owns it;
- ``plan`` their plan year ('' on the rows that count every plan year);
- ``directorate`` a directorate printed on them ('' on the rows that count them whatever is
  printed; on the every-item rows, '(none)' counts the items printed with none; an officer's
  rows by the directorate printed beside that officer on the item (OWNS ``directorate``); the
  member rows are not split by directorate).

It is not part of the graph (no node label, no edges): ``read_graph`` and the analyses never
see it. A test checks every tally-reading query against the same question asked of the items.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache

from graphmodel import definitions as fig
from graphmodel.schema import EdgeType, NodeLabel
from graphmodel.store.derived import ITEM_LABELS

TALLY_TABLE = "Tally"
COUNTED_KINDS = ("activity", "milestone")
NO_DIRECTORATE = "(none)"  # the every-item rows' directorate for items printed with none

# column -> Ladybug type. The counts' names start with n_ because a pattern without a label, such
# as ``MATCH (i)``, reads every node table: Ladybug refuses a column whose type differs between
# tables (an item's ``rebaselined`` is a BOOLEAN)
TALLY_COLUMNS: dict[str, str] = {
    "id": "STRING",
    "owner_label": "STRING",  # 'Officer', 'Member', or '' (every item)
    "owner_id": "STRING",
    "owner": "STRING",  # the officer's or member's name
    "plan": "STRING",
    "directorate": "STRING",
    "n_total": "INT64",  # items
    # each count by its graphmodel.definitions figure
    "n_open": "INT64",  # open: neither completed nor cancelled
    "n_late": "INT64",  # late (overdue or delayed)
    "n_reported": "INT64",  # with a reported status
    "n_rebaselined": "INT64",  # reported, and the comments report a moved deadline
    "n_slipped": "INT64",  # reported, and late or rebaselined, or fell behind between two readings
    "n_carried_unfinished": "INT64",  # carried forward (a later item SUCCEEDS it) while open
    # officer rows: activities for which they are the only officer owning it or a milestone under
    # it (graphmodel.analysis.workload.sole_owned_activities); 0 on the other rows
    "n_sole_owned": "INT64",
}
_COUNTS = ("n_total", "n_open", "n_late", "n_reported", "n_rebaselined", "n_slipped", "n_carried_unfinished")
_Key = tuple[str, str, str, str]  # (owner label, owner id, plan, directorate)


def tally_rows(nodes: dict[NodeLabel, list[dict]],
               rels: dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]]) -> list[dict]:
    """The ``Tally`` rows of the tables ``nodes`` and ``rels`` (derived columns filled: it reads
    ``rebaselined``, ``carried`` and ``lead_member_ids``), sorted by their key; only slices
    with at least one item."""
    t = _Tables(nodes, rels)
    return _tally(t, {i: _flags(row) for i, row in t.items.items()})


class _Tables:
    """What a tally reads of the store's tables: the counted items (activities and
    milestones), who owns them, their lead members, and what is directly PART_OF each."""

    def __init__(self, nodes: dict[NodeLabel, list[dict]],
                 rels: dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]]) -> None:
        self.items: dict[str, dict] = {row["id"]: row for label in ITEM_LABELS for row in nodes.get(label, ())
                                       if row.get("kind") in COUNTED_KINDS}
        self.members = {row["id"]: row.get("name") for row in nodes.get(NodeLabel.MEMBER, ())}
        self.officers = {row["id"]: row.get("name") for row in nodes.get(NodeLabel.OFFICER, ())}
        # item -> [(officer, directorate printed beside them)]: an officer owns an item once,
        # however many times a document prints them on it
        self.owners: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
        self.children: dict[str, list[str]] = defaultdict(list)  # counted items directly PART_OF an item
        for (etype, a, _), rows in rels.items():
            if etype == EdgeType.OWNS and a == NodeLabel.OFFICER:
                for officer, item_id, directorate in dict.fromkeys((r["from"], r["to"], r.get("directorate"))
                                                                   for r in rows if r["to"] in self.items):
                    self.owners[item_id].append((officer, directorate))
            elif etype == EdgeType.PART_OF:
                for r in rows:
                    if r["from"] in self.items:
                        self.children[r["to"]].append(r["from"])


def _tally(t: _Tables, flags: dict[str, int], owners: dict[str, list[tuple[str, str | None]]] | None = None,
           every_plan: bool = True) -> list[dict]:
    """The tally rows of the items in ``flags`` (item id -> ``_flags``; the others count as
    absent), owned by their ``owners`` (item id -> [(officer, directorate)]; the items' OWNS
    edges when None or for an item it lacks), sorted by their key; without ``every_plan``,
    only the rows per plan year."""
    if owners is None:
        owners = t.owners
    else:  # only the items counted: merging every item's owners cost ~80k entries a call
        owners = {i: owners[i] if i in owners else t.owners.get(i, ()) for i in flags}
    # first how many items of each (owner, plan, directorates, flags) there are, then those
    # few groups spread over their slices: per item and slice took ~4 s at ~250k items
    groups: Counter[tuple[str, str, str, int, int]] = Counter()  # directorates as an index into ``printed``
    printed: list[tuple[str, ...]] = []  # each distinct directorate list once, without repeats
    index: dict[tuple[str, ...], int] = {}

    def directorates(as_printed: tuple[str, ...]) -> int:
        dirs = index.get(as_printed)
        if dirs is None:
            dirs = index[as_printed] = len(printed)
            printed.append(tuple(dict.fromkeys(as_printed)))
        return dirs

    for item_id, item_flags in flags.items():
        row = t.items[item_id]
        plan = row.get("plan") or ""
        groups["", "", plan, directorates(tuple(row.get("directorates") or ())), item_flags] += 1
        for lead in row.get("lead_member_ids") or ():
            if lead in t.members:
                groups["Member", lead, plan, -1, item_flags] += 1  # members are not split by directorate
        # an officer's rows are split by the directorate printed beside them there, not the item's others
        for officer, directorate in owners.get(item_id, ()):
            groups["Officer", officer, plan, directorates((directorate,) if directorate else ()), item_flags] += 1
    counts: dict[_Key, list[int]] = defaultdict(lambda: [0] * len(_COUNTS))
    for (label, owner, plan, dirs, item_flags), n in groups.items():
        shown = () if dirs < 0 else printed[dirs] or ((NO_DIRECTORATE,) if not label else ())
        for key in _slices(label, owner, plan, shown, every_plan):
            _add(counts[key], item_flags, n)
    sole = _sole_owned(t, flags, owners, every_plan)
    names = {"Officer": t.officers, "Member": t.members}
    out = []
    for (label, owner, plan, directorate), values in sorted(counts.items()):
        row = {"id": f"tally:{label}|{owner}|{plan}|{directorate}", "owner_label": label, "owner_id": owner,
               "owner": names[label].get(owner) or "" if label else "", "plan": plan, "directorate": directorate}
        row.update(zip(_COUNTS, values, strict=True))
        row["n_sole_owned"] = sole.get((label, owner, plan, directorate), 0)
        out.append(row)
    return out


def _sole_owned(t: _Tables, flags: dict[str, int], owners: dict[str, list[tuple[str, str | None]]],
                every_plan: bool = True) -> Counter[_Key]:
    """Per officer slice, the activities in ``flags`` for which they are the only officer owning
    the activity or a milestone under it also in ``flags`` (``graphmodel.definitions``); an
    officer's directorate slices count those they own any of as that directorate."""
    out: Counter[_Key] = Counter()
    for item_id in flags:
        row = t.items[item_id]
        if row.get("kind") != "activity":
            continue
        owned = [item_id, *(c for c in t.children.get(item_id, ()) if c in flags)]
        held = [(o, d) for i in owned for o, d in owners.get(i, ())]
        people = {o for o, _ in held}
        if len(people) != 1:
            continue
        officer = people.pop()
        for key in _slices("Officer", officer, row.get("plan") or "", dict.fromkeys(d for _, d in held if d),
                           every_plan):
            out[key] += 1
    return out


def _flags(row: dict) -> int:
    """The item row's 0/1 per count (``_COUNTS``, lowest bit first) packed into one int (an int
    per item, not a tuple: a quarter of a million of them are held at once)."""
    return _packed(row.get("status_category"), bool(row.get("rebaselined")), bool(row.get("carried")),
                   bool(row.get("fell_behind")))


@cache
def _packed(category: str | None, rebaselined: bool, carried: bool, fell_behind: bool = False) -> int:
    """The bits of ``_COUNTS`` for one item, each by its ``graphmodel.definitions`` figure."""
    late = fig.is_late(category)
    reported = fig.is_reported(category)
    moved = reported and rebaselined
    # every stored item has a category; one without (a hand-made row) counts in no figure; an item
    # that went from on target to late between two reports' readings slipped, whatever it is now
    known = category is not None
    bits = (True, known and fig.is_open(category), late, reported, moved,
            reported and (late or moved or fell_behind), known and fig.carried_unfinished(carried, category))
    return sum(1 << k for k, bit in enumerate(bits) if bit)


def _slices(label: str, owner: str, plan: str, directorates: Iterable[str], every_plan: bool = True) -> list[_Key]:
    """Every slice an item of ``plan`` printed with ``directorates`` counts in for one owner: its
    plan and (``every_plan``) every plan, each whatever the directorate and per directorate."""
    out = []
    for p in dict.fromkeys((plan, "") if every_plan else (plan,)):  # once when the item has no plan
        out.append((label, owner, p, ""))
        out.extend((label, owner, p, d) for d in directorates)
    return out


def _add(values: list[int], flags: int, n: int) -> None:
    """Add ``n`` items with ``flags`` to a slice's counts."""
    k = 0
    while flags:
        if flags & 1:
            values[k] += n
        flags >>= 1
        k += 1


# ----------------------------------------------------------------------------- as it stood on a date

# The state of the items on a date (``graph workload --as-of``): each item at its latest reading
# on or before it (``graphmodel.store.readings.as_of``). Between two successive report dates of
# a plan year that state does not change, so it is counted once per plan year and interval
# [valid_from, valid_until) between its reports' dates, at write time: read per call, putting
# ~80k items back to a date took seconds at ~250k readings. A plan year's last interval (its
# latest report on) is its rows of ``Tally``; an interval before its first dated report counts
# what its undated reports printed. Per plan year only (no every-plan rows: those are sums of
# these). Not dated: whether an item was carried forward (it depends on the later plan year's
# reports, not this one's), so the column is left out and ``graph carry --as-of`` reads the graph.
#
# The bounds are days as numbers (20171231; ``START``: from the start, ``NO_END``: no end) and
# the rows are written in order of (valid_until, valid_from): the store keeps each column's
# least and greatest value per block of rows and skips a block no value of which can match a
# numeric comparison, so a date reads the few blocks around it instead of every row (a string
# comparison scanned all ~90k rows at ~250k items: 40-70 ms a read).
TALLY_AS_OF_TABLE = "TallyAsOf"
TALLY_AS_OF_COLUMNS: dict[str, str] = {
    **{c: t for c, t in TALLY_COLUMNS.items() if c != "n_carried_unfinished"},
    "valid_from": "INT64",
    "valid_until": "INT64",
    # which rows: ``SLICES`` (a number, so a read of one kind skips the blocks of the others)
    "slice": "INT64",
}
# the kinds of rows, numbered in the order they are written (TallyAsOf ``slice``)
EVERY_ITEM, MEMBER, OFFICER, OFFICER_BY_DIRECTORATE = range(4)
START, NO_END = 0, 99991231


def day_number(date: str) -> int:
    """The date YYYY-MM-DD as the number YYYYMMDD (ordered as the dates are)."""
    return int(date.replace("-", ""))


def tally_as_of_rows(nodes: dict[NodeLabel, list[dict]],
                     rels: dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]],
                     current: list[dict] | None = None) -> list[dict]:
    """The ``TallyAsOf`` rows of the tables ``nodes`` and ``rels`` (with their Report nodes and
    READS edges; ``current``: their ``tally_rows``, when already made): for each plan year, the
    tally of each interval between its reports' dates, sorted by plan, interval and key."""
    from graphmodel.reports import moved_and_behind, reading_on
    from graphmodel.store.derived import rebaselined_comments
    from graphmodel.store.readings import reading_officers, reading_order

    t = _Tables(nodes, rels)
    current = tally_rows(nodes, rels) if current is None else current
    reports = {r["id"]: r for r in nodes.get(NodeLabel.REPORT, ())}
    readings: dict[str, list[dict]] = defaultdict(list)  # the READS rows as they are (not copied)
    for (etype, _, _), rows in rels.items():
        if etype == EdgeType.READS:
            for r in rows:
                if r["to"] in t.items:
                    readings[r["to"]].append(r)
    kind_of = {rid: r.get("report_kind") for rid, r in reports.items()}

    def order(r: dict) -> tuple:  # reading_order, the report's kind looked up
        return reading_order(r, kind_of.get(r["from"]))

    dates: dict[str, set[str]] = defaultdict(set)  # plan -> its reports' dates
    undated: set[str] = set()  # plans with an undated report
    for report in reports.values():
        plan = report.get("plan") or ""
        if report.get("as_of"):
            dates[plan].add(report["as_of"])
        else:
            undated.add(plan)
    by_plan: dict[str, list[str]] = defaultdict(list)
    for item_id, row in t.items.items():
        by_plan[row.get("plan") or ""].append(item_id)
    out = []
    for plan in sorted(by_plan):
        starts = sorted(dates.get(plan, ()))
        # the intervals before the last: each item at its latest reading on the interval's first day
        earlier = ([("", starts[0])] if plan in undated and starts else []) + list(itertools.pairwise(starts))
        ids = by_plan[plan]
        if earlier:  # a plan year read by one report has only its last interval
            wanted = [r for i in ids for r in readings.get(i, ())]
            moved_by_comment = dict(zip(map(id, wanted), rebaselined_comments([r.get("comments") for r in wanted]),
                                        strict=True))
            for item_id in ids:
                readings.get(item_id, []).sort(key=order)
        for start, end in earlier:
            flags, owned = {}, {}
            for item_id in ids:
                rows = readings.get(item_id, [])
                latest = reading_on(rows, start)
                if latest is None:
                    continue  # first reported later
                upto = [r for r in rows if r.get("as_of") is None or r["as_of"] <= start]
                moved, behind = moved_and_behind(((r.get("deadlines") or [None])[-1], r.get("status_category"))
                                                 for r in upto)
                flags[item_id] = _packed(latest.get("status_category"), moved_by_comment[id(latest)] or moved,
                                         False, behind)
                officers = reading_officers(latest)
                if officers is not None:  # the officers that reading printed
                    owned[item_id] = officers
            out.extend(_dated(r, start, end) for r in _tally(t, flags, owned, every_plan=False) if r["plan"] == plan)
        last = starts[-1] if starts else ""
        out.extend(_dated(r, last, None) for r in current if r["plan"] == plan)
    out.sort(key=lambda r: (r["slice"], r["valid_until"], r["valid_from"], r["id"]))
    return out


def _dated(row: dict, valid_from: str, valid_until: str | None) -> dict:
    """A tally row as a ``TallyAsOf`` row of the interval [valid_from, valid_until) (dates
    YYYY-MM-DD; '' from the start, None no end)."""
    out = {c: row[c] for c in TALLY_AS_OF_COLUMNS if c in row}
    out.update(id=f"tallyasof:{valid_from}|{row['id']}", valid_from=day_number(valid_from) if valid_from else START,
               valid_until=day_number(valid_until) if valid_until else NO_END,
               slice=_slice(row["owner_label"], row["directorate"]))
    return out


def _slice(owner_label: str, directorate: str | None) -> int:
    """The kind of a tally row (``EVERY_ITEM`` ... ``OFFICER_BY_DIRECTORATE``)."""
    if owner_label == "Officer":
        return OFFICER_BY_DIRECTORATE if directorate else OFFICER
    return MEMBER if owner_label == "Member" else EVERY_ITEM


# The filters go into the query: a workload reads one kind of row of ~90k. The strings are
# $parameters, each a constant fragment present only when given (Ladybug types a parameter by its
# first use: ``$p IS NULL OR ...`` made it a boolean). The numbers (the day and the kind of row)
# are written into the query as literals: the store skips a block of rows by its least and
# greatest values only when compared with a constant (at ~250k items, 1.5 ms against 19.5 ms
# with the same numbers as $parameters). They are ints made here, never document text.
_FILTERS = {"owner_label": " AND t.owner_label = $owner_label", "directorate": " AND t.directorate = $directorate",
            "plan": " AND t.plan = $plan"}


def read_tally(store, date: str | None = None, *, owner_label: str | None = None, directorate: str | None = None,
               plan: str | None = None, columns: Iterable[str] | None = None, as_columns: bool = False,
               ) -> list[dict] | dict[str, list]:
    """The per-plan-year tally rows of ``store`` (their ``columns``, by default every one of
    ``TALLY_AS_OF_COLUMNS`` but ``id``, the bounds and ``slice``): as things stand (each plan
    year's last interval: the same counts as its ``Tally`` rows), or with ``date``
    (YYYY-MM-DD) as they stood on that date (each plan year's interval holding it; a plan year
    with no report by then has none). Only the rows of ``owner_label`` ('Officer', 'Member',
    or '' for the every-item rows), ``directorate`` ('' for the rows whatever the directorate)
    and ``plan``, when given. (No ``n_carried_unfinished``: the named query reads ``Tally``.)
    With ``as_columns``, the rows as columns (``store.query_columns``)."""
    params: dict = {k: v for k, v in (("owner_label", owner_label), ("directorate", directorate), ("plan", plan))
                    if v is not None}
    day = day_number(date) if date else None
    if day is None:
        query = f"MATCH (t:TallyAsOf) WHERE t.valid_until = {int(NO_END)}"
    else:
        query = f"MATCH (t:TallyAsOf) WHERE t.valid_until > {int(day)} AND t.valid_from <= {int(day)}"
    if owner_label is not None and (directorate is not None or owner_label != "Officer"):
        # the rows of one kind, by number; the kind says the label (and, for an officer's rows
        # whatever the directorate, the directorate)
        kind = _slice(owner_label, directorate)
        query += f" AND t.slice = {int(kind)}"
        del params["owner_label"]
        if params.get("directorate") == "":
            del params["directorate"]
    wanted = [c for c in (columns or TALLY_AS_OF_COLUMNS) if c not in ("id", "valid_from", "valid_until", "slice")]
    unknown = [c for c in wanted if c not in TALLY_AS_OF_COLUMNS]
    if unknown:
        raise ValueError(f"no tally column {', '.join(unknown)}")
    query += "".join(_FILTERS[k] for k in _FILTERS if k in params)
    query += " RETURN " + ", ".join(f"t.{c} AS {c}" for c in wanted)
    return store.query_columns(query, params) if as_columns else store.query(query, params)
