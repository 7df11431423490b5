"""Every public analysis function says what it returns."""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = ["_common", "workload", "slippage", "carry", "structure"]


@pytest.mark.parametrize("module", MODULES)
def test_public_functions_have_docstrings(module):
    mod = importlib.import_module(f"graphmodel.analysis.{module}")
    functions = [f for n, f in inspect.getmembers(mod, inspect.isfunction)
                 if not n.startswith("_") and f.__module__ == mod.__name__]
    assert functions
    for f in functions:
        assert f.__doc__ and len(f.__doc__.strip()) > 20, f"{module}.{f.__name__} has no docstring"
