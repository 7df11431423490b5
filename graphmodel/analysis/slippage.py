"""Slippage: whose items (and which directorates' and lead members' portfolios) are overdue or
delayed, or had their deadline moved.

Out of the items with a reported status (``n``), an item is *late* when its status category is
``late`` (overdue, delayed, neglected) and *rebaselined* when its comments report a moved
deadline ("deadline revised to ...", "now due ...", "re-profiled", "postponed to ...") or its
deadline changed between two reports' readings (``moved``); *slipped* is either, or an item that
went from on target to late between two readings (``fell_behind``), whatever it is now. Groups are ranked by the LOWER bound of the 95% Wilson score interval of
slipped / n, so a small record (1 of 2) does not outrank a long one (10 of 20); groups with
fewer than ``min_items`` items are left out. The named Cypher queries ``slippage_officers``,
``slippage_directorates`` and ``slippage_members`` compute the same rows.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable

import networkx as nx

from graphmodel import definitions as fig
from graphmodel.analysis._common import item_matches, name, nodes_labelled, officers_of, sources, targets

# One pattern for NetworkX and Cypher (both the embedded store's RE2 and Neo4j's Java regex):
# whole-string match, case-insensitive, no backslashes. The .cypher files hold the same text.
REBASELINE_PATTERN = (
    "(?is).*((deadline|timetable|timeline|timescale|target date|completion date)s?( date)?"
    "( (has|have|had|been|was|were|is|are|now|being|will|need|needs|to|be))* "
    "(revised|moved|extended|changed|amended|put back|pushed back|delayed)"
    "|(revised|new) (target |completion |delivery )?(deadline|date|timescale|timetable)"
    "|now due|re-?profil|postpon|deferred (to|until)"
    "|(delayed|slipped|put back|pushed back|moved back) (to|until|from)|reschedul).*"
)
_REBASELINED = re.compile(REBASELINE_PATTERN)
Z95 = 1.959963984540054  # the 97.5th percentile of the standard normal
METHOD = "ranked by the lower bound of the 95% Wilson score interval of slipped/n"
GROUPINGS = ("officer", "directorate", "member")


def is_rebaselined(comments: str | None) -> bool:
    """True when ``comments`` report a moved deadline."""
    return bool(comments) and _REBASELINED.fullmatch(comments) is not None


def wilson_interval(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval (lower, upper) for k successes out of n; (0.0, 1.0) when n = 0."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2.0 * n)) / denom
    half = z * math.sqrt(p * (1.0 - p) / n + z * z / (4.0 * n * n)) / denom
    return centre - half, centre + half


def _groups(g: nx.MultiDiGraph, by: str, items: Iterable[str], directorate: str | None = None) -> dict[str, set[str]]:
    """Group key -> the items of ``items`` in that group (an officer's: those printed with
    ``directorate`` beside them, when given)."""
    out: dict[str, set[str]] = defaultdict(set)
    wanted = set(items)
    if by == "officer":
        for item in wanted:
            for o in officers_of(g, item, directorate):
                out[o].add(item)
    elif by == "directorate":
        for item in wanted:
            for d in g.nodes[item].get("directorates") or []:
                out[d].add(item)
    elif by == "member":
        for m in nodes_labelled(g, "Member"):
            for led in targets(g, m, "OWNS"):
                for item in [led, *sources(g, led, "PART_OF")]:
                    if item in wanted:
                        out[m].add(item)
    else:
        raise ValueError(f"slippage by {by!r}: choose one of {', '.join(GROUPINGS)}")
    return out


def slippage(
    g: nx.MultiDiGraph,
    by: str = "officer",
    plan: str | None = None,
    directorate: str | None = None,
    min_items: int = 5,
) -> dict:
    """Slippage per officer, directorate or lead member (``by``).

    Returns a dict with ``by``, ``method`` (how rows are ranked), ``filters``, ``min_items``,
    ``left_out`` (groups with fewer than ``min_items`` items with a status) and ``rows``: one
    per group with its key (``officer_id``/``officer``, ``directorate``, or
    ``member_id``/``member``), ``n`` (items with a reported status), ``late``, ``rebaselined``,
    ``slipped``, ``rate`` (slipped/n) and the 95% Wilson interval ``lower`` and ``upper``,
    sorted by ``lower`` descending, then n descending, then name. For a lead member the items
    are the ones they lead and the milestones directly under those.
    """
    items = [
        n for n, d in g.nodes(data=True)
        if d.get("kind") in ("activity", "milestone")
        and fig.is_reported(d.get("status_category", fig.UNKNOWN))
        # an officer's directorate is the one printed beside them (checked per owner in _groups)
        and item_matches(d, plan, None if by == "officer" else directorate)
    ]
    rows, left_out = [], 0
    for key, members in _groups(g, by, items, directorate if by == "officer" else None).items():
        n = len(members)
        if n < min_items:
            left_out += 1
            continue
        late = {i for i in members if fig.is_late(g.nodes[i].get("status_category"))}
        moved = {i for i in members if is_rebaselined(g.nodes[i].get("comments")) or g.nodes[i].get("moved")}
        behind = {i for i in members if g.nodes[i].get("fell_behind")}
        slipped = len(late | moved | behind)
        lower, upper = wilson_interval(slipped, n)
        row = {"directorate": key} if by == "directorate" else {f"{by}_id": key, by: name(g, key)}
        row.update({"n": n, "late": len(late), "rebaselined": len(moved), "slipped": slipped,
                    "rate": slipped / n, "lower": lower, "upper": upper})
        rows.append(row)
    rows.sort(key=lambda r: (-r["lower"], -r["n"], r[by]))
    return {"by": by, "method": METHOD, "filters": {"plan": plan, "directorate": directorate},
            "min_items": min_items, "left_out": left_out, "rows": rows}
