"""Shared fixtures: the registered tasks, so every test covers every task automatically."""

from __future__ import annotations

import importlib
import os

import pytest
import synlogic


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "task" in metafunc.fixturenames:
        metafunc.parametrize("task", synlogic.list_tasks())


def wrap(answer: str) -> str:
    """A completion whose answer block holds ``answer``."""
    return f"<think>working it out</think>\n<answer>{answer}</answer>"


def require(module: str) -> object:
    """Imports an optional dependency's ``module``: skips the test where it is not installed,
    but fails under CI (``SYNLOGIC_CI=1``, set by ``.ci/run``), which installs every one."""
    if os.environ.get("SYNLOGIC_CI") == "1":
        return importlib.import_module(module)
    return pytest.importorskip(module)
