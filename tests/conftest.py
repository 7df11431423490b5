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
