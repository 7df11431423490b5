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
}
_COUNTS = ("n_total", "n_open", "n_late", "n_reported", "n_rebaselined", "n_slipped", "n_carried_unfinished")
_Key = tuple[str, str, str, str]  # (owner label, owner id, plan, directorate)


def tally_rows(nodes: dict[NodeLabel, list[dict]],
               rels: dict[tuple[EdgeType, NodeLabel, NodeLabel], list[dict]]) -> list[dict]:
    """The ``Tally`` rows of the tables ``nodes`` and ``rels`` (derived columns filled: it reads
    ``rebaselined``, ``carried`` and ``lead_member_ids``), sorted by their key; only slices
    with at least one item."""
    # first how many items of each (owner, plan, directorates, flags) there are, then those
    # few groups spread over their slices: per item and slice took ~4 s at ~250k items
    groups: Counter[tuple[str, str, str, int, int]] = Counter()  # directorates as an index into ``printed``
    items: dict[str, tuple[str, int, int]] = {}
    members = {row["id"]: row.get("name") for row in nodes.get(NodeLabel.MEMBER, ())}
    printed: list[tuple[str, ...]] = []  # each distinct directorate list once, without repeats
    index: dict[tuple[str, ...], int] = {}
    for label in ITEM_LABELS:
        for row in nodes.get(label, ()):
            if row.get("kind") not in COUNTED_KINDS:
                continue
            as_printed = tuple(row.get("directorates") or ())
            dirs = index.get(as_printed)
            if dirs is None:
                dirs = index[as_printed] = len(printed)
                printed.append(tuple(dict.fromkeys(as_printed)))
            plan, flags = row.get("plan") or "", _flags(row)
            items[row["id"]] = (plan, dirs, flags)
            groups["", "", plan, dirs, flags] += 1
            for lead in row.get("lead_member_ids") or ():
                if lead in members:
                    groups["Member", lead, plan, -1, flags] += 1  # members are not split by directorate
    officers = {row["id"]: row.get("name") for row in nodes.get(NodeLabel.OFFICER, ())}
    for (etype, a, _), rows in rels.items():
        if etype != EdgeType.OWNS or a != NodeLabel.OFFICER:
            continue
        # an officer owns an item once, however many times a document prints them on it; their
        # rows are split by the directorate printed beside them there, not the item's others
        for officer, item_id, directorate in {(r["from"], r["to"], r.get("directorate")) for r in rows
                                              if r["to"] in items}:
            plan, _, flags = items[item_id]
            own = (directorate,) if directorate else ()
            dirs = index.get(own)
            if dirs is None:
                dirs = index[own] = len(printed)
                printed.append(own)
            groups["Officer", officer, plan, dirs, flags] += 1
    counts: dict[_Key, list[int]] = defaultdict(lambda: [0] * len(_COUNTS))
    for (label, owner, plan, dirs, flags), n in groups.items():
        directorates = () if dirs < 0 else printed[dirs] or ((NO_DIRECTORATE,) if not label else ())
        for key in _slices(label, owner, plan, directorates):
            _add(counts[key], flags, n)
    names = {"Officer": officers, "Member": members}
    out = []
    for (label, owner, plan, directorate), values in sorted(counts.items()):
        row = {"id": f"tally:{label}|{owner}|{plan}|{directorate}", "owner_label": label, "owner_id": owner,
               "owner": names[label].get(owner) or "" if label else "", "plan": plan, "directorate": directorate}
        row.update(zip(_COUNTS, values, strict=True))
        out.append(row)
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


def _slices(label: str, owner: str, plan: str, directorates: Iterable[str]) -> list[_Key]:
    """Every slice an item of ``plan`` printed with ``directorates`` counts in for one owner: its
    plan and every plan, each whatever the directorate and per directorate."""
    out = []
    for p in dict.fromkeys((plan, "")):  # once when the item has no plan
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
