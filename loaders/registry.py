"""The explicit, ordered list of layout loaders, and detection.

Adding a layout is one module in ``loaders/`` and one line in ``LOADERS``. Detection asks
every loader how sure it is and picks the surest; ties go to the earlier entry.
"""

from __future__ import annotations

from pathlib import Path

from loaders import action_plan, improvement_tracker, monitoring_appendix, overdue_report, quarterly_report
from loaders.base import Loader, LoaderError, LoadResult, Skipped, SkipReason, text_digest
from loaders.formats import Document, read_document

LOADERS: list[Loader] = [
    monitoring_appendix.LOADER,  # 2012/13 strategic plan monitoring appendix
    overdue_report.LOADER,  # 2007/08 overdue-activities report
    quarterly_report.LOADER,  # 2017/18 quarterly monitoring report
    action_plan.LOADER,  # 2014/15 strategic plan action plan (OCR'd)
    improvement_tracker.LOADER,  # 2019/20 improvement plan tracker
]

MIN_CONFIDENCE = 0.5


def get_loader(name: str) -> Loader:
    """Return the loader called ``name``; raise ``KeyError`` listing the known names."""
    for loader in LOADERS:
        if loader.name == name:
            return loader
    raise KeyError(f"unknown layout {name!r}; known: {', '.join(lo.name for lo in LOADERS)}")


def detect(text: str, source: str = "<text>") -> Loader:
    """Return the loader whose layout ``text`` is in, or raise ``LoaderError``."""
    scores = []
    for i, loader in enumerate(LOADERS):
        ceiling = getattr(loader, "ceiling", None)
        # A later loader wins only with a higher score (ties go to the earlier), so one whose
        # cheap upper bound is no higher than the best so far need not score the whole text.
        if scores and ceiling is not None and ceiling(text) <= max(s for s, _, _ in scores):
            continue
        scores.append((loader.detect(text), -i, loader))
        if scores[-1][0] >= 1.0:  # certain: no later loader can beat it (ties go to the earlier)
            break
    best_score, _, best = max(scores, key=lambda t: (t[0], t[1]))
    if best_score < MIN_CONFIDENCE:
        raise LoaderError(
            source,
            "is in no known layout",
            "known layouts: " + ", ".join(lo.name for lo in LOADERS) + "; use --layout to force one",
        )
    return best


def parse_text(text: str, source: str, plan: str | None = None, layout: str | None = None) -> LoadResult:
    """Detect the layout of ``text`` (unless ``layout`` names one) and parse it."""
    loader = get_loader(layout) if layout else detect(text, source)
    return loader.parse(text, source, plan=plan)


def parse_document(
    document: Document, source: str, plan: str | None = None, layout: str | None = None
) -> LoadResult:
    """Detect the layout of a file's text (read by ``loaders.formats``) and parse it; each item
    gets the page its title line came from, and so does each skipped line and problem (``None``
    when the format has no pages); the result carries the text's digest."""
    result = parse_text(document.text, source, plan=plan, layout=layout)
    # the same text under another file name is the same report (graphmodel.reports)
    result.digest = text_digest(document.text)
    if document.pages is not None:
        for item in result.items:
            item.page = document.page_of(item.line)
        for skipped in result.skipped:
            skipped.page = document.page_of(skipped.line)
        for problem in result.problems:
            problem.page = document.page_of(problem.line)
    if document.furniture:  # running headers and footers the reader took out of the text
        for line, page, text in document.furniture:
            skipped = Skipped.trusted(line, text, SkipReason.PAGE_FURNITURE)
            skipped.page = page
            result.skipped.append(skipped)
        result.skipped.sort(key=lambda s: s.line)
    return result


def load_path(path: Path, plan: str | None = None, layout: str | None = None) -> LoadResult:
    """Read one document from disk (text, PDF or Word: ``loaders.formats``) and parse it."""
    return parse_document(read_document(path), path.name, plan=plan, layout=layout)
