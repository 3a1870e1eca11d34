"""``synlogic bench``: this machine's generation and verification rates for one task.

The figures help size a job before starting it: items/s generating full rows, and
answers/s scoring correct and near-miss completions, on one thread and on every core.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from synlogic import _api

_THREADS_ENV = "SYNLOGIC_NUM_THREADS"


@dataclass
class BenchResult:
    """Rates measured for one task and level."""

    task: str
    level: int | None
    knobs: dict[str, Any]
    seconds: float
    threads: list[int]
    """The thread counts measured, e.g. ``[1, 8]``."""
    rates: dict[str, dict[int, float]] = field(default_factory=dict)
    """``rates[figure][threads]`` in items (or answers) per second."""


@contextmanager
def _threads(count: int):
    """Sets synlogic's pool size for the duration (the pool is rebuilt on change)."""
    old = os.environ.get(_THREADS_ENV)
    os.environ[_THREADS_ENV] = str(count)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(_THREADS_ENV, None)
        else:
            os.environ[_THREADS_ENV] = old


def _rate(budget: float, step: Callable[[int], int]) -> float:
    """Items per second of ``step(round) -> items`` repeated for ``budget`` seconds."""
    step(-1)  # warm-up
    done = 0
    round_ = 0
    started = time.perf_counter()
    while True:
        done += step(round_)
        round_ += 1
        elapsed = time.perf_counter() - started
        if elapsed >= budget:
            return done / elapsed


_ROLE = re.compile(r"\b(knight|knave)\b", re.IGNORECASE)


def near_miss(answer: str) -> str:
    """A wrong answer one edit from ``answer``: one knight/knave flipped, else the last
    digit or letter changed."""
    match = _ROLE.search(answer)
    if match:
        flipped = "knave" if match.group(1).lower() == "knight" else "knight"
        return answer[: match.start()] + flipped + answer[match.end() :]
    for pos in range(len(answer) - 1, -1, -1):
        ch = answer[pos]
        if ch.isdigit():
            return answer[:pos] + str((int(ch) + 1) % 10) + answer[pos + 1 :]
        if ch.isalpha():
            return answer[:pos] + ("b" if ch.lower() == "a" else "a") + answer[pos + 1 :]
    return answer + "x"


def measure(
    task: str,
    *,
    level: int | None = None,
    knobs: Mapping[str, Any] | None = None,
    seconds: float = 1.0,
    threads: list[int] | None = None,
    pool_size: int = 1024,
) -> BenchResult:
    """Measures generation and verification rates of ``task`` at ``level``.

    Each figure runs for about ``seconds`` after a warm-up, once per thread count in
    ``threads`` (default: 1 and every core). Verification scores ``pool_size`` rows' oracle
    answers and near misses with :func:`synlogic.score_batch`.
    """
    effective = _api.resolve_knobs(task, level=level, knobs=knobs)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    counts = threads or sorted({1, cores or 1})
    result = BenchResult(task, level, effective, seconds, counts)
    rows = _api.generate(task, pool_size, seed=7, level=level, knobs=knobs)
    payloads = [row["verification"] for row in rows]
    correct = [f"<answer>{row['answer']}</answer>" for row in rows]
    wrong = [f"<answer>{near_miss(row['answer'])}</answer>" for row in rows]
    for count in counts:
        with _threads(count):
            chunk = [16 * count]

            def gen_step(round_: int, chunk: list[int] = chunk) -> int:
                started = time.perf_counter()
                made = len(
                    _api.generate(
                        task,
                        chunk[0],
                        seed=1,
                        start=max(round_, 0) * 8192,
                        level=level,
                        knobs=knobs,
                    )
                )
                if time.perf_counter() - started < 0.02 and chunk[0] < 8192:
                    chunk[0] *= 2
                return made

            result.rates.setdefault("generate", {})[count] = _rate(seconds, gen_step)
            for name, answers in (("verify correct", correct), ("verify near-miss", wrong)):
                result.rates.setdefault(name, {})[count] = _rate(
                    seconds, lambda _r, a=answers: len(_api.score_batch(payloads, a))
                )
    return result


def _fmt(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:.2f}M/s"
    if value >= 1e3:
        return f"{value / 1e3:.1f}k/s"
    return f"{value:.1f}/s"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def format_table(result: BenchResult, size_job: int = 1_000_000) -> str:
    """A short table of the rates, plus the time to generate ``size_job`` items."""
    level = "default level" if result.level is None else f"level {result.level}"
    knobs = ", ".join(f"{k}={v}" for k, v in result.knobs.items())
    header = f"{'':<18}" + "".join(
        f"{(str(c) + ' thread' + ('s' if c > 1 else '')):>14}" for c in result.threads
    )
    lines = [f"synlogic bench: {result.task}, {level} ({knobs})", header]
    for name, by_threads in result.rates.items():
        cells = "".join(f"{_fmt(by_threads[c]):>14}" for c in result.threads)
        lines.append(f"{name:<18}{cells}")
    gen = result.rates.get("generate", {})
    if gen:
        best = max(result.threads, key=lambda c: gen[c])
        lines.append(
            f"{size_job:,} items take about {_duration(size_job / gen[best])} to generate "
            f"on {best} thread{'s' if best > 1 else ''} (generation only, no file writing)."
        )
    return "\n".join(lines)


def run_compare(task: str) -> None:
    """Runs the reasoning-gym comparison (``benchmarks/run.py``) for ``task`` at the default
    sizes. Needs a source checkout and the ``bench`` extra."""
    import subprocess
    import sys
    import tempfile
    from pathlib import Path

    from synlogic.exceptions import InvalidArgumentError

    script = Path(__file__).resolve().parents[2] / "benchmarks" / "run.py"
    if not script.is_file():
        raise InvalidArgumentError(
            "--compare needs a source checkout of synlogic (benchmarks/run.py was not found)"
        )
    try:
        import reasoning_gym  # noqa: F401
    except ImportError:
        raise InvalidArgumentError(
            "--compare needs reasoning-gym: pip install 'synlogic[bench]'"
        ) from None
    print(f"\nreasoning-gym comparison for {task} at matched settings (benchmarks/cases.py):")
    with tempfile.TemporaryDirectory(prefix="synlogic-compare-") as out:
        args = [sys.executable, str(script), "--cases", task, "--tiers", "default"]
        args += ["--parts", "gen,verify", "--runs", "1", "--no-profile", "--out", out]
        subprocess.run(args, check=False)
