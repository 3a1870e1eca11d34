"""Shared fixtures: the registered tasks, so every test covers every task automatically."""

from __future__ import annotations

import pytest
import synlogic


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "task" in metafunc.fixturenames:
        metafunc.parametrize("task", synlogic.list_tasks())


def wrap(answer: str) -> str:
    """A completion whose answer block holds ``answer``."""
    return f"<think>working it out</think>\n<answer>{answer}</answer>"
