"""The figures civicgraph reports, each defined once: every command, named query (through the
columns the store derives with these functions), the report and the maps read them from here.

An item's *category* is what its printed status means (``graphmodel.schema.status_category``),
except that an item with no status printed at 100% counts as completed ("completed by
percent": tracker rows whose status symbol was lost in extraction). The build stores that
category as each item's ``status_category``, so everything reading the column agrees.

- **completed**: category ``completed`` (printed, or by percent);
- **open**: neither completed nor cancelled (an item with no status is open: nobody reported it done);
- **late**: category ``late`` (overdue, delayed, neglected);
- **reported**: a category other than ``unknown`` (the denominator of slippage rates);
- **unowned**: an activity or milestone no officer and no lead member owns;
- **sole-owned**: an activity whose only officer owns it and every owned milestone under it;
- **carried forward**: a later item SUCCEEDS it;
- **carried unfinished**: carried forward while open;
- **dropped**: an activity of a plan year with a later plan year loaded, not carried forward,
  open and known to be unfinished (a status or a percent below 100 was reported; so a plan
  document that reports no statuses drops nothing), and with no comment saying it was carried
  over to a plan that is not loaded.

An activity's ``outcome`` (None when no later plan year is loaded) is one of ``OUTCOMES``.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping

from graphmodel.schema import StatusCategory

COMPLETED = StatusCategory.COMPLETED.value
ON_TARGET = StatusCategory.ON_TARGET.value
LATE = StatusCategory.LATE.value
CANCELLED = StatusCategory.CANCELLED.value
UNKNOWN = StatusCategory.UNKNOWN.value
CLOSED = frozenset({COMPLETED, CANCELLED})
WORK_KINDS = ("activity", "milestone")  # the items people own and the counts count

# what became of an activity once a later plan year is loaded
CARRIED = "carried_forward"
FINISHED = "completed"
ENDED = "cancelled"
DROPPED = "dropped_unfinished"
CARRIED_OVER = "carried_over"  # a comment says it went to a plan year that is not loaded
NO_STATUS = "no_status"  # nothing reported: neither finished nor known to be unfinished
OUTCOMES = (CARRIED, FINISHED, ENDED, DROPPED, CARRIED_OVER, NO_STATUS)

# the figures the consistency test checks across the CLI, the named queries and the report
FIGURES = ("items", "open", "late", "completed", "completed_by_percent", "unowned", "sole_owned", "carried_forward",
           "carried_unfinished", "dropped")


def category(printed: str | StatusCategory | None, percent: int | None) -> str:
    """The category of an item whose printed status has category ``printed`` (None: no status)
    and percent complete ``percent``: ``printed``, except no status at 100% is ``completed``."""
    cat = UNKNOWN if printed is None else str(printed)
    if cat == UNKNOWN and percent == 100:
        return COMPLETED
    return cat


def completed_by_percent(status: str | None, percent: int | None, cat: str | None) -> bool:
    """True when an item is completed only because it is at 100% with no status printed."""
    return cat == COMPLETED and not status and percent == 100


def is_completed(cat: str | None) -> bool:
    """True for a completed item (``cat`` the stored ``status_category``)."""
    return cat == COMPLETED


def is_open(cat: str | None) -> bool:
    """True for an open item: neither completed nor cancelled (no status counts as open)."""
    return cat not in CLOSED


def is_late(cat: str | None) -> bool:
    """True for a late item (overdue, delayed, neglected)."""
    return cat == LATE


def is_reported(cat: str | None) -> bool:
    """True when a status (or 100%) was reported for the item."""
    return cat is not None and cat != UNKNOWN


def is_unowned(kind: str | None, owners: int) -> bool:
    """True for an activity or milestone that ``owners`` (officers and lead members) is 0 for."""
    return kind in WORK_KINDS and owners == 0


def carried_unfinished(carried: bool, cat: str | None) -> bool:
    """True for an item carried forward while still open."""
    return carried and is_open(cat)


def outcome(kind: str | None, cat: str | None, percent: int | None, carried: bool, later_plan: bool,
            carried_over: bool) -> str | None:
    """What became of an item (one of ``OUTCOMES``), or None when it is not an activity or no
    later plan year is loaded. ``carried``: a later item SUCCEEDS it; ``later_plan``: a later plan
    year is loaded; ``carried_over``: a comment on it (or a milestone under it) says it was
    carried over to a plan year that is not loaded."""
    if kind != "activity" or not later_plan:
        return None
    if carried:
        return CARRIED
    if cat == COMPLETED:
        return FINISHED
    if cat == CANCELLED:
        return ENDED
    if carried_over:
        return CARRIED_OVER
    if cat in (LATE, ON_TARGET) or (percent is not None and percent < 100):
        return DROPPED
    return NO_STATUS


def later_plans(plans: Iterable[str | None]) -> dict[str, str | None]:
    """Each of ``plans`` -> the next later plan year among them (None for the latest), by start year."""
    from graphmodel.identity import plan_start

    held = {p for p in plans if p}
    ordered = sorted((p for p in held if plan_start(p)), key=plan_start)
    out: dict[str, str | None] = {}
    for p in held:
        y = plan_start(p)
        out[p] = next((q for q in ordered if plan_start(q) > y), None) if y else None
    return out


def activity_outcomes(items: Mapping[str, Mapping], children: Mapping[str, Iterable[str]],
                      carried: Container[str]) -> dict[str, str]:
    """The ``outcome`` of every activity among ``items`` (id -> row with ``kind``, ``plan``,
    ``status_category``, ``percent``, ``comments``) that has one: ``children`` maps an item to
    the items PART_OF it (their comments may say it was carried over), ``carried`` holds the
    items a later item SUCCEEDS."""
    from graphmodel.identity import plan_start
    from graphmodel.lineage import carried_over

    later = later_plans(r.get("plan") for r in items.values() if r.get("kind") == "activity")
    years = sorted({y for p in later if (y := plan_start(p))})
    out: dict[str, str] = {}
    for item_id, row in items.items():
        if row.get("kind") != "activity" or later.get(row.get("plan")) is None:
            continue
        y = plan_start(row["plan"])
        notes = [c for x in children.get(item_id, ()) if x in items and (c := items[x].get("comments"))]
        over = carried_over(row.get("comments"), notes, [x for x in years if x > y])
        found = outcome("activity", row.get("status_category"), row.get("percent"), item_id in carried, True, over)
        if found is not None:
            out[item_id] = found
    return out
