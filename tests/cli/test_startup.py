"""`graph --help` must start fast (issue 6: under 0.5 s): the CLI's modules may not import the
heavy libraries at import time, only inside the commands that use them. Checked by what is
imported, not by a timing (timings are never asserted in tests)."""

import subprocess
import sys

import pytest

HEAVY = ["networkx", "pyarrow", "ladybug", "neo4j", "matplotlib", "rapidfuzz", "numpy", "filelock"]


@pytest.mark.parametrize("module", HEAVY)
def test_cli_import_does_not_load_heavy_libraries(module):
    code = f"import sys, cli.app; print({module!r} in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", f"importing cli.app loads {module}"
