"""Lineage: which item in an earlier plan year each item carries forward (SUCCEEDS edges)."""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from graphmodel.identity import Resolution
from graphmodel.schema import ItemRecord


class Succession(BaseModel):
    """A SUCCEEDS edge: ``later`` carries forward ``earlier`` (item keys)."""

    later: str
    earlier: str
    score: float
    evidence: list[str] = Field(default_factory=list)


def link(records: Iterable[ItemRecord], resolution: Resolution) -> list[Succession]:
    """Return the SUCCEEDS edges between items of different plan years (none yet)."""
    return []
