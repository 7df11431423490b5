from __future__ import annotations

import functools
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# The five sample documents, by the layout each is in.
SAMPLES = {
    "monitoring-appendix": EXAMPLES / "000_ce323507d3fb21cd.txt",
    "overdue-report": EXAMPLES / "001_438444c0e1c0bfc6.txt",
    "quarterly-report": EXAMPLES / "002_ec2567edfe30a260.txt",
    "action-plan": EXAMPLES / "003_c6e6c3ba485f8380.txt",
    "improvement-tracker": EXAMPLES / "004_c06fa87f8ecacf20.txt",
}


@functools.cache
def sample_result(layout: str):
    """The sample document of ``layout`` parsed once (per test session)."""
    from loaders.base import read_text
    from loaders.registry import get_loader

    path = SAMPLES[layout]
    return get_loader(layout).parse(read_text(path), path.name)


@pytest.fixture(scope="session")
def sample_results():
    """Lazy mapping layout -> parsed sample (each parsed on first use)."""

    class _Lazy(dict):
        def __missing__(self, layout):
            return sample_result(layout)

    return _Lazy()


# ----------------------------------------------------------------------------- stores of one plan read on several dates
# The 2017/18 sample (the position at the end of quarter 2) and its hand-made quarter 3 copy
# (tests/data/002_q3_2017.txt, dated 31 December 2017 by its title), and a generated council
# reported on every quarter: shared by the --as-of tests (test_tallied.py, test_chain_as_of.py).


@pytest.fixture(scope="session")
def dated(tmp_path_factory):
    """Q2 loaded --as-of 2017-09-30, then Q3 (31 December 2017)."""
    from tests.test_reports import Q2, Q3, invoke

    store = tmp_path_factory.mktemp("dated") / "graph.db"
    assert invoke("load", Q2, "--as-of", "2017-09-30", "--store", store).exit_code == 0
    assert invoke("load", Q3, "--store", store).exit_code == 0
    return store


@pytest.fixture(scope="session")
def undated(tmp_path_factory, dated):
    """Q2 with no date (read as before any dated report), then Q3."""
    from tests.test_reports import Q2, Q3, invoke

    store = tmp_path_factory.mktemp("undated") / "graph.db"
    assert invoke("load", Q2, "--store", store).exit_code == 0
    assert invoke("load", Q3, "--store", store).exit_code == 0
    return store


@pytest.fixture(scope="session")
def handed_over(tmp_path_factory):
    """Q2 (--as-of 2017-09-30), then a copy of Q3 in which "160 businesses assisted ..." (line
    19, Andy Scott's in both reports) is printed as Mark Baigent's: the item changed hands; and
    Owen Whalley, one of the growth strategy deliverable's four owners (line 12), is no longer
    printed on it."""
    from tests.test_reports import Q2, Q3, invoke

    folder = tmp_path_factory.mktemp("handover")
    lines = Q3.read_text(encoding="utf-8").split("\n")
    assert lines[18].startswith("160 businesses assisted") and "\tAndy Scott (PLACE)\t" in lines[18]
    lines[18] = lines[18].replace("\tAndy Scott (PLACE)\t", "\tMark Baigent (PLACE)\t")
    assert "\tAndy Scott, Mark Baigent, Ann Sutcliffe, Owen Whalley (PLACE)\t" in lines[11]
    lines[11] = lines[11].replace(", Owen Whalley (PLACE)", " (PLACE)")
    copy = folder / "002_q3_handover.txt"
    copy.write_text("\n".join(lines), encoding="utf-8")
    store = folder / "graph.db"
    assert invoke("load", Q2, "--as-of", "2017-09-30", "--store", store).exit_code == 0
    assert invoke("load", copy, "--store", store).exit_code == 0
    return store


@pytest.fixture(scope="session")
def quarterly(tmp_path_factory):
    """A store of a generated council: five plan years, each reported on each quarter (items
    first printed in a later quarter, statuses and officers changing between quarters, lineage
    across the years), and the reports' dates."""
    import json

    from benchmarks.generate import generate
    from tests.test_reports import invoke

    folder = tmp_path_factory.mktemp("quarterly")
    generate(folder / "docs", "small", seed=5, councils=1, years=5, quarters=4, activities=(14, 20))
    (folder / "docs" / "truth.json").unlink()
    path = folder / "q.db"
    result = invoke("load", folder / "docs", "--store", path)
    assert result.exit_code == 0, result.output
    reports = json.loads(invoke("reports", "--store", path, "--json").stdout)
    return path, sorted({r["as_of"] for r in reports if r["as_of"]})
