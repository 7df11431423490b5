"""How a plan's statuses moved from one report to the next (the site's plan-year pages).

A plan year read by several reports (quarterly, end-of-year, overdue-only: ``graphmodel.reports``)
has, per report, its readings of the plan's activities and milestones, and between two
consecutive reports the changes a governance reviewer asks about. ``plan_movement`` works them
out from the reports and the READS readings; ``graph_movement`` reads those from a graph.

Every figure keeps the meaning it has elsewhere:

- a reading's category is ``definitions.category`` of what it printed (no status at 100% counts
  as completed), as the items' ``status_category`` is;
- **fell behind** and **deadline moved** at a report are ``reports.moved_and_behind`` applied to
  the item's previous reading (the last one with a status, the last one with a deadline) and this
  report's: so an item counted at any report is exactly an item whose ``fell_behind`` / ``moved``
  column is true (an item that moves twice is counted at both reports);
- **late -> completed**: the previous reading with a status was late, this one is completed;
  **completed**: any earlier category other than completed, this one completed (a superset);
- **new**: the item's first reading is this report's (``graph reports``' "first printed here");
- **not reported since**: the item's ``unreported_since`` column names this report's date, and
  this is the first report after the item's last reading that is not an overdue-only list
  (such a list prints only what is late, so leaving an item out says nothing).

Steps run between consecutive reports in readings' order (``store.readings.reading_order``:
by date, an undated report first), so every reading of an item belongs to one step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from graphmodel import definitions as defs
from graphmodel.reports import OVERDUE, REPORT_KINDS, moved_and_behind

CATEGORIES = (defs.ON_TARGET, defs.LATE, defs.COMPLETED, defs.CANCELLED, defs.UNKNOWN)
TRANSITIONS = ("fell_behind", "late_to_completed", "completed", "moved", "new", "unreported")
_KIND_ORDER = {k: i for i, k in enumerate(REPORT_KINDS)}


@dataclass
class ReportReadings:
    """One report of the plan: ``source`` (file), ``as_of`` (None: undated), ``kind``, and the
    activities and milestones it read per category (category -> item ids, in the given order)."""

    source: str
    as_of: str | None
    kind: str
    by_category: dict[str, list[str]] = field(default_factory=dict)

    @property
    def readings(self) -> int:
        """How many items the report read."""
        return sum(len(v) for v in self.by_category.values())


@dataclass
class Step:
    """What changed from report ``earlier`` to report ``later`` (both file names): item ids per
    transition (``TRANSITIONS``; see the module docstring)."""

    earlier: str
    later: str
    items: dict[str, list[str]] = field(default_factory=lambda: {t: [] for t in TRANSITIONS})


@dataclass
class PlanMovement:
    """A plan's reports in readings' order, and the steps between consecutive ones."""

    plan: str
    reports: list[ReportReadings]
    steps: list[Step]

    def totals(self) -> dict[str, int]:
        """Items per transition over all steps."""
        return {t: sum(len(s.items[t]) for s in self.steps) for t in TRANSITIONS}


def report_order(report: Mapping) -> tuple:
    """A report's place among its plan's reports: date (undated first), kind, file name."""
    return (report.get("as_of") or "", _KIND_ORDER.get(report.get("kind"), 9), report.get("source") or "")


def plan_movement(plan: str, reports: Iterable[Mapping], readings: Mapping[str, list[Mapping]],
                  unreported_since: Mapping[str, str | None]) -> PlanMovement:
    """The ``PlanMovement`` of ``plan``: ``reports`` are its reports (``source``, ``as_of``,
    ``kind``); ``readings`` maps each of its activities and milestones to its readings (each
    with ``report``: the report's file, ``status_category`` as printed, ``percent``,
    ``deadlines``); ``unreported_since`` maps an item to its column of that name. Items are
    listed in ``readings``' order."""
    reps = sorted(reports, key=report_order)
    index = {r["source"]: i for i, r in enumerate(reps)}
    out = [ReportReadings(r["source"], r.get("as_of"), r.get("kind") or "", {c: [] for c in CATEGORIES})
           for r in reps]
    steps = [Step(reps[i - 1]["source"], reps[i]["source"]) for i in range(1, len(reps))]
    for item, rows in readings.items():
        rows = sorted((r for r in rows if r.get("report") in index), key=lambda r: index[r["report"]])
        # the item's last deadline, last printed category (what moved_and_behind compares) and
        # last reported category (definitions.category: completed by percent counts) so far
        deadline = printed_before = cat = None
        for n, r in enumerate(rows):
            k = index[r["report"]]
            now = defs.category(r.get("status_category"), r.get("percent"))
            out[k].by_category.setdefault(now, []).append(item)
            new_deadline = (r.get("deadlines") or [None])[-1]
            printed = r.get("status_category")
            if k > 0:
                step = steps[k - 1].items
                moved, _ = moved_and_behind([(deadline, None), (new_deadline, None)])
                _, behind = moved_and_behind([(None, printed_before), (None, printed)])
                if moved:
                    step["moved"].append(item)
                if behind:
                    step["fell_behind"].append(item)
                if defs.is_completed(now) and cat is not None and not defs.is_completed(cat):
                    step["completed"].append(item)
                    if defs.is_late(cat):
                        step["late_to_completed"].append(item)
                if n == 0:
                    step["new"].append(item)
            if new_deadline is not None:
                deadline = new_deadline
            if printed and printed != defs.UNKNOWN:
                printed_before = printed
            if defs.is_reported(now):
                cat = now
        since = unreported_since.get(item)
        if since is not None and rows:
            last = index[rows[-1]["report"]]
            gone = next((i for i in range(last + 1, len(reps)) if reps[i].get("kind") != OVERDUE), None)
            if gone is not None and reps[gone].get("as_of") == since:
                steps[gone - 1].items["unreported"].append(item)
    return PlanMovement(plan, out, steps)


def graph_movement(g: nx.MultiDiGraph) -> dict[str, PlanMovement]:
    """Plan year -> its ``PlanMovement``, from ``g``'s Report nodes and their READS edges to
    activities and milestones (items in the order their first report printed them). A plan year
    with no Report node is left out."""
    reports: dict[str, list[dict]] = {}
    readings: dict[str, dict[str, list[dict]]] = {}
    unreported: dict[str, str | None] = {}
    for node, d in g.nodes(data=True):
        if d.get("label") != "Report":
            continue
        plan = d.get("plan")
        reports.setdefault(plan, []).append({"source": d.get("source") or d.get("name"), "as_of": d.get("as_of"),
                                             "kind": d.get("report_kind")})
        for _, item, key, x in g.out_edges(node, keys=True, data=True):
            di = g.nodes[item]
            if key != "READS" or di.get("kind") not in defs.WORK_KINDS or di.get("plan") != plan:
                continue
            readings.setdefault(plan, {}).setdefault(item, []).append({**x, "report": reports[plan][-1]["source"]})
            unreported[item] = di.get("unreported_since")
    out = {}
    for plan, reps in reports.items():
        items = readings.get(plan, {})
        ordered = dict(sorted(items.items(), key=lambda kv: (g.nodes[kv[0]].get("source") or "",
                                                             g.nodes[kv[0]].get("line") or 0)))
        out[plan] = plan_movement(plan, reps, ordered, unreported)
    return out
