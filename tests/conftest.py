from __future__ import annotations

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


@pytest.fixture(scope="session")
def sample_results():
    """Every sample document parsed once, by layout name."""
    from loaders.registry import load_path

    return {layout: load_path(path) for layout, path in SAMPLES.items()}
