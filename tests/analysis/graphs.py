"""Small hand-made graphs for the analysis tests, built the way the product builds them."""

from __future__ import annotations

from graphmodel.build import build_graph
from graphmodel.identity import resolve
from graphmodel.lineage import Succession
from graphmodel.schema import ItemRecord, Owner


def item(source: str, line: int, kind: str, title: str, *, plan: str = "2012/13", parent: int | None = None,
         owners: tuple[str, ...] = (), directorate: str | None = None, members: tuple[str, ...] = (),
         boards: tuple[str, ...] = (), status: str | None = None, comments: str | None = None,
         code: str | None = None) -> ItemRecord:
    return ItemRecord(
        source=source, line=line, plan=plan, kind=kind, title=title, code=code,
        parent_key=f"{source}:{parent}" if parent else None,
        owners=[Owner(name=o, directorate=directorate) for o in owners],
        directorates=[directorate] if directorate and owners else [],
        members=list(members), boards=list(boards), status=status, comments=comments,
    )


def graph(records: list[ItemRecord], successions: list[tuple[str, str]] = ()):
    """The accountability graph of ``records``; ``successions`` are (later key, earlier key)."""
    links = [Succession(later=a, earlier=b, score=1.0) for a, b in successions]
    return build_graph(records, resolve(records), links)


def workload_graph():
    """One plan, two officers.

    A1 (Ann, Overdue) > M1 (Ann, Completed), M2 (Bob, Delayed)
    A2 (Bob, On Target) > M3 (Bob, Completed)
    A3 (Ann and Bob, Cancelled)
    """
    d = "d.txt"
    return graph([
        item(d, 1, "theme", "Theme"),
        item(d, 2, "priority", "Priority", parent=1),
        item(d, 3, "activity", "A1", parent=2, owners=("Ann",), directorate="RES", status="Overdue"),
        item(d, 4, "milestone", "M1", parent=3, owners=("Ann",), directorate="RES", status="Completed"),
        item(d, 5, "milestone", "M2", parent=3, owners=("Bob",), directorate="PLACE", status="Delayed"),
        item(d, 6, "activity", "A2", parent=2, owners=("Bob",), directorate="PLACE", status="On Target"),
        item(d, 7, "milestone", "M3", parent=6, owners=("Bob",), directorate="PLACE", status="Completed"),
        item(d, 8, "activity", "A3", parent=2, owners=("Ann", "Bob"), status="Cancelled"),
    ])
