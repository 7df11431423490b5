"""The shortcuts detection takes must not change what it decides.

``registry.detect`` skips a loader whose ``ceiling`` (a cheap upper bound of its score) cannot
beat the best score so far, and the loaders share one split of the text. These tests compare
with the long way round: every loader scoring every text.
"""

from __future__ import annotations

import re

import pytest

from loaders import improvement_tracker
from loaders.base import LoaderError, lowered_lines, read_text, split_lines
from loaders.registry import LOADERS, MIN_CONFIDENCE, detect
from tests.conftest import SAMPLES

HEADER = "Status\tAction Title\tOwnership Managed By\tMonitoring Group\n"


def _texts() -> list[str]:
    """The samples, each cut to its first half, and texts built to sit near the bounds."""
    texts = []
    for path in SAMPLES.values():
        text = read_text(path)
        texts += [text, text[: len(text) // 2]]
    texts += [
        HEADER,  # a block header and nothing else
        "Status\t<b>Action</b> <i>Title</i>\tOwnership Managed By\tMonitoring Group\n",  # tags inside the cell
        "Status\tAction&#32;Title\tOwner\tMonitoring Group\n",  # an entity inside the cell
        "Status\tAc tion Ti tle\tManaged By\n",  # a word broken by the extraction
        "Progress\tQ3 Update\tfine\nProgress\tQ3 Update\tfine\n\tRisk\tlow\n\tRisk\tlow\nR1.1\tx\nR1.2\ty\n",
        "Recommendation 1\nR1: Do it\n",
        "just some prose\nwith no tables\n",
    ]
    return texts


def _naive(text: str):
    """The loader the full scoring picks (ties to the earlier), or None below the threshold."""
    scores = [(lo.detect(text), -i, lo) for i, lo in enumerate(LOADERS)]
    best_score, _, best = max(scores, key=lambda t: (t[0], t[1]))
    return best if best_score >= MIN_CONFIDENCE else None


@pytest.mark.parametrize("index", range(len(_texts())))
def test_ceiling_bounds_the_score(index):
    text = _texts()[index]
    for loader in LOADERS:
        ceiling = getattr(loader, "ceiling", None)
        if ceiling is not None:
            assert ceiling(text) >= loader.detect(text), loader.name


@pytest.mark.parametrize("index", range(len(_texts())))
def test_detect_picks_what_full_scoring_picks(index):
    text = _texts()[index]
    expected = _naive(text)
    if expected is None:
        with pytest.raises(LoaderError):
            detect(text)
    else:
        assert detect(text).name == expected.name


def test_tracker_ceiling_is_low_without_a_block_header():
    """The bound does its job: a text with no block header is not scored in full."""
    text = read_text(SAMPLES["quarterly-report"])
    assert improvement_tracker.LOADER.ceiling(text) < 0.95
    assert improvement_tracker.LOADER.ceiling(HEADER) == 1.0


@pytest.mark.parametrize("text", ["actiontitle", "Action Title", "ACTION\tTITLE", "a c t i o n\nt i t l e",
                                  "action-title", "actiontitl", "İaction title", "action\u00a0title",
                                  "action\u200btitle"])
def test_spaced_search_is_the_compacted_test(text):
    compacted = "actiontitle" in "".join(text.split()).lower()
    assert improvement_tracker._may_hold_header(text) == compacted


def test_split_lines_gives_a_fresh_list_each_time():
    text = "a\r\nb\n\nc"
    first = split_lines(text)
    first.append("changed")
    assert split_lines(text) == ["a", "b", "", "c"]
    low = lowered_lines("A\nB")
    low[0] = "x"
    assert lowered_lines("A\nB") == ["a", "b"]
    # another text of the same content (a different object) is split on its own
    assert split_lines("".join(["a\r\n", "b\n\nc"])) == ["a", "b", "", "c"]


def test_cached_cell_helpers_give_fresh_lists():
    """Results cached per cell are handed out as new lists: a caller changing one changes no other."""
    from loaders.cells import parse_deadlines

    first, _ = parse_deadlines("31/03/18 30/06/18")
    first.append("changed")
    assert parse_deadlines("31/03/18 30/06/18") == (["2018-03-31", "2018-06-30"], [])
    assert parse_deadlines("31/04/17") == (["31/04/17"], ["31/04/17"])


def test_whole_name_pattern():
    """An officer's name is compiled once and matches only as whole words."""
    from loaders import action_plan

    assert action_plan._whole_name("Ann Lee") is action_plan._whole_name("Ann Lee")
    assert action_plan._whole_name("Ann Lee").search("to Ann Lee (CS)")
    assert not action_plan._whole_name("Ann Lee").search("Joann Leeds")
    assert isinstance(action_plan._LOOSE_DATE, re.Pattern)


@pytest.mark.parametrize("needle", ["lead officer", "deadline", "lead member", "x"])
def test_lines_holding_finds_the_lines_a_loop_would(needle):
    from loaders.base import lines_holding

    texts = [read_text(p) for p in SAMPLES.values()]
    texts += ["", "x", "\n", "xx\nx\n\nax x\n", "DEADLINE\tDeadline\r\nno\nLead Officer", "İx\nİ\nlead officer"]
    for text in texts:
        naive = [i for i, low in enumerate(text.lower().split("\n")) if needle in low]
        assert lines_holding(text, needle) == naive


def test_overdue_detect_reads_an_activity_code_before_a_no_break_space():
    from loaders import overdue_report

    text = read_text(SAMPLES["overdue-report"])
    assert overdue_report.LOADER.detect(text) >= MIN_CONFIDENCE
    code = re.search(r"^(\d{1,2}\.\d{1,2}\.\d{1,2}[a-z]{1,2}) ", text, re.M)
    assert code is not None
    spaced = re.sub(r"^(\d{1,2}\.\d{1,2}\.\d{1,2}[a-z]{1,2}) ", "\\1\u00a0", text, flags=re.M)
    assert " " not in "".join(re.findall(r"^\d{1,2}\.\d{1,2}\.\d{1,2}[a-z]{1,2}.", spaced, re.M))
    assert overdue_report.LOADER.detect(spaced) == overdue_report.LOADER.detect(text)
