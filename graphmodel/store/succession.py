"""What ``graph carry`` reads, kept by the embedded store as a table of its own at write time.

Carry-forward needs only the items on SUCCEEDS edges (about one in ten at ~250k items), what
each succeeds, who owns it and its status: with ``--as-of``, as they stood on a date. Reading
those out of the graph (the items, their OWNS edges and their readings, then putting the graph
back to the date) and walking it took ~2 s at ~250k items. So each store keeps a
``Succession`` row per such item, written with the graph, and ``carry_from_store`` answers from
that one table with array operations, describing only the chains it lists.

Lineage links each item to one predecessor at most and each predecessor to one successor at
most (``graphmodel.lineage``), so the SUCCEEDS edges form lines: a row holds the item's
``line`` and its place on it (``pos``, 0 the oldest). On a date, the items reported by then
split each line into runs of consecutive places; each run of two items or more is a chain
(``graphmodel.analysis.carry.chains``: cut to its ``MAX_LINKS`` newest links). A graph whose
SUCCEEDS edges are not lines (written from elsewhere) gets ``line`` -1 on every row, and
``carry_from_store`` returns None: the caller then reads the graph.

Each item is also known by a number ``n``, its place in the order of the ids, and ``rank``, its
place in the order of (plan year, title): the chains' sort order. A row holds the item's latest
state and, when that is not its only one, its readings (status and the officers each printed)
as JSON, read only for the items whose state on the date asked for is not their latest. The
columns are named apart from the items' own (``plan_year``, not ``plan``): a query with no label
reads every node table. The table is not part of the graph (no edges; ``read_graph`` and the
named queries never read it). Tests check ``graph carry`` from it against
``carry_forward`` on the whole graph put back to the date, at every report date of a generated
quarterly corpus, by plan year, directorate and ``--min-links``.
"""

from __future__ import annotations

import json
from collections import defaultdict

from graphmodel import definitions as fig
from graphmodel.analysis.carry import MAX_LINKS, PERENNIAL_PLANS
from graphmodel.schema import EdgeType, NodeLabel
from graphmodel.store.derived import ITEM_LABELS
from graphmodel.store.tallies import START, day_number

SUCCESSION_TABLE = "Succession"
SUCCESSION_COLUMNS: dict[str, str] = {
    "n": "INT64",  # the item's place in the order of the ids (the primary key)
    "id": "STRING",
    "rank": "INT64",  # its place in the order of (plan year, title); equal for equal ones
    "line": "INT64",  # the line of SUCCEEDS edges it is on (-1 on every row: the edges are not lines)
    "pos": "INT64",  # its place on the line, 0 the oldest
    "plan_year": "STRING",
    "item_kind": "STRING",
    "item_code": "STRING",
    "item_title": "STRING",
    # its latest state: status, and the officers owning it (OWNS), each with the directorate
    # printed beside them as one number (``owner_code``)
    "item_status": "STRING",
    "item_category": "STRING",
    "owned_by": "INT64[]",
    # its first and latest readings' dates as numbers (20171231; ``START`` when undated): on a
    # date before first_day it had not been reported; on or after latest_day it is at its latest
    "first_day": "INT64",
    "latest_day": "INT64",
    # its readings in report order, as JSON: [as_of, status, status_category, officers], officers
    # the ``owner_code`` of each or null (not kept); '' when latest_day is START
    "readings": "STRING",
}
# The officers and directorates the owner codes number: one row. Numbers, not strings, in the rows:
# two lists of strings per row cost ~14 ms a read at ~250k items, one list of numbers ~3 ms.
SUCCESSION_CODES_TABLE = "SuccessionCodes"
SUCCESSION_CODES_COLUMNS: dict[str, str] = {
    "id": "STRING",
    "code_officer_ids": "STRING[]",
    "code_officer_names": "STRING[]",
    "code_directorates": "STRING[]",  # '' for none
}


def succession_rows(nodes: dict[NodeLabel, list[dict]],
                    rels: dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]]) -> tuple[list[dict], list[dict]]:
    """The ``Succession`` rows of the tables ``nodes`` and ``rels`` (with their Report nodes and
    READS edges), one per item on a SUCCEEDS edge between items in the order of ``n``, and the
    ``SuccessionCodes`` row (none when no item is)."""
    from graphmodel.store.readings import reading_officers, reading_order

    older: dict[str, list[str]] = defaultdict(list)
    newer: dict[str, list[str]] = defaultdict(list)
    for (etype, a, b), rows in rels.items():
        if etype == EdgeType.SUCCEEDS and a in ITEM_LABELS and a == b:
            for r in rows:
                if r["to"] not in older[r["from"]]:
                    older[r["from"]].append(r["to"])
                    newer[r["to"]].append(r["from"])
    on_edges = set(older) | set(newer)
    if not on_edges:
        return [], []
    owners: dict[str, dict[str, str | None]] = {}
    readings: dict[str, list[dict]] = {}
    for (etype, a, _), rows in rels.items():
        if etype == EdgeType.OWNS and a == NodeLabel.OFFICER:
            for r in rows:
                if r["to"] in on_edges:
                    owners.setdefault(r["to"], {})[r["from"]] = r.get("directorate")
        elif etype == EdgeType.READS:
            for r in rows:
                if r["to"] in on_edges:
                    readings.setdefault(r["to"], []).append(r)
    kind_of = {r["id"]: r.get("report_kind") for r in nodes.get(NodeLabel.REPORT, ())}
    items = {row["id"]: row for label in ITEM_LABELS for row in nodes.get(label, ()) if row["id"] in on_edges}
    number = {item: n for n, item in enumerate(sorted(items))}
    keys = sorted({(row.get("plan") or "", row.get("title") or "") for row in items.values()})
    rank = {k: r for r, k in enumerate(keys)}
    places = _lines(sorted(items), older, newer)
    officer_names = {row["id"]: row.get("name") or row["id"] for row in nodes.get(NodeLabel.OFFICER, ())}
    timelines = {item: sorted(readings.get(item, ()), key=lambda r: reading_order(r, kind_of.get(r["from"])))
                 for item, row in items.items() if row.get("as_of")}
    printed = [(o, d) for owned in owners.values() for o, d in owned.items()]
    printed += [pair for rs in timelines.values() for r in rs for pair in reading_officers(r) or ()]
    officer_ids = sorted({o for o, _ in printed})
    directorates = sorted({d or "" for _, d in printed} | {""})
    code = _owner_codes(officer_ids, directorates)
    out = []
    for item, n in number.items():
        row = items[item]
        owned = owners.get(item, {})
        latest = row.get("as_of")
        timeline = ""
        if latest:
            timeline = json.dumps([[r.get("as_of"), r.get("status"), r.get("status_category"),
                                    None if (officers := reading_officers(r)) is None else
                                    [code(o, d) for o, d in dict(officers).items()]]  # an officer owns an item once
                                   for r in timelines[item]])
        line, pos = places.get(item, (-1, -1))
        out.append({
            "n": n, "id": item, "rank": rank[(row.get("plan") or "", row.get("title") or "")], "line": line, "pos": pos,
            "plan_year": row.get("plan"), "item_kind": row.get("kind"), "item_code": row.get("code"),
            "item_title": row.get("title"), "item_status": row.get("status"), "item_category": row.get("status_category"),
            "owned_by": [code(o, d) for o, d in owned.items()],
            "first_day": day_number(row["first_as_of"]) if row.get("first_as_of") else START,
            "latest_day": day_number(latest) if latest else START,
            "readings": timeline,
        })
    codes = {"id": "codes", "code_officer_ids": officer_ids,
             "code_officer_names": [officer_names.get(o, o) for o in officer_ids], "code_directorates": directorates}
    return out, [codes]


def _owner_codes(officer_ids: list[str], directorates: list[str]):
    """The owner code of (officer id, the directorate printed beside them or None): the
    officer's place among ``officer_ids`` times the number of ``directorates``, plus the
    directorate's place among them ('' for none)."""
    officer_k = {o: k for k, o in enumerate(officer_ids)}
    directorate_k = {d: k for k, d in enumerate(directorates)}
    width = len(directorates)

    def code(officer: str, directorate: str | None) -> int:
        return officer_k[officer] * width + directorate_k[directorate or ""]

    return code


def _lines(items: list[str], older: dict[str, list[str]], newer: dict[str, list[str]]) -> dict[str, tuple[int, int]]:
    """Item -> (line, place on it, 0 the oldest) when every item succeeds one item at most and
    is succeeded by one at most (and no line closes on itself); else {}."""
    if any(len(v) > 1 for v in older.values()) or any(len(v) > 1 for v in newer.values()):
        return {}
    places: dict[str, tuple[int, int]] = {}
    line = -1
    for item in items:
        if older.get(item):
            continue  # not the oldest of its line
        node: str | None = item
        line, pos = line + 1, 0
        while node is not None:
            places[node] = (line, pos)
            pos += 1
            after = newer.get(node)
            node = after[0] if after else None
    return places if len(places) == len(items) else {}


# what carry-forward reads of each row (what a chain shows of its items is read for those alone)
_ROW = ("s.n AS n, s.rank AS rank, s.line AS line, s.pos AS pos, s.plan_year AS plan, s.item_kind AS kind, "
        "s.item_category AS category, s.owned_by AS owned_by")


def carry_from_store(store, date: str | None = None, plan: str | None = None, directorate: str | None = None,
                     min_links: int = 1, totals: dict[str, int] | None = None, top: int | None = None,
                     perennial_plans: int = PERENNIAL_PLANS) -> dict | None:
    """``graphmodel.analysis.carry.carry_forward`` of the store's items (with ``date``, as they
    stood on that date: items first reported after it left out, each at its latest reading on
    or before it, owned by the officers that reading printed), from the ``Succession`` table:
    the same result, with ``totals`` (each officer's count of items: the tally's) and ``top``
    as ``carry_forward`` takes them. None when the SUCCEEDS edges are not lines. Call inside
    ``store.reading()``."""
    if date is None:
        table = store.query_arrow(f"MATCH (s:{SUCCESSION_TABLE}) RETURN " + _ROW + ", '' AS readings")
    else:
        # the day is an int made here, written as a literal (see tallies.read_tally)
        day = day_number(date)
        table = store.query_arrow(f"MATCH (s:{SUCCESSION_TABLE}) WHERE s.first_day <= {int(day)} RETURN " + _ROW
                                  + f", CASE WHEN s.latest_day > {int(day)} THEN s.readings ELSE '' END AS readings")
    codes = store.query_columns(f"MATCH (c:{SUCCESSION_CODES_TABLE}) RETURN c.code_officer_ids AS officers, "
                                "c.code_officer_names AS names, c.code_directorates AS directorates")
    if table is None or not codes["officers"]:  # no item on a SUCCEEDS edge (yet)
        return _empty(plan, directorate)
    import pyarrow.compute as pc

    if pc.min(table.column("line")).as_py() < 0:
        return None
    officers, names, directorates = codes["officers"][0], codes["names"][0], codes["directorates"][0]
    cols = _Columns(table, date, len(directorates))
    found = cols.chains(min_links, plan, perennial_plans)
    listed = (found["order"], found["perennial"]) if top is None else (found["order"][:top], found["perennial"][:top])
    counts = cols.officer_counts(plan, [k for k, d in enumerate(directorates) if d.casefold() == directorate.casefold()]
                                 if directorate else None)
    shown = sorted({k for which in listed for c in which for k in cols.chain_items(c)})
    described = cols.describe(store, shown, officers, names)

    def entry(c: int) -> dict:
        chain = cols.chain_items(c)
        plans = list(dict.fromkeys(described[i]["plan"] for i in chain))
        return {"links": len(chain) - 1, "plans": plans, "first_plan": plans[0], "last_plan": plans[-1],
                "finished": bool(cols.completed[chain[-1]]), "items": [described[i] for i in chain]}

    entries = {c: entry(c) for c in dict.fromkeys(c for which in listed for c in which)}
    rows = [{"officer_id": officers[k], "officer": names[k] or officers[k], "items": (totals or {}).get(officers[k], 0),
             "carried": carried, "carried_unfinished": unfinished} for k, (carried, unfinished) in counts.items()]
    rows.sort(key=lambda r: (-r["carried_unfinished"], r["officer"], r["officer_id"]))
    return {
        "filters": {"plan": plan, "directorate": directorate},
        "chains": [entries[c] for c in listed[0]],
        "perennial": [entries[c] for c in listed[1]],
        "officers": rows,
        "summary": {"links": found["links"], "chains": len(found["order"]), "longest": found["longest"],
                    "perennial": len(found["perennial"])},
    }


def _empty(plan: str | None, directorate: str | None) -> dict:
    return {"filters": {"plan": plan, "directorate": directorate}, "chains": [], "perennial": [], "officers": [],
            "summary": {"links": 0, "chains": 0, "longest": 0, "perennial": 0}}


# Up to this many items are described by looking each up by number; more, by reading every row
# (the look-up of ~16k took ~40 ms at ~250k items, the whole table ~25 ms)
_LOOK_UP = 2000


class _Columns:
    """The table's rows as arrays: the items reported by the date, each at its state then, and
    their owners (a row per item and officer: ``owner_item``, the item's row, and ``owner_code``)."""

    def __init__(self, table, date: str | None, width: int) -> None:
        import numpy as np
        import pyarrow.compute as pc

        self.width = width  # owner code = officer * width + directorate
        self.n = table.column("n").to_numpy()
        self.rank = table.column("rank").to_numpy()
        self.line = table.column("line").to_numpy()
        self.pos = table.column("pos").to_numpy()
        self.plan_codes, self.plans = string_codes(table.column("plan"))
        kind_codes, kinds = string_codes(table.column("kind"))
        self.work = np.isin(kind_codes, [k for k, name in enumerate(kinds) if name in fig.WORK_KINDS])
        category_codes, categories = string_codes(table.column("category"))
        self.open = np.array([fig.is_open(c) for c in categories], dtype=bool)[category_codes]
        self.completed = np.array([fig.is_completed(c) for c in categories], dtype=bool)[category_codes]
        owned_by = table.column("owned_by").combine_chunks()
        self.owner_item = pc.list_parent_indices(owned_by).to_numpy().astype(np.int64)
        self.owner_code = pc.list_flatten(owned_by).to_numpy().astype(np.int64)
        self.statuses: dict[int, str | None] = {}  # row -> status, for the items at an earlier reading
        self.present = np.ones(len(self.n), dtype=bool)
        readings = table.column("readings")
        earlier = np.flatnonzero(pc.not_equal(readings, "").to_numpy(zero_copy_only=False))
        if len(earlier):
            self._put_back(earlier.tolist(), json.loads("[" + ",".join(readings.take(earlier).to_pylist()) + "]"), date)

    def _put_back(self, rows: list[int], timelines: list[list], date: str | None) -> None:
        """Give the items at ``rows`` their state at their latest reading on ``date`` (``timelines``:
        each one's readings as stored)."""
        import numpy as np

        replaced = np.zeros(len(self.n), dtype=bool)
        added_item: list[int] = []
        added_code: list[int] = []
        for k, timeline in zip(rows, timelines, strict=True):
            latest = None  # graphmodel.reports.reading_on, on the rows as stored (no dict made per reading)
            for reading in timeline:
                if reading[0] is None or reading[0] <= date:
                    latest = reading
            if latest is None:  # not reported yet
                self.present[k] = False
                continue
            _, self.statuses[k], category, owned = latest
            self.open[k] = fig.is_open(category)
            self.completed[k] = fig.is_completed(category)
            if owned is not None:
                replaced[k] = True
                added_item.extend([k] * len(owned))
                added_code.extend(owned)
        if replaced.any():
            keep = ~replaced[self.owner_item]
            self.owner_item = np.concatenate([self.owner_item[keep], np.array(added_item, dtype=np.int64)])
            self.owner_code = np.concatenate([self.owner_code[keep], np.array(added_code, dtype=np.int64)])

    def chains(self, min_links: int, plan: str | None, perennial_plans: int) -> dict:
        """The runs of consecutive places on each line among the present items: ``links`` (SUCCEEDS
        edges between present items), ``order`` (the chains kept, by ``plan`` and ``min_links``,
        in carry-forward's order), ``perennial`` (those spanning ``perennial_plans`` plan years),
        ``longest`` (links). Sets ``carried`` (row -> a present item succeeds it)."""
        import numpy as np

        rows = np.flatnonzero(self.present)
        by_place = rows[np.lexsort((self.pos[rows], self.line[rows]))]
        m = len(by_place)
        line, pos = self.line[by_place], self.pos[by_place]
        starts = np.ones(m, dtype=bool)
        starts[1:] = (line[1:] != line[:-1]) | (pos[1:] != pos[:-1] + 1)
        run = np.cumsum(starts) - 1
        run_start = np.flatnonzero(starts)
        run_len = np.diff(np.append(run_start, m))
        run_end = run_start + run_len - 1  # the newest item's index
        from_end = run_end[run] - np.arange(m)
        self.carried = np.zeros(len(self.n), dtype=bool)
        self.carried[by_place[from_end > 0]] = True
        # a chain: a run cut to its MAX_LINKS + 1 newest items, of min_links + 1 items or more
        length = np.minimum(run_len, MAX_LINKS + 1)
        chain_runs = np.flatnonzero(length >= max(min_links, 1) + 1)
        self._places, self._first, self._length = by_place.tolist(), (run_end - length + 1).tolist(), length.tolist()
        if len(chain_runs) and plan is not None:
            wanted = self.plans.index(plan) if plan in self.plans else -1
            in_run = np.zeros(len(run_len), dtype=bool)
            kept = from_end <= MAX_LINKS
            in_run[run[kept & (self.plan_codes[by_place] == wanted)]] = True
            chain_runs = chain_runs[in_run[chain_runs]]
        first = by_place[(run_end - length + 1)[chain_runs]]
        order = chain_runs[np.lexsort((self.n[first], self.rank[first], -length[chain_runs]))]
        # distinct plan years per chain: the distinct (run, plan year) pairs of the items kept
        kept = from_end <= MAX_LINKS
        width = len(self.plans) + 1
        pairs = np.unique(run[kept] * width + self.plan_codes[by_place[kept]])
        years = np.bincount(pairs // width, minlength=len(run_len))
        return {"links": int(m - len(run_len)), "order": order.tolist(),
                "perennial": order[years[order] >= perennial_plans].tolist(),
                "longest": int(length[order].max()) - 1 if len(order) else 0}

    def chain_items(self, c: int) -> list[int]:
        """The rows of chain ``c`` (a run), oldest first."""
        start = self._first[c]
        return self._places[start:start + self._length[c]]

    def officer_counts(self, plan: str | None, directorates: list[int] | None) -> dict[int, tuple[int, int]]:
        """Officer number -> (carried, carried unfinished): their activities and milestones of
        ``plan`` a present item succeeds, those still open; only as printed beside one of
        ``directorates`` (numbers), when given."""
        import numpy as np

        item_ok = self.present & self.carried & self.work
        if plan is not None:
            item_ok &= self.plan_codes == (self.plans.index(plan) if plan in self.plans else -1)
        ok = item_ok[self.owner_item]
        if directorates is not None:
            ok &= np.isin(self.owner_code % self.width, directorates)
        officers = self.owner_code[ok] // self.width
        carried = np.bincount(officers)
        unfinished = np.bincount(officers, weights=self.open[self.owner_item[ok]], minlength=len(carried))
        return {int(k): (int(carried[k]), int(unfinished[k])) for k in np.flatnonzero(carried)}

    def describe(self, store, rows: list[int], officers: list[str], names: list[str | None]) -> dict[int, dict]:
        """Row -> the item's summary (``graphmodel.analysis.carry.SUMMARY_KEYS``) at its state then
        (``officers`` and ``names``: by officer number)."""
        import numpy as np

        if not rows:
            return {}
        owners: dict[int, list[str]] = defaultdict(list)
        hit = np.isin(self.owner_item, rows)
        for k, code in zip(self.owner_item[hit].tolist(), self.owner_code[hit].tolist(), strict=True):
            officer = code // self.width
            owners[k].append(names[officer] or officers[officer])
        columns = ("s.n AS n, s.id AS id, s.plan_year AS plan, s.item_kind AS kind, s.item_code AS code, "
                   "s.item_title AS title, s.item_status AS status")
        if len(rows) <= _LOOK_UP:
            found = store.query_columns(f"UNWIND $ns AS x MATCH (s:{SUCCESSION_TABLE} {{n: x}}) RETURN " + columns,
                                        {"ns": [int(self.n[k]) for k in rows]})
        else:
            found = store.query_columns(f"MATCH (s:{SUCCESSION_TABLE}) RETURN " + columns)
        row_of = {int(self.n[k]): k for k in rows}
        out = {}
        for n, *values in zip(*found.values(), strict=True):
            k = row_of.get(n)
            if k is None:
                continue
            summary = dict(zip(("id", "plan", "kind", "code", "title", "status"), values, strict=True))
            if k in self.statuses:
                summary["status"] = self.statuses[k]
            summary["owners"] = sorted(owners.get(k, ()))
            out[k] = summary
        return out


def string_codes(column) -> tuple:
    """A string column as (codes, the distinct values), None a value of its own."""
    import numpy as np
    import pyarrow.compute as pc

    encoded = pc.dictionary_encode(column.combine_chunks() if hasattr(column, "combine_chunks") else column)
    values = encoded.dictionary.to_pylist()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    if encoded.null_count:  # None: one code more
        codes = np.where(encoded.is_null().to_numpy(zero_copy_only=False), len(values), codes)
        values.append(None)
    return codes.astype(np.int64), values
