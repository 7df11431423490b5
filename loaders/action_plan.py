"""Loader stub for the action_plan layout (being written)."""

from __future__ import annotations

from loaders.base import LoadResult


class _Loader:
    name = "action-plan"
    description = "TODO"

    def detect(self, text: str) -> float:
        return 0.0

    def parse(self, text: str, source: str, plan: str | None = None) -> LoadResult:
        raise NotImplementedError


LOADER = _Loader()
