"""Reading reports and readings back from a store: ``graph reports``, ``graph history``,
``graph export history`` and the analyses' ``--as-of``.

A store holds a ``Report`` node per loaded document and a ``READS`` edge from it to every plan
item it printed, carrying that reading (``graphmodel.build.reading_row``). Everything here
reads those with plain Cypher, so it answers the same on any store ``query`` works on.
"""

from __future__ import annotations

from collections import defaultdict

from graphmodel.reports import HISTORY_KEYS, REPORT_KINDS, moved_and_behind, reading_on
from graphmodel.schema import NodeLabel

ITEM_LABELS = (NodeLabel.THEME, NodeLabel.PRIORITY, NodeLabel.ACTIVITY, NodeLabel.MILESTONE)

_KIND_ORDER = {k: i for i, k in enumerate(REPORT_KINDS)}
# what a reading returns (the READS edge x from report r); constant query text, values go as $parameters
_READING = ("x.as_of AS as_of, x.status AS status, x.status_category AS status_category, x.percent AS percent, "
            "x.deadlines AS deadlines, x.comments AS comments, x.source AS source, x.line AS line, "
            "x.code AS code, x.title AS title, r.report_kind AS report_kind, x.officer_ids AS officer_ids, "
            "x.officer_directorates AS officer_directorates")
_ITEM_READINGS = ("MATCH (r:Report)-[x:READS]->(i) WHERE i.id = $id RETURN i.plan AS plan, i.kind AS kind, "
                  + _READING)
_ALL_READINGS = ("MATCH (r:Report)-[x:READS]->(i) RETURN i.id AS id, i.plan AS plan, i.kind AS kind, "
                 "i.source AS first_source, i.line AS first_line, " + _READING)
_EVERY_READING = "MATCH (r:Report)-[x:READS]->(i) RETURN i.id AS id, " + _READING
# the readings of the items whose state on $date differs from their latest: first reported on or
# before it (or undated), last reported after it
_READINGS_ACROSS = ("MATCH (r:Report)-[x:READS]->(i) WHERE i.as_of > $date AND (i.first_as_of IS NULL OR "
                    "i.first_as_of <= $date) RETURN i.id AS id, " + _READING)
# one item's readings, found through its label's primary key (a pattern without a label scans every READS edge)
_LABELLED_READINGS = {label: (f"MATCH (r:Report)-[x:READS]->(i:{label.value}) WHERE i.id = $id "
                              "RETURN i.plan AS plan, i.kind AS kind, " + _READING) for label in ITEM_LABELS}


def reading_order(row: dict, report_kind: str | None = None) -> tuple:
    """Readings' order: by date (undated first), report kind (the row's ``report_kind``, else
    ``report_kind``: a READS row holds its report's id, not its kind), file name, line."""
    return (row.get("as_of") or "", _KIND_ORDER.get(row.get("report_kind") or report_kind, 9), row.get("source") or "",
            row.get("line") or 0)


def reports(store) -> list[dict]:
    """The loaded reports, by plan, date and file name: ``plan``, ``as_of`` (None when the
    document did not say), ``kind``, ``source``, ``layout``, ``items``, ``activities`` and
    ``milestones`` it printed, ``new`` (plan items it printed first) and ``not_reported``
    (plan items printed before but not by it, counted on the first report that left them out)."""
    rows = store.query("MATCH (r:Report) RETURN r.plan AS plan, r.as_of AS as_of, r.report_kind AS kind, "
                       "r.source AS source, r.layout AS layout, r.n_items AS items, r.n_activities AS activities, "
                       "r.n_milestones AS milestones, r.n_new AS new, r.n_left_out AS not_reported")
    return sorted(rows, key=lambda r: (r["plan"] or "", r["as_of"] or "", _KIND_ORDER.get(r["kind"], 9), r["source"]))


def item_history(store, item_id: str, label: str | None = None) -> list[dict]:
    """The readings of the item ``item_id`` (labelled ``label``, when known: a faster look-up)
    in date order, each with ``HISTORY_KEYS``, ``report_kind`` and ``owners`` (``reading_owners``)."""
    query = _LABELLED_READINGS[NodeLabel(label)] if label else _ITEM_READINGS
    rows = store.query(query, {"id": item_id})
    ids = sorted({o for r in rows for o in r.get("officer_ids") or ()})
    names = {r["id"]: r["name"] for r in store.query(_OFFICER_NAMES, {"ids": ids})} if ids else {}
    return [{**_history_row(r), "report_kind": r["report_kind"], "owners": reading_owners(r, names)}
            for r in sorted(rows, key=reading_order)]


_OFFICER_NAMES = "UNWIND $ids AS x MATCH (o:Officer {id: x}) RETURN o.id AS id, o.name AS name"


def reading_officers(reading: dict) -> list[tuple[str, str | None]] | None:
    """The officers a reading (a READS row) printed, in order, each with the directorate printed
    beside them (None: none); None for a reading made before readings kept their officers."""
    ids = reading.get("officer_ids")
    if ids is None:
        return None
    dirs = reading.get("officer_directorates") or [""] * len(ids)
    return [(o, d or None) for o, d in zip(ids, dirs, strict=True)]


def reading_owners(reading: dict, names: dict[str, str]) -> list[dict]:
    """The officers a reading printed: ``officer`` (their name, from ``names``: id -> name) and
    ``directorate`` (the one printed beside them, or None), in the order printed."""
    return [{"officer": names.get(o, o), "directorate": d} for o, d in reading_officers(reading) or ()]


def history_rows(store) -> list[dict]:
    """Every reading of every item (``HISTORY_KEYS``): by plan, then item (in the order its
    first report printed it), each item's readings in date order."""
    by_item: dict[str, list[dict]] = defaultdict(list)
    for r in store.query(_ALL_READINGS):
        by_item[r["id"]].append(r)
    out = []
    for item in sorted(by_item.values(), key=lambda rs: (rs[0]["plan"] or "", rs[0]["first_source"] or "",
                                                          rs[0]["first_line"] or 0)):
        out.extend(_history_row(r) for r in sorted(item, key=reading_order))
    return out


def _history_row(r: dict) -> dict:
    row = {k: r.get(k) for k in HISTORY_KEYS}
    row["deadlines"] = list(row["deadlines"] or [])
    return row


def readings_by_item(store, date: str | None = None) -> dict[str, list[dict]]:
    """Item id -> its readings (``as_of``, ``status``, ``status_category``, ``deadlines``,
    ``comments``, ...) in date order. With ``date``, only the items whose state on that date is
    not their latest (reported on or before it and after it): the others need none (``as_of``)."""
    out: dict[str, list[dict]] = defaultdict(list)
    rows = store.query(_READINGS_ACROSS, {"date": date}) if date else store.query(_EVERY_READING)
    for r in rows:
        out[r["id"]].append(r)
    for rows in out.values():
        rows.sort(key=reading_order)
    return dict(out)


# the readings of given items of one label: on ~230k READS edges, ~30 ms for ~130 items, against
# ~300 ms for the same looked up by primary key (UNWIND $ids ... {id: y}), whichever end comes first
_READINGS_OF = {label: (f"MATCH (r:Report)-[x:READS]->(i:{label.value}) WHERE i.id IN $ids "
                        "RETURN i.id AS id, " + _READING) for label in ITEM_LABELS}
# the items a reading on or before $date (or undated) printed an officer on
_NAMED_BY_READINGS = ("MATCH (r:Report)-[x:READS]->(i) WHERE (x.as_of IS NULL OR x.as_of <= $date) "
                      "AND list_contains(x.officer_ids, $officer) RETURN DISTINCT i.id AS id, label(i) AS label")


def readings_of(store, items: dict[str, list[str]]) -> dict[str, list[dict]]:
    """Item id -> its readings in date order (as ``readings_by_item``), for the ``items`` given
    as label -> ids; items no report read are left out."""
    out: dict[str, list[dict]] = defaultdict(list)
    for label, ids in items.items():
        if ids and NodeLabel(label) in _READINGS_OF:
            for r in store.query(_READINGS_OF[NodeLabel(label)], {"ids": list(ids)}):
                out[r["id"]].append(r)
    for rows in out.values():
        rows.sort(key=reading_order)
    return dict(out)


def items_named_by(store, officer: str, date: str) -> list[tuple[str, str]]:
    """The (id, label) of every item a reading on or before ``date`` (or an undated one)
    printed the officer ``officer`` on: the items they may have owned then, whoever owns them now."""
    return [(r["id"], r["label"]) for r in store.query(_NAMED_BY_READINGS, {"date": date, "officer": officer})]


def graph_as_of(store, date: str):
    """The whole stored graph (``store.read_graph()``) as it stood on ``date`` (``as_of``)."""
    with store.reading():
        g = store.read_graph()
        readings = readings_by_item(store, date)
    as_of(g, readings, date)
    return g


def as_of(g, readings: dict[str, list[dict]], date: str) -> list[str]:
    """Turn the graph ``g`` (items with their latest state) into the state as it stood on
    ``date``, in place: items first reported after ``date`` (their ``first_as_of``, or no
    reading on or before it) are removed; each item in ``readings`` takes its latest reading on
    or before ``date`` (``status``, ``status_category``, ``percent``, ``deadlines``,
    ``deadline``, ``comments``) and the history that far (``moved``, ``fell_behind``); the
    others (last reported by then, or undated) stay as they are. Each item taking an earlier
    reading takes the officers it printed too (OWNS, with the directorate beside each), when
    ``g`` holds Officer nodes. Lead members and boards stay the latest report's. When the items
    carry an ``outcome`` (what became of each activity), it is counted again on the graph as it
    stood (``_outcomes_then``). Returns the ids removed."""
    gone = [n for n, d in g.nodes(data=True) if (d.get("first_as_of") or "") > date]
    for node, rows in readings.items():
        if node not in g:
            continue
        upto = [r for r in rows if r.get("as_of") is None or r["as_of"] <= date]
        latest = reading_on(rows, date)
        if latest is None:
            gone.append(node)
            continue
        data = g.nodes[node]
        deadlines = list(latest.get("deadlines") or [])
        data.update(status=latest.get("status"), status_category=latest.get("status_category"),
                    percent=latest.get("percent"), deadlines=deadlines,
                    deadline=deadlines[-1] if deadlines else None, comments=latest.get("comments"))
        moved, behind = moved_and_behind(((r.get("deadlines") or [None])[-1], r.get("status_category"))
                                         for r in upto)
        data.update(moved=moved, fell_behind=behind, as_of=latest.get("as_of"))
        _own_as_read(g, node, latest)
    gone = list(dict.fromkeys(gone))
    g.remove_nodes_from(gone)
    if any("outcome" in d for _, d in g.nodes(data=True)):
        _outcomes_then(g)
    return gone


def _outcomes_then(g) -> None:
    """Set each item's ``outcome`` (``graphmodel.definitions.activity_outcomes``) from ``g`` as it
    stands: its items' state, what is PART_OF them, which a later item SUCCEEDS. On an earlier
    date an activity may not be dropped yet (the next plan year not reported) or not finished."""
    from graphmodel import definitions as fig

    items = {n: d for n, d in g.nodes(data=True) if d.get("kind")}
    children: dict[str, list[str]] = defaultdict(list)
    carried: set[str] = set()
    for u, v, k in g.edges(keys=True):
        if u in items and v in items:
            if k == "PART_OF":
                children[v].append(u)
            elif k == "SUCCEEDS":
                carried.add(v)
    found = fig.activity_outcomes(items, children, carried)
    for n, d in items.items():
        d["outcome"] = found.get(n)


def _own_as_read(g, node: str, reading: dict) -> None:
    """Make the officers owning ``node`` in ``g`` those ``reading`` printed (``officer_ids``,
    with ``officer_directorates`` beside them; '' none). Officers ``g`` does not hold (an
    analysis that reads none) are left out."""
    officers = reading_officers(reading)
    if officers is None:
        return
    for u in [u for u, _, k in g.in_edges(node, keys=True) if k == "OWNS" and g.nodes[u].get("label") == "Officer"]:
        g.remove_edge(u, node, key="OWNS")
    for officer, directorate in officers:
        if officer in g:
            g.add_edge(officer, node, key="OWNS", directorate=directorate)
