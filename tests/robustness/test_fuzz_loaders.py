"""Fuzzing every loader in the registry with hypothesis.

For each loader, three strategies: arbitrary text, text built from the sample's own lines
in any order, and mutations of the real sample (lines dropped, duplicated, swapped, cells
emptied, tabs changed to spaces, lines cut short). ``parse`` must return a ``LoadResult``
or raise ``LoaderError``; nothing else may escape. On mutated samples nothing is lost:
every non-blank line is in an item's ``lines`` or in ``skipped``.

Example counts come from the hypothesis profile (tests/robustness/conftest.py): 200 per
loader per strategy in CI, 5,000 with ``HYPOTHESIS_PROFILE=local``. Each test asserts it
really ran that many examples.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.base import LoaderError, LoadResult, nonblank_lines, read_text, split_lines
from loaders.registry import LOADERS, get_loader
from tests.conftest import SAMPLES

NAMES = [loader.name for loader in LOADERS]

# Loaders with a known crash found by this fuzzing, awaiting their owner's fix:
# {(loader name, test name): reason}. Each is xfail(strict=True), so a fix turns it red here
# and the entry must then be removed.
KNOWN_CRASHES: dict[tuple[str, str], str] = {}


def _params(test: str):
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=KNOWN_CRASHES[(name, test)]))
        if (name, test) in KNOWN_CRASHES else name
        for name in NAMES
    ]


@functools.cache
def sample_lines(name: str) -> tuple[str, ...]:
    return tuple(split_lines(read_text(SAMPLES[name])))


def check_parse(name: str, text: str) -> LoadResult | None:
    """Parse ``text``; only a ``LoadResult`` or a ``LoaderError`` is allowed."""
    try:
        result = get_loader(name).parse(text, "fuzz.txt")
    except LoaderError as exc:
        assert exc.source == "fuzz.txt" and exc.what
        return None
    assert isinstance(result, LoadResult)
    return result


def assert_nothing_lost(text: str, result: LoadResult) -> None:
    n_lines = len(split_lines(text))
    in_items = {n for item in result.items for n in item.lines}
    skipped = {s.line for s in result.skipped}
    missing = sorted(set(nonblank_lines(text)) - in_items - skipped)
    assert missing == [], f"lines in no item and not skipped: {missing[:20]}"
    out_of_range = sorted(n for n in in_items | skipped if not 1 <= n <= n_lines)
    assert out_of_range == [], f"line numbers outside the document: {out_of_range[:20]}"


def run_counted(test_fn) -> int:
    """Run a @given function and return how many examples it ran."""
    calls: list[int] = []
    test_fn(calls)
    expected = settings.default.max_examples
    assert len(calls) >= expected, f"ran {len(calls)} examples, profile asks for {expected}"
    return len(calls)


# ------------------------------------------------------------------ strategies

# Text that looks a little like a document: tabs, digits, dates, %, codes, symbols, HTML.
_PIECES = st.sampled_from([
    "\t", "\n", "\n\n", " ", "Activity", "Milestone", "Lead Officer", "Deadline", "Status", "%", "100%",
    "Priority 1.1:", "01.01.04b", "1.1.3", "R2.1", "31/03/2013", "31/04/17", "(CE's)", " and ", " & ",
    "/", ";", ",", "<b>", "</p>", "&amp;", "\u2022", "\u2713", "*", "Overdue", "Completed", "Page 1 of 9",
    "Strategic Plan 2012/13", "Cabinet Member for", "Theme", "\r", "\f", "\x0b", "\u2028",
])
DOCUMENTISH = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=80).map("".join)
ARBITRARY = st.one_of(st.text(max_size=2000), DOCUMENTISH)


@st.composite
def shuffled_sample(draw, name: str) -> str:
    """Lines of the real sample, any of them, in any order."""
    lines = sample_lines(name)
    picked = draw(st.lists(st.sampled_from(lines), min_size=1, max_size=150))
    return "\n".join(picked)


def _empty_cell(line: str, k: int) -> str:
    cells = line.split("\t")
    cells[k % len(cells)] = ""
    return "\t".join(cells)


_MUTATIONS = {
    "drop": lambda lines, i, j: lines[:i] + lines[i + 1:],
    "duplicate": lambda lines, i, j: lines[: i + 1] + [lines[i]] + lines[i + 1:],
    "swap": lambda lines, i, j: _swapped(lines, i, j),
    "empty cell": lambda lines, i, j: lines[:i] + [_empty_cell(lines[i], j)] + lines[i + 1:],
    "tabs to spaces": lambda lines, i, j: lines[:i] + [lines[i].replace("\t", " " * (1 + j % 4))] + lines[i + 1:],
    "cut short": lambda lines, i, j: lines[:i] + [lines[i][: j % (len(lines[i]) + 1)]] + lines[i + 1:],
    "all tabs to spaces": lambda lines, i, j: [line.replace("\t", "    ") for line in lines],
}


def _swapped(lines: list[str], i: int, j: int) -> list[str]:
    j %= len(lines)
    out = list(lines)
    out[i], out[j] = out[j], out[i]
    return out


@st.composite
def mutated_sample(draw, name: str) -> str:
    """A window of the real sample (often all of it) with 1..12 mutations applied."""
    lines = list(sample_lines(name))
    n = len(lines)
    if draw(st.booleans()):
        start, end = 0, n
    else:
        start = draw(st.integers(0, n - 1))
        end = draw(st.integers(start + 1, n))
    lines = lines[start:end]
    for _ in range(draw(st.integers(1, 12))):
        if not lines:
            break
        op = draw(st.sampled_from(sorted(_MUTATIONS)))
        i = draw(st.integers(0, len(lines) - 1))
        j = draw(st.integers(0, 10_000))
        lines = _MUTATIONS[op](lines, i, j)
    return "\n".join(lines)


# ------------------------------------------------------------------ tests

@pytest.mark.parametrize("name", _params("arbitrary"))
def test_fuzz_arbitrary_text(name):
    @given(text=ARBITRARY)
    def run(calls, text):
        calls.append(1)
        result = check_parse(name, text)
        if result is not None:
            assert_nothing_lost(text, result)

    run_counted(run)


@pytest.mark.parametrize("name", _params("shuffled"))
def test_fuzz_shuffled_sample_lines(name):
    @given(data=st.data())
    def run(calls, data):
        calls.append(1)
        text = data.draw(shuffled_sample(name))
        result = check_parse(name, text)
        if result is not None:
            assert_nothing_lost(text, result)

    run_counted(run)


@pytest.mark.parametrize("name", _params("mutated"))
def test_fuzz_mutated_sample(name):
    @given(data=st.data())
    def run(calls, data):
        calls.append(1)
        text = data.draw(mutated_sample(name))
        result = check_parse(name, text)
        if result is not None:
            assert_nothing_lost(text, result)

    run_counted(run)


@pytest.mark.parametrize("name", NAMES)
def test_every_loader_is_fuzzed_with_its_own_sample(name):
    """The registry and the samples agree, so no loader escapes the fuzzing above."""
    assert name in SAMPLES
    assert check_parse(name, "\n".join(sample_lines(name))) is not None


def test_a_line_before_the_first_recommendation_of_a_heading_is_kept():
    """Found by test_fuzz_shuffled_sample_lines: a summary row printed between a heading and the
    first of its several recommendations ("R11", "R4") was in no item and not skipped."""
    text = ("Recommendation 5\n\u2714\tR3.9\tIntroduce the new Local Community Fund and monitor the implementation\t 100%\n"
            "\tR11\tMaximise the advantages of the Council's financial standing whilst instilling more robust "
            "financial discipline and delivery of efficiency and value for money.\t\n"
            "R4: Increase the pace of decision making and implementation by removing bad bureaucracy whilst "
            "retaining good governance\n\tR11.31\tTo further embed Outcomes Based Budgeting\t")
    result = check_parse("improvement-tracker", text)
    assert result is not None
    assert_nothing_lost(text, result)
    (first,) = [i for i in result.items if i.code == "R11"]
    assert 2 in first.lines
