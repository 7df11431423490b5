"""Columns the stores hold beyond the graph's own properties, computed once at write time.

Named queries must answer in about 100 ms on a quarter-million-item store; some of their
answers depend on per-item facts that are costly to recompute in Cypher on every call (how
many officers own an item, whether its comments report a moved deadline). Those facts are
computed here, from the rows every store writes, and stored as ordinary columns.

Measured on the ~250k-item benchmark corpus (Ladybug): a variable-length pattern such as
``-[:PART_OF*0..3]->`` costs about a millisecond per starting node whatever the path length
(3 s for a lead member's 2,900 activities), every extra hop a query walks is a hash join over
the whole edge table, and ``=~`` runs the regex on every row; a scan of one node table's
columns takes a few milliseconds. So each fact below replaces a walk (or a regex) with a
column read.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from graphmodel import definitions as fig
from graphmodel.gcpause import gc_paused
from graphmodel.schema import EdgeType, NodeLabel

ITEM_LABELS = (NodeLabel.THEME, NodeLabel.PRIORITY, NodeLabel.ACTIVITY, NodeLabel.MILESTONE)
CHAIN_MAX_LINKS = 10  # carry_forward follows SUCCEEDS at most this far (as it always has)
_CHAIN_HOPS = 3  # chain: the item and what it is PART_OF, up to this many levels up

# column -> Ladybug type, on every item label
ITEM_DERIVED: dict[str, str] = {
    # comments report a moved deadline (graphmodel.analysis.slippage.is_rebaselined), or its
    # deadline changed between two reports' readings (the ``moved`` history column)
    "rebaselined": "BOOLEAN",
    # how many officers and lead members own the item (OWNS edges in)
    "owners": "INT64",
    # the names of the officers who own it (sorted, so the same on every store)
    "officer_names": "STRING[]",
    # the ids of the lead members who own the item or what it is directly PART_OF
    "lead_member_ids": "STRING[]",
    # a later item SUCCEEDS this one (it was carried forward)
    "carried": "BOOLEAN",
    # on an activity of a plan year with a later plan year loaded: what became of it
    # (graphmodel.definitions.outcome: carried_forward, completed, cancelled, dropped_unfinished,
    # carried_over, no_status); None elsewhere
    "outcome": "STRING",
    # on the latest item of a carry-forward chain (nothing succeeds it, it succeeds something):
    # how many SUCCEEDS links lead back to the earliest item, and that item's plan, code,
    # title and status
    "chain_links": "INT64",
    "first_plan": "STRING",
    "first_code": "STRING",
    "first_title": "STRING",
    "first_status": "STRING",
    # and its place (1, 2, ...) among all chains' latest items, in the order carry_forward lists them
    # (most links first, then the first item's plan and title, then the latest item's plan, code,
    # title and id): sorting ~30k rows by five strings took Ladybug ~50 ms a call
    "chain_rank": "INT64",
    # the accountability chain above the item (PART_OF, up to three levels, the item included)
    "up_activity": "STRING",
    "up_priority_code": "STRING",
    "up_priority": "STRING",
    "up_theme": "STRING",
    "up_members": "STRING[]",
    "up_boards": "STRING[]",
    # what sits directly under it (PART_OF in): how many, how many late, and the officers who
    # own it or any of those (names, sorted)
    "under": "INT64",
    "late_under": "INT64",
    "team": "STRING[]",
    # on an activity: the one officer who owns it and every owned milestone under it (None
    # when there are none or several)
    "sole_officer": "STRING",
}

# label -> column -> Ladybug type, merged into ``tables.NODE_COLUMNS``
DERIVED_COLUMNS: dict[NodeLabel, dict[str, str]] = {label: dict(ITEM_DERIVED) for label in ITEM_LABELS}

Rels = dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]]


def add_derived(nodes: dict[NodeLabel, list[dict]], rels: Rels) -> None:
    """Fill the ``DERIVED_COLUMNS`` of ``nodes``' rows in place, from ``nodes`` and ``rels``;
    returns None. Rows of labels without derived columns are left alone."""
    items: dict[str, dict] = {row["id"]: row for label in ITEM_LABELS for row in nodes.get(label, ())}
    if not items:
        return
    # a quarter of a million items make millions of small lists and sets, none of them in a
    # reference cycle: the collector's full passes over the whole heap would only add seconds
    with gc_paused():
        _fill(nodes, items, _Edges(rels))


def _fill(nodes: dict[NodeLabel, list[dict]], items: dict[str, dict], e: _Edges) -> None:
    """Set every derived column of ``items`` (the item rows of ``nodes`` by id); returns None."""
    names = {row["id"]: row.get("name") for label in (NodeLabel.OFFICER, NodeLabel.MEMBER, NodeLabel.BOARD)
             for row in nodes.get(label, ())}
    ids = list(items)
    officers, members = e.officers, e.members
    for item_id, moved in zip(ids, rebaselined_comments([items[i].get("comments") for i in ids]), strict=True):
        row = items[item_id]
        own_officers = officers.get(item_id, _NONE)
        own_members = members.get(item_id, _NONE)
        # reports: a deadline moved between two readings is rebaselined too (graphmodel.reports)
        row["rebaselined"] = moved or bool(row.get("moved"))
        row["owners"] = len(own_officers) + len(own_members)
        row["officer_names"] = _names(names, own_officers) if own_officers else []
        leads = [*own_members]
        for p in e.parents.get(item_id, _NONE):
            leads.extend(members.get(p, _NONE))
        row["lead_member_ids"] = sorted(set(leads)) if leads else []
        row["carried"] = item_id in e.newer
        row["under"], row["late_under"], row["team"] = 0, 0, list(row["officer_names"])
        row["sole_officer"] = None
        row.update(_NO_CHAIN)
    ends = []
    for item_id in e.older:  # the latest items of carry-forward chains
        if item_id in items and item_id not in e.newer:
            first, links = _chain(item_id, e.older)
            if first is not None and first in items:
                f = items[first]
                items[item_id].update(chain_links=links, first_plan=f.get("plan"), first_code=f.get("code"),
                                      first_title=f.get("title"), first_status=f.get("status"))
                ends.append(items[item_id])
    for rank, row in enumerate(sorted(ends, key=_chain_order), start=1):
        row["chain_rank"] = rank
    for item_id, under_list in e.children.items():  # what sits directly under an item
        row = items.get(item_id)
        if row is None:
            continue
        under = set(under_list)
        row["under"] = len(under)
        row["late_under"] = sum(1 for x in under if x in items and fig.is_late(items[x].get("status_category")))
        row["team"] = _names(names, [*officers.get(item_id, _NONE), *(o for x in under for o in officers.get(x, _NONE))])
    # sole_owned matches (a:Activity) with kind 'activity' and milestones (x:Milestone) likewise
    milestones = {r["id"] for r in nodes.get(NodeLabel.MILESTONE, ()) if r.get("kind") == "milestone"}
    for row in nodes.get(NodeLabel.ACTIVITY, ()):
        if row.get("kind") == "activity":
            row["sole_officer"] = _sole_officer(row["id"], e.children.get(row["id"], _NONE), milestones, officers, names)
    _fill_up(items, e, names)
    _fill_outcomes(items, e)


def _fill_outcomes(items: dict[str, dict], e: _Edges) -> None:
    """Set ``outcome`` on every item (``graphmodel.definitions.activity_outcomes``)."""
    found = fig.activity_outcomes(items, e.children, e.newer)
    for item_id, row in items.items():
        row["outcome"] = found.get(item_id)


_NO_CHAIN = {"chain_links": None, "first_plan": None, "first_code": None, "first_title": None, "first_status": None,
             "chain_rank": None}


def _chain_order(row: dict) -> tuple:
    """The sort key of a chain's latest item in carry_forward's order (``chain_rank``)."""
    return (-row["chain_links"], row["first_plan"] or "", row["first_title"] or "", row.get("plan") or "",
            row.get("code") or "", row.get("title") or "", row["id"])
_NONE: tuple = ()


class _Edges:
    """The edges the derived columns need, indexed by node id (one pass over ``rels``)."""

    def __init__(self, rels: Rels) -> None:
        self.officers: dict[str, list[str]] = defaultdict(list)  # item -> officers who OWN it
        self.members: dict[str, list[str]] = defaultdict(list)  # item -> lead members who OWN it
        self.boards: dict[str, list[str]] = defaultdict(list)  # item -> boards that MONITOR it
        self.parents: dict[str, list[str]] = defaultdict(list)  # PART_OF out
        self.children: dict[str, list[str]] = defaultdict(list)  # PART_OF in
        self.older: dict[str, list[str]] = defaultdict(list)  # SUCCEEDS out (the earlier item)
        self.newer: dict[str, list[str]] = defaultdict(list)  # SUCCEEDS in (the later item)
        for (etype, a, _), rows in rels.items():
            if etype == EdgeType.OWNS:
                by_target = self.officers if a == NodeLabel.OFFICER else self.members
                for r in rows:
                    by_target[r["to"]].append(r["from"])
            elif etype == EdgeType.MONITORS:
                for r in rows:
                    self.boards[r["to"]].append(r["from"])
            elif etype in (EdgeType.PART_OF, EdgeType.SUCCEEDS):
                out, back = (self.parents, self.children) if etype == EdgeType.PART_OF else (self.older, self.newer)
                for r in rows:
                    out[r["from"]].append(r["to"])
                    back[r["to"]].append(r["from"])
        for index in vars(self).values():  # plain dicts: a lookup must not add keys
            index.default_factory = None


def rebaselined_comments(comments: list[str | None]) -> list[bool]:
    """Whether each of ``comments`` reports a moved deadline: ``REBASELINE_PATTERN`` matched
    by RE2 (through pyarrow), the engine the store's ``=~`` used; the same answers as
    ``is_rebaselined`` (tested) at ~50 times its speed (Python's ``re`` takes ~40 us a comment)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from graphmodel.analysis.slippage import REBASELINE_PATTERN

    found = pc.match_substring_regex(pa.array(comments, pa.string()), REBASELINE_PATTERN)
    return found.fill_null(False).to_pylist()


def _names(names: dict[str, str | None], ids: Iterable[str]) -> list[str]:
    """The distinct non-null names of ``ids``, sorted."""
    return sorted({n for i in ids if (n := names.get(i)) is not None})


def _chain(item_id: str, older: dict[str, list[str]]) -> tuple[str | None, int | None]:
    """(earliest item id, links) of the carry-forward chain whose latest item is ``item_id``;
    (None, None) when it is longer than ``CHAIN_MAX_LINKS``.

    The chain is the SUCCEEDS path from the item back to an item that succeeds nothing, of at
    most ``CHAIN_MAX_LINKS`` links (a longer one is left out, as the query always did).
    Lineage gives each item at most one predecessor, so there is one path; should a
    hand-made graph branch, the longest path (then the smallest earliest id) is the chain.
    """
    ends: set[tuple[int, str]] = set()
    frontier = [(item_id, 0)]
    while frontier:  # a walk, like the query's chained OPTIONAL MATCHes
        node, links = frontier.pop()
        nxt = older.get(node, ())
        if not nxt:
            ends.add((links, node))
        elif links < CHAIN_MAX_LINKS:
            frontier.extend((v, links + 1) for v in nxt)
        else:
            return None, None  # longer than CHAIN_MAX_LINKS
    links, first = min(ends, key=lambda e: (-e[0], e[1]))
    return first, links


_UP_COLS = ("up_activity", "up_priority_code", "up_priority", "up_theme")


def _fill_up(items: dict[str, dict], e: _Edges, names: dict[str, str | None]) -> None:
    """Set the ``up_*`` columns of every item: from the item and what it is PART_OF up to
    ``_CHAIN_HOPS`` levels (the query's ``-[:PART_OF*0..3]->``, whose activity leaves the item
    itself out). What lies above a node is worked out once per (node, levels) and shared by
    the items under it."""
    memo: dict[tuple[str, int], tuple] = {}
    named: dict[tuple[str, int], tuple[list[str], list[str]]] = {}

    for item_id, row in items.items():
        parents = e.parents.get(item_id, _NONE)
        if len(parents) == 1 and item_id not in e.members and item_id not in e.boards:
            # the usual case (an item under one parent, no member or board of its own): what
            # is above the parent, with the member and board names sorted once per parent
            key = (parents[0], _CHAIN_HOPS - 1)
            best_above, mem, brd = _above(*key, memo, items, e)
            if key not in named:
                named[key] = (_names(names, mem), _names(names, brd))
            best = dict(best_above)
            _fold_own(best, row, include_activity=False)
            members, boards = named[key]
            row["up_members"], row["up_boards"] = list(members), list(boards)
        else:
            best, mem, brd = _own(item_id, items, e, include_activity=False)
            for p in parents:
                _merge(best, mem, brd, _above(p, _CHAIN_HOPS - 1, memo, items, e))
            row["up_members"] = _names(names, mem) if mem else []
            row["up_boards"] = _names(names, brd) if brd else []
        for col in _UP_COLS:
            row[col] = best.get(col)


def _above(node: str, hops: int, memo: dict[tuple[str, int], tuple], items: dict[str, dict], e: _Edges) -> tuple:
    """(best values of _UP_COLS, member ids, board ids) over ``node`` and ``hops`` levels up.

    A module function, not a closure that calls itself: such a closure is a reference cycle,
    and with the collector paused during a load (``gc_paused``) it kept every item row alive
    through the store write (~0.5 GB at ~250k items)."""
    key = (node, hops)
    if key not in memo:
        best, mem, brd = _own(node, items, e, include_activity=True)
        if hops:
            for p in e.parents.get(node, _NONE):
                _merge(best, mem, brd, _above(p, hops - 1, memo, items, e))
        memo[key] = (best, mem, brd)
    return memo[key]


def _own(node: str, items: dict[str, dict], e: _Edges, include_activity: bool) -> tuple[dict, set, set]:
    """What ``node`` itself gives the ``up_*`` columns: (best values, member ids, board ids)."""
    best: dict[str, str] = {}
    up = items.get(node)
    if up is not None:
        _fold_own(best, up, include_activity)
    return best, set(e.members.get(node, _NONE)), set(e.boards.get(node, _NONE))


def _fold_own(best: dict[str, str], up: dict, include_activity: bool) -> None:
    """Fold the item row ``up``'s own title or code into ``best`` by its kind."""
    kind = up.get("kind")
    if kind == "activity" and include_activity:
        _keep_max(best, "up_activity", up.get("title"))
    elif kind == "priority":
        _keep_max(best, "up_priority_code", up.get("code"))
        _keep_max(best, "up_priority", up.get("title"))
    elif kind == "theme":
        _keep_max(best, "up_theme", up.get("title"))


def _merge(best: dict, mem: set, brd: set, other: tuple) -> None:
    """Fold ``other`` (an ``above`` result) into ``best``, ``mem`` and ``brd``."""
    for col, value in other[0].items():
        _keep_max(best, col, value)
    mem |= other[1]
    brd |= other[2]


def _keep_max(best: dict[str, str], col: str, value: str | None) -> None:
    """Keep the largest non-null value per column (Cypher's ``max``)."""
    if value is not None and (col not in best or value > best[col]):
        best[col] = value


def _sole_officer(activity: str, under: Iterable[str], milestones: set[str], officers: dict[str, list[str]],
                  names: dict[str, str | None]) -> str | None:
    """The name of the one officer who owns ``activity`` and every owned milestone under it;
    None when no officer or several do."""
    ids = set(officers.get(activity, ())) | {o for x in under if x in milestones for o in officers.get(x, ())}
    return names.get(next(iter(ids))) if len(ids) == 1 else None
