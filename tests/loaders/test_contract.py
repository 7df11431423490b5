"""What every loader must do on every sample document."""

from __future__ import annotations

import pytest

from loaders.base import nonblank_lines, read_text
from loaders.registry import detect
from tests.conftest import SAMPLES

LAYOUTS = list(SAMPLES)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_detection_picks_the_layout(layout):
    path = SAMPLES[layout]
    assert detect(read_text(path), path.name).name == layout


@pytest.mark.parametrize("layout", LAYOUTS)
def test_nothing_lost(layout, sample_results):
    """Every non-blank line is in an item or in the skipped list; no line is both."""
    result = sample_results[layout]
    text = read_text(SAMPLES[layout])
    in_items = {n for item in result.items for n in item.lines}
    skipped = {s.line for s in result.skipped}
    missing = sorted(set(nonblank_lines(text)) - in_items - skipped)
    assert missing == [], f"lines in no item and not skipped: {missing[:20]}"
    assert in_items & skipped == set()
    assert all(s.reason for s in result.skipped)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_items_have_provenance_and_parents(layout, sample_results):
    result = sample_results[layout]
    keys = {item.key for item in result.items}
    assert len(keys) == len(result.items), "two items start on the same line"
    for item in result.items:
        assert item.source == SAMPLES[layout].name
        assert item.line in item.lines
        assert item.title.strip() == item.title and item.title
        assert "<" not in item.title, f"HTML left in title at line {item.line}"
        if item.kind.value != "theme":
            assert item.parent_key in keys or item.parent_key is None
        if item.parent_key:
            assert item.parent is not None


@pytest.mark.parametrize("layout", LAYOUTS)
def test_reparse_is_identical(layout, sample_results):
    from loaders.registry import load_path

    again = load_path(SAMPLES[layout])
    # reading the file adds the text's digest (graphmodel.reports: the same text under another name)
    assert again.model_dump(exclude={"digest"}) == sample_results[layout].model_dump(exclude={"digest"})
    assert again.digest and sample_results[layout].digest is None
