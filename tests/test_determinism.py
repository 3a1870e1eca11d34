"""The determinism matrix: the same items, byte for byte, whatever produced them.

Every registered task is generated

* with 1, 2 and 8 threads (``SYNLOGIC_NUM_THREADS``), each in a fresh interpreter with a
  different ``PYTHONHASHSEED`` (0, 1 and random);
* in batches of 1, 7 and 10,000 items (``synlogic.generate`` calls of that size, and
  ``iter_items(batch_size=...)``);
* in a child forked after the thread pool has run;

and every output is compared by the sha256 of its canonical JSON. The 10,000-item range is
generated at level 1, where every task makes 10,000 items in well under a second (measured:
0.1-0.4 s per task), so the whole matrix runs in about 20 s on two busy cores; a smaller range
at each task's default level covers the harder generators.

Run as a script (``python tests/test_determinism.py [--all-batches]``), this file prints the
digests of this interpreter as JSON; the test runs it in fresh interpreters.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from itertools import islice
from pathlib import Path
from typing import Any

import pytest
import synlogic

SEED = 21
LARGE = 10_000  # items at level 1
SMALL = 48  # items at the default level
BATCH_SIZES = (1, 7, LARGE)


def digest(rows: list[dict[str, Any]]) -> str:
    """The sha256 of the rows' canonical JSON."""
    text = json.dumps(rows, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _chunked(task: str, n: int, size: int, level: int | None) -> list[dict[str, Any]]:
    """Rows 0..n-1 from ``generate`` calls of ``size`` items each."""
    rows: list[dict[str, Any]] = []
    for start in range(0, n, size):
        count = min(size, n - start)
        rows.extend(synlogic.generate(task, count, seed=SEED, start=start, level=level))
    return rows


def _streamed(task: str, n: int, size: int, level: int | None) -> list[dict[str, Any]]:
    """Rows 0..n-1 from ``iter_items`` with ``batch_size=size``."""
    stream = synlogic.iter_items(task, seed=SEED, level=level, batch_size=size)
    return list(islice(stream, n))


def matrix_digests(all_batches: bool) -> dict[str, str]:
    """``{label: digest}`` for every task: the small range in every batch size and both
    paths; the large range in one 10,000-item batch, and (``all_batches``) also in batches
    of 1 and 7 and streamed in batches of 7."""
    out: dict[str, str] = {}
    for task in synlogic.list_tasks():
        for size in (1, 7, SMALL):
            out[f"{task}/small/generate/{size}"] = digest(_chunked(task, SMALL, size, None))
            out[f"{task}/small/iter_items/{size}"] = digest(_streamed(task, SMALL, size, None))
        out[f"{task}/large/generate/{LARGE}"] = digest(_chunked(task, LARGE, LARGE, 1))
        if all_batches:
            out[f"{task}/large/generate/1"] = digest(_chunked(task, LARGE, 1, 1))
            out[f"{task}/large/generate/7"] = digest(_chunked(task, LARGE, 7, 1))
            out[f"{task}/large/iter_items/7"] = digest(_streamed(task, LARGE, 7, 1))
    return out


def _fresh_interpreter(threads: str, hash_seed: str) -> tuple[int, dict[str, str]]:
    env = dict(os.environ, SYNLOGIC_NUM_THREADS=threads, PYTHONHASHSEED=hash_seed)
    code = (
        "import json, sys, runpy, synlogic;"
        f"m = runpy.run_path({str(Path(__file__))!r});"
        "print(json.dumps([synlogic.num_threads(), m['matrix_digests'](False)]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    threads_used, digests = json.loads(out)
    return threads_used, digests


def _forked_child() -> dict[str, str]:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: the parent's pool threads do not exist here
        try:
            os.write(write, json.dumps(matrix_digests(False)).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    assert status == 0, f"forked child exited with status {status}"
    return json.loads(data)


def _check_consistent(digests: dict[str, str], where: str) -> dict[str, str]:
    """Every label of one (task, range) has the same digest; returns ``{task/range: digest}``."""
    by_range: dict[str, str] = {}
    for label, value in digests.items():
        key = "/".join(label.split("/")[:2])
        assert by_range.setdefault(key, value) == value, f"{where}: {label} differs from {key}"
    return by_range


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_items_are_identical_across_threads_batches_fork_interpreters_and_hash_seeds() -> None:
    reference = matrix_digests(True)  # this interpreter, default threads; warms the pool
    expected = _check_consistent(reference, "this interpreter")
    assert len(expected) == 2 * len(synlogic.list_tasks())
    # The same items after fork, in a child whose pool must be rebuilt.
    assert _check_consistent(_forked_child(), "forked child") == expected
    # Fresh interpreters with 1, 2 and 8 threads and different hash seeds.
    for threads, hash_seed in (("1", "0"), ("2", "1"), ("8", "random")):
        threads_used, digests = _fresh_interpreter(threads, hash_seed)
        assert threads_used == int(threads)
        where = f"{threads} threads, PYTHONHASHSEED={hash_seed}"
        assert _check_consistent(digests, where) == expected, where
    # Different seeds and levels do give different items (the digests are not vacuous).
    other = digest(synlogic.generate("countdown", SMALL, seed=SEED + 1))
    assert other != expected["countdown/small"]


if __name__ == "__main__":
    print(json.dumps(matrix_digests("--all-batches" in sys.argv)))
