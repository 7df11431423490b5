"""What ``graph figures --as-of`` reads, kept by the embedded store as a table of its own at write time.

The headline figures of a plan year on a date (``graphmodel.analysis.figures.plan_figures`` on the
graph put back to that date: ``graphmodel.store.readings.as_of``) took ~5 s at ~250k items, most of
it reading the whole graph. Each store keeps a ``FigureItem`` row per activity and milestone with
what those figures read of it, and ``figures_from_store`` answers with array operations:

- its state at each of its readings as one number (``state``: status category, completed by
  percent, unowned, under 100%), so the state on a date is the last reading on or before it;
- ``carried_day``: the first day a later item that SUCCEEDS it had been reported (from then on it
  is carried forward);
- for an activity, what its comments, or its milestones', say it was carried over to, from each
  day it changed (``over_days``, ``over_to``): what ``graphmodel.lineage.carried_over`` reads.

The sole-owned activities come from the dated tally (``TallyAsOf``). The table is not part of the
graph (no edges; the named queries never read it; its columns are named apart from the items').
Tests check ``graph figures --as-of`` from it against the figures of the graph put back to each
report date of a generated quarterly corpus, and of the samples with a second 2017/18 report.
"""

from __future__ import annotations

from collections import defaultdict

from graphmodel import definitions as fig
from graphmodel.schema import EdgeType, NodeLabel
from graphmodel.store.derived import ITEM_LABELS
from graphmodel.store.tallies import NO_END, START, day_number

FIGURE_ITEM_TABLE = "FigureItem"
FIGURE_ITEM_COLUMNS: dict[str, str] = {
    "n": "INT64",
    "plan_year": "STRING",
    "item_kind": "STRING",
    "first_day": "INT64",  # its first reading's date as a number (``START`` when undated)
    "latest_day": "INT64",  # its latest reading's (``START`` when undated)
    "state": "INT64",  # its latest state (``_state``)
    "reading_days": "INT64[]",  # its readings' dates, in report order
    "reading_states": "INT64[]",  # ... and its state at each
    "carried_day": "INT64",  # the first day an item succeeding it was reported (``NO_END``: none)
    "over_days": "INT64[]",  # activities: from each of these days ...
    "over_to": "INT64[]",  # ... its comments say it was carried over to: 0 nothing, -1 no year named, else the year
}
_CATEGORIES = [None, fig.COMPLETED, fig.ON_TARGET, fig.LATE, fig.CANCELLED, fig.UNKNOWN]
_CATEGORY_CODE = {c: k for k, c in enumerate(_CATEGORIES)}
# a state's bits above the category's three
_BY_PERCENT, _UNOWNED, _UNDER_100 = 8, 16, 32


def _state(category: str | None, status: str | None, percent: int | None, owners: int, kind: str | None) -> int:
    """An item's state as one number: its status category's code, and the bits of completed by
    percent, unowned (``owners``: officers and lead members) and reported under 100%."""
    return (_CATEGORY_CODE.get(category, 0)
            | (_BY_PERCENT if fig.completed_by_percent(status, percent, category) else 0)
            | (_UNOWNED if fig.is_unowned(kind, owners) else 0)
            | (_UNDER_100 if percent is not None and percent < 100 else 0))


def figure_item_rows(nodes: dict[NodeLabel, list[dict]],
                     rels: dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]]) -> list[dict]:
    """The ``FigureItem`` rows of the tables ``nodes`` and ``rels`` (with their Report nodes and
    READS edges): one per activity and milestone."""
    from graphmodel.lineage import carried_to
    from graphmodel.store.readings import reading_order

    items = {row["id"]: row for label in ITEM_LABELS for row in nodes.get(label, ())}
    officers: dict[str, int] = defaultdict(int)
    members: dict[str, int] = defaultdict(int)
    children: dict[str, list[str]] = defaultdict(list)
    newer: dict[str, list[str]] = defaultdict(list)
    readings: dict[str, list[dict]] = defaultdict(list)
    for (etype, a, _), rows in rels.items():
        if etype == EdgeType.OWNS:
            counts = officers if a == NodeLabel.OFFICER else members
            for r in rows:
                counts[r["to"]] += 1
        elif etype == EdgeType.PART_OF:
            for r in rows:
                if r["from"] in items and r["to"] in items:
                    children[r["to"]].append(r["from"])
        elif etype == EdgeType.SUCCEEDS:
            for r in rows:
                if r["from"] in items and r["to"] in items:
                    newer[r["to"]].append(r["from"])
        elif etype == EdgeType.READS:
            for r in rows:
                readings[r["to"]].append(r)
    kind_of = {r["id"]: r.get("report_kind") for r in nodes.get(NodeLabel.REPORT, ())}
    for rs in readings.values():
        rs.sort(key=lambda r: reading_order(r, kind_of.get(r["from"])))

    def day(date: str | None) -> int:
        return day_number(date) if date else START

    def over(item_id: str) -> tuple[list[int], list[int]]:
        """What the activity's comments, else its milestones', say it was carried over to, from
        each day that changes it (``graphmodel.lineage.carried_over``'s reading)."""
        own = readings.get(item_id, [])
        kids = [(c, readings.get(c, [])) for c in children.get(item_id, ())]
        if not any(carried_to(r.get("comments")) for _, rs in [(None, own), *kids] for r in rs):
            return [], []
        days = sorted({day(r.get("as_of")) for _, rs in [(None, own), *kids] for r in rs})
        out_days, out_to = [], []
        for d in days:
            found = None
            mine = _on(own, d, day)
            if mine is not None:
                found = carried_to(mine.get("comments"))
            if not found:
                for _, rs in kids:
                    theirs = _on(rs, d, day)
                    if theirs is not None and (found := carried_to(theirs.get("comments"))):
                        break
            code = 0 if not found else (-1 if found is True else int(found))
            if not out_to or out_to[-1] != code:
                out_days.append(d)
                out_to.append(code)
        return out_days, out_to

    out = []
    for n, item_id in enumerate(sorted(items)):
        row = items[item_id]
        kind = row.get("kind")
        if kind not in fig.WORK_KINDS:
            continue
        people = officers.get(item_id, 0) + members.get(item_id, 0)
        rs = readings.get(item_id, [])
        over_days, over_to = over(item_id) if kind == "activity" else ([], [])
        out.append({
            "n": n, "plan_year": row.get("plan"), "item_kind": kind,
            "first_day": day(row.get("first_as_of")), "latest_day": day(row.get("as_of")),
            "state": _state(row.get("status_category"), row.get("status"), row.get("percent"), people, kind),
            "reading_days": [day(r.get("as_of")) for r in rs],
            "reading_states": [_state(r.get("status_category"), r.get("status"), r.get("percent"),
                                      (officers.get(item_id, 0) if r.get("officer_ids") is None
                                       else len(dict.fromkeys(r["officer_ids"]))) + members.get(item_id, 0), kind)
                               for r in rs],
            "carried_day": min((day(items[u].get("first_as_of")) for u in newer.get(item_id, ())), default=NO_END),
            "over_days": over_days, "over_to": over_to,
        })
    return out


def _on(readings: list[dict], d: int, day) -> dict | None:
    """The latest of ``readings`` (in report order) on or before the day number ``d``
    (``graphmodel.reports.reading_on``; undated ones count as before any day)."""
    found = None
    for r in readings:
        if day(r.get("as_of")) <= d:
            found = r
    return found


def figures_from_store(store, date: str, plan: str | None = None) -> list[dict]:
    """``graphmodel.analysis.figures.plan_figures`` of the store's items as they stood on
    ``date`` (YYYY-MM-DD), from the ``FigureItem`` table and the dated tally: the same rows. Call
    inside ``store.reading()``."""
    import numpy as np

    from graphmodel.identity import plan_start
    from graphmodel.store.succession import string_codes
    from graphmodel.store.tallies import read_tally

    day = day_number(date)
    # the day is an int made here, written into the query as a literal (see tallies.read_tally)
    table = store.query_arrow(f"MATCH (f:{FIGURE_ITEM_TABLE}) WHERE f.first_day <= {int(day)} RETURN f.n AS n, "
                              "f.plan_year AS plan, f.item_kind AS kind, f.state AS state, f.carried_day AS carried_day")
    if table is None:
        return []
    n = table.column("n").to_numpy()
    row_of = np.full(int(n.max()) + 1, -1, dtype=np.int64)
    row_of[n] = np.arange(len(n))
    state = table.column("state").to_numpy().copy()
    present = np.ones(len(state), dtype=bool)
    # the items whose state on the day is an earlier reading's: its last reading on or before it
    earlier = store.query_arrow(f"MATCH (f:{FIGURE_ITEM_TABLE}) WHERE f.first_day <= {int(day)} AND "
                                f"f.latest_day > {int(day)} RETURN f.n AS n, f.reading_days AS days, "
                                "f.reading_states AS states")
    if earlier is not None:
        rows, days, states = _flat(earlier, "days", "states", row_of)
        last = _last_on_or_before(rows, days, day)
        present[rows] = False  # reported only after the day, unless a reading is on or before it
        state[rows[last]] = states[last]
        present[rows[last]] = True
    plan_codes, plans = string_codes(table.column("plan"))
    kind_codes, kinds = string_codes(table.column("kind"))
    activity = kind_codes == (kinds.index("activity") if "activity" in kinds else -1)
    category = state & 7
    completed = category == _CATEGORY_CODE[fig.COMPLETED]
    cancelled = category == _CATEGORY_CODE[fig.CANCELLED]
    late = category == _CATEGORY_CODE[fig.LATE]
    on_target = category == _CATEGORY_CODE[fig.ON_TARGET]
    is_open = ~(completed | cancelled)
    carried = table.column("carried_day").to_numpy() <= day
    # what became of each activity (graphmodel.definitions.activity_outcomes) on the day: the plan
    # years with activities by then, the years its comments say it was carried over to
    starts = {k: plan_start(p) for k, p in enumerate(plans) if p}
    with_activities = {int(k) for k in np.unique(plan_codes[present & activity])}
    loaded = sorted({starts[k] for k in with_activities if starts.get(k)})
    over = np.zeros(len(state), dtype=np.int64)
    said = store.query_arrow(f"MATCH (f:{FIGURE_ITEM_TABLE}) WHERE f.first_day <= {int(day)} AND "
                             "size(f.over_to) > 0 RETURN f.n AS n, f.over_days AS days, f.over_to AS to")
    if said is not None:
        rows, days, to = _flat(said, "days", "to", row_of)
        last = _last_on_or_before(rows, days, day)
        over[rows[last]] = to[last]
    later_loaded = np.zeros(len(plans), dtype=bool)
    carried_over = over == -1
    for k, y in starts.items():
        if not y:
            continue
        later = {x for x in loaded if x > y}
        later_loaded[k] = k in with_activities and bool(later)
        rows = (plan_codes == k) & (over > 0)
        if rows.any():
            carried_over[rows] = ~np.isin(over[rows], list(later))
    dropped = (activity & later_loaded[plan_codes] & ~carried & ~completed & ~cancelled & ~carried_over
               & (late | on_target | ((state & _UNDER_100) > 0)))
    counted = present & np.array([bool(p) for p in plans], dtype=bool)[plan_codes]  # items of a plan year
    if plan is not None:
        counted &= plan_codes == (plans.index(plan) if plan in plans else -1)
    figures = {
        "items": counted, "open": counted & is_open, "late": counted & late, "completed": counted & completed,
        "completed_by_percent": counted & ((state & _BY_PERCENT) > 0), "unowned": counted & ((state & _UNOWNED) > 0),
        "carried_forward": counted & carried, "carried_unfinished": counted & carried & is_open,
        "dropped": counted & dropped,
    }
    sums = {f: np.bincount(plan_codes[mask], minlength=len(plans)) for f, mask in figures.items()}
    sole: dict[str, int] = defaultdict(int)
    tally = read_tally(store, date, owner_label="Officer", directorate="", plan=plan, columns=("plan", "n_sole_owned"),
                       as_columns=True)
    for p, k in zip(tally["plan"], tally["n_sole_owned"], strict=True):
        sole[p] += k
    rows = []
    for k in np.flatnonzero(sums["items"]):
        p = plans[k]
        rows.append({"plan": p, **{f: sole.get(p, 0) if f == "sole_owned" else int(sums[f][k]) for f in fig.FIGURES}})
    rows.sort(key=lambda r: r["plan"])
    return rows


def _flat(table, days: str, values: str, row_of) -> tuple:
    """Two list columns of ``table`` flattened: each entry's row (by ``n``, through ``row_of``),
    day and value, in the rows' and the lists' order."""
    import pyarrow.compute as pc

    day_lists = table.column(days).combine_chunks()
    rows = row_of[table.column("n").to_numpy()[pc.list_parent_indices(day_lists).to_numpy()]]
    return (rows, pc.list_flatten(day_lists).to_numpy(),
            pc.list_flatten(table.column(values).combine_chunks()).to_numpy())


def _last_on_or_before(rows, days, day: int):
    """Indices of the last entry of each row with a day on or before ``day`` (entries in each
    row's order: undated first, then by date)."""
    import numpy as np

    upto = np.flatnonzero(days <= day)
    if not len(upto):
        return upto
    owner = rows[upto]
    return upto[np.append(owner[1:] != owner[:-1], True)]
