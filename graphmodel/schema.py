"""The record and node types every part of civicgraph shares.

Loaders turn a document into ``ItemRecord``s (one per theme, priority, activity or
milestone, each with its provenance); ``graphmodel.build`` turns records into the
graph of typed nodes and edges defined here.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from pydantic import BaseModel, Field, field_validator


class Kind(StrEnum):
    """The kinds of plan item a document holds, outermost first."""

    THEME = "theme"
    PRIORITY = "priority"
    ACTIVITY = "activity"
    MILESTONE = "milestone"


class NodeLabel(StrEnum):
    PLAN = "Plan"
    THEME = "Theme"
    PRIORITY = "Priority"
    ACTIVITY = "Activity"
    MILESTONE = "Milestone"
    OFFICER = "Officer"
    DIRECTORATE = "Directorate"
    MEMBER = "Member"
    BOARD = "Board"
    REPORT = "Report"  # one loaded document as a reading of its plan (graphmodel.reports)


class EdgeType(StrEnum):
    OWNS = "OWNS"  # Officer/Member -> Activity/Milestone
    MONITORS = "MONITORS"  # Board -> item
    PART_OF = "PART_OF"  # Milestone -> Activity -> Priority -> Theme -> Plan
    WORKS_IN = "WORKS_IN"  # Officer -> Directorate
    SUCCEEDS = "SUCCEEDS"  # later activity -> its predecessor in an earlier plan year
    READS = "READS"  # Report -> item: what that report printed of the item (status, deadlines, ...)


KIND_LABEL = {
    Kind.THEME: NodeLabel.THEME,
    Kind.PRIORITY: NodeLabel.PRIORITY,
    Kind.ACTIVITY: NodeLabel.ACTIVITY,
    Kind.MILESTONE: NodeLabel.MILESTONE,
}


class StatusCategory(StrEnum):
    """What a printed status means for accountability questions."""

    COMPLETED = "completed"
    ON_TARGET = "on_target"  # on target, in progress, not started yet but not late
    LATE = "late"  # overdue, delayed, neglected
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"  # no status reported


_STATUS_CATEGORY = {
    "completed": StatusCategory.COMPLETED,
    "complete": StatusCategory.COMPLETED,
    "on target": StatusCategory.ON_TARGET,
    "on track": StatusCategory.ON_TARGET,
    "in progress": StatusCategory.ON_TARGET,
    "not started": StatusCategory.ON_TARGET,
    "assigned": StatusCategory.ON_TARGET,
    "unassigned": StatusCategory.ON_TARGET,
    "check progress": StatusCategory.ON_TARGET,
    "overdue": StatusCategory.LATE,
    "delayed": StatusCategory.LATE,
    "neglected": StatusCategory.LATE,
    "cancelled": StatusCategory.CANCELLED,
}


def status_category(status: str | None) -> StatusCategory:
    """Return the category of a status as a loader reports it (case-insensitive)."""
    if not status:
        return StatusCategory.UNKNOWN
    return _STATUS_CATEGORY.get(status.strip().lower(), StatusCategory.UNKNOWN)


_new = object.__new__
_set = object.__setattr__
_Model = TypeVar("_Model", bound=BaseModel)


def unvalidated(cls: type[_Model], values: dict, fields_set: set[str]) -> _Model:
    """An instance of the pydantic model ``cls`` holding ``values`` as they are, without validation:
    what pydantic's ``model_construct`` does, without its per-field loop (which costs more than
    validating). For the ``trusted`` constructors only: ``values`` must be exactly what validation
    would make, every field present."""
    instance = _new(cls)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", fields_set)
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


class Owner(BaseModel):
    """One person named in an owner cell, with the directorate printed for them (if any)."""

    name: str
    directorate: str | None = None

    @classmethod
    def trusted(cls, name: str, directorate: str | None) -> Owner:
        """An owner built without validation, from an exact ``str`` name and directorate (see
        ``ItemRecord.trusted``)."""
        return unvalidated(cls, {"name": name, "directorate": directorate}, {"name", "directorate"})


class ItemRecord(BaseModel):
    """One plan item as printed in one document.

    ``line`` is the 1-based line the title starts on (in the text the loader read: for a PDF
    or Word file, the text rebuilt from it); ``page`` the page of a PDF it starts on (``None``
    for formats without pages); ``lines`` lists every source line
    whose text went into this record (the nothing-lost check uses it). ``key`` is stable
    across reloads of the same file; ``parent_key`` points at the enclosing item's key
    (``None`` for themes, and for items a document prints with no heading above them).
    """

    source: str
    line: int
    page: int | None = None
    lines: list[int] = Field(default_factory=list)
    plan: str
    kind: Kind
    code: str | None = None
    title: str
    owners: list[Owner] = Field(default_factory=list)
    directorates: list[str] = Field(default_factory=list)  # as printed, in order, once each
    members: list[str] = Field(default_factory=list)
    boards: list[str] = Field(default_factory=list)
    deadlines: list[str] = Field(default_factory=list)  # YYYY-MM-DD, or as printed when not a real date
    status: str | None = None
    percent: int | None = None
    parent: str | None = None  # the parent's code, or its title when it has none
    parent_key: str | None = None
    comments: str | None = None
    extra: dict[str, str] = Field(default_factory=dict)  # layout-specific fields (e.g. risk)

    @field_validator("comments", "code", "status", "parent")
    @classmethod
    def _empty_is_none(cls, value: str | None) -> str | None:
        """An empty cell is no value: the export says null, never ""."""
        if value is None:
            return None
        value = value.strip()
        return value or None

    @classmethod
    def trusted(
        cls,
        *,
        source: str,
        line: int,
        lines: list[int],
        page: int | None = None,
        plan: str,
        kind: Kind,
        title: str,
        code: str | None = None,
        owners: list[Owner] | None = None,
        directorates: list[str] | None = None,
        members: list[str] | None = None,
        boards: list[str] | None = None,
        deadlines: list[str] | None = None,
        status: str | None = None,
        percent: int | None = None,
        parent: str | None = None,
        parent_key: str | None = None,
        comments: str | None = None,
        extra: dict[str, str] | None = None,
    ) -> ItemRecord:
        """A record built without validation, for loaders whose values already have exactly the
        types validation would give (``str``, not a subclass; ``int``; a ``Kind``; ``Owner``s).

        Validating costs several microseconds a record, a large share of a parse. What validation
        would do is done here by hand: ``_empty_is_none`` on the same four fields, and every list
        and dict copied, so a record never shares one with its caller (validation copies them too).
        Every field counts as set (``model_fields_set``); nothing reads that. The loader tests
        check that each record equals its re-validated dump, field types included.
        """
        if code is not None:
            code = code.strip() or None
        if status is not None:
            status = status.strip() or None
        if parent is not None:
            parent = parent.strip() or None
        if comments is not None:
            comments = comments.strip() or None
        return unvalidated(cls, {
            "source": source,
            "line": line,
            "page": page,
            "lines": list(lines),
            "plan": plan,
            "kind": kind,
            "code": code,
            "title": title,
            "owners": list(owners) if owners else [],
            "directorates": list(directorates) if directorates else [],
            "members": list(members) if members else [],
            "boards": list(boards) if boards else [],
            "deadlines": list(deadlines) if deadlines else [],
            "status": status,
            "percent": percent,
            "parent": parent,
            "parent_key": parent_key,
            "comments": comments,
            "extra": dict(extra) if extra else {},
        }, set(_ITEM_FIELDS))

    @property
    def key(self) -> str:
        return item_key(self.source, self.line)

    @property
    def officers(self) -> list[str]:
        return [o.name for o in self.owners]

    @property
    def status_category(self) -> StatusCategory:
        return status_category(self.status)

    def export_row(self) -> dict:
        """The item as one object of the JSON-lines export contract (exactly these keys)."""
        return {
            "source": self.source,
            "line": self.line,
            "page": self.page,
            "plan": self.plan,
            "kind": self.kind.value,
            "code": self.code,
            "title": self.title,
            "officers": self.officers,
            "directorates": self.directorates,
            "members": self.members,
            "boards": self.boards,
            "deadlines": self.deadlines,
            "status": self.status,
            "percent": self.percent,
            "parent": self.parent,
            "comments": self.comments,
        }


_ITEM_FIELDS = frozenset(ItemRecord.model_fields)

EXPORT_KEYS = (
    "source", "line", "page", "plan", "kind", "code", "title", "officers", "directorates",
    "members", "boards", "deadlines", "status", "percent", "parent", "comments",
)


def item_key(source: str, line: int) -> str:
    """The stable identifier of an item: its file name and the line its title starts on."""
    return f"{source}:{line}"
