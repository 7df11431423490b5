"""Shared helpers for the robustness suite: hypothesis profiles, CLI runners, store digests.

Hypothesis profiles (select with ``HYPOTHESIS_PROFILE``):

- ``ci`` (the default): 200 examples per loader per strategy, no deadline.
- ``local``: 5,000 examples per loader per strategy, for a long run before a release::

      HYPOTHESIS_PROFILE=local .venv/bin/python -m pytest tests/robustness -k fuzz
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[2]

_COMMON = dict(
    deadline=None,
    print_blob=True,  # a failure prints @reproduce_failure(...) to paste into the test
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
settings.register_profile("ci", max_examples=200, **_COMMON)
settings.register_profile("local", max_examples=5000, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes (the store is compared byte for byte)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def graph_argv(*args: object) -> list[str]:
    """The ``graph`` command as a subprocess argv (the installed console script's code)."""
    return [sys.executable, "-m", "cli.app", *(str(a) for a in args)]


def run_graph(*args: object, timeout: float = 120, **kw) -> subprocess.CompletedProcess:
    """Run ``graph ARGS`` in a fresh process and capture its output."""
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    env.pop("CIVICGRAPH_STORE", None)
    return subprocess.run(graph_argv(*args), cwd=kw.pop("cwd", ROOT), env=env, capture_output=True,
                          text=True, timeout=timeout, **kw)
