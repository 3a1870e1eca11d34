"""Measures how many distinct items each level of each task can produce, and writes the
estimates into tasks.toml (``distinct_items``), where ``synlogic list`` and ``task_info`` show
them.

For a sample of ``n`` items with ``c`` pairs of identical prompts, a level of ``N`` equally
likely items gives ``c ≈ n(n-1)/2N``, so ``N ≈ n(n-1)/2c`` (the birthday estimate; items that are
not equally likely make it an underestimate). With no pair at all, ``c ≤ 3`` at 95% confidence
(Poisson), so ``N > n(n-1)/6`` is reported as a lower bound.

    python scripts/estimate_variety.py [--items 20000] [--task ID ...] [--check]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

import synlogic

CATALOGUE = Path(__file__).resolve().parent.parent / "tasks.toml"


def duplicate_pairs(prompts: list[str]) -> int:
    """The number of pairs of identical prompts."""
    return sum(m * (m - 1) // 2 for m in Counter(prompts).values())


def estimate(n: int, pairs: int) -> str:
    """The estimate of distinct items from ``n`` samples holding ``pairs`` identical pairs."""
    if pairs == 0:
        return f">{n * (n - 1) / 6:.1e}"
    return f"~{n * (n - 1) / (2 * pairs):.1e}"


def level_prompts(task: str, level: int, n: int) -> list[str]:
    rows = synlogic.generate(task, n, seed=12345, level=level, chat=False)
    return [row["prompt"] for row in rows]


def write_estimates(task: str, estimates: list[str]) -> None:
    """Replaces (or adds) the task's ``distinct_items`` line in tasks.toml."""
    text = CATALOGUE.read_text()
    header = re.search(rf"^\[{re.escape(task)}\]\n", text, flags=re.MULTILINE)
    if header is None:
        raise SystemExit(f"tasks.toml has no [{task}] table")
    end = text.find("\n[", header.end())
    end = len(text) if end < 0 else end + 1
    section = text[header.end() : end]
    line = "distinct_items = [" + ", ".join(f'"{e}"' for e in estimates) + "]\n"
    section = re.sub(r"^distinct_items = .*\n", "", section, flags=re.MULTILINE)
    section = section.replace("levels = [", line + "levels = [", 1)
    CATALOGUE.write_text(text[: header.end()] + section + text[end:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=20_000, help="Sample size per level.")
    parser.add_argument("--task", action="append", help="Only these tasks (default: all).")
    parser.add_argument("--dry-run", action="store_true", help="Print, do not write tasks.toml.")
    args = parser.parse_args()
    for task in args.task or synlogic.list_tasks():
        estimates = []
        for level in range(1, 11):
            prompts = level_prompts(task, level, args.items)
            pairs = duplicate_pairs(prompts)
            share = 1 - len(set(prompts)) / len(prompts)
            estimates.append(estimate(len(prompts), pairs))
            print(f"{task} L{level}: {share:.2%} duplicates, {estimates[-1]} distinct", flush=True)
        if not args.dry_run:
            write_estimates(task, estimates)
    return 0


if __name__ == "__main__":
    sys.exit(main())
