"""`synlogic bench`: the rates table with a tiny time budget, and its argument checks."""

from __future__ import annotations

import os

import pytest
import synlogic
from click.testing import CliRunner
from synlogic import bench
from synlogic.cli import main


def _some_task() -> str:
    tasks = synlogic.list_tasks()
    if not tasks:
        pytest.skip("no task registered in this build")
    return tasks[0]


def test_bench_prints_rates_for_one_and_two_threads() -> None:
    task = _some_task()
    args = ["bench", "-t", task, "-l", "1", "--seconds", "0.02", "--threads", "1,2"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    for figure in ("generate", "verify correct", "verify near-miss", "1 thread", "2 threads"):
        assert figure in result.output
    assert "items take about" in result.output


def test_measure_reports_positive_rates_and_restores_the_thread_setting(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    task = _some_task()
    monkeypatch.setenv("SYNLOGIC_NUM_THREADS", "3")
    result = bench.measure(task, level=1, seconds=0.01, threads=[1], pool_size=16)
    assert set(result.rates) == {"generate", "verify correct", "verify near-miss"}
    assert all(rate > 0 for by_threads in result.rates.values() for rate in by_threads.values())
    assert os.environ["SYNLOGIC_NUM_THREADS"] == "3"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--seconds", "0"], "0.0 is not in the range x>0"),
        (["--threads", "one"], "--threads expects integers"),
        (["--threads", "0"], "at least 1"),
    ],
)
def test_bench_rejects_bad_arguments(extra: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["bench", "-t", "anything", *extra])
    assert result.exit_code == 2
    assert message in result.output


def test_bench_unknown_task_is_a_one_line_error() -> None:
    result = CliRunner().invoke(main, ["bench", "-t", "no_such_task", "--seconds", "0.01"])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_near_miss_changes_the_answer() -> None:
    assert bench.near_miss("Alice: knight\nBob: knave") == "Alice: knave\nBob: knave"
    assert bench.near_miss("1 2\n3 4") == "1 2\n3 5"
    assert bench.near_miss("abc") == "aba"
    assert bench.near_miss("") == "x"
